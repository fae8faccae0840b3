"""The sums behind the trends report, read two ways with the same result.

When every boundary (the period, the one before, the year before, the 24-month
window) is the first of a month (months, quarters, years), the sums come from
the monthly rows the triggers keep (``trend_revenue`` and ``account_revenue``,
migration 0018): tens of thousands of narrow rows read in key order. Weeks and
custom ranges cut months, so they add up the order lines themselves.

Both read orders not cancelled nor deleted by ``entered_at``, their lines not
deleted, joined to their account; revenue is the net in the home currency,
units count every line; the rep is the author, else the account's owner.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from desktop.domain.forecast_math import add_months
from desktop.reports import base as b
from desktop.reports.filters import ReportFilter
from desktop.reports.period import ReportPeriod

DIMS = (1, 2, 3, 4)  # segment, state, territory, product line


@dataclass
class Sums:
    """by_month: month -> [net, units]; series: segment -> month -> net;
    dims: dimension -> name -> [now, now units, previous, -, year before, -]."""
    by_month: dict[str, list[int]]
    series: dict[str, dict[str, int]] = field(default_factory=dict)
    dims: dict[int, dict[str, list[int]]] = field(
        default_factory=lambda: {d: {} for d in DIMS})


def aligned(*periods: ReportPeriod) -> bool:
    """True when each period starts and ends on the first of a month."""
    return all(p.start.day == 1 and p.end.day == 1 for p in periods)


def _month(day: Any) -> str:
    return f"{day:%Y-%m}"


def read(ctx: b.ReportContext, f: ReportFilter, reps: list[str] | None, span: ReportPeriod,
         prev: ReportPeriod, year: ReportPeriod) -> Sums:
    sums = Sums({m: [0, 0] for m in b.months_of(span)})
    if aligned(f.period, prev, year, span):
        _from_rollup(ctx, f, reps, span, prev, year, sums)
        return sums
    lo, hi = _whole_months(span)
    if lo >= hi:  # no whole month inside: every line of the span
        _from_lines(ctx, f, reps, span, prev, year, sums, [span.bounds()], lambda _day: True)
        return sums
    # A week or a custom range: the whole months of the 24 come from the kept rows,
    # the lines only for the days at the ends and the three periods compared.
    _chart_from_rollup(ctx, f, reps, lo, hi, sums)
    first, last = lo.isoformat(), hi.isoformat()
    ranges = _merged([(span.start.isoformat(), first), (last, span.end.isoformat()),
                      f.period.bounds(), prev.bounds(), year.bounds()])
    _from_lines(ctx, f, reps, span, prev, year, sums, ranges,
                lambda day: not first <= day < last)
    return sums


def _whole_months(span: ReportPeriod) -> tuple[date, date]:
    """The first of the first month wholly inside ``span`` and the first after the
    last (equal, or the wrong way round, when no month is whole inside it)."""
    lo = span.start if span.start.day == 1 else add_months(span.start.replace(day=1), 1)
    return lo, span.end.replace(day=1)


def _merged(ranges: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The half-open ranges joined where they touch or overlap (no day twice)."""
    out: list[tuple[str, str]] = []
    for lo, hi in sorted(r for r in ranges if r[0] < r[1]):
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _add(sums: Sums, slot: int | None, slot_year: int | None, names: tuple[str, ...],
         net: int, units: int) -> None:
    """One group's net and units into the growth tables' slots (a name shows in
    them when it sold in one of the three periods compared)."""
    if slot is None and slot_year is None:
        return
    for dim, name in zip(DIMS, names, strict=True):
        v = sums.dims[dim].setdefault(name, [0] * 6)
        if slot is not None:
            v[slot] += net
            if slot == 0:
                v[1] += units
        if slot_year is not None:
            v[slot_year] += net


def _within(p: ReportPeriod) -> Callable[[str], bool]:
    lo, hi = p.bounds()
    return lambda day: lo <= day < hi


def _from_lines(ctx: b.ReportContext, f: ReportFilter, reps: list[str] | None,
                span: ReportPeriod, prev: ReportPeriod, year: ReportPeriod, sums: Sums,
                ranges: list[tuple[str, str]], chart: Callable[[str], bool]) -> None:
    """The lines of orders entered in ``ranges`` (apart), into the growth tables
    and, on the days ``chart`` takes, the months."""
    acc_sql, acc_args = b.account_clause(f)
    line_sql, line_args = b.line_clause(f)
    rep_sql, rep_args = b.rep_clause(b.ORDER_REP, reps)
    now, before, ago = _within(f.period), _within(prev), _within(year)
    within = " OR ".join(["(o.entered_at >= ? AND o.entered_at < ?)"] * len(ranges))
    for day, seg, state, terr, line, month, net, units in ctx.conn.execute(
            "SELECT substr(o.entered_at, 1, 10), coalesce(a.segment, ''), "  # nosec B608 - identifiers from code, values bound
            "coalesce(a.billing_region, ''), coalesce(t.name, ''), "
            "coalesce(p.product_line, ''), substr(o.entered_at, 1, 7), "
            f"sum(CASE WHEN o.currency = ? THEN {b.LINE_NET} END), sum({b.UNITS}) "
            "FROM orders o JOIN accounts a ON a.id = o.account_id "
            "JOIN order_lines l ON l.order_id = o.id AND l.deleted_at IS NULL "
            "LEFT JOIN products p ON p.id = l.product_id "
            "LEFT JOIN territories t ON t.id = a.territory_id "
            f"WHERE ({within}) AND o.deleted_at IS NULL "
            f"AND o.status != 'cancelled'{acc_sql}{line_sql}{rep_sql} GROUP BY 1, 2, 3, 4, 5",
            [ctx.currency, *(d for r in ranges for d in r), *acc_args, *line_args, *rep_args]):
        net, units = int(net or 0), int(units or 0)
        if chart(day):
            sums.by_month[month][0] += net
            sums.by_month[month][1] += units
            per = sums.series.setdefault(seg, {})
            per[month] = per.get(month, 0) + net
        _add(sums, 0 if now(day) else 2 if before(day) else None, 4 if ago(day) else None,
             (seg, state, terr, line), net, units)


