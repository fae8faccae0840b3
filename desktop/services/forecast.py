"""What reps sold and will sell, per period, offline from the cache.

Definitions (the quota panel and ``fieldbook pipeline`` read the same):

* **Revenue** of a rep in a period: the net of the order lines (quantity x
  unit price less the line's discount percent, before tax; summed exactly and
  rounded once in the currency) of every order not cancelled, entered in the
  period, that the rep took (``orders.author_id``; the account's owner when the
  order names no author); plus the amount of each deal the rep owns that was
  won in the period (``closed_at``) and has no order at all. A deal with an
  order counts through its orders only, so nothing is counted twice (a deal
  whose only order was cancelled adds nothing).
* **Units** per product line: the quantities of those order lines, by the
  product's ``product_line`` ("" for free-text lines and products without one).
* **New accounts**: accounts the rep owns that were created in the period and
  whose first order that was not cancelled was entered in the same period.
* **Forecast** for each month: closed (the revenue above) + commit (open deals
  in the commit category, at their full amount) + weighted pipeline (open deals
  in the best-case and pipeline categories, amount x probability: the deal's
  own, else its stage's), open deals by their close date; omitted deals are
  left out. Quarters add their months up.

Money is in the rep's currency (``settings.home_currency``); the cache holds
no exchange rates, so other currencies are summed apart (``others``), never
converted. Every sum is one aggregate query over indexed columns, grouped in
SQL on exact integers (``desktop.domain.forecast_math``); Python only adds up
the groups.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from desktop.domain import forecast_math as fm
from desktop.domain.forecast_math import Period
from desktop.domain.schema.enums import ForecastCategory, PeriodKind
from desktop.services import forecast_sql as q
from desktop.services.base import Service

ZERO = Decimal(0)


class RepFigures(NamedTuple):
    """One rep's actuals in one period."""

    rep_id: uuid.UUID
    revenue: dict[str, Decimal]  # currency -> revenue (orders + won deals without one)
    units: dict[str, Decimal]  # product line ("" for none) -> units
    new_accounts: int

    def revenue_in(self, currency: str) -> Decimal:
        return self.revenue.get(currency, ZERO)


class Bucket(NamedTuple):
    """A month's or quarter's forecast, in ``currency``; ``others`` holds the
    totals of deals and orders in other currencies, not converted."""

    label: str  # 2026-12, 2026-Q4
    start: date
    currency: str
    closed: Decimal
    commit: Decimal
    weighted: Decimal  # best case + pipeline, amount x probability
    others: dict[str, Decimal]

    @property
    def total(self) -> Decimal:
        return self.closed + self.commit + self.weighted

    @property
    def mixed(self) -> bool:
        return bool(self.others)


class Forecast(NamedTuple):
    months: list[Bucket]
    quarters: list[Bucket]
    total: Bucket


class _Closed(NamedTuple):
    """The closed business of a period as grouped rows (``forecast_sql``)."""

    order_lines: list[Any]
    won: list[Any]


