"""Pipeline and forecast: open deals closing in the period by stage and by
close month (amount and weighted amount), the stage changes of the last seven
days, and the stale deals.

* **Weighted**: amount x probability (the deal's own, else its stage's).
* **Changes**: moves recorded in the seven days up to the report's day (today,
  or the period's last day when it is over): new deals, moves forward and back
  (by stage position), won and lost.
* **Stale** (any open deal of the scope, whatever its close date): its next
  step's date or close date has passed, or nothing was logged on its account
  for the stale-after days of the settings.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from desktop.domain import formats
from desktop.domain import stages as stage_rules
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
from desktop.store.derived_today import ACCOUNT_FACTS, DEAL_FACTS, OPEN_STALE, indexed_by

INT, MONEY = ColumnKind.INT, ColumnKind.MONEY
WEIGHT = 10_000_000  # weighted sums: thousandths x basis points
STALE_ROWS = 25


def stages(ctx: b.ReportContext) -> list[stage_rules.Stage]:
    rows = ctx.conn.execute(
        "SELECT key, name, position, probability, kind FROM opportunity_stages "
        "WHERE deleted_at IS NULL ORDER BY position").fetchall()
    if not rows:
        return list(stage_rules.DEFAULT_STAGES)
    return [stage_rules.Stage(k, n, p, Decimal(str(pr)), kind) for k, n, p, pr, kind in rows]


def build(ctx: b.ReportContext, f: ReportFilter) -> ReportResult:
    conn = ctx.conn
    cur = ctx.currency
    reps = b.reps_in_scope(ctx, f)
    start, end = f.period.bounds()
    acc_sql, acc_args = b.account_clause(f)
    rep_sql, rep_args = b.rep_clause("o.owner_id", reps)
    steps = stages(ctx)
    bp = {s.key: int(s.probability * 10_000) for s in steps}
    by_stage: dict[str, list[int]] = {}
    by_month: dict[str, list[int]] = {}
    for stage, month, count, amount, plain, own, commit in conn.execute(
            "SELECT o.stage, substr(o.close_date, 1, 7), count(*), "  # nosec B608 - identifiers from code, values bound
            f"sum(CASE WHEN o.currency = ? THEN {b.DEAL_AMOUNT} END), "
            f"sum(CASE WHEN o.currency = ? AND o.probability IS NULL THEN {b.DEAL_AMOUNT} END), "
            f"sum(CASE WHEN o.currency = ? AND o.probability IS NOT NULL THEN {b.DEAL_AMOUNT} * "
            "CAST(round(o.probability * 10000) AS INTEGER) END), "
            f"sum(CASE WHEN o.currency = ? AND o.forecast_category = 'commit' THEN "
            f"{b.DEAL_AMOUNT} END) "
            f"FROM opportunities o{indexed_by(conn, OPEN_STALE)} "
            f"JOIN accounts a{indexed_by(conn, ACCOUNT_FACTS)} ON a.id = o.account_id "
            "WHERE o.outcome = 'open' AND o.close_date >= ? AND o.close_date < ? "
            f"AND o.deleted_at IS NULL{acc_sql}{rep_sql} GROUP BY 1, 2",
            [cur, cur, cur, cur, start, end, *acc_args, *rep_args]):
        weighted = int(plain or 0) * bp.get(stage, 0) + int(own or 0)
        for into, key in ((by_stage, stage), (by_month, month)):
            v = into.setdefault(key, [0, 0, 0, 0])
            v[0] += count
            v[1] += int(amount or 0)
            v[2] += weighted
            v[3] += int(commit or 0)

    def money(v: int, scale: int = b.AMOUNT_SCALE) -> Decimal:
        return b.money(v, scale, cur)

    def rows_of(into: dict[str, list[int]], keys: list[tuple[str, str]]
                ) -> tuple[tuple[Cell, ...], ...]:
        return tuple((label, into[k][0], money(into[k][1]), money(into[k][2], WEIGHT),
                      money(into[k][3])) for k, label in keys if k in into)

    stage_keys = [(s.key, s.name) for s in steps if s.key in by_stage] + [
        (k, k) for k in sorted(by_stage) if k not in {s.key for s in steps}]
    month_keys = [(m, m) for m in b.months_of(f.period)]
    total = [sum(v[n] for v in by_stage.values()) for n in range(4)]
    totals = (_("Total"), total[0], money(total[1]), money(total[2], WEIGHT), money(total[3]))
    columns = (Column("stage", _("Stage")), Column("deals", _("Deals"), INT),
               Column("amount", _("Amount"), MONEY), Column("weighted", _("Weighted"), MONEY),
               Column("commit", _("Commit"), MONEY))
    stage_table = Table("by_stage", _("Open deals by stage"), columns,
                        rows_of(by_stage, stage_keys), totals)
    month_table = Table("by_month", _("Open deals by close month"),
                        (Column("month", _("Close month")), *columns[1:]),
                        rows_of(by_month, month_keys), totals)
    axis = _("Amount ({currency})").format(currency=cur)
    charts = (
        Chart(ChartKind.BAR, _("Open deals by stage"), _("Stage"), axis,
              tuple(label for _k, label in stage_keys),
              (Series(_("Amount"), tuple(float(money(by_stage[k][1])) for k, _l in stage_keys)),
               Series(_("Weighted"), tuple(float(money(by_stage[k][2], WEIGHT))
                                           for k, _l in stage_keys)))),
        Chart(ChartKind.LINE, _("Forecast by close month"), _("Close month"), axis,
              tuple(k for k, _l in month_keys),
              (Series(_("Amount"), tuple(float(money(by_month.get(k, [0, 0])[1]))
                                         for k, _l in month_keys)),
               Series(_("Weighted"), tuple(float(money(by_month.get(k, [0, 0, 0])[2], WEIGHT))
                                           for k, _l in month_keys)))))
    changes = _changes(ctx, f, reps, steps)
    stale, stale_count, stale_amount = _stale(ctx, f, reps)
    figures = (
        Figure("open", _("Open deals"), total[0]),
        Figure("amount", _("Pipeline"), money(total[1]), MONEY),
        Figure("weighted", _("Weighted"), money(total[2], WEIGHT), MONEY),
        Figure("commit", _("Commit"), money(total[3]), MONEY),
        Figure("stale", _("Stale deals"), stale_count),
        Figure("stale_amount", _("Stale amount"), stale_amount, MONEY),
    )
    return ReportResult("pipeline", _("Pipeline and forecast"), b.subtitle(ctx, f), figures,
                        charts, (stage_table, month_table, changes, stale))


def as_of(ctx: b.ReportContext, f: ReportFilter) -> str:
    """The day after the report's day: changes and staleness are measured up to it."""
    return min(ctx.tomorrow, f.period.end.isoformat())


