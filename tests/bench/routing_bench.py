"""Trip routing against its peers, on the same matrices, windows, lunch and caps.

Fixed instances: 25 stops in one day around Chicago; 150 stops over five days
around Springfield, IL, with windows; 40 stops over two days across the
Indiana/Illinois time-zone line; an infeasible set (more priority-1 work than
the day holds, two bookings at one time, two pins that break the driving cap
together). Peers: VROOM alone, and OR-Tools alone searching 30 s (5 s with
--quick). Per instance one JSON line: the plan's travel, its ratio to the
better peer's (target <= 1.00), priority-1 and priority-2 stops planned
against the best peer's (no fewer), the solver's time (the portfolio stops
once settled; its CPU and wall time around the call, with the load average)
and every plan replayed. First, ``fieldbook plan solve`` end to end on a
25-stop day (``plan_cli_bench``: start-up included, target 1 s).
"""

from __future__ import annotations

import os
import random
import time
import uuid
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

from desktop.planning.overnight import plan_cost
from desktop.planning.problem import Place, TripPlan, TripProblem, Window
from desktop.planning.routing_data import level
from desktop.planning.solver import solve
from tests.desktop.planning.problems import MONDAY, at, places_near, stop, trip_days
from tests.desktop.planning.replay import violations

CHICAGO = Place("Office", 41.8781, -87.6298, "Chicago, IL", "America/Chicago")
SPRINGFIELD = Place("Home", 39.7817, -89.6501, "Springfield, IL", "America/Chicago")
DANVILLE = Place("Home", 40.1245, -87.6300, "Danville, IL", "America/Chicago")


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


def two_zones(seed: int) -> TripProblem:
    """40 stops within 150 km of Danville, IL: Indiana's on Eastern time, windows
    in each stop's own clock, two days."""
    rng = random.Random(seed)
    pool = places_near(DANVILLE.latitude, DANVILLE.longitude, 150.0)
    days = trip_days(2, DANVILLE, hours=(8, 18), max_drive=360)
    stops = []
    for n, place in enumerate(rng.sample(pool, 40)):
        windows: tuple[Window, ...] = ()
        if rng.random() < 0.4:
            windows = tuple(Window(at(d.work_start.date(), 9, 0, place.time_zone),
                                   at(d.work_start.date(), 16, 0, place.time_zone)) for d in days)
        stops.append(stop(place, n=n, visit=rng.choice((30, 45)), windows=windows,
                          priority=rng.choice((1, 2, 3, 3, 4))))
    return TripProblem(uuid.UUID(int=seed), "Two zones", days, tuple(stops))


def infeasible(seed: int) -> TripProblem:
    """One day cannot hold it all: 14 priority-1 stops of 90 min, two bookings at
    10:00, two pins far apart under a 150 min driving cap, and lower stops."""
    rng = random.Random(seed)
    pool = places_near(SPRINGFIELD.latitude, SPRINGFIELD.longitude, 110.0)
    chosen = rng.sample(pool, 30)
    days = trip_days(1, SPRINGFIELD, hours=(8, 17), max_drive=150)
    stops = [stop(p, n=n, visit=90, priority=1) for n, p in enumerate(chosen[:14])]
    stops += [stop(chosen[14], n=14, fixed_start=at(MONDAY, 10)),
              stop(chosen[15], n=15, fixed_start=at(MONDAY, 10))]
    far = sorted(chosen[16:], key=lambda p: -abs(p.longitude - SPRINGFIELD.longitude))
    stops += [stop(far[0], n=16, pinned_day=0), stop(far[1], n=17, pinned_day=0)]
    stops += [stop(p, n=18 + i, priority=rng.choice((2, 3, 4, 5))) for i, p in enumerate(far[2:])]
    return TripProblem(uuid.UUID(int=seed), "Infeasible", days, tuple(stops))


INSTANCES = (("city_25_stops_1_day", lambda: city_day(25)),
             ("week_150_stops_5_days", lambda: week(150)),
             ("two_zones_40_stops_2_days", lambda: two_zones(40)),
             ("infeasible_34_stops", lambda: infeasible(34)))


def counts(problem: TripProblem, plan: TripPlan) -> dict[int, int]:
    """Planned stops by level: 0 booked or pinned, 1..5 priority."""
    levels = {s.id: level(s) for s in problem.stops}
    got = [levels[v.stop_id] for d in plan.days for v in d.visits]
    return {n: got.count(n) for n in range(6)}


def checked(problem: TripProblem, **kw: Any) -> TripPlan:
    plan = solve(problem, **kw)
    bad = violations(problem, plan)
    if bad:
        raise SystemExit(f"routing bench: invalid plan: {bad[:5]}")
    return plan


def _load() -> float:
    """The 1-minute load average: the machine's other work beside the timings."""
    return round(os.getloadavg()[0], 2)


def run(emit: Any, quick: bool = False) -> None:
    import plan_cli_bench  # beside this file (run.py puts tests/bench on the path)

    plan_cli_bench.run(emit, Path(__file__).resolve().parents[2] / "bench-out")
    peer_s = 5.0 if quick else 30.0
    for name, build in INSTANCES:
        problem = build()
        vroom = checked(problem, use=("vroom",), time_limit_s=peer_s)
        ortools = checked(problem, use=("ortools",), time_limit_s=peer_s, settle_s=None)
        cpu, wall = time.process_time(), time.perf_counter()
        ours = checked(problem, time_limit_s=5.0)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall  # with the replay
        # The better peer under the solver's own goal: more important stops, then travel.
        better = min((vroom, ortools), key=lambda p: plan_cost(problem, p))
        mine, best = counts(problem, ours), counts(problem, better)
        peers = {"vroom": counts(problem, vroom), "ortools": counts(problem, ortools)}
        emit(f"route_{name}", ours.drive_minutes, "min", floor=better.drive_minutes,
             target_ratio=1.0, seconds=round(ours.seconds, 3), cpu_s=round(cpu, 3),
             wall_s=round(wall, 3), load=_load(),
             objective_ratio=round(plan_cost(problem, ours) / plan_cost(problem, better), 4),
             vroom_minutes=vroom.drive_minutes, vroom_s=round(vroom.seconds, 3),
             ortools_minutes=ortools.drive_minutes, ortools_s=peer_s,
             visits=sum(mine.values()), peer_visits={k: sum(v.values()) for k, v in peers.items()},
             booked_or_pinned=mine[0], priority_1=mine[1], priority_2=mine[2],
             peer_best=[best[0], best[1], best[2]],
             # Lexicographic, as the goal: booked/pinned, then priority 1, then 2.
             no_fewer=(mine[0], mine[1], mine[2]) >= max((c[0], c[1], c[2])
                                                         for c in peers.values()),
             dropped=dict(sorted(Counter(d.reason.value for d in ours.dropped).items())))
