"""``services.reports``: run a report, export it, make the weekly PDF.

Every method only reads; call it off the GUI thread (``ops.query``). The
filter bar's choices (reps, territories, segments, tiers, product lines) come
from :meth:`choices`.
"""

from __future__ import annotations

import importlib
import uuid
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from desktop.i18n import _
from desktop.reports import REPORTS
from desktop.reports.base import ReportContext
from desktop.reports.filters import ReportFilter
from desktop.reports.result import ReportResult
from desktop.services.base import Service
from desktop.store import derived_choices

if TYPE_CHECKING:
    from desktop.documents.model import Branding


class UnknownReport(LookupError):
    """A report name that is not one of ``REPORTS``."""


class Choice(NamedTuple):
    key: str  # an id (hex) or the value itself
    label: str


class Choices(NamedTuple):
    reps: list[Choice]  # everyone in the cache, managers too
    territories: list[Choice]
    segments: list[Choice]
    tiers: list[Choice]
    product_lines: list[Choice]


class ReportService(Service):
    branding: Callable[[], Branding] | None = None

    def context(self) -> ReportContext:
        s = self.session.settings
        # "Reactivated" in the closings report uses the dormant list's own rule.
        return ReportContext(self.store.reads(), self.clock().date(), s.home_currency,
                             s.stale_after_days, dormant_months=s.dormant_order_months)

    def run(self, name: str, f: ReportFilter) -> ReportResult:
        """The report ``name`` (a key of ``REPORTS``) for ``f``."""
        if name not in REPORTS:
            raise UnknownReport(_("There is no report {name!r}; choose one of: {all}.").format(
                name=name, all=", ".join(REPORTS)))
        module = importlib.import_module(f"desktop.reports.{REPORTS[name][0]}")
        result: ReportResult = module.build(self.context(), f)
        return result

    def export(self, result: ReportResult, fmt: str) -> bytes:
        """``result`` as a PDF, CSV or XLSX file's bytes."""
        from desktop.reports import export as exporter

        return exporter.render(result, fmt, self._branding())

    def weekly_pdf(self, week: date | None = None, rep_id: uuid.UUID | None = None,
                   team_of: uuid.UUID | None = None) -> bytes:
        """The weekly status report of the ISO week holding ``week`` (default:
        this week) for one rep, a manager's team or everyone."""
        from desktop.reports import weekly

        return weekly.pdf(self.context(), week or self.clock().date(), rep_id, team_of,
                          self._branding())

    def choices(self) -> Choices:
        conn = self.store.reads()

        def pairs(sql: str) -> list[Choice]:
            return [Choice(str(k), str(v)) for k, v in conn.execute(sql)]

        return Choices(
            pairs("SELECT id, name FROM users WHERE deleted_at IS NULL ORDER BY name"),
            pairs("SELECT id, name FROM territories WHERE deleted_at IS NULL ORDER BY name"),
            pairs(derived_choices.DISTINCT_SEGMENTS),
            [Choice(t, t) for t in ("A", "B", "C")],
            pairs("SELECT DISTINCT product_line, product_line FROM products "
                  "WHERE product_line IS NOT NULL ORDER BY 1"))

    def find_user(self, login: str) -> uuid.UUID | None:
        """A user by e-mail, the part of it before the @, or name (any case)."""
        text = login.strip().lower()
        row = self.store.reads().execute(
            "SELECT id FROM users WHERE deleted_at IS NULL AND (lower(email) = ? OR "
            "lower(substr(email, 1, instr(email, '@') - 1)) = ? OR lower(name) = ?) "
            "ORDER BY id LIMIT 1", (text, text, text)).fetchone()
        return uuid.UUID(hex=row[0]) if row else None

    def _branding(self) -> Branding:
        from desktop.documents.model import Branding

        return self.branding() if self.branding is not None else Branding()
