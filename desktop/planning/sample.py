"""A small, fixed three-day trip (Indiana and Ohio) for tests, screenshots and
benchmarks, and a plan that visits its stops in the given order.

:func:`in_order_plan` is no solver: it times a fixed sequence with the
problem's travel model, so map and output tests do not depend on the search.
"""

from __future__ import annotations

import math
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from desktop.planning.problem import (
    DayPlan,
    Dropped,
    DropReason,
    Place,
    SolveStatus,
    Stop,
    TripDay,
    TripPlan,
    TripProblem,
    Visit,
    Window,
)

INDY = "America/Indiana/Indianapolis"
OHIO = "America/New_York"
_NS = uuid.UUID("5d1c2f4e-2a4b-4a43-9a57-6a1f0c3b7e11")

HOME = Place("Home", 39.7684, -86.1581, "Indianapolis, IN", INDY)
FORT_WAYNE = Place("Hotel, Fort Wayne", 41.0793, -85.1394, "Fort Wayne, IN", INDY)
DAYTON = Place("Hotel, Dayton", 39.7589, -84.1916, "Dayton, OH", OHIO)

# (name, city, lat, lon, zone, day); day None: the plan leaves it out.
STOPS = (
    ("Wabash Valley Feed", "Lafayette, IN", 40.4167, -86.8753, INDY, 0),
    ("Cass County Co-op", "Logansport, IN", 40.7545, -86.3567, INDY, 0),
    ("Kokomo Tool & Die", "Kokomo, IN", 40.4864, -86.1336, INDY, 0),
    ("Grant Street Dental", "Marion, IN", 40.5584, -85.6591, INDY, 0),
    ("Huntington Hardware", "Huntington, IN", 40.8831, -85.4975, INDY, 0),
    ("Maumee River Supply", "Defiance, OH", 41.2845, -84.3558, OHIO, 1),
    ("Glass City Packaging", "Toledo, OH", 41.6528, -83.5379, OHIO, 1),
    ("Hancock Farm Service", "Findlay, OH", 41.0442, -83.6499, OHIO, 1),
    ("Lima Industrial", "Lima, OH", 40.7426, -84.1052, OHIO, 1),
    ("Clark County Clinic", "Springfield, OH", 39.9242, -83.8088, OHIO, 2),
    ("Whitewater Mills", "Richmond, IN", 39.8289, -84.8902, INDY, 2),
    ("Muncie Medical Supply", "Muncie, IN", 40.1934, -85.3864, INDY, 2),
    ("Anderson Auto Parts", "Anderson, IN", 40.1053, -85.6803, INDY, 2),
    ("Monroe Lab Services", "Bloomington, IN", 39.1653, -86.5264, INDY, None),
    ("Queen City Foods", "Cincinnati, OH", 39.1031, -84.5120, OHIO, None),
)


def _key(text: str) -> uuid.UUID:
    return uuid.uuid5(_NS, text)


def sample_trip(first_day: datetime | None = None) -> TripProblem:
    """Three days from Indianapolis: Fort Wayne and Dayton hotels, 15 stops."""
    tz = ZoneInfo(INDY)
    first = first_day or datetime(2026, 12, 7, tzinfo=tz)
    places = ((HOME, FORT_WAYNE), (FORT_WAYNE, DAYTON), (DAYTON, HOME))
    days = []
    for index, (start, end) in enumerate(places):
        date = (first + timedelta(days=index)).date()
        local = ZoneInfo(start.time_zone)
        days.append(TripDay(index, start, end,
                            datetime(date.year, date.month, date.day, 8, tzinfo=local),
                            datetime(date.year, date.month, date.day, 18, tzinfo=local),
                            lunch_earliest=datetime(date.year, date.month, date.day, 11, 30,
                                                    tzinfo=local),
                            lunch_latest=datetime(date.year, date.month, date.day, 13,
                                                  tzinfo=local), lunch_minutes=30))
    stops = []
    for name, city, lat, lon, zone, _day in STOPS:
        windows: tuple[Window, ...] = ()
        if city.startswith("Bloomington"):  # opens only late on the first day
            d = days[0].work_start
            windows = (Window(d.replace(hour=17, minute=30), d.replace(hour=19)),)
        stops.append(Stop(_key(name), _key("account " + name), Place(name, lat, lon, city, zone),
                          visit_minutes=45, windows=windows,
                          priority=5 if city.startswith("Cincinnati") else 3,
                          purpose="Quarterly review"))
    return TripProblem(_key("trip"), "Indiana and Ohio, week 50", tuple(days), tuple(stops))


def _km(a: Place, b: Place) -> float:
    p1, p2 = math.radians(a.latitude), math.radians(b.latitude)
    dp, dl = p2 - p1, math.radians(b.longitude - a.longitude)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def in_order_plan(problem: TripProblem) -> TripPlan:
    """Each stop on the day :data:`STOPS` gives it, in that order; the rest dropped."""
    travel = problem.travel
    by_name = {s.place.name: s for s in problem.stops}
    days = []
    for day in problem.days:
        here, clock = day.start_place, day.work_start
        visits: list[Visit] = []
        for name, *_rest, index in STOPS:
            if index != day.index:
                continue
            stop = by_name[name]
            km = _km(here, stop.place) * travel.road_factor
            minutes = round(km / travel.average_kmh * 60)
            arrive = clock + timedelta(minutes=minutes)
            visits.append(Visit(stop.id, day.index, len(visits), arrive, arrive,
                                arrive + timedelta(minutes=stop.visit_minutes), minutes,
                                round(km, 1)))
            here, clock = stop.place, arrive + timedelta(minutes=stop.visit_minutes)
        km = _km(here, day.end_place) * travel.road_factor
        minutes = round(km / travel.average_kmh * 60)
        days.append(DayPlan(day.index, tuple(visits), day.work_start,
                            clock + timedelta(minutes=minutes), minutes, round(km, 1)))
    dropped = (
        Dropped(by_name["Monroe Lab Services"].id, DropReason.OUTSIDE_WINDOWS,
                "Open 17:30-19:00 on Monday, after the day's hours"),
        Dropped(by_name["Queen City Foods"].id, DropReason.LOWER_PRIORITY,
                "Left out in favour of higher-priority stops"),
    )
    return TripPlan(problem.trip_id, tuple(days), dropped, SolveStatus.SOLVED, 0.0)
