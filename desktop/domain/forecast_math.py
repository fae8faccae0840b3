"""Periods, weighted amounts and staleness as plain functions (no database).

Sums over many rows run in SQL on integers, exact: amounts in thousandths of
the currency unit (:data:`AMOUNT_SCALE`), probabilities in basis points
(:data:`PROB_SCALE`), so a weighted sum is an integer in units of
``AMOUNT_SCALE * PROB_SCALE`` and becomes a ``Decimal`` only at the end
(:func:`unscale`). The cache stores amounts as decimal text; no float adds up.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from desktop.domain.money import round_money
from desktop.domain.schema.enums import PeriodKind
from desktop.i18n import N_, _

AMOUNT_SCALE = 1000  # amounts to a thousandth (three-digit currencies included)
PROB_SCALE = 10000  # probabilities to a basis point
LINE_SCALE = 1_000_000  # an order line's net, to a millionth
OPEN_DEAL = "outcome = 'open' AND deleted_at IS NULL"  # a deal on the kanban


def open_deal(alias: str) -> str:
    """:data:`OPEN_DEAL` on a table alias, literally: a query wanting the board's
    partial index (``desktop.store.derived_forecast``) must say it (a bound
    parameter would not let SQLite use it)."""
    return f"{alias}.outcome = 'open' AND {alias}.deleted_at IS NULL"


def scaled_amount_sql(column: str) -> str:
    """SQL for ``column`` (decimal text) as an integer in thousandths."""
    return f"CAST(round({column} * {AMOUNT_SCALE}) AS INTEGER)"


def scaled_probability_sql(expr: str) -> str:
    """SQL for a probability (0..1, decimal text) as an integer in basis points."""
    return f"CAST(round({expr} * {PROB_SCALE}) AS INTEGER)"


def unscale(total: int | None, scale: int, currency: str | None = None) -> Decimal:
    """An integer sum back to a ``Decimal``, rounded in ``currency`` when given."""
    value = Decimal(total or 0) / Decimal(scale)
    return round_money(value, currency) if currency else value.normalize()


def weighted(amount: Decimal, probability: Decimal, currency: str) -> Decimal:
    """A deal's amount times its probability, rounded as the currency is written."""
    return round_money(amount * probability, currency)


class Period(NamedTuple):
    """A month, quarter or year: ``start`` is its first day, ``end`` the day after it."""

    kind: str
    start: date

    @property
    def end(self) -> date:
        months = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}
        return add_months(self.start, months[PeriodKind(self.kind)])

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.MONTH:
            return f"{self.start:%Y-%m}"
        if self.kind == PeriodKind.QUARTER:
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return str(self.start.year)

    def months(self) -> list[date]:
        """The first day of each month in the period."""
        out, day = [], self.start
        while day < self.end:
            out.append(day)
            day = add_months(day, 1)
        return out

    def next(self) -> Period:
        return Period(self.kind, self.end)


def period_of(kind: str, day: date) -> Period:
    """The month, quarter or year that holds ``day``."""
    kind = PeriodKind(kind).value
    if kind == PeriodKind.MONTH:
        return Period(kind, day.replace(day=1))
    if kind == PeriodKind.QUARTER:
        return Period(kind, date(day.year, (day.month - 1) // 3 * 3 + 1, 1))
    return Period(kind, date(day.year, 1, 1))


def add_months(day: date, months: int) -> date:
    """The first of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def quarter_label(month: date) -> str:
    return period_of(PeriodKind.QUARTER, month).label


# Why a deal is stale, marked for the catalogue (``stale_text`` translates).
STALE_NEXT_STEP = "next_step"
STALE_CLOSE_DATE = "close_date"
STALE_QUIET = "quiet"
STALE_LABELS = {
    STALE_NEXT_STEP: N_("The next step's date has passed."),
    STALE_CLOSE_DATE: N_("The close date has passed."),
    STALE_QUIET: N_("Nothing was logged on the account for {days} days."),
}


def stale_reasons(today: date, next_step_on: date | None, close_date: date,
                  last_logged: date | None, stale_days: int) -> tuple[str, ...]:
    """Why an open deal is stale (empty: it is not): its next step's date or
    close date has passed, or nothing was logged on its account for
    ``stale_days`` days (``last_logged``: the account's last contact, or the
    deal's creation when nothing was ever logged)."""
    reasons = []
    if next_step_on is not None and next_step_on < today:
        reasons.append(STALE_NEXT_STEP)
    if close_date < today:
        reasons.append(STALE_CLOSE_DATE)
    if last_logged is None or last_logged < today - timedelta(days=stale_days):
        reasons.append(STALE_QUIET)
    return tuple(reasons)


def stale_text(reasons: tuple[str, ...], stale_days: int) -> str:
    """The reasons in the installed language, one per line (a card's tooltip)."""
    return "\n".join(_(STALE_LABELS[r]).format(days=stale_days) for r in reasons
                     if r in STALE_LABELS)
