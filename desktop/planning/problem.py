"""The routing problem and its solution as plain values.

This is the contract between the trip store (which builds a :class:`TripProblem`
from the cache), the solver (which turns it into a :class:`TripPlan`), and the
outputs (calendar, itinerary PDF, map, CLI), so each can be built and tested on
its own. Every time is timezone-aware; the solver works in whole minutes from
the trip's first day start.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


@dataclass(frozen=True)
class Place:
    """Somewhere on the map: a customer, the rep's home, a hotel."""

    name: str
    latitude: float
    longitude: float
    address: str = ""  # one line, as printed
    time_zone: str = "UTC"  # IANA name, e.g. "America/Chicago"
    located: bool = True  # False: no coordinates yet (0.0, 0.0): the solver drops it, NO_LOCATION


@dataclass(frozen=True)
class Window:
    """A span a visit may happen in (opening hours or an appointment window)."""

    start: datetime
    end: datetime


@dataclass(frozen=True)
class TripDay:
    """One working day: one vehicle in the routing model."""

    index: int  # 0-based position in the trip
    start_place: Place
    end_place: Place
    work_start: datetime  # leave start_place no earlier than this
    work_end: datetime  # be back at end_place no later than this
    max_drive_minutes: int = 480
    lunch_earliest: datetime | None = None  # a lunch break starts in this span
    lunch_latest: datetime | None = None
    lunch_minutes: int = 0
    busy: tuple[Window, ...] = ()  # appointments from the rep's calendar: no visit overlaps


@dataclass(frozen=True)
class Stop:
    """A visit the rep wants to make on the trip."""

    id: uuid.UUID  # the trip stop's id
    account_id: uuid.UUID | None
    place: Place
    visit_minutes: int = 45
    windows: tuple[Window, ...] = ()  # empty: any time within the day's hours
    priority: int = 3  # 1 (must) .. 5 (nice to have): sets the drop penalty
    fixed_start: datetime | None = None  # a booked appointment: starts exactly then
    pinned_day: int | None = None  # kept on this day when re-optimising
    pinned_position: int | None = None  # and at this place in the day's order (0-based)
    purpose: str = ""
    contact_name: str = ""
    contact_phone: str = ""


@dataclass(frozen=True)
class TravelModel:
    """Drive time from great-circle distance: km x road factor / average speed."""

    road_factor: float = 1.3
    average_kmh: float = 65.0


@dataclass(frozen=True)
class TripProblem:
    trip_id: uuid.UUID
    name: str
    days: tuple[TripDay, ...]
    stops: tuple[Stop, ...]
    travel: TravelModel = field(default_factory=TravelModel)
    # Nights the planner may spend away (night n: after day n): each such night
    # ends its day and starts the next at home unless a stay saves driving.
    open_nights: frozenset[int] = frozenset()
    lodging: tuple[Place, ...] = ()  # places to stay the rep likes; else the last stop's town


class DropReason(StrEnum):
    OUTSIDE_WINDOWS = "outside_windows"  # no window overlaps any day's hours
    OVER_HOURS = "over_hours"  # fits alone, but not with the rest of the day
    TOO_FAR = "too_far"  # out and back exceeds a day's driving or hours
    NO_LOCATION = "no_location"  # no coordinates: pin it on the map first
    PIN_CONFLICT = "pin_conflict"  # its pinned day or time cannot hold it
    LOWER_PRIORITY = "lower_priority"  # left out in favour of higher-priority stops


@dataclass(frozen=True)
class Dropped:
    stop_id: uuid.UUID
    reason: DropReason
    message: str  # a sentence for the rep, e.g. "Opens 14:00-16:00, after Friday's hours"


@dataclass(frozen=True)
class Visit:
    stop_id: uuid.UUID
    day_index: int
    sequence: int  # 0-based position in the day
    arrive: datetime
    start: datetime  # >= arrive: the rep may wait for the window to open
    depart: datetime  # start + visit_minutes
    drive_minutes: int  # from the previous place (day start or visit)
    distance_km: float


@dataclass(frozen=True)
class DayPlan:
    day_index: int
    visits: tuple[Visit, ...]
    leave: datetime  # from the day's start place
    back: datetime  # at the day's end place
    return_drive_minutes: int
    return_distance_km: float
    lunch_start: datetime | None = None

    @property
    def drive_minutes(self) -> int:
        return sum(v.drive_minutes for v in self.visits) + self.return_drive_minutes

    @property
    def distance_km(self) -> float:
        return sum(v.distance_km for v in self.visits) + self.return_distance_km


class SolveStatus(StrEnum):
    SOLVED = "solved"  # the search ran its course
    STOPPED = "stopped"  # stopped early: the best plan so far
    NO_PLAN = "no_plan"  # nothing could be scheduled


@dataclass(frozen=True)
class TripPlan:
    trip_id: uuid.UUID
    days: tuple[DayPlan, ...]
    dropped: tuple[Dropped, ...]
    status: SolveStatus
    seconds: float  # wall time the solver took
    # Per night (after day n): where the planner chose to stay, None: as the days say.
    stays: tuple[Place | None, ...] = ()

    @property
    def drive_minutes(self) -> int:
        return sum(d.drive_minutes for d in self.days)


@dataclass(frozen=True)
class Briefing:
    """What the itinerary and call sheet print beside a stop, read from the cache."""

    stop_id: uuid.UUID
    account_name: str
    open_follow_ups: tuple[str, ...] = ()  # "Due 2026-12-03: send the revised quote"
    recent: tuple[str, ...] = ()  # the last three: "2026-11-03 · Visit · Quarterly review"
    notes: str = ""
