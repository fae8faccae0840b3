"""Deterministic trip problems on real US places (zip code centroids), for the
solver tests and the routing benchmark."""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from desktop.planning.problem import Place, Stop, TripDay, TripProblem, Window
from desktop.planning.travel import distance_km

CHAMPAIGN = Place("Home", 40.1164, -88.2434, "1 Main St, Champaign, IL 61820",
                  "America/Chicago")
MONDAY = date(2026, 12, 7)


@cache
def places_near(lat: float, lon: float, radius_km: float) -> tuple[Place, ...]:
    """Active standard zip codes within ``radius_km``, sorted by zip: stable input."""
    import zipcodes

    centre = Place("", lat, lon)
    found = []
    for z in zipcodes.list_all():
        if z["zip_code_type"] != "STANDARD" or not z["active"] or not z["timezone"]:
            continue
        place = Place(f"{z['city']} {z['zip_code']}", float(z["lat"]), float(z["long"]),
                      f"{z['city']}, {z['state']} {z['zip_code']}", z["timezone"])
        if distance_km(centre, place) <= radius_km:
            found.append(place)
    return tuple(sorted(found, key=lambda p: p.address))


def at(day: date, hour: int, minute: int = 0, tz: str = "America/Chicago") -> datetime:
    return datetime.combine(day, time(hour, minute), ZoneInfo(tz))


def trip_days(n: int, home: Place = CHAMPAIGN, *, start: date = MONDAY, hours: tuple[int, int]
              = (8, 18), max_drive: int = 360, lunch: int = 30) -> tuple[TripDay, ...]:
    days = []
    for i in range(n):
        d = start + timedelta(days=i)
        tz = home.time_zone
        days.append(TripDay(i, home, home, at(d, hours[0], 0, tz), at(d, hours[1], 0, tz),
                            max_drive, at(d, 11, 30, tz) if lunch else None,
                            at(d, 13, 30, tz) if lunch else None, lunch))
    return tuple(days)


def stop(place: Place, *, n: int = 0, visit: int = 45, windows: tuple[Window, ...] = (),
         priority: int = 3, **kw: object) -> Stop:
    return Stop(uuid.UUID(int=n + 1), uuid.UUID(int=10_000 + n), place, visit, windows,
                priority, purpose=f"Review {place.name}", contact_name=f"Contact {n}",
                contact_phone="+1 217 555 0100", **kw)  # type: ignore[arg-type]


def random_problem(seed: int, stops: int, days: int, *, radius_km: float = 120.0,
                   home: Place = CHAMPAIGN, max_drive: int = 360) -> TripProblem:
    """Stops around ``home``: half any time, some with business hours (one window a
    day, closed over lunch on some), some with a two-hour appointment window."""
    rng = random.Random(seed)
    pool = places_near(home.latitude, home.longitude, radius_km)
    chosen = rng.sample(pool, stops)
    trip = trip_days(days, home, max_drive=max_drive)
    result = []
    for n, place in enumerate(chosen):
        kind = rng.random()
        windows: tuple[Window, ...] = ()
        tz = place.time_zone
        if kind < 0.3:
            opens = rng.choice((8, 9, 10))
            windows = tuple(w for d in trip for w in _hours(d.work_start.date(), opens, tz, rng))
        elif kind < 0.5:
            d = rng.choice(trip).work_start.date()
            h = rng.randint(8, 15)
            windows = (Window(at(d, h, 0, tz), at(d, h + 2, 0, tz)),)
        result.append(stop(place, n=n, visit=rng.choice((30, 45, 60)), windows=windows,
                           priority=rng.choice((1, 2, 3, 3, 3, 4, 5))))
    return TripProblem(uuid.UUID(int=seed), f"Trip {seed}", trip, tuple(result))


def _hours(d: date, opens: int, tz: str, rng: random.Random) -> list[Window]:
    if rng.random() < 0.5:  # closed 12-13
        return [Window(at(d, opens, 0, tz), at(d, 12, 0, tz)),
                Window(at(d, 13, 0, tz), at(d, 17, 0, tz))]
    return [Window(at(d, opens, 0, tz), at(d, 17, 0, tz))]
