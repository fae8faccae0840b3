"""A first plan from VROOM, on the same matrix, windows, lunch and driving cap.

VROOM (through the ``pyvroom`` wheel) builds a good plan in milliseconds; the
OR-Tools search then starts from it (see :mod:`desktop.planning.solver`).
Its Python package imports pandas for its result tables (about a second at
start-up), so only its compiled module is loaded here, registered under its
own name so a later ``import vroom`` reuses it.

Units: VROOM's "seconds" are our whole minutes from the trip's first day
start; its costs are the OR-Tools arc costs (drive seconds), so both solvers
minimise the same travel.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import json
import sys
from datetime import timedelta
from functools import cache
from typing import Any

from desktop.planning.assemble import Solution
from desktop.planning.routing_data import RoutingData

# VROOM priorities (0..100, higher first): it maximises their sum before the
# number of visits and the cost. Booked or pinned stops first, then 1..5.
VROOM_PRIORITY = {0: 100, 1: 60, 2: 12, 3: 3, 4: 1, 5: 0}
BUSY_ID = 10_000  # break ids from here are busy blocks (below: lunches)


@cache
def module() -> Any:
    """VROOM's compiled module, without its pandas-based Python wrapper."""
    name = "vroom._vroom"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec("vroom")  # finds the package without running it
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("pyvroom is not installed")
    for folder in spec.submodule_search_locations:
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            path = f"{folder}/_vroom{suffix}"
            loader = importlib.machinery.ExtensionFileLoader(name, path)
            found = importlib.util.spec_from_file_location(name, path, loader=loader)
            if found is None:
                continue
            try:
                compiled = importlib.util.module_from_spec(found)
            except ImportError:
                continue
            loader.exec_module(compiled)
            sys.modules[name] = compiled
            return compiled
    raise ImportError("pyvroom's compiled module was not found")


def available() -> bool:
    try:
        module()
    except ImportError:
        return False
    return True


def problem_json(data: RoutingData, only: list[int] | None = None) -> dict[str, Any]:
    """The VROOM input: one vehicle a day, one job a stop (or the stops ``only`` names)."""
    vehicles = []
    for v, day in enumerate(data.problem.days):
        first, last = data.hours[v]
        vehicle: dict[str, Any] = {
            "id": v + 1, "start_index": v, "end_index": data.n_days + v,
            "time_window": [first, max(first, last)],
            "max_travel_time": day.max_drive_minutes, "skills": [v + 1]}
        lunch = data.lunches[v]
        breaks = [{"id": BUSY_ID + 100 * v + j, "time_windows": [[b0, b0]], "service": b1 - b0}
                  for j, (b0, b1) in enumerate(data.busy[v])]
        if lunch is not None:
            breaks.append({"id": v + 1, "time_windows": [list(lunch)],
                           "service": day.lunch_minutes})
        if breaks:
            vehicle["breaks"] = sorted(breaks, key=lambda b: b["time_windows"][0][0])
        vehicles.append(vehicle)
    jobs = []
    for k, stop in enumerate(data.stops):
        if only is not None and k not in only:
            continue
        job: dict[str, Any] = {
            "id": k + 1, "location_index": data.node(k), "service": stop.visit_minutes,
            "priority": VROOM_PRIORITY[data.level(k)],
            "time_windows": [list(span) for span in data.spans[k]]}
        if len(data.allowed[k]) == 1:  # one day only: say so, windows aside
            job["skills"] = [data.allowed[k][0] + 1]
        jobs.append(job)
    return {"vehicles": vehicles, "jobs": jobs,
            "matrices": {"car": {"durations": [list(r) for r in data.matrix.minutes],
                                 "costs": data.seconds}}}


def exploration(stops: int) -> int:
    """VROOM's search depth: the deepest that stays well under a second (measured
    in the routing bench; deeper finds the same plans on its instances)."""
    return 5 if stops <= 15 else 3 if stops <= 100 else 2


def solve(data: RoutingData, *, threads: int = 2, level: int | None = None,
          timeout_s: float | None = None, only: list[int] | None = None) -> Solution | None:
    """VROOM's plan in the solver's terms, or None when it has none to offer.
    ``only``: plan just these stops (the rest are left for the search to insert)."""
    if not data.stops or only == []:
        return None
    vroom = module()
    given = vroom.Input(servers={}, router=vroom.ROUTER.OSRM, apply_TSPFix=False)
    given._from_json(json.dumps(problem_json(data, only)), False)
    found = given._solve(
        exploration_level=level if level is not None else exploration(len(data.stops)),
        nb_threads=threads,
        timeout=timedelta(seconds=timeout_s) if timeout_s is not None else None)
    return _read(data, found)


def _read(data: RoutingData, found: Any) -> Solution:
    n_days = data.n_days
    routes: list[list[int]] = [[] for _ in range(n_days)]
    starts = [data.hours[v][0] for v in range(n_days)]
    ends = list(starts)
    stop_starts: dict[int, int] = {}
    lunches: dict[int, int] = {}
    for step in found._routes_numpy():
        v = int(step["vehicle_id"]) - 1
        kind = step["type"].decode() if isinstance(step["type"], bytes) else str(step["type"])
        begins = int(step["arrival"]) + int(step["waiting_time"])
        if kind == "start":
            starts[v] = int(step["arrival"])
        elif kind == "end":
            ends[v] = int(step["arrival"])
        elif kind == "break" and int(step["id"]) < BUSY_ID:  # busy blocks are fixed
            lunches[v] = begins
        elif kind == "job":
            k = int(step["id"]) - 1
            routes[v].append(k)
            stop_starts[k] = begins
    return Solution(routes, starts, ends, stop_starts, lunches)
