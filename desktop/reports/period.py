"""The span a report covers: a month, quarter, year, ISO week or custom range.

``parse`` reads what a person types on the command line or in the filter bar:
"2026-Q3", "2026-07", "2026", "2026-W49", "2026-07-01..2026-09-30". A period is
half-open: ``start`` is its first day, ``end`` the day after its last.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from desktop.domain.forecast_math import add_months
from desktop.i18n import _

MONTH, QUARTER, YEAR, WEEK, CUSTOM = "month", "quarter", "year", "week", "custom"
_QUARTER = re.compile(r"^(\d{4})-?[Qq]([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_WEEK = re.compile(r"^(\d{4})-?[Ww](\d{1,2})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*(?:\.\.|/)\s*(\d{4}-\d{2}-\d{2})$")


class PeriodError(ValueError):
    """Text that names no period (the message says what would)."""


@dataclass(frozen=True)
class ReportPeriod:
    kind: str  # month | quarter | year | week | custom
    start: date
    end: date  # the day after the last day

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    @property
    def label(self) -> str:
        if self.kind == MONTH:
            return f"{self.start:%Y-%m}"
        if self.kind == QUARTER:
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == YEAR:
            return str(self.start.year)
        if self.kind == WEEK:
            year, week, _day = self.start.isocalendar()
            return f"{year}-W{week:02d}"
        return f"{self.start.isoformat()}..{self.last_day.isoformat()}"

    def previous(self) -> ReportPeriod:
        """The period of the same kind just before (a custom range: as many days)."""
        if self.kind in (MONTH, QUARTER, YEAR):
            months = {MONTH: 1, QUARTER: 3, YEAR: 12}[self.kind]
            return ReportPeriod(self.kind, add_months(self.start, -months), self.start)
        return ReportPeriod(self.kind, self.start - timedelta(days=self.days), self.start)

    def year_before(self) -> ReportPeriod:
        """The same span one year earlier."""
        if self.kind == WEEK:
            year, week, _day = self.start.isocalendar()
            try:
                start = date.fromisocalendar(year - 1, week, 1)
            except ValueError:  # week 53 of a year whose predecessor has 52
                start = self.start - timedelta(days=364)
            return ReportPeriod(WEEK, start, start + timedelta(days=7))
        return ReportPeriod(self.kind, _minus_year(self.start), _minus_year(self.end))

    def bounds(self) -> tuple[str, str]:
        """(start, end) as the cache's text, for ``column >= ? AND column < ?``
        on both dates and timestamps ("2026-07-01" sorts before "2026-07-01 08:00")."""
        return self.start.isoformat(), self.end.isoformat()


def _minus_year(day: date) -> date:
    return day.replace(year=day.year - 1, day=min(day.day, 28)) if (
        day.month == 2 and day.day == 29) else day.replace(year=day.year - 1)


def month(day: date) -> ReportPeriod:
    start = day.replace(day=1)
    return ReportPeriod(MONTH, start, add_months(start, 1))


def quarter(day: date) -> ReportPeriod:
    start = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return ReportPeriod(QUARTER, start, add_months(start, 3))


def year(day: date) -> ReportPeriod:
    return ReportPeriod(YEAR, date(day.year, 1, 1), date(day.year + 1, 1, 1))


def week(day: date) -> ReportPeriod:
    """The ISO week (Monday to Sunday) holding ``day``."""
    start = day - timedelta(days=day.weekday())
    return ReportPeriod(WEEK, start, start + timedelta(days=7))


def custom(first: date, last: date) -> ReportPeriod:
    """From ``first`` to ``last``, both included."""
    if last < first:
        raise PeriodError(_("The period ends before it starts."))
    return ReportPeriod(CUSTOM, first, last + timedelta(days=1))


def parse(text: str) -> ReportPeriod:
    """A period from "2026-Q3", "2026-07", "2026", "2026-W49" or "FIRST..LAST"."""
    value = text.strip()
    try:
        if m := _QUARTER.match(value):
            return quarter(date(int(m[1]), (int(m[2]) - 1) * 3 + 1, 1))
        if m := _MONTH.match(value):
            return month(date(int(m[1]), int(m[2]), 1))
        if m := _YEAR.match(value):
            return year(date(int(m[1]), 1, 1))
        if m := _WEEK.match(value):
            return week(date.fromisocalendar(int(m[1]), int(m[2]), 1))
        if m := _RANGE.match(value):
            return custom(date.fromisoformat(m[1]), date.fromisoformat(m[2]))
    except ValueError as exc:
        if isinstance(exc, PeriodError):
            raise
        raise PeriodError(_("{text!r} is not a valid period: {reason}.").format(
            text=text, reason=exc)) from None
    raise PeriodError(_(
        "{text!r} is not a period: write a quarter (2026-Q3), a month (2026-07), a year "
        "(2026), an ISO week (2026-W49) or a range (2026-07-01..2026-09-30).").format(text=text))
