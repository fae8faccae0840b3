"""Activity: interactions by channel and week, per rep, and the action plans'
goals against the contacts made (adherence in percent, per goal).

An interaction counts for its author in the period (notes included, as the
history shows them); "accounts contacted" counts distinct accounts reached on
any channel but notes. A goal counts, as the action plan does, its owner's
interactions on its channel with accounts of its segment within the plan's
own dates (UTC days); plans overlapping the report's period are listed.
"""

from __future__ import annotations

from datetime import date, timedelta

from desktop.domain.schema.enums import Channel
from desktop.i18n import _
from desktop.planning.goal_counts import SEGMENT_SQL
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
from desktop.store.derived_activity import MISSING
from desktop.store.derived_today import indexed_by

CHANNELS = tuple(c.value for c in Channel)
# Every author (an interaction's author is a user, a foreign key) or none, as
# ranges of ``ix_interactions_author_occurred`` rather than a scan of the table.
EVERY_AUTHOR = " AND (i.author_id IN (SELECT id FROM users) OR i.author_id IS NULL)"


def build(ctx: b.ReportContext, f: ReportFilter) -> ReportResult:
    conn = ctx.conn
    reps = b.reps_in_scope(ctx, f)
    start, end = f.period.bounds()
    rep_sql, rep_args = b.rep_clause("i.author_id", reps)
    if reps is None:  # everyone: each author's range of the covering index, not a scan
        rep_sql = EVERY_AUTHOR
    acc_sql, acc_args = b.account_clause(f)
    join = " JOIN accounts a ON a.id = i.account_id" if acc_sql else ""
    buckets = b.bucket_sql(f.period, "d.day")[1]
    where = (f"FROM interactions i{join} WHERE i.occurred_at >= ? AND i.occurred_at < ? "
             f"AND i.deleted_at IS NULL{rep_sql}{acc_sql}")
    args = [start, end, *rep_args, *acc_args]
    by_week: dict[tuple[str, str], int] = {}
    per_rep: dict[str, dict[str, int]] = {}
    for key, channel, rep, count in _by_day(ctx, f, reps, where, args):
        by_week[key, channel] = by_week.get((key, channel), 0) + count
        per_rep.setdefault(rep or "", {})
        per_rep[rep or ""][channel] = per_rep[rep or ""].get(channel, 0) + count
    # Accounts reached, per rep and in all, from one pass: the distinct (rep,
    # account) pairs kept, then counted twice (tag 1: per rep; 2: everyone).
    reached: dict[str | None, int] = {}
    accounts_total = 0
    for tag, rep, count in conn.execute(
            "WITH p AS MATERIALIZED (SELECT DISTINCT i.author_id AS rep, "  # nosec B608 - identifiers from code, values bound
            f"i.account_id AS account {where} AND i.channel != 'note') "
            "SELECT 1, rep, count(*) FROM p GROUP BY rep "
            "UNION ALL SELECT 2, NULL, count(DISTINCT account) FROM p", args):
        if tag == 1:
            reached[rep] = count
        else:
            accounts_total = count
    names = b.rep_names(conn)
    used = [c for c in CHANNELS if any(ch == c for _k, ch in by_week)]
    chart = Chart(ChartKind.STACKED, _("Interactions by channel"),
                  b.bucket_title(f.period),
                  _("Interactions"), tuple(label for _k, label in buckets),
                  tuple(Series(c, tuple(float(by_week.get((k, c), 0)) for k, _l in buckets))
                        for c in used))
    columns = (Column("rep", _("Rep")), *(Column(c, c, ColumnKind.INT) for c in CHANNELS),
               Column("total", _("Total"), ColumnKind.INT),
               Column("accounts", _("Accounts contacted"), ColumnKind.INT))
    rows: list[tuple[Cell, ...]] = []
    for rep, counts in sorted(per_rep.items(), key=lambda kv: names.get(kv[0], "")):
        rows.append((names.get(rep, _("(nobody)")), *(counts.get(c, 0) for c in CHANNELS),
                     sum(counts.values()), int(reached.get(rep or None, 0))))
    by_channel = [sum(counts.get(c, 0) for counts in per_rep.values()) for c in CHANNELS]
    total_by = [*by_channel, sum(by_channel)]
    activity = Table("activity", _("Interactions per rep and channel"), columns, tuple(rows),
                     (_("Total"), *total_by, int(accounts_total)))
    goals, pairs = _goals(ctx, f, reps)
    targets = sum(t for t, _d in pairs)
    done = sum(min(d, t) for t, d in pairs)
    figures = (
        Figure("interactions", _("Interactions"), total_by[-1]),
        Figure("accounts", _("Accounts contacted"), int(accounts_total)),
        Figure("visits", _("Visits and meetings"),
               sum(total_by[CHANNELS.index(c)] for c in ("visit", "meeting"))),
        Figure("adherence", _("Goal adherence"), b.percent(done, targets), ColumnKind.PERCENT),
    )
    return ReportResult("activity", _("Activity"), b.subtitle(ctx, f), figures, (chart,),
                        (activity, goals), (_(
                            "Adherence: contacts made on the goal's channel with accounts of "
                            "its segment within the plan's dates, against its target "
                            "(capped at 100 % in the overall figure)."),))


