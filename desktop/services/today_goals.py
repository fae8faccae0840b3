"""Goal progress for the Today view from the daily counts (``activity_daily``,
migration 0020): when the span is whole UTC days (no home time zone, or one at
UTC), a plan's done count is a few hundred narrow rows, not every interaction
of its period joined to its account. Otherwise (a home zone cuts the days, or a
cache without the table) ``None``: the caller counts the interactions
(``goal_counts.count_done``), which gives the same answer slower."""

from __future__ import annotations

from typing import Any

from desktop.planning.goal_counts import SEGMENT_SQL

MIDNIGHT = " 00:00:00.000000"
# derived_activity.MISSING, not imported: the store's derived modules load
# SQLAlchemy, which the Today path leaves out (tests/ui/test_startup_imports.py).
MISSING = "-"


def count_done_daily(conn: Any, channels: set[str], args: dict[str, Any]
                     ) -> dict[tuple[str, str], int] | None:
    """``count_done``'s (channel, segment) -> count, or None when the daily
    counts cannot answer exactly. ``args``: owner (hex), since, until (stored text)."""
    since, until = args["since"], args["until"]
    if not (since.endswith(MIDNIGHT) and until.endswith(MIDNIGHT)) or not conn.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'activity_daily'").fetchone():
        return None
    if not channels:
        return {}
    marks = {f"c{n}": c for n, c in enumerate(sorted(channels))}
    segments = list(SEGMENT_SQL)  # a.kind, a.status: the daily row's own columns
    sums = ", ".join(f"sum(CASE WHEN {SEGMENT_SQL[s]} THEN a.n ELSE 0 END)" for s in segments)
    rows = conn.execute(
        f"SELECT a.channel, {sums} FROM activity_daily a "  # nosec B608 - identifiers from code, values bound
        "WHERE a.rep_key = :owner AND a.day >= :since AND a.day < :until "
        f"AND a.kind != '{MISSING}' AND a.channel IN ({', '.join(':' + m for m in marks)}) "
        "GROUP BY a.channel",
        {"owner": args["owner"], "since": since[:10], "until": until[:10], **marks}).fetchall()
    return {(r[0], segment): int(r[n + 1] or 0) for r in rows
            for n, segment in enumerate(segments)}