class ForecastService(Service):
    def team(self, manager_id: uuid.UUID, *, include_manager: bool = False
             ) -> list[uuid.UUID]:
        """Everyone who reports to ``manager_id``, directly or through another manager."""
        rows = self.store.reads().execute(q.TEAM, (manager_id.hex,)).fetchall()
        team = [uuid.UUID(hex=r[0]) for r in rows if r[0] != manager_id.hex]
        return [manager_id, *team] if include_manager else team

    def figures(self, reps: Sequence[uuid.UUID], period: Period) -> dict[uuid.UUID, RepFigures]:
        """Revenue, units per product line and new accounts of each rep in ``period``."""
        return self._figures(reps, period, self._closed(reps, period))

    def forecast(self, reps: Sequence[uuid.UUID], period: Period) -> Forecast:
        """Closed + commit + weighted pipeline of ``reps`` for each month of
        ``period`` (and its quarters), in the rep's currency."""
        return self._forecast(reps, period, self._closed(reps, period))

    def overview(self, reps: Sequence[uuid.UUID], period: Period
                 ) -> tuple[dict[uuid.UUID, RepFigures], Forecast]:
        """Both :meth:`figures` and :meth:`forecast`, reading the closed
        business once (what the quota panel shows)."""
        closed = self._closed(reps, period)
        return self._figures(reps, period, closed), self._forecast(reps, period, closed)

    def _closed(self, reps: Sequence[uuid.UUID], period: Period) -> _Closed:
        if not reps:
            return _Closed([], [])
        start, end = period.start.isoformat(), period.end.isoformat()
        conn = self.store.reads()
        ids = [r.hex for r in reps]
        months = [start[:7], end[:7]]  # a period runs from the first of a month
        return _Closed(conn.execute(q.order_lines(len(ids)),
                                    [*ids, *months, *ids, *months]).fetchall(),
                       conn.execute(q.won_without_order(len(ids)), [*ids, *months]).fetchall())

    def _figures(self, reps: Sequence[uuid.UUID], period: Period,
                 closed: _Closed) -> dict[uuid.UUID, RepFigures]:
        if not reps:
            return {}
        revenue: dict[str, dict[str, int]] = {r.hex: {} for r in reps}
        units: dict[str, dict[str, int]] = {r.hex: {} for r in reps}
        conn = self.store.reads()
        lines = q.product_lines(conn)
        for rep, currency, product, _month, net, qty in closed.order_lines:
            # Order nets are in millionths; deals' amounts in thousandths.
            _add(revenue[rep], currency, net)
            _add(units[rep], lines.get(product, ""), qty)
        for rep, currency, _month, amount in closed.won:
            _add(revenue[rep], currency, amount * (q.LINE_SCALE // fm.AMOUNT_SCALE))
        start, end = period.start.isoformat(), period.end.isoformat()
        ids = [r.hex for r in reps]
        new = dict(conn.execute(q.new_accounts(len(ids)),
                                [*ids, start, end, start, end]).fetchall())
        return {r: RepFigures(
            r, {c: fm.unscale(v, q.LINE_SCALE, c) for c, v in revenue[r.hex].items()},
            {k: fm.unscale(v, fm.AMOUNT_SCALE) for k, v in units[r.hex].items()},
            int(new.get(r.hex, 0))) for r in reps}

    def _forecast(self, reps: Sequence[uuid.UUID], period: Period, closed_rows: _Closed
                  ) -> Forecast:
        home = self.session.settings.home_currency
        months = period.months()
        keys = [f"{m:%Y-%m}" for m in months]
        closed = {k: dict[str, int]() for k in keys}  # millionths
        commit = {k: dict[str, int]() for k in keys}
        weighted = {k: dict[str, int]() for k in keys}  # thousandths x basis points
        for _rep, currency, _product, month, net, _qty in closed_rows.order_lines:
            _add(closed[month], currency, net)
        for _rep, currency, month, amount in closed_rows.won:
            _add(closed[month], currency, amount * (q.LINE_SCALE // fm.AMOUNT_SCALE))
        if reps:
            conn = self.store.reads()
            ids = [r.hex for r in reps]
            stage_bp = q.stage_basis_points(conn)
            for currency, month, category, stage, total, plain, own in conn.execute(
                    q.open_deals(len(ids)), [*ids, period.start.isoformat(),
                                             period.end.isoformat()]):
                if category == ForecastCategory.COMMIT:
                    _add(commit[month], currency, total * (q.LINE_SCALE // fm.AMOUNT_SCALE))
                elif category in (ForecastCategory.BEST_CASE, ForecastCategory.PIPELINE):
                    units = (plain or 0) * stage_bp.get(stage, 0) + (own or 0)
                    _add(weighted[month], currency, units)
        buckets = [_bucket(f"{m:%Y-%m}", m, home, closed[k], commit[k], weighted[k])
                   for m, k in zip(months, keys, strict=True)]
        quarters: dict[str, list[Bucket]] = {}
        for b in buckets:
            quarters.setdefault(fm.quarter_label(b.start), []).append(b)
        rolled = [_sum(label, parts[0].start, parts) for label, parts in quarters.items()]
        return Forecast(buckets, rolled, _sum(period.label, period.start, buckets))

    def this_period(self, kind: str = PeriodKind.QUARTER.value) -> Period:
        """The month, quarter or year holding today."""
        return fm.period_of(kind, self.clock().date())


def _add(into: dict[str, int], key: str, value: int | None) -> None:
    into[key] = into.get(key, 0) + int(value or 0)


def _bucket(label: str, start: date, home: str, closed: dict[str, int],
            commit: dict[str, int], weighted: dict[str, int]) -> Bucket:
    def money(part: dict[str, int], currency: str, scale: int = q.LINE_SCALE) -> Decimal:
        return fm.unscale(part.get(currency, 0), scale, currency)

    weights = fm.AMOUNT_SCALE * fm.PROB_SCALE
    others = {}
    for currency in sorted({*closed, *commit, *weighted} - {home}):
        others[currency] = money(closed, currency) + money(commit, currency) + money(
            weighted, currency, weights)
    return Bucket(label, start, home, money(closed, home), money(commit, home),
                  money(weighted, home, weights), others)


def _sum(label: str, start: date, parts: Sequence[Bucket]) -> Bucket:
    others: dict[str, Decimal] = {}
    for part in parts:
        for currency, value in part.others.items():
            others[currency] = others.get(currency, ZERO) + value
    currency = parts[0].currency if parts else "USD"
    return Bucket(label, start, currency, sum((p.closed for p in parts), ZERO),
                  sum((p.commit for p in parts), ZERO), sum((p.weighted for p in parts), ZERO),
                  others)