def _changes(ctx: b.ReportContext, f: ReportFilter, reps: list[str] | None,
             steps: list[stage_rules.Stage]) -> Table:
    until = as_of(ctx, f)
    since = (b.date.fromisoformat(until) - timedelta(days=7)).isoformat()
    acc_sql, acc_args = b.account_clause(f)
    rep_sql, rep_args = b.rep_clause("o.owner_id", reps)
    position = {s.key: s.position for s in steps}
    kind = {s.key: s.kind for s in steps}
    counts: dict[str, list[int]] = {}
    for from_stage, to_stage, count, amount in ctx.conn.execute(
            "SELECT c.from_stage, c.to_stage, count(*), "  # nosec B608 - identifiers from code, values bound
            "sum(CASE WHEN o.currency = ? THEN CAST(round(c.amount * 1000) AS INTEGER) END) "
            # CROSS JOIN: the week's changes by their time index, then their deals
            # (not every deal of the rep's, then each one's changes)
            "FROM opportunity_stage_changes c CROSS JOIN opportunities "
            f"o{indexed_by(ctx.conn, DEAL_FACTS)} "
            "ON o.id = c.opportunity_id "
            "JOIN accounts a ON a.id = c.account_id WHERE c.changed_at >= ? "
            f"AND c.changed_at < ? AND c.deleted_at IS NULL{acc_sql}{rep_sql} GROUP BY 1, 2",
            [ctx.currency, since, until, *acc_args, *rep_args]):
        if from_stage is None:
            what = "new"
        elif kind.get(to_stage) in ("won", "lost"):
            what = str(kind[to_stage])
        elif position.get(to_stage, 0) >= position.get(from_stage, 0):
            what = "forward"
        else:
            what = "back"
        v = counts.setdefault(what, [0, 0])
        v[0] += count
        v[1] += int(amount or 0)
    labels = {"new": _("New deals"), "forward": _("Moved forward"), "back": _("Moved back"),
              "won": _("Won"), "lost": _("Lost")}
    rows = tuple((labels[k], counts.get(k, [0, 0])[0],
                  b.money(counts.get(k, [0, 0])[1], b.AMOUNT_SCALE, ctx.currency))
                 for k in labels)
    return Table("changes", _("Stage changes {days}").format(days=formats.span(
        b.date.fromisoformat(since), b.date.fromisoformat(until) - timedelta(days=1))),
        (Column("change", _("Change")), Column("count", _("Deals"), INT),
         Column("amount", _("Amount"), MONEY)), rows,
        (_("Total"), sum(v[0] for v in counts.values()),
         b.money(sum(v[1] for v in counts.values()), b.AMOUNT_SCALE, ctx.currency)))


