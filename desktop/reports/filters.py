"""What a report covers: a period and who and what within it.

``rep_id`` narrows to one person; ``team_of`` to a manager and everyone who
reports to them (``users.manager_id``, any depth); neither: everyone in the
cache (a rep's cache holds only their own scope). Territory, segment and tier
narrow the accounts; ``product_line`` narrows order lines (revenue, units,
delivery), and the reports that count no lines ignore it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from desktop.reports.period import ReportPeriod


@dataclass(frozen=True)
class ReportFilter:
    period: ReportPeriod
    rep_id: uuid.UUID | None = None
    team_of: uuid.UUID | None = None  # a manager: the manager and their team
    territory_id: uuid.UUID | None = None
    segment: str | None = None
    tier: str | None = None
    product_line: str | None = None

    def with_period(self, period: ReportPeriod) -> ReportFilter:
        return replace(self, period=period)

    @property
    def narrows_accounts(self) -> bool:
        return bool(self.territory_id or self.segment or self.tier)
