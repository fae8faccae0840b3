"""The trends report's days outside whole months: read from the order lines,
or, when that is fewer lines, as the month's kept total less the rest of it.

A partial month's days fall into stretches (cut at the month's ends and at
every span's ends) inside which each day counts alike: to the chart or not,
to the period, the one before, the year before. Reading a stretch's lines costs
about a day's lines per day, so when the stretches a month needs are most of
it, the biggest of them comes from the month's row in ``trend_revenue``
(migration 0018) less the lines of the other days: a 9-month range then reads
about 40 days of lines instead of 120. Integers throughout, so the result is
the same; a group counts only when lines remain (the kept ``lines`` count), as
when its lines are read.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from desktop.domain.forecast_math import add_months
from desktop.reports import base as b
from desktop.reports.filters import ReportFilter

if TYPE_CHECKING:
    from desktop.reports.trend_sums import Split

Names = tuple[str, str, str, str]  # segment, state, territory, product line
# (day, month, names, net, units): one group of lines into the sums
Take = Callable[[str, str, Names, int, int], None]


def _month_end(month: str) -> str:
    return add_months(date.fromisoformat(f"{month}-01"), 1).isoformat()


def _days(lo: str, hi: str) -> int:
    return (date.fromisoformat(hi) - date.fromisoformat(lo)).days


def plan(ranges: list[tuple[str, str]], splits: tuple[Split, ...]
         ) -> tuple[list[tuple[str, str]], dict[str, tuple[str, str]]]:
    """The day ranges whose lines to read, and per month the stretch (lo, hi)
    taken as the month's total less those lines."""
    by_month: dict[str, list[tuple[str, str]]] = {}
    for lo, hi in ranges:
        while lo < hi:  # cut at month ends
            end = min(hi, _month_end(lo[:7]))
            by_month.setdefault(lo[:7], []).append((lo, end))
            lo = end
    bounds = {d for s in splits for d in (s.start, s.end)}
    read: list[tuple[str, str]] = []
    derived: dict[str, tuple[str, str]] = {}
    for month, pieces in by_month.items():
        first, after = f"{month}-01", _month_end(month)
        needed = []
        for lo, hi in pieces:
            cuts = sorted({lo, hi} | {d for d in bounds if lo < d < hi})
            needed += list(zip(cuts, cuts[1:], strict=False))
        best = max(needed, key=lambda s: _days(*s))
        direct = sum(_days(*s) for s in needed)
        if _days(first, after) - _days(*best) < direct:
            derived[month] = best
            read += [r for r in ((first, best[0]), (best[1], after)) if r[0] < r[1]]
        else:
            read += pieces
    return read, derived


def read(ctx: b.ReportContext, f: ReportFilter, reps: list[str] | None,
         ranges: list[tuple[str, str]], splits: tuple[Split, ...], take: Take) -> None:
    """The days in ``ranges`` (apart, merged) into ``take``, group by group."""
    from desktop.reports.trend_sums import _merged, rollup_clause

    to_read, derived = plan(ranges, splits)
    rest: dict[str, dict[Names, list[int]]] = {m: {} for m in derived}
    if derived:
        months = sorted(derived)
        where, args = rollup_clause(f, reps)
        territories = dict(ctx.conn.execute("SELECT id, name FROM territories").fetchall())
        for month, seg, state, terr, line, net, units, count in ctx.conn.execute(
                "SELECT r.month, r.segment, r.region, r.territory_key, r.product_line, "  # nosec B608 - identifiers from code, values bound
                "sum(CASE WHEN r.currency = ? THEN r.net END), sum(r.quantity), sum(r.lines) "
                f"FROM trend_revenue r WHERE r.month IN ({b.marks(months)}){where} "
                "GROUP BY 1, 2, 3, 4, 5", [ctx.currency, *months, *args]):
            v = rest[month].setdefault((seg, state, territories.get(terr, ""), line), [0, 0, 0])
            v[0] += int(net or 0)
            v[1] += int(units or 0)
            v[2] += int(count or 0)
    merged = _merged(to_read)
    if merged:
        for day, month, names, net, units, count in _lines(ctx, f, reps, merged, splits):
            take(day, month, names, net, units)
            if month in rest:
                v = rest[month].setdefault(names, [0, 0, 0])
                v[0] -= net
                v[1] -= units
                v[2] -= count
    for month, groups in rest.items():
        for names, (net, units, count) in groups.items():
            if count > 0:  # lines remain in the derived stretch
                take(derived[month][0], month, names, net, units)


def _lines(ctx: b.ReportContext, f: ReportFilter, reps: list[str] | None,
           ranges: list[tuple[str, str]], splits: tuple[Split, ...]
           ) -> list[tuple[str, str, Names, int, int, int]]:
    """The lines of orders entered in ``ranges``, grouped by month, by stretch
    between the spans' ends and by the four names (a row per group, not per
    line): (first day, month, names, net, units, lines)."""
    from desktop.reports.trend_sums import entered_within

    acc_sql, acc_args = b.account_clause(f)
    line_sql, line_args = b.line_clause(f)
    rep_sql, rep_args = b.rep_clause(b.ORDER_REP, reps)
    within, within_args = entered_within(ranges)
    ends = sorted({d for s in splits for d in (s.start, s.end)} | {d for r in ranges for d in r})
    stretch = "CASE " + " ".join(["WHEN o.entered_at < ? THEN ?"] * len(ends)) + " END"
    stretch_args = [v for n, d in enumerate(ends) for v in (d, n)]
    rows: Any = ctx.conn.execute(
        "SELECT min(substr(o.entered_at, 1, 10)), substr(o.entered_at, 1, 7), "  # nosec B608 - identifiers from code, values bound
        "coalesce(a.segment, ''), coalesce(a.billing_region, ''), coalesce(t.name, ''), "
        f"coalesce(p.product_line, ''), sum(CASE WHEN o.currency = ? THEN {b.LINE_NET} END), "
        f"sum({b.UNITS}), count(*) FROM orders o JOIN accounts a ON a.id = o.account_id "
        "JOIN order_lines l ON l.order_id = o.id AND l.deleted_at IS NULL "
        "LEFT JOIN products p ON p.id = l.product_id "
        "LEFT JOIN territories t ON t.id = a.territory_id "
        f"WHERE {within} AND o.deleted_at IS NULL "
        f"AND o.status != 'cancelled'{acc_sql}{line_sql}{rep_sql} "
        f"GROUP BY 2, {stretch}, 3, 4, 5, 6",
        [ctx.currency, *within_args, *acc_args, *line_args, *rep_args, *stretch_args])
    return [(day, month, (seg, state, terr, line), int(net or 0), int(units or 0), int(n))
            for day, month, seg, state, terr, line, net, units, n in rows]
