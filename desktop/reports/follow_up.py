"""Follow-up: follow-ups due in the period (done on time, done late, overdue,
not yet due) per assignee, and concerns opened, resolved and their age per
account owner.

* A follow-up is **done on time** when it was done on or before its due date
  (the UTC day of ``done_at``); **overdue** when it is not done and its due
  date is before today. **On time** in percent: done on time / those due by
  today or done.
* A concern is **open at the end** when it was opened before the period ends
  and not resolved by then; its **age** runs to the period's end (today, if
  sooner). **Days to resolve**: resolved in the period, from opened to resolved.
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

INT, PCT, NUM = ColumnKind.INT, ColumnKind.PERCENT, ColumnKind.NUMBER
_STATE = ("CASE WHEN f.done_at IS NOT NULL AND substr(f.done_at, 1, 10) <= f.due_date "
          "THEN 'on_time' WHEN f.done_at IS NOT NULL THEN 'late' "
          "WHEN f.due_date < ? THEN 'overdue' ELSE 'ahead' END")
STATES = ("on_time", "late", "overdue", "ahead")
_KEYS = (*STATES, "opened", "resolved", "open_end", "resolve_days", "open_days")


def build(ctx: b.ReportContext, f: ReportFilter) -> ReportResult:
    conn = ctx.conn
    reps = b.reps_in_scope(ctx, f)
    start, end = f.period.bounds()
    acc_sql, acc_args = b.account_clause(f)
    join = " JOIN accounts a ON a.id = f.account_id" if acc_sql else ""
    rep_sql, rep_args = b.rep_clause("f.assignee_id", reps)
    bucket, buckets = b.bucket_sql(f.period, "f.due_date")
    per: dict[str, dict[str, int]] = {r: dict.fromkeys(_KEYS, 0) for r in reps or []}

    def add(rep: str | None, key: str, value: Any) -> None:
        per.setdefault(rep or "", dict.fromkeys(_KEYS, 0))[key] += int(value or 0)

    by_bucket: dict[tuple[str, str], int] = {}
    today = ctx.today.isoformat()
    for key, state, rep, count in conn.execute(
            f"SELECT {bucket}, {_STATE}, f.assignee_id, count(*) "  # nosec B608 - identifiers from code, values bound
            f"FROM follow_ups f{join} WHERE f.due_date >= ? AND f.due_date < ? "
            f"AND f.deleted_at IS NULL{acc_sql}{rep_sql} GROUP BY 1, 2, 3",
            [today, start, end, *acc_args, *rep_args]):
        by_bucket[key, state] = by_bucket.get((key, state), 0) + count
        add(rep, state, count)
    _concerns(ctx, f, reps, add)
    names = b.rep_names(conn)
    order = sorted(per, key=lambda r: names.get(r, ""))
    rows = [_row(names.get(r, _("(nobody)")), per[r]) for r in order]
    total = {k: sum(v[k] for v in per.values()) for k in _KEYS}
    totals = _row(_("Total"), total)
    columns = (
        Column("rep", _("Rep")), Column("due", _("Due"), INT),
        Column("on_time", _("Done on time"), INT), Column("late", _("Done late"), INT),
        Column("overdue", _("Overdue"), INT), Column("ahead", _("Not yet due"), INT),
        Column("on_time_pct", _("On time"), PCT), Column("opened", _("Concerns opened"), INT),
        Column("resolved", _("Concerns resolved"), INT),
        Column("open_end", _("Concerns open"), INT),
        Column("resolve_days", _("Days to resolve"), NUM),
        Column("open_days", _("Age of open concerns (days)"), NUM))
    labels = {"on_time": _("Done on time"), "late": _("Done late"), "overdue": _("Overdue"),
              "ahead": _("Not yet due")}
    chart = Chart(ChartKind.STACKED, _("Follow-ups by due date"),
                  b.bucket_title(f.period), _("Follow-ups"),
                  tuple(label for _k, label in buckets),
                  tuple(Series(labels[s], tuple(float(by_bucket.get((k, s), 0))
                                                for k, _l in buckets)) for s in STATES))
    figures = (
        Figure("due", _("Follow-ups due"), totals[1]),
        Figure("on_time_pct", _("Done on time"), totals[6], PCT),
        Figure("overdue", _("Overdue"), total["overdue"]),
        Figure("opened", _("Concerns opened"), total["opened"]),
        Figure("resolved", _("Concerns resolved"), total["resolved"]),
        Figure("resolve_days", _("Days to resolve"), totals[10], NUM),
    )
    return ReportResult("follow-up", _("Follow-up"), b.subtitle(ctx, f), figures, (chart,),
                        (Table("follow_up", _("Follow-ups and concerns per rep"), columns,
                               tuple(rows), totals),),
                        (_("Follow-ups by assignee, concerns by the account's owner."),))


def _row(label: str, v: dict[str, int]) -> tuple[Cell, ...]:
    due = sum(v[s] for s in STATES)
    by_now = due - v["ahead"]
    return (label, due, v["on_time"], v["late"], v["overdue"], v["ahead"],
            b.percent(v["on_time"], by_now), v["opened"], v["resolved"], v["open_end"],
            round(v["resolve_days"] / 1000 / v["resolved"], 1) if v["resolved"] else None,
            round(v["open_days"] / 1000 / v["open_end"], 1) if v["open_end"] else None)


def _concerns(ctx: b.ReportContext, f: ReportFilter, reps: list[str] | None, add: Any) -> None:
    start, end = f.period.bounds()
    acc_sql, acc_args = b.account_clause(f)
    rep_sql, rep_args = b.rep_clause("a.owner_id", reps)
    until = min(end, ctx.tomorrow)  # an open concern's age runs to here
    days = "CAST(round((julianday({}) - julianday(c.opened_at)) * 1000) AS INTEGER)"
    for rep, opened, resolved, resolve_days, open_end, open_days in ctx.conn.execute(
            "SELECT a.owner_id, "  # nosec B608 - identifiers from code, values bound
            "sum(c.opened_at >= :start AND c.opened_at < :end), "
            "sum(c.resolved_at >= :start AND c.resolved_at < :end), "
            "sum(CASE WHEN c.resolved_at >= :start AND c.resolved_at < :end THEN "
            f"{days.format('c.resolved_at')} END), "
            "sum(c.opened_at < :end AND (c.resolved_at IS NULL OR c.resolved_at >= :end)), "
            "sum(CASE WHEN c.opened_at < :end AND (c.resolved_at IS NULL OR "
            f"c.resolved_at >= :end) THEN {days.format(':until')} END) "
            # CROSS JOIN: the few concerns first, then each one's account (never every
            # account of the owner's index, then its concerns)
            "FROM concerns c CROSS JOIN accounts a ON a.id = c.account_id "
            "WHERE c.deleted_at IS NULL AND c.opened_at < :end "
            "AND (c.resolved_at IS NULL OR c.resolved_at >= :start)"
            f"{_named(acc_sql, 'acc')}{_named(rep_sql, 'rep')} GROUP BY 1",
            {"start": start, "end": end, "until": until, **_params(acc_args, "acc"),
             **_params(rep_args, "rep")}):
        add(rep, "opened", opened)
        add(rep, "resolved", resolved)
        add(rep, "resolve_days", resolve_days)
        add(rep, "open_end", open_end)
        add(rep, "open_days", open_days)


def _named(sql: str, prefix: str) -> str:
    """``sql``'s ``?`` as numbered names (this query binds by name)."""
    for n in range(sql.count("?")):
        sql = sql.replace("?", f":{prefix}{n}", 1)
    return sql


def _params(args: list[Any], prefix: str) -> dict[str, Any]:
    return {f"{prefix}{n}": v for n, v in enumerate(args)}
