"""Read side of trips: rows for the lists, the stored plan, briefings.

Plain sqlite3 reads (like the account list); frozen dataclass rows, no ORM
objects leave the core.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

from desktop.domain import formats, stored
from desktop.domain.schema.enums import Channel, label_of
from desktop.i18n import _
from desktop.planning.problem import (
    Briefing,
    DayPlan,
    Dropped,
    DropReason,
    SolveStatus,
    TripPlan,
    Visit,
)
from desktop.store.store import Store


@dataclass(frozen=True)
class TripRow:
    id: uuid.UUID
    owner_id: uuid.UUID
    name: str
    status: str
    notes: str | None
    first_date: date | None
    last_date: date | None
    days: int
    stops: int
    visited: int


@dataclass(frozen=True)
class DayRow:
    id: uuid.UUID
    trip_id: uuid.UUID
    day_index: int
    date: date
    time_zone: str
    start_name: str
    start_address: str | None
    start_latitude: float | None
    start_longitude: float | None
    end_name: str
    end_address: str | None
    end_latitude: float | None
    end_longitude: float | None
    work_start: str
    work_end: str
    lunch_earliest: str | None
    lunch_latest: str | None
    lunch_minutes: int
    max_drive_minutes: int
    leave_at: datetime | None
    back_at: datetime | None
    return_drive_minutes: int | None
    return_distance_km: float | None
    lunch_start_at: datetime | None
    solved_at: datetime | None


@dataclass(frozen=True)
class StopRow:
    id: uuid.UUID
    trip_id: uuid.UUID | None
    account_id: uuid.UUID
    contact_id: uuid.UUID | None
    visit_minutes: int
    priority: int
    purpose: str | None
    window_start: datetime | None
    window_end: datetime | None
    fixed_start: datetime | None
    pinned: bool
    pinned_day: int | None
    pinned_position: int | None
    day_index: int | None
    sequence: int | None
    arrive_at: datetime | None
    start_at: datetime | None
    depart_at: datetime | None
    drive_minutes: int | None
    distance_km: float | None
    dropped_reason: str | None
    dropped_message: str | None
    status: str
    interaction_id: uuid.UUID | None
    checked_in_at: datetime | None
    carried_from_id: uuid.UUID | None
    # From the account and contact, for the list.
    account_name: str
    city: str | None
    state: str | None
    tier: str | None
    latitude: float | None
    longitude: float | None
    contact_name: str | None


def _own(cls: type) -> list[str]:
    return [f.name for f in fields(cls)]


_STOP_OWN = _own(StopRow)[:26]
_STOP_SQL = (
    "SELECT " + ", ".join(f"s.{c}" for c in _STOP_OWN) + ", a.name, a.billing_city, "
    "a.billing_region, a.tier, a.latitude, a.longitude, "
    "CASE WHEN c.id IS NULL THEN NULL ELSE c.first_name || ' ' || c.last_name END "
    "FROM trip_stops s JOIN accounts a ON a.id = s.account_id "
    "LEFT JOIN contacts c ON c.id = s.contact_id WHERE s.deleted_at IS NULL AND ")
_STOP_ORDER = (" ORDER BY s.day_index IS NULL, s.day_index, s.sequence, "
               "s.dropped_reason IS NOT NULL, s.priority, a.name")


def _stop_rows(store: Store, where: str, args: tuple[Any, ...]) -> list[StopRow]:
    read = stored.reader("trip_stops", _STOP_OWN)  # the joined columns after them as they are
    return [StopRow(*read(r), *r[len(_STOP_OWN):])
            for r in store.reads().execute(_STOP_SQL + where + _STOP_ORDER, args)]


def stops(store: Store, trip_id: uuid.UUID) -> list[StopRow]:
    """A trip's stops in plan order (day, sequence), then dropped, then unsolved."""
    return _stop_rows(store, "s.trip_id = ?", (trip_id.hex,))


def carried_over(store: Store, owner_id: uuid.UUID | None) -> list[StopRow]:
    if owner_id is None:
        return []
    return _stop_rows(store, "s.trip_id IS NULL AND s.owner_id = ?", (owner_id.hex,))


def days(store: Store, trip_id: uuid.UUID) -> list[DayRow]:
    names = _own(DayRow)
    rows = store.reads().execute(
        f"SELECT {', '.join(names)} FROM trip_days WHERE trip_id = ? AND deleted_at IS NULL "  # nosec B608 - identifiers from code, values bound
        "ORDER BY day_index", (trip_id.hex,))
    read = stored.reader("trip_days", names)
    return [DayRow(*read(r)) for r in rows]


