"""Closings: won deals and orders, revenue against quota, win rate, average
deal size, sales cycle length and reactivated dormant accounts, per rep.

* **Revenue**, as the quota panel counts it (``desktop.services.forecast``):
  the net of the lines of orders not cancelled entered in the period, for the
  order's rep (its author, else the account's owner), plus the amount of deals
  won in the period that have no order. With a product line chosen, only its
  order lines count (and no deal).
* **Quota**: the rep's revenue quota of the period's own kind (the quarter's
  for a quarter), else the sum of their monthly quotas, each by the share of
  its days inside the period (a week gets 7/31 of December's).
* **Win rate**: deals won / deals won or lost, by ``closed_at`` in the period.
* **Sales cycle**: days from a won deal's creation to its close, averaged.
* **Reactivated**: accounts whose first order in the period follows a
  earlier order but none in the ``dormant_months`` before it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from desktop.domain.forecast_math import add_months
from desktop.i18n import _
from desktop.reports import base as b
from desktop.reports import trend_sums
from desktop.reports.filters import ReportFilter
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
from desktop.store.derived_today import ACCOUNT_FACTS, indexed_by

MONEY, INT, PCT, NUM = ColumnKind.MONEY, ColumnKind.INT, ColumnKind.PERCENT, ColumnKind.NUMBER


def build(ctx: b.ReportContext, f: ReportFilter) -> ReportResult:
    per_rep = figures_by_rep(ctx, f)
    names = b.rep_names(ctx.conn)
    cur = ctx.currency
    columns = (
        Column("rep", _("Rep")), Column("orders", _("Orders"), INT),
        Column("revenue", _("Revenue"), MONEY), Column("quota", _("Quota"), MONEY),
        Column("attainment", _("Attainment"), PCT), Column("won", _("Deals won"), INT),
        Column("won_amount", _("Won amount"), MONEY), Column("lost", _("Deals lost"), INT),
        Column("win_rate", _("Win rate"), PCT), Column("average", _("Average deal"), MONEY),
        Column("cycle", _("Sales cycle (days)"), NUM),
        Column("reactivated", _("Reactivated accounts"), INT))
    rows: list[tuple[Cell, ...]] = []
    order = sorted(per_rep, key=lambda r: names.get(r, ""))
    for rep in order:
        v = per_rep[rep]
        rows.append(_row(names.get(rep, _("(nobody)")), v, cur))
    total = {k: sum(v[k] for v in per_rep.values()) for k in _KEYS}
    totals = _row(_("Total"), total, cur)
    if not any(v["quota_set"] for v in per_rep.values()):
        totals = (*totals[:3], None, None, *totals[5:])
    table = Table("closings", _("Closings per rep"), columns, tuple(rows), totals)
    revenue = b.money(total["revenue"], b.LINE_SCALE, cur)
    chart = Chart(ChartKind.BAR, _("Revenue against quota"), _("Rep"),
                  _("Amount ({currency})").format(currency=cur),
                  tuple(names.get(r, "?") for r in order),
                  (Series(_("Revenue"), tuple(float(b.money(per_rep[r]["revenue"], b.LINE_SCALE,
                                                              cur)) for r in order)),
                   Series(_("Quota"), tuple(float(b.money(per_rep[r]["quota"], b.AMOUNT_SCALE,
                                                            cur)) for r in order))))
    figures = (
        Figure("revenue", _("Revenue"), revenue, MONEY),
        Figure("attainment", _("Quota attainment"), totals[4], PCT),
        Figure("won", _("Deals won"), total["won"]),
        Figure("win_rate", _("Win rate"), totals[8], PCT),
        Figure("average", _("Average deal"), totals[9], MONEY),
        Figure("cycle", _("Sales cycle (days)"), totals[10], NUM),
        Figure("reactivated", _("Reactivated accounts"), total["reactivated"]),
    )
    return ReportResult("closings", _("Closings"), b.subtitle(ctx, f), figures, (chart,),
                        (table,), (_("Revenue: order lines net of discounts, before tax, plus "
                                     "deals won without an order; in {currency}.").format(
                            currency=cur),))


_KEYS = ("orders", "revenue", "quota", "quota_set", "won", "won_amount", "lost", "cycle_days",
         "reactivated")


def _row(label: str, v: dict[str, int], cur: str) -> tuple[Cell, ...]:
    revenue = b.money(v["revenue"], b.LINE_SCALE, cur)
    quota = b.money(v["quota"], b.AMOUNT_SCALE, cur) if v["quota_set"] else None
    won_amount = b.money(v["won_amount"], b.AMOUNT_SCALE, cur)
    average = b.money(v["won_amount"] // v["won"], b.AMOUNT_SCALE, cur) if v["won"] else None
    cycle = round(v["cycle_days"] / 1000 / v["won"], 1) if v["won"] else None
    return (label, v["orders"], revenue, quota, b.percent(revenue, quota) if quota else None,
            v["won"], won_amount, v["lost"], b.percent(v["won"], v["won"] + v["lost"]),
            average, cycle, v["reactivated"])


def figures_by_rep(ctx: b.ReportContext, f: ReportFilter) -> dict[str, dict[str, int]]:
    """Per rep (hex id): integer sums (revenue in millionths, amounts and quota
    in thousandths, cycle days in thousandths)."""
    conn = ctx.conn
    reps = b.reps_in_scope(ctx, f)
    start, end = f.period.bounds()
    acc_sql, acc_args = b.account_clause(f)
    # the owner from the accounts' narrow index (no filter on their other columns)
    facts = "" if acc_sql else indexed_by(conn, ACCOUNT_FACTS)
    line_sql, line_args = b.line_clause(f)
    out: dict[str, dict[str, int]] = {r: dict.fromkeys(_KEYS, 0) for r in reps or []}

    def add(rep: str | None, key: str, value: Any) -> None:
        out.setdefault(rep or "", dict.fromkeys(_KEYS, 0))[key] += int(value or 0)

    _orders_and_revenue(ctx, f, reps, facts, add)
    owner_sql, owner_args = b.rep_clause("o.owner_id", reps)
    for rep, outcome, count, amount, cycle, bare in conn.execute(
            "SELECT o.owner_id, o.outcome, count(*), "  # nosec B608 - identifiers from code, values bound
            f"sum(CASE WHEN o.currency = ? THEN {b.DEAL_AMOUNT} END), "
            "sum(CAST(round((julianday(o.closed_at) - julianday(o.created_at)) * 1000) "
            "AS INTEGER)), "
            f"sum(CASE WHEN o.currency = ? AND NOT EXISTS (SELECT 1 FROM orders r "
            "WHERE r.opportunity_id = o.id AND r.deleted_at IS NULL) "
            f"THEN {b.DEAL_AMOUNT} END) "
            "FROM opportunities o JOIN accounts a ON a.id = o.account_id "
            "WHERE o.outcome IN ('won', 'lost') AND o.closed_at >= ? AND o.closed_at < ? "
            f"AND o.deleted_at IS NULL{acc_sql}{owner_sql} GROUP BY 1, 2",
            [ctx.currency, ctx.currency, start, end, *acc_args, *owner_args]):
        if outcome == "won":
            add(rep, "won", count)
            add(rep, "won_amount", amount)
            add(rep, "cycle_days", cycle)
            if not f.product_line:  # deals won without an order add to revenue
                add(rep, "revenue", int(bare or 0) * (b.LINE_SCALE // b.AMOUNT_SCALE))
        else:
            add(rep, "lost", count)
    _quotas(ctx, f, reps, add)
    for rep, count in conn.execute(
            "SELECT rep, count(*) FROM (SELECT o.account_id AS account, "  # nosec B608 - identifiers from code, values bound
            f"min(o.entered_at) AS first, {b.ORDER_REP} AS rep "
            f"FROM orders o JOIN accounts a{facts} ON a.id = o.account_id "
            "WHERE o.entered_at >= ? AND o.entered_at < ? AND o.deleted_at IS NULL "
            f"AND o.status != 'cancelled'{acc_sql} GROUP BY o.account_id) f "
            "WHERE EXISTS (SELECT 1 FROM orders p WHERE p.account_id = f.account "
            "AND p.deleted_at IS NULL AND p.status != 'cancelled' AND p.entered_at < f.first) "
            "AND NOT EXISTS (SELECT 1 FROM orders p WHERE p.account_id = f.account "
            "AND p.deleted_at IS NULL AND p.status != 'cancelled' AND p.entered_at < f.first "
            f"AND p.entered_at >= datetime(f.first, '-{int(ctx.dormant_months)} months'))"
            f"{b.rep_clause('rep', reps)[0]} GROUP BY rep",
            [start, end, *acc_args, *(reps or [])]):
        add(rep, "reactivated", count)
    return out


def _orders_and_revenue(ctx: b.ReportContext, f: ReportFilter, reps: list[str] | None,
                        facts: str, add: Any) -> None:
    """Each rep's orders (those with a live line of the filter's product line)
    and their lines' net: the whole months of the period from the kept monthly
    rows (``trend_revenue``, as the trends report reads them), only the days at
    its ends from the lines; the orders from the orders' and lines' indexes."""
    conn = ctx.conn
    start, end = f.period.bounds()
    acc_sql, acc_args = b.account_clause(f)
    line_sql, line_args = b.line_clause(f)
    rep_sql, rep_args = b.rep_clause(b.ORDER_REP, reps)
    for rep, orders in conn.execute(
            f"SELECT {b.ORDER_REP}, count(*) FROM orders o "  # nosec B608 - identifiers from code, values bound
            f"JOIN accounts a{facts} ON a.id = o.account_id "
            "WHERE o.entered_at >= ? AND o.entered_at < ? AND o.deleted_at IS NULL "
            f"AND o.status != 'cancelled'{acc_sql}{rep_sql} AND EXISTS (SELECT 1 FROM "
            f"order_lines l WHERE l.order_id = o.id AND l.deleted_at IS NULL{line_sql}) "
            "GROUP BY 1", [start, end, *acc_args, *rep_args, *line_args]):
        add(rep, "orders", orders)
    part = trend_sums.split(f.period)
    if part.months:
        where, args = trend_sums.rollup_clause(f, reps)
        for rep, net in conn.execute(
                "SELECT r.rep_key, sum(r.net) FROM trend_revenue r "  # nosec B608 - identifiers from code, values bound
                f"WHERE r.month IN ({b.marks(part.months)}) AND r.currency = ?{where} "
                "GROUP BY 1 HAVING sum(r.lines) > 0", [*part.months, ctx.currency, *args]):
            add(rep, "revenue", net)
    if part.edges:
        within, within_args = trend_sums.entered_within(part.edges)
        for rep, net in conn.execute(
                f"SELECT {b.ORDER_REP}, sum({b.LINE_NET}) "  # nosec B608 - identifiers from code, values bound
                f"FROM orders o JOIN accounts a{facts} ON a.id = o.account_id "
                "JOIN order_lines l ON l.order_id = o.id AND l.deleted_at IS NULL "
                f"WHERE {within} AND o.deleted_at IS NULL AND o.status != 'cancelled' "
                f"AND o.currency = ?{acc_sql}{line_sql}{rep_sql} GROUP BY 1",
                [*within_args, ctx.currency, *acc_args, *line_args, *rep_args]):
            add(rep, "revenue", net)


def _quotas(ctx: b.ReportContext, f: ReportFilter, reps: list[str] | None, add: Any) -> None:
    """Each rep's revenue quota: of the period's own kind, else their monthly
    quotas, each by the share of its days inside the period (a week, a range)."""
    if f.product_line:
        return
    start, end = f.period.bounds()
    first_month = f.period.start.replace(day=1).isoformat()
    rep_sql, rep_args = b.rep_clause("q.owner_id", reps)
    found: dict[str, dict[str, int]] = {}
    for rep, kind, month, target in ctx.conn.execute(
            "SELECT q.owner_id, q.period_kind, q.period_start, "  # nosec B608 - identifiers from code, values bound
            "CAST(round(q.target * 1000) AS INTEGER) FROM quotas q "
            "WHERE q.metric = 'revenue' AND q.deleted_at IS NULL "
            "AND q.currency = ? AND q.product_line IS NULL AND ((q.period_kind = ? AND "
            "q.period_start = ?) OR (q.period_kind = 'month' AND q.period_start >= ? AND "
            f"q.period_start < ?)){rep_sql}",
            [ctx.currency, f.period.kind, start, first_month, end, *rep_args]):
        share = int(target or 0)
        if kind == "month":  # the part of the month inside the period
            lo = date.fromisoformat(month)
            hi = add_months(lo, 1)
            inside = (min(hi, f.period.end) - max(lo, f.period.start)).days
            share = share * inside // (hi - lo).days
        into = found.setdefault(rep, {})
        into[kind] = into.get(kind, 0) + share
    for rep, kinds in found.items():
        add(rep, "quota", kinds.get(f.period.kind, kinds.get("month", 0)))
        add(rep, "quota_set", 1)
