"""A report as a file: CSV, XLSX or PDF (filled in below)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.reports.result import ReportResult

if TYPE_CHECKING:
    from desktop.documents.model import Branding


def render(result: ReportResult, fmt: str, branding: Branding | None = None) -> bytes:
    raise NotImplementedError(fmt)