def trips(store: Store, owner_id: uuid.UUID | None, include_done: bool = True) -> list[TripRow]:
    """The rep's trips (everyone's when nobody is signed in), newest first."""
    where = ["t.deleted_at IS NULL"]
    args: list[Any] = []
    if owner_id is not None:
        where.append("t.owner_id = ?")
        args.append(owner_id.hex)
    if not include_done:
        where.append("t.status != 'done'")
    rows = store.reads().execute(
        "SELECT t.id, t.owner_id, t.name, t.status, t.notes, "  # nosec B608 - identifiers from code, values bound
        "(SELECT min(date) FROM trip_days d WHERE d.trip_id = t.id AND d.deleted_at IS NULL), "
        "(SELECT max(date) FROM trip_days d WHERE d.trip_id = t.id AND d.deleted_at IS NULL), "
        "(SELECT count(*) FROM trip_days d WHERE d.trip_id = t.id AND d.deleted_at IS NULL), "
        "(SELECT count(*) FROM trip_stops s WHERE s.trip_id = t.id AND s.deleted_at IS NULL), "
        "(SELECT count(*) FROM trip_stops s WHERE s.trip_id = t.id AND s.deleted_at IS NULL "
        "AND s.status = 'visited') "
        f"FROM trips t WHERE {' AND '.join(where)} "  # noqa: S608
        "ORDER BY 6 DESC, t.name", args)
    return [TripRow(uuid.UUID(hex=r[0]), uuid.UUID(hex=r[1]), r[2], r[3], r[4],
                    date.fromisoformat(r[5]) if r[5] else None,
                    date.fromisoformat(r[6]) if r[6] else None, r[7], r[8], r[9])
            for r in rows]


def stored_plan(store: Store, trip_id: uuid.UUID) -> TripPlan | None:
    """The plan last saved, as the solver's values; None if the trip was never solved."""
    day_rows = days(store, trip_id)
    if not any(d.solved_at for d in day_rows):
        return None
    all_stops = stops(store, trip_id)
    plans = []
    for d in day_rows:
        if d.leave_at is None or d.back_at is None:
            continue
        visits = tuple(Visit(s.id, d.day_index, s.sequence or 0, s.arrive_at, s.start_at,
                             s.depart_at, s.drive_minutes or 0, s.distance_km or 0.0)
                       for s in all_stops if s.day_index == d.day_index and s.start_at
                       and s.arrive_at and s.depart_at)
        plans.append(DayPlan(d.day_index, visits, d.leave_at, d.back_at,
                             d.return_drive_minutes or 0, d.return_distance_km or 0.0,
                             d.lunch_start_at))
    dropped = tuple(Dropped(s.id, DropReason(s.dropped_reason), s.dropped_message or "")
                    for s in all_stops if s.dropped_reason)
    status = SolveStatus.SOLVED if plans else SolveStatus.NO_PLAN
    return TripPlan(trip_id, tuple(plans), dropped, status, 0.0)


def _day(stored: str) -> str:
    """A stored ISO day or moment as the locale writes the day."""
    return formats.day(date.fromisoformat(stored[:10]))


def briefings(store: Store, trip_id: uuid.UUID, today: date) -> list[Briefing]:
    """Open follow-ups, the last three interactions and the account notes, per stop."""
    conn = store.reads()
    out = []
    for stop in stops(store, trip_id):
        account = stop.account_id.hex
        follow = tuple(
            _("Due {date}: {title}").format(date=_day(r[0]), title=r[1]) + (
                " " + _("(overdue)") if r[0] < today.isoformat() else "")
            for r in conn.execute(
                "SELECT due_date, title FROM follow_ups WHERE account_id = ? AND done_at IS NULL "
                "AND deleted_at IS NULL ORDER BY due_date, title", (account,)))
        recent = tuple(
            f"{_day(r[0])} · {label_of(Channel, r[1])} · {r[2]}" for r in conn.execute(
                "SELECT occurred_at, channel, subject FROM interactions WHERE account_id = ? "
                "AND deleted_at IS NULL ORDER BY occurred_at DESC LIMIT 3", (account,)))
        notes = conn.execute("SELECT notes FROM accounts WHERE id = ?", (account,)).fetchone()
        out.append(Briefing(stop.id, stop.account_name, follow, recent,
                            (notes[0] if notes else None) or ""))
    return out
