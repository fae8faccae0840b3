"""How many of a rep's interactions count toward each goal of a plan, on plain
sqlite3 (no ORM: the Today view reads it while the window starts). The rules are
:mod:`desktop.planning.action_plans`'s; it reads them from here."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from desktop.domain.stored import store_time
from desktop.settings import Settings
from desktop.store.derived_today import ACCOUNT_FACTS, indexed_by

SEGMENT_SQL = {
    "customer": "a.kind = 'customer' AND a.status = 'active'",
    "prospect": "(a.kind = 'prospect' OR a.status = 'prospect')",
    "dormant": "a.status = 'dormant'",
    "broker": "a.kind = 'broker'",
    "any": "1",
}


def count_done(conn: Any, channels: set[str], args: dict[str, Any]
               ) -> dict[tuple[str, str], int]:
    """(channel, segment) -> the owner's interactions in the period: one pass over
    the owner's interactions in the period, found by their index (never a scan
    of every interaction), each counted for every segment its account is in.
    ``args``: ``owner`` (hex), ``since`` and ``until`` (stored UTC text)."""
    if not channels:
        return {}
    marks = {f"c{n}": c for n, c in enumerate(sorted(channels))}
    segments = list(SEGMENT_SQL)
    sums = ", ".join(f"sum({SEGMENT_SQL[s]})" for s in segments)
    rows = conn.execute(
        f"SELECT i.channel, {sums} FROM interactions i "  # nosec B608 - identifiers from code, values bound - our own SQL
        f"JOIN accounts a{indexed_by(conn, ACCOUNT_FACTS)} ON a.id = i.account_id "  # kind, status
        "WHERE i.author_id = :owner AND i.occurred_at >= :since AND i.occurred_at < :until "
        f"AND i.deleted_at IS NULL AND i.channel IN ({', '.join(':' + m for m in marks)}) "
        "GROUP BY i.channel", {**args, **marks}).fetchall()
    return {(r[0], segment): int(r[n + 1] or 0) for r in rows
            for n, segment in enumerate(segments)}


def period_span(settings: Settings, start: date, end: date) -> tuple[str, str]:
    """The period as UTC instants: from the first day's start to the day after the
    last, the days in the rep's home time zone (UTC without a home)."""
    zone = "UTC"
    if settings.home_latitude is not None and settings.home_longitude is not None:
        from desktop.planning.geo import time_zone_at

        zone = time_zone_at(settings.home_latitude, settings.home_longitude)
    tz = ZoneInfo(zone)
    since = datetime.combine(start, time(), tzinfo=tz)
    until = datetime.combine(end + timedelta(days=1), time(), tzinfo=tz)
    return store_time(since), store_time(until)