def _stale(ctx: b.ReportContext, f: ReportFilter, reps: list[str] | None
           ) -> tuple[Table, int, Decimal]:
    today = b.date.fromisoformat(as_of(ctx, f)) - timedelta(days=1)
    quiet = (today - timedelta(days=ctx.stale_days)).isoformat()
    acc_sql, acc_args = b.account_clause(f)
    rep_sql, rep_args = b.rep_clause("o.owner_id", reps)
    stale = ("(o.next_step_on < :today OR o.close_date < :today OR "
             "coalesce(a.last_contact_at, o.created_at) < :quiet)")
    named = {"today": today.isoformat(), "quiet": quiet, "cur": ctx.currency}
    # The open deals' narrow index in account order, each probing its account's
    # narrow index (migration 0018), not the two wide rows.
    where = (f"FROM opportunities o{indexed_by(ctx.conn, OPEN_STALE)} "
             f"JOIN accounts a{indexed_by(ctx.conn, ACCOUNT_FACTS)} ON a.id = o.account_id "
             f"WHERE o.outcome = 'open' AND o.deleted_at IS NULL AND {stale}"
             f"{_named(acc_sql, 'acc')}{_named(rep_sql, 'rep')}")
    named.update({f"acc{n}": v for n, v in enumerate(acc_args)})
    named.update({f"rep{n}": v for n, v in enumerate(rep_args)})
    # One pass over the open deals (each one's account read once): the stale ones'
    # ids and amounts kept, their count and sum and the largest read from those.
    found = ctx.conn.execute(
        f"WITH s AS MATERIALIZED (SELECT o.rowid AS r, o.id AS id, "  # nosec B608 - identifiers from code, values bound
        f"o.currency = :cur AS home, {b.DEAL_AMOUNT} AS amt {where}), "
        f"top AS (SELECT r, amt FROM s WHERE home ORDER BY amt DESC, id LIMIT {STALE_ROWS}) "
        "SELECT (SELECT count(*) FROM s), (SELECT sum(amt) FROM s WHERE home), o.name, "
        "a.name, o.owner_id, o.stage, o.close_date, o.next_step_on, "
        "substr(a.last_contact_at, 1, 10), top.amt FROM (SELECT 1) "
        "LEFT JOIN top LEFT JOIN opportunities o ON o.rowid = top.r "
        "LEFT JOIN accounts a ON a.id = o.account_id "
        "ORDER BY top.amt DESC, o.id", named).fetchall()
    count, amount = found[0][0], found[0][1]
    names = b.rep_names(ctx.conn)
    rows = []
    for (*_n, name, account, owner, stage, close, next_on, last, amt) in found:
        if name is None and amt is None:
            continue  # no stale deal: the one row carries the count (0)
        rows.append((name, account, names.get(owner, ""), stage, b.date.fromisoformat(close),
                     next_on and b.date.fromisoformat(next_on), last or "",
                     b.money(amt, b.AMOUNT_SCALE, ctx.currency)))
    total = b.money(amount, b.AMOUNT_SCALE, ctx.currency)
    table = Table("stale", _("Stale deals (the {n} largest)").format(n=STALE_ROWS), (
        Column("deal", _("Deal")), Column("account", _("Account")), Column("rep", _("Rep")),
        Column("stage", _("Stage")), Column("close", _("Close date"), ColumnKind.DATE),
        Column("next", _("Next step on"), ColumnKind.DATE),
        Column("last", _("Last contact")), Column("amount", _("Amount"), MONEY)),
        tuple(rows), (_("All stale: {n}").format(n=count), "", "", "", None, None, "", total))
    return table, int(count or 0), total


def _named(sql: str, prefix: str) -> str:
    for n in range(sql.count("?")):
        sql = sql.replace("?", f":{prefix}{n}", 1)
    return sql