def rollup_clause(f: ReportFilter, reps: list[str] | None, alias: str = "r"
                  ) -> tuple[str, list[Any]]:
    """`` AND ...`` for the filters on a rollup row (rep, territory, segment,
    tier, product line are its own columns)."""
    sql, args = b.rep_clause(f"{alias}.rep_key", reps)
    for column, value in (("territory_key", f.territory_id.hex if f.territory_id else None),
                          ("segment", f.segment), ("tier", f.tier),
                          ("product_line", f.product_line)):
        if value:
            sql += f" AND {alias}.{column} = ?"
            args.append(value)
    return sql, args


def _from_rollup(ctx: b.ReportContext, f: ReportFilter, reps: list[str] | None,
                 span: ReportPeriod, prev: ReportPeriod, year: ReportPeriod, sums: Sums) -> None:
    where, args = rollup_clause(f, reps)
    net = "sum(CASE WHEN r.currency = ? THEN r.net END)"
    _chart_from_rollup(ctx, f, reps, span.start, span.end, sums)
    # The growth tables: only the months of the three periods, still in key order.
    slots: dict[str, tuple[int | None, int | None]] = {}
    for p, slot in ((f.period, 0), (prev, 2), (year, 4)):
        for m in b.months_of(p):
            now_or_before, ago = slots.get(m, (None, None))
            if slot == 4:
                slots[m] = (now_or_before, 4)
            elif now_or_before is None:
                slots[m] = (slot, ago)
    months = sorted(slots)
    territories = dict(ctx.conn.execute("SELECT id, name FROM territories").fetchall())
    for month, seg, state, terr, line, total, units in ctx.conn.execute(
            "SELECT r.month, r.segment, r.region, r.territory_key, r.product_line, "  # nosec B608 - identifiers from code, values bound
            f"{net}, sum(r.quantity) FROM trend_revenue r WHERE r.month IN ({b.marks(months)})"
            f"{where} GROUP BY 1, 2, 3, 4, 5", [ctx.currency, *months, *args]):
        now_slot, year_slot = slots[month]
        _add(sums, now_slot, year_slot, (seg, state, territories.get(terr, ""), line),
             int(total or 0), int(units or 0))


def _chart_from_rollup(ctx: b.ReportContext, f: ReportFilter, reps: list[str] | None,
                       start: date, end: date, sums: Sums) -> None:
    """The chart and the months from ``start`` to ``end`` (firsts of months):
    (month, segment) in key order, no sort."""
    where, args = rollup_clause(f, reps)
    for month, seg, net_sum, unit_sum in ctx.conn.execute(
            "SELECT r.month, r.segment, sum(CASE WHEN r.currency = ? THEN r.net END), "  # nosec B608 - identifiers from code, values bound
            f"sum(r.quantity) FROM trend_revenue r WHERE r.month >= ? AND r.month < ?{where} "
            "GROUP BY 1, 2", [ctx.currency, _month(start), _month(end), *args]):
        total, units = int(net_sum or 0), int(unit_sum or 0)
        sums.by_month[month][0] += total
        sums.by_month[month][1] += units
        per = sums.series.setdefault(seg, {})
        per[month] = per.get(month, 0) + total


def movers_sql(f: ReportFilter, reps: list[str] | None, prev: ReportPeriod, currency: str
               ) -> tuple[str, list[Any]]:
    """Each account's revenue this period and the one before (columns id, now,
    before): from the kept rows when the periods allow it, else from the lines."""
    if aligned(f.period, prev):
        where, args = rollup_clause(f, reps)
        mid = _month(f.period.start)
        return ("SELECT r.account_id AS id, "  # nosec B608 - identifiers from code, values bound
                "sum(CASE WHEN r.month >= ? THEN r.net END) AS now, "
                "sum(CASE WHEN r.month < ? THEN r.net END) AS before FROM account_revenue r "
                f"WHERE r.month >= ? AND r.month < ? AND r.currency = ?{where} "
                "GROUP BY r.account_id",
                [mid, mid, _month(prev.start), _month(f.period.end), currency, *args])
    acc_sql, acc_args = b.account_clause(f)
    line_sql, line_args = b.line_clause(f)
    rep_sql, rep_args = b.rep_clause(b.ORDER_REP, reps)
    mid = f.period.start.isoformat()
    return ("SELECT o.account_id AS id, "  # nosec B608 - identifiers from code, values bound
            f"sum(CASE WHEN o.entered_at >= ? THEN {b.LINE_NET} END) AS now, "
            f"sum(CASE WHEN o.entered_at < ? THEN {b.LINE_NET} END) AS before "
            "FROM orders o JOIN accounts a ON a.id = o.account_id "
            "JOIN order_lines l ON l.order_id = o.id AND l.deleted_at IS NULL "
            "WHERE o.entered_at >= ? AND o.entered_at < ? AND o.deleted_at IS NULL "
            f"AND o.status != 'cancelled' AND o.currency = ?{acc_sql}{line_sql}{rep_sql} "
            "GROUP BY o.account_id",
            [mid, mid, prev.start.isoformat(), f.period.end.isoformat(), currency,
             *acc_args, *line_args, *rep_args])
