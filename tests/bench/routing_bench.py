"""Trip routing: plan quality at a short time limit, and a large trip's time to a plan.

    (a) 25 stops in one day around Chicago (business hours, appointment slots,
        lunch): the plan's travel with a 1 s limit against the same solver given
        30 s (5 s with --quick), for both first-solution strategies.
    (b) 150 stops over 5 days around Springfield, IL: time to a plan and the
        dropped stops, each checked to carry a reason (and the plan replayed).
"""

from __future__ import annotations

import random
import uuid
from collections import Counter
from datetime import timedelta
from typing import Any

from desktop.planning.problem import Place, TripPlan, TripProblem, Window
from desktop.planning.solver import ProgressInfo, solve
from tests.desktop.planning.problems import at, places_near, stop, trip_days
from tests.desktop.planning.replay import violations

CHICAGO = Place("Office", 41.8781, -87.6298, "Chicago, IL", "America/Chicago")
SPRINGFIELD = Place("Home", 39.7817, -89.6501, "Springfield, IL", "America/Chicago")


def city_day(seed: int) -> TripProblem:
    """25 stops within 12 km of the Loop; short visits; a long but possible day."""
    rng = random.Random(seed)
    pool = places_near(CHICAGO.latitude, CHICAGO.longitude, 12.0)
    days = trip_days(1, CHICAGO, hours=(7, 19), max_drive=420)
    monday = days[0].work_start.date()
    stops = []
    for n, place in enumerate(rng.sample(pool, 25)):
        kind = rng.random()
        windows: tuple[Window, ...] = ()
        if kind < 0.3:  # shop hours
            windows = (Window(at(monday, 8), at(monday, 18)),)
        elif kind < 0.45:  # a two-hour appointment slot
            h = rng.randint(8, 16)
            windows = (Window(at(monday, h), at(monday, h + 2)),)
        stops.append(stop(place, n=n, visit=rng.choice((15, 20)), windows=windows,
                          priority=rng.choice((1, 2, 3, 3, 4))))
    return TripProblem(uuid.UUID(int=seed), "City day", days, tuple(stops))


def week(seed: int) -> TripProblem:
    """150 stops within 90 km of Springfield over a Monday-Friday week."""
    rng = random.Random(seed)
    pool = places_near(SPRINGFIELD.latitude, SPRINGFIELD.longitude, 90.0)
    days = trip_days(5, SPRINGFIELD, hours=(8, 18), max_drive=360)
    stops = []
    for n, place in enumerate(rng.sample(pool, 150)):
        windows: tuple[Window, ...] = ()
        kind = rng.random()
        if kind < 0.4:  # business hours every day, some closed over lunch
            windows = tuple(Window(at(d.work_start.date(), 9, 0, place.time_zone),
                                   at(d.work_start.date(), 17, 0, place.time_zone)) for d in days)
        elif kind < 0.6:  # an appointment slot on one day
            d = rng.choice(days).work_start.date()
            h = rng.randint(8, 15)
            windows = (Window(at(d, h, 0, place.time_zone),
                              at(d, h, 0, place.time_zone) + timedelta(hours=2)),)
        stops.append(stop(place, n=n, visit=rng.choice((30, 45, 60)), windows=windows,
                          priority=rng.choice((1, 2, 3, 3, 3, 4, 5))))
    return TripProblem(uuid.UUID(int=seed), "Week", days, tuple(stops))


def _visits(plan: TripPlan) -> int:
    return sum(len(d.visits) for d in plan.days)


def _first(problem: TripProblem, limit: float, strategy: str) -> tuple[TripPlan, float]:
    firsts: list[float] = []

    def progress(info: ProgressInfo) -> bool:
        if not firsts:
            firsts.append(info.elapsed_s)
        return True

    plan = solve(problem, time_limit_s=limit, on_progress=progress, first_solution=strategy)
    bad = violations(problem, plan)
    if bad:
        raise SystemExit(f"routing bench: invalid plan: {bad[:5]}")
    return plan, firsts[0] if firsts else plan.seconds


def run(emit: Any, quick: bool = False) -> None:
    city = city_day(25)
    reference_s = 5.0 if quick else 30.0
    reference, _ = _first(city, reference_s, "PARALLEL_CHEAPEST_INSERTION")
    for strategy in ("PARALLEL_CHEAPEST_INSERTION", "PATH_CHEAPEST_ARC"):
        plan, first = _first(city, 1.0, strategy)
        emit(f"route_25_stops_1s_travel_{strategy.lower()}", plan.drive_minutes, "min",
             floor=reference.drive_minutes, target_ratio=1.02, reference_s=reference_s,
             visits=_visits(plan), reference_visits=_visits(reference),
             first_solution_s=round(first, 3), seconds=round(plan.seconds, 3))
    big = week(150)
    limit = 3.0 if quick else 8.0
    plan, first = _first(big, limit, "PARALLEL_CHEAPEST_INSERTION")
    explained = sum(1 for d in plan.dropped if d.reason and d.message)
    emit("route_150_stops_5_days_first_plan", first, "s", target=10.0)
    emit("route_150_stops_5_days_plan", plan.seconds, "s", target=10.0, time_limit_s=limit,
         visits=_visits(plan), dropped=len(plan.dropped), explained=explained,
         reasons=dict(sorted(Counter(d.reason.value for d in plan.dropped).items())))