def _by_day(ctx: b.ReportContext, f: ReportFilter, reps: list[str] | None, where: str,
            args: list[object]) -> list[tuple[str, str, str, int]]:
    """(bucket, channel, rep, count): without an account filter from the daily
    counts (``activity_daily``, a few thousand rows a quarter), else from the
    interactions counted by day first (the bucket's date() runs once a day)."""
    bucket, _buckets = b.bucket_sql(f.period, "d.day")
    if not b.account_clause(f)[0] and rollup(ctx.conn):
        start, end = f.period.bounds()
        rep_sql, rep_args = b.rep_clause("rep_key", reps)
        inner = ("SELECT day, channel, rep_key AS author_id, sum(n) AS n FROM activity_daily "
                 f"WHERE day >= ? AND day < ?{rep_sql} GROUP BY 1, 2, 3")
        inner_args: list[object] = [start, end, *rep_args]
    else:
        inner = (f"SELECT substr(i.occurred_at, 1, 10) AS day, i.channel, i.author_id, "
                 f"count(*) AS n {where} GROUP BY 1, 2, 3")
        inner_args = args
    return ctx.conn.execute(
        f"SELECT {bucket}, d.channel, d.author_id, sum(d.n) FROM ({inner}) d "  # nosec B608 - identifiers from code, values bound
        "GROUP BY 1, 2, 3", inner_args).fetchall()


def rollup(conn: object) -> bool:
    """Whether the cache keeps the daily counts (migration 0020)."""
    return bool(conn.execute(  # type: ignore[attr-defined]
        "SELECT 1 FROM sqlite_master WHERE name = 'activity_daily'").fetchone())


def _goals(ctx: b.ReportContext, f: ReportFilter, reps: list[str] | None
           ) -> tuple[Table, list[tuple[int, int]]]:
    """One row per goal of the plans overlapping the period, and each goal's
    (target, done)."""
    conn = ctx.conn
    start, end = f.period.bounds()
    rep_sql, rep_args = b.rep_clause("p.owner_id", reps)
    plans = conn.execute(
        "SELECT p.id, p.owner_id, p.name, p.period_start, p.period_end FROM action_plans p "  # nosec B608 - identifiers from code, values bound
        "WHERE p.deleted_at IS NULL AND p.period_start < ? AND p.period_end >= ?"
        f"{rep_sql} ORDER BY p.period_start, p.name", [end, start, *rep_args]).fetchall()
    names = b.rep_names(conn)
    acc_sql, acc_args = b.account_clause(f)
    daily = not acc_sql and rollup(conn)
    sums = ", ".join(f"sum(CASE WHEN {SEGMENT_SQL[s]} THEN a.n ELSE 0 END)" if daily
                     else f"sum({SEGMENT_SQL[s]})" for s in SEGMENT_SQL)
    rows: list[tuple[Cell, ...]] = []
    pairs: list[tuple[int, int]] = []
    indexed = indexed_by(conn, "ix_interactions_author_occurred")  # away during a first load
    for plan_id, owner, name, first, last in plans:
        since = first
        until = (date.fromisoformat(last) + timedelta(days=1)).isoformat()
        done = {}
        for row in conn.execute(*_done_sql(sums, acc_sql, [owner, since, until, *acc_args],
                                           daily, indexed)):
            for n, segment in enumerate(SEGMENT_SQL):
                done[row[0], segment] = int(row[n + 1] or 0)
        for channel, segment, target in conn.execute(
                "SELECT channel, segment, target_count FROM action_plan_goals "
                "WHERE plan_id = ? AND deleted_at IS NULL ORDER BY channel, segment",
                (plan_id,)):
            made = done.get((channel, segment), 0)
            rows.append((name, names.get(owner, ""), f"{first} – {last}", f"{channel} · {segment}",
                         int(target), made, b.percent(made, target)))
            pairs.append((int(target), made))
    targets = sum(t for t, _d in pairs)
    made_all = sum(d for _t, d in pairs)
    columns = (Column("plan", _("Plan")), Column("rep", _("Rep")), Column("dates", _("Dates")),
               Column("goal", _("Goal")), Column("target", _("Target"), ColumnKind.INT),
               Column("done", _("Done"), ColumnKind.INT),
               Column("adherence", _("Adherence"), ColumnKind.PERCENT))
    return Table("goals", _("Goals of the action plans"), columns, tuple(rows),
                 (_("Total"), "", "", "", targets, made_all, b.percent(made_all, targets))
                 ), pairs


def _done_sql(sums: str, acc_sql: str, args: list[object], daily: bool, indexed: str
              ) -> tuple[str, list[object]]:
    """A plan owner's interactions in its days by channel, each summed for every
    segment its account is in: from the daily counts by the account's kind and
    status (aliased ``a``, as ``SEGMENT_SQL`` reads them; an account not in the
    cache counts for none), or from the interactions with an account filter."""
    if daily:
        return (f"SELECT a.channel, {sums} FROM activity_daily a WHERE a.rep_key = ? "  # nosec B608 - identifiers from code, values bound
                f"AND a.day >= ? AND a.day < ? AND a.kind != '{MISSING}' GROUP BY a.channel",
                args)
    return (f"SELECT i.channel, {sums} FROM interactions i{indexed} "  # nosec B608 - identifiers from code, values bound
            "JOIN accounts a ON a.id = i.account_id WHERE i.author_id = ? "
            "AND i.occurred_at >= ? AND i.occurred_at < ? AND i.deleted_at IS NULL"
            f"{acc_sql} GROUP BY i.channel", args)
