"""A trip's route: OR-Tools vehicle routing with time windows, one vehicle a day.

Each trip day is a vehicle with its own start and end place and hours; time is
whole minutes from the first day's start. Stops carry their windows (gaps
removed from the time variable's domain), service time, pins and booked
times; a second dimension caps each day's driving, and the lunch is a break
interval. Every stop is optional at a penalty set by its priority, so a day
that cannot hold everything still gets a plan and the rest is explained.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from desktop.i18n import _
from desktop.planning import explain
from desktop.planning.assemble import Solution, to_days
from desktop.planning.problem import (
    Dropped,
    DropReason,
    SolveStatus,
    Stop,
    TripPlan,
    TripProblem,
)
from desktop.planning.timeline import Timeline, lunch_span, merge, start_spans
from desktop.planning.travel import Matrix, build_matrix, distance_km

PROGRESS_EVERY_S = 0.2  # without an improvement, report at most this often
FIRST_SOLUTION = "PARALLEL_CHEAPEST_INSERTION"  # measured against PATH_CHEAPEST_ARC in the bench


@dataclass(frozen=True)
class ProgressInfo:
    elapsed_s: float
    objective: int  # the best cost so far: drive seconds plus drop penalties
    visits: int  # stops scheduled in the best solution so far
    solutions: int  # solutions the search has accepted


Progress = Callable[[ProgressInfo], bool | None]


def penalty(priority: int, budget: int, count: int) -> int:
    """The cost of dropping a stop: 1 outweighs every lower priority together and
    all travel; 3 outweighs all travel; 4 and 5 are worth a detour of 2 h / 45 min."""
    level = min(5, max(1, priority))
    return {1: budget * (count + 1) ** 2, 2: budget * (count + 1), 3: budget,
            4: 120 * 60, 5: 45 * 60}[level]


def solve(problem: TripProblem, *, time_limit_s: float = 5.0,
          on_progress: Progress | None = None,
          first_solution: str = FIRST_SOLUTION) -> TripPlan:
    """Plan the trip; ``on_progress`` returning False stops with the best plan so far."""
    started = time.perf_counter()
    if not problem.days:
        return TripPlan(problem.trip_id, (), tuple(
            Dropped(s.id, DropReason.OUTSIDE_WINDOWS, _("The trip has no days yet."))
            for s in problem.stops), SolveStatus.NO_PLAN, 0.0)
    timeline = Timeline.of(problem)
    stops, dropped = explain.precheck(problem, timeline)
    routing = _Routing(problem, stops, timeline)
    solution, stopped = routing.search(time_limit_s, on_progress, started, first_solution)
    days = to_days(problem, timeline, routing.matrix, stops, solution)
    planned = {v.stop_id for day in days for v in day.visits}
    missing = [s for s in stops if s.id not in planned]
    if solution is None:  # not even a first solution in the time given
        dropped += [Dropped(s.id, DropReason.OVER_HOURS, _(
            "No plan was found in the time allowed; plan again with more time.")) for s in missing]
    else:
        dropped += explain.after_solve(problem, timeline, days, missing)
    status = SolveStatus.STOPPED if stopped else SolveStatus.SOLVED
    if not planned:
        status = SolveStatus.NO_PLAN
    order = {s.id: i for i, s in enumerate(problem.stops)}
    dropped.sort(key=lambda d: order[d.stop_id])
    return TripPlan(problem.trip_id, tuple(days), tuple(dropped), status,
                    time.perf_counter() - started)


class _Routing:
    """The OR-Tools model: nodes are day starts, day ends, then the stops."""

    def __init__(self, problem: TripProblem, stops: list[Stop], timeline: Timeline) -> None:
        from ortools.constraint_solver import pywrapcp

        self.problem, self.stops, self.timeline = problem, stops, timeline
        days = problem.days
        n_days = len(days)
        places = ([d.start_place for d in days] + [d.end_place for d in days]
                  + [s.place for s in stops])
        self.matrix: Matrix = build_matrix(places, problem.travel)
        self.manager = pywrapcp.RoutingIndexManager(
            len(places), n_days, list(range(n_days)), list(range(n_days, 2 * n_days)))
        self.routing = pywrapcp.RoutingModel(self.manager)
        self.service = [0] * (2 * n_days) + [s.visit_minutes for s in stops]
        self._arcs(places)
        self._time()
        self._drive()
        self._stops()

    def _arcs(self, places: list[Any]) -> None:
        travel = self.problem.travel
        seconds = [[round(distance_km(a, b) * travel.road_factor / travel.average_kmh * 3600)
                    for b in places] for a in places]
        cost = self.routing.RegisterTransitMatrix(seconds)
        self.routing.SetArcCostEvaluatorOfAllVehicles(cost)
        self.budget = sum(max(1, b - a) for a, b in map(self.timeline.hours, self.problem.days))
        self.budget = self.budget * 60 + 1

    def _time(self) -> None:
        minutes = self.matrix.minutes
        transit = [[self.service[i] + minutes[i][j] for j in range(len(minutes))]
                   for i in range(len(minutes))]
        callback = self.routing.RegisterTransitMatrix(transit)
        horizon = self.horizon = max(self.timeline.hours(d)[1] for d in self.problem.days) + 1
        self.routing.AddDimension(callback, horizon, horizon, False, "time")
        self.time = self.routing.GetDimensionOrDie("time")
        solver = self.routing.solver()
        visit_transits = [self.service[self.manager.IndexToNode(i)]
                          for i in range(self.routing.Size())]
        for v, day in enumerate(self.problem.days):
            first, last = self.timeline.hours(day)
            last = max(first, last)  # a day that ends before it starts holds nothing
            self.time.CumulVar(self.routing.Start(v)).SetRange(first, last)
            self.time.CumulVar(self.routing.End(v)).SetRange(first, last)
            self.routing.AddVariableMinimizedByFinalizer(self.time.CumulVar(self.routing.End(v)))
            lunch = lunch_span(day, self.timeline)
            if lunch is not None:
                interval = solver.FixedDurationIntervalVar(
                    lunch[0], lunch[1], day.lunch_minutes, False, f"lunch {v}")
                self.time.SetBreakIntervalsOfVehicle([interval], v, visit_transits)

    def _drive(self) -> None:
        callback = self.routing.RegisterTransitMatrix([list(r) for r in self.matrix.minutes])
        limits = [d.max_drive_minutes for d in self.problem.days]
        self.routing.AddDimensionWithVehicleCapacity(callback, 0, limits, True, "drive")

    def _stops(self) -> None:
        solver = self.routing.solver()
        n_days, count = len(self.problem.days), len(self.stops)
        pinned: dict[int, list[tuple[int, int]]] = {}
        for k, stop in enumerate(self.stops):
            index = self.manager.NodeToIndex(2 * n_days + k)
            per_day = {d.index: start_spans(stop, d, self.timeline) for d in self.problem.days}
            allowed = [v for v, spans in per_day.items() if spans]
            if stop.pinned_day is not None:
                allowed = [v for v in allowed if v == stop.pinned_day]
                if stop.pinned_position is not None:
                    pinned.setdefault(stop.pinned_day, []).append((stop.pinned_position, index))
            spans = merge([s for v in allowed for s in per_day[v]])
            cumul = self.time.CumulVar(index)
            cumul.SetRange(spans[0][0], spans[-1][1])
            for (_lo, hi), (lo, _hi) in zip(spans, spans[1:], strict=False):
                cumul.RemoveInterval(hi + 1, lo - 1)
            # SetAllowedVehiclesForIndex's Python binding rejects lists in OR-Tools 9.15;
            # restricting the vehicle variable (-1: not visited) is the same constraint.
            self.routing.VehicleVar(index).SetValues([-1, *allowed])
            self.routing.AddDisjunction([index], penalty(stop.priority, self.budget, count))
            self.routing.AddVariableMinimizedByFinalizer(cumul)
        # Every pair, not just neighbours: the order must hold when a stop between drops.
        for ordered in pinned.values():
            for (pa, a), (pb, b) in itertools.product(ordered, ordered):
                if pa >= pb:
                    continue
                both = self.routing.ActiveVar(a) * self.routing.ActiveVar(b)
                gap = min(1, self.service[self.manager.IndexToNode(a)])
                solver.Add(self.time.CumulVar(a) + gap
                           <= self.time.CumulVar(b) + self.horizon * 2 * (1 - both))

    def search(self, limit_s: float, on_progress: Progress | None, started: float,
               first_solution: str) -> tuple[Solution | None, bool]:
        from ortools.constraint_solver import pywrapcp, routing_enums_pb2

        params = pywrapcp.DefaultRoutingSearchParameters()
        params.first_solution_strategy = getattr(
            routing_enums_pb2.FirstSolutionStrategy, first_solution)
        params.local_search_metaheuristic = (
            routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH)
        params.time_limit.FromMilliseconds(max(1, int(limit_s * 1000)))
        state = {"solutions": 0, "stopped": False, "best": -1, "visits": 0, "told": -1.0}
        n_days = len(self.problem.days)
        stop_indices = [self.manager.NodeToIndex(2 * n_days + k) for k in range(len(self.stops))]

        def at_solution() -> None:
            # Called for every solution the local search accepts; report the best.
            state["solutions"] += 1
            objective = self.routing.CostVar().Value()
            improved = state["best"] < 0 or objective < state["best"]
            if improved:
                state["best"] = objective
                state["visits"] = sum(1 for i in stop_indices
                                      if self.routing.NextVar(i).Value() != i)
            elapsed = time.perf_counter() - started
            # Thousands of solutions a second: tell on improvements, else 5 times a second.
            if on_progress is None or not (improved or elapsed - state["told"] >= PROGRESS_EVERY_S):
                return
            state["told"] = elapsed
            info = ProgressInfo(elapsed, int(state["best"]), int(state["visits"]),
                                int(state["solutions"]))
            if on_progress(info) is False:
                state["stopped"] = True
                self.routing.CancelSearch()

        self.routing.AddAtSolutionCallback(at_solution)
        assignment = self.routing.SolveWithParameters(params)
        if assignment is None:
            return None, bool(state["stopped"])
        return self._read(assignment), bool(state["stopped"])

    def _read(self, assignment: Any) -> Solution:
        n_days = len(self.problem.days)
        routes: list[list[int]] = []
        starts: list[int] = []
        ends: list[int] = []
        stop_starts: dict[int, int] = {}
        for v in range(n_days):
            index, route = self.routing.Start(v), []
            starts.append(assignment.Value(self.time.CumulVar(index)))
            index = assignment.Value(self.routing.NextVar(index))
            while not self.routing.IsEnd(index):
                k = self.manager.IndexToNode(index) - 2 * n_days
                route.append(k)
                stop_starts[k] = assignment.Value(self.time.CumulVar(index))
                index = assignment.Value(self.routing.NextVar(index))
            ends.append(assignment.Value(self.time.CumulVar(index)))
            routes.append(route)
        lunches: dict[int, int] = {}
        intervals = assignment.IntervalVarContainer()
        for i in range(intervals.Size()):
            element = intervals.Element(i)
            name = element.Var().Name()
            if name.startswith("lunch ") and element.PerformedValue():
                lunches[int(name.split()[1])] = element.StartValue()
        return Solution(routes, starts, ends, stop_starts, lunches)
