"""A planned demo trip for the demo book: the demo rep's busiest corner of
their territory, a few days of visits, optimised. Used by the screenshots and
by anyone who wants to see the Trips view filled without planning one."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from desktop.planning.geo import Point, haversine_miles
from desktop.planning.targets import TargetFilter, TargetRow
from desktop.services.container import Services

PURPOSES = ("Quarterly review", "New price list", "Sample drop-off", "Reorder check",
            "Introduce the new line", "Follow up on the quote")


def demo_rep(services: Services) -> uuid.UUID | None:
    """The demo book's first rep (the one the demo makes "you")."""
    row = services.store.reads().execute(
        "SELECT id FROM users WHERE role = 'rep' AND deleted_at IS NULL ORDER BY rowid "
        "LIMIT 1").fetchone()
    return uuid.UUID(hex=row[0]) if row else None


def _territory(services: Services, rep: uuid.UUID) -> uuid.UUID | None:
    row = services.store.reads().execute(
        "SELECT territory_id FROM users WHERE id = ?", (rep.hex,)).fetchone()
    return uuid.UUID(hex=row[0]) if row and row[0] else None


def busiest_corner(services: Services, territory: uuid.UUID | None, miles: float,
                   candidates: int = 40) -> tuple[TargetRow, list[TargetRow], TargetRow]:
    """The account with the most others within ``miles``, those others, and the
    nearest account beyond a day's round trip from it (160 miles)."""
    rows = [r for r in services.targets.search(TargetFilter(territory_id=territory, limit=500))
            if r.latitude is not None and r.longitude is not None]
    if not rows:
        raise ValueError("the demo book has no located accounts")
    best: tuple[TargetRow, list[TargetRow]] | None = None
    for row in rows[::max(1, len(rows) // candidates)]:
        assert row.latitude is not None and row.longitude is not None
        near = services.targets.search(TargetFilter(
            territory_id=territory, near=Point(row.latitude, row.longitude),
            within_miles=miles))
        if best is None or len(near) > len(best[1]):
            best = (row, near)
    assert best is not None
    centre = best[0]
    assert centre.latitude is not None and centre.longitude is not None
    def miles_from_centre(r: TargetRow) -> float:
        return haversine_miles(centre.latitude or 0, centre.longitude or 0, r.latitude or 0,
                               r.longitude or 0)

    beyond = [r for r in rows if miles_from_centre(r) > 160] or rows
    return centre, best[1], min(beyond, key=miles_from_centre)


def plan_demo_trip(services: Services, first_day: date, days: int = 3, stops: int = 16,
                   solve_seconds: float = 5.0) -> uuid.UUID:
    """Create and optimise the trip; returns its id. Sets the demo rep as "you" and
    their home at the corner's centre when no home is set."""
    from desktop.planning.solver import solve

    rep = demo_rep(services)
    if rep is not None and services.user_id is None:
        services.set_current_user(rep)
    territory = _territory(services, rep) if rep else None
    centre, near, far = busiest_corner(services, territory, miles=45)
    settings = services.settings
    if settings.home_latitude is None:
        settings.home_latitude, settings.home_longitude = centre.latitude, centre.longitude
        settings.home_place_name = f"Home ({centre.city})" if centre.city else "Home"
    trips = services.trips
    saved = trips.create(f"{centre.city or 'Territory'} area", first_day, days)
    # The corner, and one account too far for a day's drive: the plan says why it is left out.
    trips.add_stops(saved.id, [*[r for r in near if r.id != centre.id][:stops], far])
    for n, stop in enumerate(trips.stops(saved.id)):
        trips.edit_stop(stop.id, {"purpose": PURPOSES[n % len(PURPOSES)]})
    second = trips.days(saved.id)[min(1, days - 1)]  # a booked hour on the second day
    booked = trips.stops(saved.id)[0]
    zone = ZoneInfo(second.time_zone)
    trips.edit_stop(booked.id, {
        "window_start": datetime.combine(second.date, time(10), zone),
        "window_end": datetime.combine(second.date, time(11, 30), zone)})
    plan = solve(trips.problem(saved.id), time_limit_s=solve_seconds)
    trips.save_plan(saved.id, plan)
    return saved.id
