"""The sums behind the trends report: the kept monthly rows for whole months,
the order lines only for the days at the ends.

Each span the report reads (the 24-month chart, the period, the one before, the
year before) is cut into the months wholly inside it, read from the monthly rows
the triggers keep (``trend_revenue`` and ``account_revenue``, migration 0018:
tens of thousands of narrow rows in key order), and the days before its first
and after its last whole month, read from the order lines. A month, quarter or
year has no such days; a custom range reads at most two partial months of lines
per span instead of every line of the three compared (2.4 s on a 9-month range).

Both read orders not cancelled nor deleted by ``entered_at``, their lines not
deleted, joined to their account; revenue is the net in the home currency,
units count every line; the rep is the author, else the account's owner.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from desktop.domain.forecast_math import add_months
from desktop.reports import base as b
from desktop.reports import trend_edges
from desktop.reports.filters import ReportFilter
from desktop.reports.period import CUSTOM, ReportPeriod

DIMS = (1, 2, 3, 4)  # segment, state, territory, product line


@dataclass
class Sums:
    """by_month: month -> [net, units]; series: segment -> month -> net;
    dims: dimension -> name -> [now, now units, previous, -, year before, -]."""
    by_month: dict[str, list[int]]
    series: dict[str, dict[str, int]] = field(default_factory=dict)
    dims: dict[int, dict[str, list[int]]] = field(
        default_factory=lambda: {d: {} for d in DIMS})


@dataclass(frozen=True)
class Split:
    """A span cut in two: its whole months ("2026-07", from the kept rows) and
    the half-open day ranges at its ends (from the order lines)."""
    start: str
    end: str
    months: tuple[str, ...]
    edges: tuple[tuple[str, str], ...]

    def takes(self, day: str) -> bool:
        """Whether a line entered on ``day`` counts here from the lines."""
        return self.start <= day < self.end and day[:7] not in self.months


def aligned(*periods: ReportPeriod) -> bool:
    """True when each period starts and ends on the first of a month."""
    return all(p.start.day == 1 and p.end.day == 1 for p in periods)


def split(p: ReportPeriod) -> Split:
    lo, hi = _whole_months(p)
    start, end = p.bounds()
    if lo >= hi:
        return Split(start, end, (), ((start, end),))
    edges = ((start, lo.isoformat()), (hi.isoformat(), end))
    return Split(start, end, tuple(b.months_of(ReportPeriod(CUSTOM, lo, hi))),
                 tuple(e for e in edges if e[0] < e[1]))


def _month(day: Any) -> str:
    return f"{day:%Y-%m}"


def read(ctx: b.ReportContext, f: ReportFilter, reps: list[str] | None, span: ReportPeriod,
         prev: ReportPeriod, year: ReportPeriod) -> Sums:
    sums = Sums({m: [0, 0] for m in b.months_of(span)})
    chart, now, before, ago = (split(p) for p in (span, f.period, prev, year))
    if chart.months:
        _chart_from_rollup(ctx, f, reps, chart.months[0], _next(chart.months[-1]), sums)
    _growth_from_rollup(ctx, f, reps, now, before, ago, sums)
    ranges = _merged([*chart.edges, *now.edges, *before.edges, *ago.edges])

    def take(day: str, month: str, names: tuple[str, str, str, str], net: int,
             units: int) -> None:
        """A group of lines of ``day``'s stretch into the chart and the periods
        compared that take that day from the lines."""
        if chart.takes(day):
            sums.by_month[month][0] += net
            sums.by_month[month][1] += units
            per = sums.series.setdefault(names[0], {})
            per[month] = per.get(month, 0) + net
        _add(sums, 0 if now.takes(day) else 2 if before.takes(day) else None,
             4 if ago.takes(day) else None, names, net, units)

    if ranges:
        trend_edges.read(ctx, f, reps, ranges, (chart, now, before, ago), take)
    return sums


def _next(month: str) -> str:
    return _month(add_months(date.fromisoformat(f"{month}-01"), 1))


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


def entered_within(ranges: list[tuple[str, str]] | tuple[tuple[str, str], ...]
            ) -> tuple[str, list[str]]:
    """``(o.entered_at >= ? AND o.entered_at < ?) OR ...`` over ``ranges``."""
    sql = " OR ".join(["(o.entered_at >= ? AND o.entered_at < ?)"] * len(ranges))
    return f"({sql})", [d for r in ranges for d in r]


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


def _growth_from_rollup(ctx: b.ReportContext, f: ReportFilter, reps: list[str] | None,
                        now: Split, before: Split, ago: Split, sums: Sums) -> None:
    """The growth tables: the whole months of the three periods, in key order."""
    slots: dict[str, tuple[int | None, int | None]] = {}
    for p, slot in ((now, 0), (before, 2), (ago, 4)):
        for m in p.months:
            now_or_before, year_slot = slots.get(m, (None, None))
            if slot == 4:
                slots[m] = (now_or_before, 4)
            elif now_or_before is None:
                slots[m] = (slot, year_slot)
    if not slots:
        return
    months = sorted(slots)
    where, args = rollup_clause(f, reps)
    net = "sum(CASE WHEN r.currency = ? THEN r.net END)"
    territories = dict(ctx.conn.execute("SELECT id, name FROM territories").fetchall())
    for month, seg, state, terr, line, total, units in ctx.conn.execute(
            "SELECT r.month, r.segment, r.region, r.territory_key, r.product_line, "  # nosec B608 - identifiers from code, values bound
            f"{net}, sum(r.quantity) FROM trend_revenue r WHERE r.month IN ({b.marks(months)})"
            f"{where} GROUP BY 1, 2, 3, 4, 5", [ctx.currency, *months, *args]):
        now_slot, year_slot = slots[month]
        _add(sums, now_slot, year_slot, (seg, state, territories.get(terr, ""), line),
             int(total or 0), int(units or 0))


def _chart_from_rollup(ctx: b.ReportContext, f: ReportFilter, reps: list[str] | None,
                       first: str, after: str, sums: Sums) -> None:
    """The chart and the months from ``first`` up to ``after`` ("2026-07"):
    (month, segment) in key order, no sort."""
    where, args = rollup_clause(f, reps)
    for month, seg, net_sum, unit_sum in ctx.conn.execute(
            "SELECT r.month, r.segment, sum(CASE WHEN r.currency = ? THEN r.net END), "  # nosec B608 - identifiers from code, values bound
            f"sum(r.quantity) FROM trend_revenue r WHERE r.month >= ? AND r.month < ?{where} "
            "GROUP BY 1, 2", [ctx.currency, first, after, *args]):
        total, units = int(net_sum or 0), int(unit_sum or 0)
        sums.by_month[month][0] += total
        sums.by_month[month][1] += units
        per = sums.series.setdefault(seg, {})
        per[month] = per.get(month, 0) + total


def movers_sql(f: ReportFilter, reps: list[str] | None, prev: ReportPeriod, currency: str
               ) -> tuple[str, list[Any]]:
    """Each account's revenue this period and the one before (columns id, now,
    before): the whole months from the kept rows, the days at the ends from the
    lines (or, as ``trend_edges.plan`` finds cheaper, a partial month's kept
    total less the lines of its other days), added up per account."""
    now, before = split(f.period), split(prev)
    to_read, derived = trend_edges.plan(_merged([*now.edges, *before.edges]), (now, before))
    # a derived stretch counts whole to the period its first day is in
    kept = [(*p.months, *(m for m, (lo, _hi) in derived.items() if p.takes(lo)))
            for p in (now, before)]
    parts: list[tuple[str, list[Any]]] = []
    if kept[0] or kept[1]:
        where, args = rollup_clause(f, reps)
        months = [*kept[0], *kept[1]]
        cases = [f"sum(CASE WHEN r.month IN ({b.marks(k)}) THEN r.net END)" if k else "NULL"
                 for k in kept]
        parts.append((f"SELECT r.account_id AS id, {cases[0]} AS now, "  # nosec B608 - identifiers from code, values bound
                      f"{cases[1]} AS before FROM account_revenue r "
                      f"WHERE r.month IN ({b.marks(months)}) AND r.currency = ?{where} "
                      "GROUP BY r.account_id", [*kept[0], *kept[1], *months, currency, *args]))
    if to_read:
        acc_sql, acc_args = b.account_clause(f)
        line_sql, line_args = b.line_clause(f)
        rep_sql, rep_args = b.rep_clause(b.ORDER_REP, reps)
        cases, case_args = [], []
        for p, k in zip((now, before), kept, strict=True):
            # + the line when its day is read for this period, - when it is taken
            # out of a month counted whole to it
            out = [(f"{m}-01", f"{_next(m)}-01") for m in k if m in derived]
            signs = []
            for sign, ranges in (("", list(p.edges)), ("-", out)):
                if ranges:
                    within, within_args = entered_within(ranges)
                    signs.append(f"{sign}(CASE WHEN {within} THEN 1 ELSE 0 END)")
                    case_args += within_args
            cases.append(f"sum(({' + '.join(signs)}) * {b.LINE_NET})" if signs else "NULL")
        within, within_args = entered_within(_merged(to_read))
        parts.append((f"SELECT o.account_id AS id, {cases[0]} AS now, "  # nosec B608 - identifiers from code, values bound
                       f"{cases[1]} AS before FROM orders o JOIN accounts a ON a.id = o.account_id "
                       "JOIN order_lines l ON l.order_id = o.id AND l.deleted_at IS NULL "
                       f"WHERE {within} AND o.deleted_at IS NULL AND o.status != 'cancelled' "
                       f"AND o.currency = ?{acc_sql}{line_sql}{rep_sql} GROUP BY o.account_id",
                       [*case_args, *within_args, currency, *acc_args, *line_args, *rep_args]))
    if len(parts) == 1:
        return parts[0]
    return ("SELECT id, sum(now) AS now, sum(before) AS before FROM ("  # nosec B608 - identifiers from code, values bound
            f"{parts[0][0]} UNION ALL {parts[1][0]}) GROUP BY id", [*parts[0][1], *parts[1][1]])
