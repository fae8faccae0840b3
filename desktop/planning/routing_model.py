"""The OR-Tools model of a trip: one vehicle a day, every stop optional.

Each trip day is a vehicle with its own start and end place and hours; time
is whole minutes from the first day's start. Stops carry their windows (gaps
removed from the time variable's domain), service time, pins and booked
times; a second dimension caps each day's driving, and the lunch is a break
interval. Each stop is a disjunction with the penalty of
:mod:`desktop.planning.routing_data`, so a day that cannot hold everything
still gets a plan and the rest is explained.

The search may start from another solver's routes (VROOM's): guided local
search then improves that plan instead of building its own first.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from desktop.planning.assemble import Solution
from desktop.planning.routing_data import RoutingData

PROGRESS_EVERY_S = 0.2  # without an improvement, report at most this often
OWN_FIRST_UP_TO = 60  # stops: up to here OR-Tools' own first plan is tried too
SETTLE_SOLUTIONS = 50  # settled: this many solutions without a better one ...
FIRST_SOLUTION = "PARALLEL_CHEAPEST_INSERTION"  # measured against PATH_CHEAPEST_ARC in the bench


@dataclass(frozen=True)
class ProgressInfo:
    elapsed_s: float
    objective: int  # the best cost so far: drive seconds plus drop penalties
    visits: int  # stops scheduled in the best solution so far
    solutions: int  # solutions the search has accepted


Progress = Callable[[ProgressInfo], bool | None]


@dataclass
class SearchState:
    solutions: int = 0
    best: int = -1
    visits: int = 0
    told: float = -1.0
    improved_at: float = 0.0
    improved_after: int = 0  # solutions seen at the last improvement
    searched_from: float = 0.0  # the searching thread's CPU clock when the search began
    improved_cpu: float = 0.0  # ... and at the last improvement
    stopped: bool = False  # by the caller's progress callback
    settled: bool = False  # no improvement for a while: stopped as done


class Routing:
    """Nodes are day starts, day ends, then the stops (as in :class:`RoutingData`)."""

    def __init__(self, data: RoutingData) -> None:
        from ortools.constraint_solver import pywrapcp

        self.data = data
        n_days = data.n_days
        self.manager = pywrapcp.RoutingIndexManager(
            len(data.places), n_days, list(range(n_days)), list(range(n_days, 2 * n_days)))
        self.routing = pywrapcp.RoutingModel(self.manager)
        cost = self.routing.RegisterTransitMatrix(data.seconds)
        self.routing.SetArcCostEvaluatorOfAllVehicles(cost)
        self._time()
        self._drive()
        self._stops()

    def _time(self) -> None:
        data, minutes = self.data, self.data.matrix.minutes
        transit = [[data.service[i] + minutes[i][j] for j in range(len(minutes))]
                   for i in range(len(minutes))]
        callback = self.routing.RegisterTransitMatrix(transit)
        horizon = data.horizon
        self.routing.AddDimension(callback, horizon, horizon, False, "time")
        self.time = self.routing.GetDimensionOrDie("time")
        solver = self.routing.solver()
        visit_transits = [data.service[self.manager.IndexToNode(i)]
                          for i in range(self.routing.Size())]
        for v, day in enumerate(data.problem.days):
            first, last = data.hours[v]
            self.time.CumulVar(self.routing.Start(v)).SetRange(first, last)
            self.time.CumulVar(self.routing.End(v)).SetRange(first, last)
            self.routing.AddVariableMinimizedByFinalizer(self.time.CumulVar(self.routing.End(v)))
            lunch = data.lunches[v]
            breaks = [solver.FixedDurationIntervalVar(b0, b0, b1 - b0, False, f"busy {v} {j}")
                      for j, (b0, b1) in enumerate(data.busy[v])]
            if lunch is not None:
                breaks.append(solver.FixedDurationIntervalVar(
                    lunch[0], lunch[1], day.lunch_minutes, False, f"lunch {v}"))
            if breaks:
                self.time.SetBreakIntervalsOfVehicle(breaks, v, visit_transits)

    def _drive(self) -> None:
        callback = self.routing.RegisterTransitMatrix([list(r) for r in self.data.matrix.minutes])
        limits = [d.max_drive_minutes for d in self.data.problem.days]
        self.routing.AddDimensionWithVehicleCapacity(callback, 0, limits, True, "drive")

    def _stops(self) -> None:
        data, solver = self.data, self.routing.solver()
        pinned: dict[int, list[tuple[int, int]]] = {}
        for k, stop in enumerate(data.stops):
            index = self.manager.NodeToIndex(data.node(k))
            spans = data.spans[k]
            if stop.pinned_day is not None and stop.pinned_position is not None:
                pinned.setdefault(stop.pinned_day, []).append((stop.pinned_position, index))
            cumul = self.time.CumulVar(index)
            cumul.SetRange(spans[0][0], spans[-1][1])
            for (_lo, hi), (lo, _hi) in zip(spans, spans[1:], strict=False):
                cumul.RemoveInterval(hi + 1, lo - 1)
            # SetAllowedVehiclesForIndex's Python binding rejects lists in OR-Tools 9.15;
            # restricting the vehicle variable (-1: not visited) is the same constraint.
            self.routing.VehicleVar(index).SetValues([-1, *data.allowed[k]])
            self.routing.AddDisjunction([index], data.penalty(k))
            self.routing.AddVariableMinimizedByFinalizer(cumul)
        # Every pair, not just neighbours: the order must hold when a stop between drops.
        for ordered in pinned.values():
            for (pa, a), (pb, b) in itertools.product(ordered, ordered):
                if pa >= pb:
                    continue
                both = self.routing.ActiveVar(a) * self.routing.ActiveVar(b)
                gap = min(1, data.service[self.manager.IndexToNode(a)])
                solver.Add(self.time.CumulVar(a) + gap
                           <= self.time.CumulVar(b) + data.horizon * 2 * (1 - both))

    def search(self, limit_s: float, on_progress: Progress | None, started: float,
               first_solution: str, initial: Solution | None = None,
               settle_s: float | None = None) -> tuple[Solution | None, SearchState]:
        """Guided local search, from ``initial``'s routes when the model accepts them.

        ``settle_s``: stop once the best plan has not improved for this much of
        the search's CPU time (and for a third of it), instead of running to the
        limit. CPU, not wall time: a loaded machine gets as much search before
        settling as an idle one, and an idle one no more than it needs.
        """
        from ortools.constraint_solver import pywrapcp, routing_enums_pb2

        params = pywrapcp.DefaultRoutingSearchParameters()
        params.first_solution_strategy = getattr(
            routing_enums_pb2.FirstSolutionStrategy, first_solution)
        params.local_search_metaheuristic = (
            routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH)
        params.time_limit.FromMilliseconds(max(1, int(limit_s * 1000)))
        cpu = time.thread_time()
        state = SearchState(improved_at=time.perf_counter() - started, searched_from=cpu,
                            improved_cpu=cpu)
        data = self.data
        stop_indices = [self.manager.NodeToIndex(data.node(k)) for k in range(len(data.stops))]

        def at_solution() -> None:
            # Called for every solution the local search accepts; report the best.
            state.solutions += 1
            objective = self.routing.CostVar().Value()
            elapsed = time.perf_counter() - started
            improved = state.best < 0 or objective < state.best
            if improved:
                state.best, state.improved_at = objective, elapsed
                state.improved_after, state.improved_cpu = state.solutions, time.thread_time()
                state.visits = sum(1 for i in stop_indices
                                   if self.routing.NextVar(i).Value() != i)
            elif settle_s is not None and _settled(state, time.thread_time(), settle_s):
                state.settled = True
                self.routing.CancelSearch()
                return
            # Thousands of solutions a second: tell on improvements, else 5 times a second.
            if on_progress is None or not (improved or elapsed - state.told >= PROGRESS_EVERY_S):
                return
            state.told = elapsed
            info = ProgressInfo(elapsed, state.best, state.visits, state.solutions)
            if on_progress(info) is False:
                state.stopped = True
                self.routing.CancelSearch()

        self.routing.AddAtSolutionCallback(at_solution)
        self.routing.CloseModelWithParameters(params)
        start = self._start(initial) if initial is not None else None
        if start is not None and len(data.stops) <= OWN_FIRST_UP_TO:
            start = self._better_start(start, initial, params)
        if start is not None:
            assignment = self.routing.SolveFromAssignmentWithParameters(start, params)
        else:
            assignment = self.routing.SolveWithParameters(params)
        self.started_from_initial = start is not None
        if assignment is None:
            return None, state
        return self._read(assignment), state

    def _better_start(self, start: Any, initial: Any, params: Any) -> Any:
        """OR-Tools' own first plan when it beats the given one (cheap on small trips:
        the two heuristics weigh priorities differently and each wins sometimes)."""
        from ortools.constraint_solver import pywrapcp

        first = pywrapcp.DefaultRoutingSearchParameters()
        first.CopyFrom(params)
        first.solution_limit = 1
        own = self.routing.SolveWithParameters(first)
        if own is not None and own.ObjectiveValue() < self.data.cost(initial.routes):
            return own
        return start

    def _start(self, initial: Solution) -> Any:
        """``initial``'s routes as an assignment, or None if the model rejects them."""
        n_days = self.data.n_days
        routes = [[self.manager.NodeToIndex(2 * n_days + k) for k in route]
                  for route in initial.routes]
        return self.routing.ReadAssignmentFromRoutes(routes, True)

    def _read(self, assignment: Any) -> Solution:
        n_days = self.data.n_days
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


def _settled(state: SearchState, cpu: float, settle_s: float) -> bool:
    """No better plan for ``settle_s`` of CPU and a third of the search's, over enough
    tries (a big trip's tries are slow: then four times ``settle_s`` is enough)."""
    quiet = cpu - state.improved_cpu
    if quiet < max(settle_s, (cpu - state.searched_from) / 3):
        return False
    return state.solutions - state.improved_after >= SETTLE_SOLUTIONS or quiet >= 4 * settle_s
