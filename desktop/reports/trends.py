"""Sales intelligence and trends: revenue and units over the 24 months up to
the period's end by segment, product line, state and territory; each one's
growth against the previous period and the same period a year before; the
accounts that grew and declined most; the product mix.

One aggregate query reads the order lines of the 24 months (orders not
cancelled, by ``entered_at``), grouped by month, segment, state, territory
and product line; Python adds up those groups. Revenue is the lines' net in
the home currency; units count every line.
"""

from __future__ import annotations

from decimal import Decimal

from desktop.domain.forecast_math import add_months
from desktop.i18n import _
from desktop.reports import base as b
from desktop.reports import trend_sums
from desktop.reports.filters import ReportFilter
from desktop.reports.period import CUSTOM, ReportPeriod
from desktop.reports.result import (
    Cell,
    Chart,
    ChartKind,
    Column,
    ColumnKind,
    Figure,
    ReportResult,
    Series,
    Table,
)

MONTHS = 24
TOP = 10
MONEY, PCT, NUM = ColumnKind.MONEY, ColumnKind.PERCENT, ColumnKind.NUMBER
Group = tuple[str, str, str, str, str]  # month, segment, state, territory, product line


def window(period: ReportPeriod) -> ReportPeriod:
    """The 24 months up to the end of the period (and at least the period)."""
    last = period.last_day.replace(day=1)
    start = min(add_months(last, 1 - MONTHS), period.start, period.year_before().start)
    return ReportPeriod(CUSTOM, start, period.end)


def build(ctx: b.ReportContext, f: ReportFilter) -> ReportResult:
    cur = ctx.currency
    reps = b.reps_in_scope(ctx, f)
    span = window(f.period)
    prev, year = f.period.previous(), f.period.year_before()
    sums = trend_sums.read(ctx, f, reps, span, prev, year)
    by_month, series, dims = sums.by_month, sums.series, sums.dims
    months = b.months_of(span)

    def money(v: int) -> Decimal:
        return b.money(v, b.LINE_SCALE, cur)

    def growth_table(key: str, title: str, header: str, dim: int, mix: bool = False) -> Table:
        data = dims[dim]
        whole = sum(v[0] for v in data.values())
        rows: list[tuple[Cell, ...]] = []
        for name, v in sorted(data.items(), key=lambda kv: (-kv[1][0], kv[0])):
            rows.append((name or _("(none)"), money(v[0]), round(v[1] / 1000, 3),
                         money(v[2]), _growth(v[0], v[2]), money(v[4]), _growth(v[0], v[4]),
                         *((b.percent(v[0], whole),) if mix else ())))
        t = [sum(v[n] for v in data.values()) for n in range(6)]
        totals: tuple[Cell, ...] = (_("Total"), money(t[0]), round(t[1] / 1000, 3),
                                    money(t[2]), _growth(t[0], t[2]), money(t[4]),
                                    _growth(t[0], t[4]), *((100.0 if whole else None,)
                                                           if mix else ()))
        columns = (Column("name", header), Column("revenue", _("Revenue"), MONEY),
                   Column("units", _("Units"), NUM),
                   Column("previous", _("Previous period"), MONEY),
                   Column("growth", _("Growth"), PCT),
                   Column("year_before", _("A year before"), MONEY),
                   Column("growth_year", _("Growth on the year"), PCT),
                   *((Column("mix", _("Share"), PCT),) if mix else ()))
        return Table(key, title, columns, tuple(rows), totals)

    segments = growth_table("segments", _("By segment"), _("Segment"), 1)
    lines = growth_table("product_lines", _("By product line (product mix)"),
                         _("Product line"), 4, mix=True)
    states = growth_table("states", _("By state"), _("State"), 2)
    territories = growth_table("territories", _("By territory"), _("Territory"), 3)
    monthly = Table("months", _("By month"), (
        Column("month", _("Month")), Column("revenue", _("Revenue"), MONEY),
        Column("units", _("Units"), NUM)),
        tuple((m, money(v[0]), round(v[1] / 1000, 3)) for m, v in by_month.items()),
        (_("Total"), money(sum(v[0] for v in by_month.values())),
         round(sum(v[1] for v in by_month.values()) / 1000, 3)))
    growing, declining = _movers(ctx, f, reps, prev)
    axis = _("Revenue ({currency})").format(currency=cur)
    charts = (
        Chart(ChartKind.LINE, _("Revenue by segment, 24 months"), _("Month"), axis,
              tuple(months), tuple(Series(seg or _("(none)"), tuple(
                  float(money(per.get(m, 0))) for m in months))
                  for seg, per in sorted(series.items()))),
        Chart(ChartKind.PIE, _("Product mix"), _("Product line"), axis,
              tuple(str(r[0]) for r in lines.rows),
              (Series(_("Revenue"), tuple(float(r[1]) for r in lines.rows)),)),  # type: ignore[arg-type]
    )
    t = lines.totals or ()
    figures = (
        Figure("revenue", _("Revenue"), t[1], MONEY),
        Figure("growth", _("Growth on the previous period"), t[4], PCT),
        Figure("growth_year", _("Growth on the year before"), t[6], PCT),
        Figure("units", _("Units"), t[2], NUM),
    )
    return ReportResult("trends", _("Sales intelligence and trends"), b.subtitle(ctx, f),
                        figures, charts, (segments, lines, states, territories, growing,
                                          declining, monthly),
                        (_("Growth compares the period with the one before ({prev}) and with "
                           "the same span a year before ({year}).").format(
                            prev=b.period_name(prev), year=b.period_name(year)),))


