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
    bucket, buckets = b.bucket_sql(f.period, "d.day")
    where = (f"FROM interactions i{join} WHERE i.occurred_at >= ? AND i.occurred_at < ? "
             f"AND i.deleted_at IS NULL{rep_sql}{acc_sql}")
    args = [start, end, *rep_args, *acc_args]
    by_week: dict[tuple[str, str], int] = {}
    per_rep: dict[str, dict[str, int]] = {}
    # Counted by day first, then put in buckets: the bucket's date() runs once a day.
    for key, channel, rep, count in conn.execute(
            f"SELECT {bucket}, d.channel, d.author_id, sum(d.n) FROM ("  # nosec B608 - identifiers from code, values bound
            f"SELECT substr(i.occurred_at, 1, 10) AS day, i.channel, i.author_id, count(*) AS n "
            f"{where} GROUP BY 1, 2, 3) d GROUP BY 1, 2, 3", args):
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
    sums = ", ".join(f"sum({SEGMENT_SQL[s]})" for s in SEGMENT_SQL)
    rows: list[tuple[Cell, ...]] = []
    pairs: list[tuple[int, int]] = []
    for plan_id, owner, name, first, last in plans:
        since = first
        until = (date.fromisoformat(last) + timedelta(days=1)).isoformat()
        done = {}
        for row in conn.execute(
                f"SELECT i.channel, {sums} FROM interactions i "  # nosec B608 - identifiers from code, values bound
                "INDEXED BY ix_interactions_author_occurred "
                "JOIN accounts a ON a.id = i.account_id WHERE i.author_id = ? "
                "AND i.occurred_at >= ? AND i.occurred_at < ? AND i.deleted_at IS NULL"
                f"{acc_sql} GROUP BY i.channel", [owner, since, until, *acc_args]):
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
