"""Nights away: where a multi-day trip stays when that saves driving.

A night the trip leaves open (its day ends at home and the next starts there)
may instead be spent near the work: VROOM routes the whole trip as one tour,
with each night a break taken wherever the rep is (and the lunches as
breaks), so far clusters are reached once rather than driven to and from
every day. Each night's stay is the last visit's town, or the rep's listed
place to stay that costs the least detour between the evening's last visit and
the next morning's first. The days are then planned again with those stays as
their ends and starts, and the plan with stays is kept only when it is better
by more than a night's worth of driving (:data:`NIGHT_COST_S`): more
important stops, or less travel.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from desktop.i18n import _
from desktop.planning.problem import Place, SolveStatus, Stop, TripPlan, TripProblem
from desktop.planning.routing_data import RoutingData, level, penalty
from desktop.planning.timeline import Timeline
from desktop.planning.travel import distance_km, has_location

NIGHT_COST_S = 3600  # a night away must save an hour of driving (or plan more stops)
SNAP_KM = 25.0  # a listed place this much out of the way is not worth it

Solve = Callable[[TripProblem, float], TripPlan]


def solve_with_stays(problem: TripProblem, solve: Solve, limit_s: float) -> TripPlan:
    """The better of the trip as its days say and the trip with stays."""
    base = solve(problem, limit_s / 2)
    if base.status is SolveStatus.STOPPED:  # the rep said stop: no second search
        return base
    stays = tour_stays(problem)
    if stays is None or all(s is None for s in stays):
        return base
    away = with_stays(problem, stays)
    plan = solve(away, limit_s / 2)
    nights = sum(1 for s in stays if s is not None)
    if plan_cost(away, plan) + NIGHT_COST_S * nights < plan_cost(problem, base):
        return replace(plan, stays=tuple(stays), seconds=base.seconds + plan.seconds)
    return replace(base, seconds=base.seconds + plan.seconds)


def with_stays(problem: TripProblem, stays: list[Place | None] | tuple[Place | None, ...]
               ) -> TripProblem:
    """The trip with night ``n``'s stay ending day ``n`` and starting day ``n + 1``."""
    days = list(problem.days)
    for night, place in enumerate(stays):
        if place is None or night + 1 >= len(days):
            continue
        days[night] = replace(days[night], end_place=place)
        days[night + 1] = replace(days[night + 1], start_place=place)
    return replace(problem, days=tuple(days), open_nights=frozenset())


def plan_cost(problem: TripProblem, plan: TripPlan) -> int:
    """Drive seconds plus the drop penalties, as the solver weighs them."""
    timeline = Timeline.of(problem)
    budget = sum(max(1, b - a) for a, b in map(timeline.hours, problem.days)) * 60 + 1
    stops = {s.id: s for s in problem.stops}
    count = len(problem.stops)
    dropped = sum(penalty(level(stops[d.stop_id]), budget, count) for d in plan.dropped)
    return plan.drive_minutes * 60 + dropped


def tour_stays(problem: TripProblem) -> list[Place | None] | None:
    """Per night, where the one-tour plan spends it (None: as the days say)."""
    from desktop.planning import vroom_start

    days = problem.days
    if len(days) < 2 or not problem.open_nights:
        return None
    timeline = Timeline.of(problem)
    stops = [s for s in problem.stops if has_location(s.place)]
    data = RoutingData(problem, stops, timeline)
    keep = [k for k in range(len(stops)) if data.spans[k]]
    try:
        found = _tour(vroom_start.module(), data, keep)
    except ImportError:
        return None
    last_of: dict[int, Stop] = {}
    first_of: dict[int, Stop] = {}
    for k, begins in found:
        day = next((v for v, (a, b) in enumerate(data.hours) if a <= begins <= b), None)
        if day is not None:
            last_of[day] = stops[k]
            first_of.setdefault(day, stops[k])
    stays: list[Place | None] = []
    here: Place | None = None
    for night in range(len(days) - 1):
        if night in last_of:
            here = last_of[night].place
        if night not in problem.open_nights or here is None:
            stays.append(None)
            continue
        following = first_of.get(night + 1)
        stays.append(_stay(problem, here, following.place if following else None))
    return stays


def _tour(vroom: object, data: RoutingData, keep: list[int]) -> list[tuple[int, int]]:
    """(stop, start minute) in the order the one-vehicle tour visits them."""
    days, hours = data.problem.days, data.hours
    n = data.n_days
    breaks: list[dict[str, Any]] = []
    for v, day in enumerate(days):
        lunch = data.lunches[v]
        if lunch is not None:
            breaks.append({"id": 2 * v + 1, "time_windows": [list(lunch)],
                           "service": day.lunch_minutes})
        breaks += [{"id": 10_000 + 100 * v + j, "time_windows": [[b0, b0]], "service": b1 - b0}
                   for j, (b0, b1) in enumerate(data.busy[v])]  # the rep's busy times
        if v + 1 < n:  # the night: from the day's end to the next day's start
            breaks.append({"id": 2 * v + 2, "time_windows": [[hours[v][1], hours[v][1]]],
                           "service": max(0, hours[v + 1][0] - hours[v][1])})
    breaks.sort(key=lambda b: b["time_windows"][0][0])
    vehicle = {"id": 1, "start_index": 0, "end_index": 2 * n - 1,
               "time_window": [hours[0][0], hours[-1][1]], "breaks": breaks,
               "max_travel_time": sum(d.max_drive_minutes for d in days)}
    from desktop.planning.vroom_start import VROOM_PRIORITY

    jobs = [{"id": k + 1, "location_index": data.node(k), "service": data.stops[k].visit_minutes,
             "priority": VROOM_PRIORITY[data.level(k)],
             "time_windows": [list(s) for s in data.spans[k]]} for k in keep]
    given = vroom.Input(servers={}, router=vroom.ROUTER.OSRM,  # type: ignore[attr-defined]
                        apply_TSPFix=False)
    given._from_json(json.dumps({"vehicles": [vehicle], "jobs": jobs, "matrices": {"car": {
        "durations": [list(r) for r in data.matrix.minutes], "costs": data.seconds}}}), False)
    found = given._solve(exploration_level=3 if len(keep) > 80 else 5, nb_threads=2,
                         timeout=None)
    out = []
    for step in found._routes_numpy():
        kind = step["type"].decode() if isinstance(step["type"], bytes) else str(step["type"])
        if kind == "job":
            out.append((int(step["id"]) - 1, int(step["arrival"]) + int(step["waiting_time"])))
    return out


def _stay(problem: TripProblem, evening: Place, morning: Place | None) -> Place:
    """A listed place to stay on the way, else the evening's town."""
    ahead = morning or evening
    direct = distance_km(evening, ahead)
    best = min(problem.lodging, default=None,
               key=lambda p: distance_km(evening, p) + distance_km(p, ahead))
    if best is not None and (distance_km(evening, best) + distance_km(best, ahead)
                             - direct) <= SNAP_KM:
        return best
    town = evening.address.split(",")[-2].strip() if evening.address.count(",") >= 1 \
        else evening.name
    return Place(_("Stay near {town}").format(town=town or evening.name), evening.latitude,
                 evening.longitude, evening.address, evening.time_zone)