def _growth(now: int, then: int) -> float | None:
    return round((now - then) * 100.0 / then, 1) if then else None


def _movers(ctx: b.ReportContext, f: ReportFilter, reps: list[str] | None,
            prev: ReportPeriod) -> tuple[Table, Table]:
    """The accounts whose revenue grew and fell most against the previous period."""
    sums, args = trend_sums.movers_sql(f, reps, prev, ctx.currency)
    # Each account's two sums once (a materialized CTE), both ends read from it:
    # the few at each end (and any tied with the tenth) are named and sorted.
    ends = " UNION ALL ".join(
        f"SELECT * FROM (SELECT {tag}, a.name, now, before, change FROM m "
        f"JOIN accounts a ON a.id = m.id WHERE change {op} 0 AND change {op}= coalesce(("
        f"SELECT change FROM m WHERE change {op} 0 ORDER BY change {order} LIMIT 1 "
        f"OFFSET {TOP - 1}), 0) ORDER BY change {order}, a.name LIMIT {TOP})"
        for tag, op, order in ((1, ">", "DESC"), (2, "<", "ASC")))
    query = (f"WITH s AS MATERIALIZED ({sums}), "  # nosec B608 - identifiers from code, values bound
             "m AS (SELECT id, now, before, (coalesce(now, 0) - coalesce(before, 0)) AS change "
             f"FROM s) {ends}")
    columns = (Column("account", _("Account")), Column("revenue", _("Revenue"), MONEY),
               Column("previous", _("Previous period"), MONEY),
               Column("change", _("Change"), MONEY), Column("growth", _("Growth"), PCT))
    found = ctx.conn.execute(query, args).fetchall()

    def table(key: str, title: str, tag: int) -> Table:
        rows = tuple((name, b.money(now, b.LINE_SCALE, ctx.currency),
                      b.money(before, b.LINE_SCALE, ctx.currency),
                      b.money(delta, b.LINE_SCALE, ctx.currency), _growth(now or 0, before or 0))
                     for t, name, now, before, delta in found if t == tag)
        return Table(key, title, columns, rows)

    return (table("growing", _("Top growing accounts"), 1),
            table("declining", _("Top declining accounts"), 2))

