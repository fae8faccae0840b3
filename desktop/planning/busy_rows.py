"""A rep's busy times in the cache (``busy_times``, synced between the rep's
laptops: see desktop/domain/schema/busy.py).

A busy time belongs to the rep, not to a trip: every trip of the rep whose days
it touches plans around it. Importing a calendar for a trip replaces the rep's
busy times on that trip's days. Busy times imported before they synced were
kept in the settings (``trip_busy``, by trip id); they are still read with
their trip until the next import for it replaces them.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.schema.busy import BusyTime, problem
from desktop.planning.busy import BusyBlock, from_settings
from desktop.planning.problem import TripDay
from desktop.settings import Settings


def _span(days: Iterable[TripDay]) -> tuple[datetime, datetime]:
    days = list(days)
    return min(d.work_start for d in days), max(d.work_end for d in days)


def _rows(session: Session, owner: uuid.UUID, days: Iterable[TripDay]) -> list[BusyTime]:
    first, last = _span(days)
    return list(session.execute(select(BusyTime).where(
        BusyTime.owner_id == owner, BusyTime.deleted_at.is_(None),
        BusyTime.starts_at < last, BusyTime.ends_at > first)
        .order_by(BusyTime.starts_at, BusyTime.id)).scalars())


def on_days(session: Session, owner: uuid.UUID, trip_id: uuid.UUID,
            days: tuple[TripDay, ...], settings: Settings) -> tuple[BusyBlock, ...]:
    """The rep's busy times that touch ``days``, with the trip's older local ones."""
    if not days:
        return ()
    blocks = [BusyBlock(r.starts_at, r.ends_at, r.summary) for r in _rows(session, owner, days)]
    blocks += from_settings(settings.trip_busy.get(str(trip_id), []))
    return tuple(sorted(set(blocks), key=lambda b: (b.start, b.end, b.summary)))


def replace_on_days(session: Session, owner: uuid.UUID, days: tuple[TripDay, ...],
                    blocks: Iterable[BusyBlock], now: datetime,
                    new: Callable[..., Any]) -> int:
    """Tombstones on the rep's busy times on ``days``, new rows for ``blocks``
    (``new`` makes a stamped row, ``Service._new``); a block that could not be
    stored (``problem``) is left out. Returns how many were stored."""
    for row in _rows(session, owner, days):
        row.deleted_at = row.updated_at = now
    stored = 0
    for block in blocks:
        if problem(block.start, block.end) is None:
            session.add(new(BusyTime, owner_id=owner, starts_at=block.start,
                            ends_at=block.end, summary=block.summary[:200]))
            stored += 1
    return stored
