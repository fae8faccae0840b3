"""Delivery quality: order lines shipped on time against their requested ship
dates, late lines, expedites, and concerns per 100 orders, per rep.

* A line is **due** in the period when its requested ``ship_date`` falls in
  it (orders not cancelled). It shipped **on time** when its first shipment
  (an ``order_events`` row of status shipped whose ``shipped`` names the line;
  kept on the line as ``first_shipped_on``, migration 0022)
  has a ship date on or before the requested one; **late** when that shipment
  came after it, or none has come and the date is before today.
* **Expedites**: orders entered in the period marked expedite.
* **Concerns per 100 orders**: concerns opened in the period on the scope's
  accounts, per 100 orders entered in the period.
"""

from __future__ import annotations

from typing import Any

from desktop.i18n import _
from desktop.reports import base as b
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

INT, PCT, NUM = ColumnKind.INT, ColumnKind.PERCENT, ColumnKind.NUMBER
# the line's first shipment day, kept by triggers (derived_delivery, migration 0022)
STATE = ("CASE WHEN l.first_shipped_on IS NOT NULL AND l.first_shipped_on <= l.ship_date "
         "THEN 'on_time' WHEN l.first_shipped_on IS NOT NULL THEN 'late' "
         "WHEN l.ship_date < ? THEN 'late_open' ELSE 'ahead' END")
STATES = ("on_time", "late", "late_open", "ahead")
_KEYS = (*STATES, "orders", "expedited", "concerns")


def build(ctx: b.ReportContext, f: ReportFilter) -> ReportResult:
    conn = ctx.conn
    reps = b.reps_in_scope(ctx, f)
    start, end = f.period.bounds()
    acc_sql, acc_args = b.account_clause(f)
    # the owner from the accounts' narrow index (no filter on their other columns)
    facts = "" if acc_sql else indexed_by(conn, ACCOUNT_FACTS)
    line_sql, line_args = b.line_clause(f)
    rep_sql, rep_args = b.rep_clause(b.ORDER_REP, reps)
    bucket, buckets = b.bucket_sql(f.period, "l.ship_date")
    per: dict[str, dict[str, int]] = {r: dict.fromkeys(_KEYS, 0) for r in reps or []}

    def add(rep: str | None, key: str, value: Any) -> None:
        per.setdefault(rep or "", dict.fromkeys(_KEYS, 0))[key] += int(value or 0)

    by_bucket: dict[tuple[str, str], int] = {}
    for key, state, rep, count in conn.execute(
            # The lines due from their index alone, counted per order, bucket and
            # state; then each order's rep once (not once per line).
            f"SELECT g.bucket, g.state, {b.ORDER_REP}, sum(g.n) FROM ("  # nosec B608 - identifiers from code, values bound
            f"SELECT l.order_id AS order_id, {bucket} AS bucket, {STATE} AS state, "
            "count(*) AS n FROM order_lines l "
            "WHERE l.ship_date >= ? AND l.ship_date < ? AND l.deleted_at IS NULL"
            f"{line_sql} GROUP BY 1, 2, 3) g CROSS JOIN orders o ON o.id = g.order_id "
            f"JOIN accounts a{facts} ON a.id = o.account_id "
            f"WHERE o.deleted_at IS NULL AND o.status != 'cancelled'{acc_sql}{rep_sql} "
            "GROUP BY 1, 2, 3",
            [ctx.today.isoformat(), start, end, *line_args, *acc_args, *rep_args]):
        by_bucket[key, state] = by_bucket.get((key, state), 0) + count
        add(rep, state, count)
    for rep, orders, expedited in conn.execute(
            f"SELECT {b.ORDER_REP}, count(*), sum(o.expedite) "  # nosec B608 - identifiers from code, values bound
            f"FROM orders o JOIN accounts a{facts} ON a.id = o.account_id "
            "WHERE o.entered_at >= ? AND o.entered_at < ? AND o.deleted_at IS NULL "
            f"AND o.status != 'cancelled'{acc_sql}{rep_sql} GROUP BY 1",
            [start, end, *acc_args, *rep_args]):
        add(rep, "orders", orders)
        add(rep, "expedited", expedited)
    owner_sql, owner_args = b.rep_clause("a.owner_id", reps)
    for rep, count in conn.execute(
            "SELECT a.owner_id, count(*) FROM concerns c "  # nosec B608 - identifiers from code, values bound
            # the concerns first (few), then their accounts: not every account
            "CROSS JOIN accounts a ON a.id = c.account_id WHERE c.opened_at >= ? "
            f"AND c.opened_at < ? AND c.deleted_at IS NULL{acc_sql}{owner_sql} GROUP BY 1",
            [start, end, *acc_args, *owner_args]):
        add(rep, "concerns", count)
    names = b.rep_names(conn)
    order = sorted(per, key=lambda r: names.get(r, ""))
    rows = tuple(_row(names.get(r, _("(nobody)")), per[r]) for r in order)
    total = {k: sum(v[k] for v in per.values()) for k in _KEYS}
    totals = _row(_("Total"), total)
    columns = (
        Column("rep", _("Rep")), Column("due", _("Lines due"), INT),
        Column("on_time", _("Shipped on time"), INT), Column("late", _("Shipped late"), INT),
        Column("late_open", _("Late, not shipped"), INT), Column("ahead", _("Not yet due"), INT),
        Column("on_time_pct", _("On time"), PCT), Column("orders", _("Orders"), INT),
        Column("expedited", _("Expedited"), INT), Column("expedite_pct", _("Expedited share"),
                                                         PCT),
        Column("concerns", _("Concerns"), INT),
        Column("per_100", _("Concerns per 100 orders"), NUM))
    labels = {"on_time": _("On time"), "late": _("Shipped late"),
              "late_open": _("Late, not shipped"), "ahead": _("Not yet due")}
    chart = Chart(ChartKind.STACKED, _("Order lines by requested ship date"),
                  b.bucket_title(f.period), _("Lines"),
                  tuple(label for _k, label in buckets),
                  tuple(Series(labels[s], tuple(float(by_bucket.get((k, s), 0))
                                                for k, _l in buckets)) for s in STATES))
    figures = (
        Figure("on_time_pct", _("Shipped on time"), totals[6], PCT),
        Figure("late", _("Late lines"), total["late"] + total["late_open"]),
        Figure("expedited", _("Expedited orders"), total["expedited"]),
        Figure("per_100", _("Concerns per 100 orders"), totals[11], NUM),
    )
    return ReportResult("delivery", _("Delivery quality"), b.subtitle(ctx, f), figures,
                        (chart,), (Table("delivery", _("Delivery per rep"), columns, rows,
                                         totals),),
                        (_("On time: the first shipment of a line left on or before the ship "
                           "date asked for."),))


def _row(label: str, v: dict[str, int]) -> tuple[Cell, ...]:
    due = sum(v[s] for s in STATES)
    judged = v["on_time"] + v["late"] + v["late_open"]
    return (label, due, v["on_time"], v["late"], v["late_open"], v["ahead"],
            b.percent(v["on_time"], judged), v["orders"], v["expedited"],
            b.percent(v["expedited"], v["orders"]), v["concerns"],
            round(v["concerns"] * 100 / v["orders"], 1) if v["orders"] else None)
