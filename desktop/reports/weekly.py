"""The weekly status report for the manager (filled in below)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING

from desktop.reports.base import ReportContext

if TYPE_CHECKING:
    from desktop.documents.model import Branding


def pdf(ctx: ReportContext, week: date, rep_id: uuid.UUID | None,
        team_of: uuid.UUID | None, branding: Branding | None = None) -> bytes:
    raise NotImplementedError
