"""A trip's route: a portfolio of VROOM and OR-Tools on one model.

VROOM builds a first plan in milliseconds (time windows, lunch, driving cap,
priorities); OR-Tools guided local search then improves it on the full model
(pins in their order, the exact drop penalties), and the better of the two
under the lexicographic goal is kept: booked and pinned stops first, then the
most priority-1 stops, ... then least travel (see
:mod:`desktop.planning.routing_data`). Without VROOM (no wheel for the
platform) OR-Tools builds its own first plan.

The search stops at the time limit, when the caller's progress callback says
so, or once the plan has settled (no improvement for a while), so a small
trip does not wait out the whole limit.
"""

from __future__ import annotations

import time

from desktop.i18n import _
from desktop.planning import explain
from desktop.planning.assemble import Solution, to_days
from desktop.planning.problem import Dropped, DropReason, SolveStatus, TripPlan, TripProblem
from desktop.planning.routing_data import RoutingData, penalty
from desktop.planning.routing_model import (
    FIRST_SOLUTION,
    PROGRESS_EVERY_S,
    Progress,
    ProgressInfo,
    Routing,
)
from desktop.planning.timeline import Timeline

SETTLE_S = 0.1  # no better plan for this much search CPU (and a third of it): done
PORTFOLIO = ("vroom", "ortools")

__all__ = ["FIRST_SOLUTION", "PROGRESS_EVERY_S", "Progress", "ProgressInfo", "penalty", "solve"]


def solve(problem: TripProblem, *, time_limit_s: float = 5.0,
          on_progress: Progress | None = None, first_solution: str = FIRST_SOLUTION,
          use: tuple[str, ...] = PORTFOLIO, settle_s: float | None = SETTLE_S) -> TripPlan:
    """Plan the trip; ``on_progress`` returning False stops with the best plan so far.

    ``use`` picks the solvers (the benchmark runs each alone as a peer);
    ``settle_s=None`` searches to the time limit. With open nights the trip is
    also planned with stays away (:mod:`desktop.planning.overnight`).
    """
    if problem.open_nights and len(problem.days) > 1:
        from desktop.planning import overnight

        def fixed(trip: TripProblem, limit_s: float) -> TripPlan:
            return _solve(trip, limit_s, on_progress, first_solution, use, settle_s)

        return overnight.solve_with_stays(problem, fixed, time_limit_s)
    return _solve(problem, time_limit_s, on_progress, first_solution, use, settle_s)


def _solve(problem: TripProblem, time_limit_s: float, on_progress: Progress | None,
           first_solution: str, use: tuple[str, ...], settle_s: float | None) -> TripPlan:
    """One plan for the days as they are (no choice of stays)."""
    started = time.perf_counter()
    if not problem.days:
        return TripPlan(problem.trip_id, (), tuple(
            Dropped(s.id, DropReason.OUTSIDE_WINDOWS, _("The trip has no days yet."))
            for s in problem.stops), SolveStatus.NO_PLAN, 0.0)
    timeline = Timeline.of(problem)
    stops, dropped = explain.precheck(problem, timeline)
    data = RoutingData(problem, stops, timeline)
    best, stopped = _portfolio(data, use, time_limit_s, on_progress, started, first_solution,
                               settle_s)
    days = to_days(problem, timeline, data.matrix, stops, best)
    planned = {v.stop_id for day in days for v in day.visits}
    missing = [s for s in stops if s.id not in planned]
    if best is None and stops:  # not even a first solution in the time given
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


def _portfolio(data: RoutingData, use: tuple[str, ...], limit_s: float,
               on_progress: Progress | None, started: float, first_solution: str,
               settle_s: float | None) -> tuple[Solution | None, bool]:
    if not data.stops:
        return None, False
    first = None
    if "vroom" in use:
        first = _vroom(data, limit_s, staged="ortools" in use)
        if first is not None and on_progress is not None:
            visits = sum(len(r) for r in first.routes)
            if on_progress(ProgressInfo(time.perf_counter() - started,
                                        data.cost(first.routes), visits, 1)) is False:
                return first, True
    if "ortools" not in use:
        return first, False
    left = max(0.05, limit_s - (time.perf_counter() - started))
    routing = Routing(data)
    found, state = routing.search(left, on_progress, started, first_solution, first, settle_s)
    if first is not None and (found is None or data.cost(first.routes) < data.cost(found.routes)):
        return first, state.stopped
    return found, state.stopped


def _vroom(data: RoutingData, limit_s: float, staged: bool) -> Solution | None:
    """VROOM's plan; when it leaves out a booked, pinned or priority-1 stop, also its
    plan of those stops alone (VROOM's priorities are not strictly lexicographic),
    and the one the goal prefers (the search inserts the rest). ``staged`` False:
    VROOM as it is (the benchmark's peer)."""
    from desktop.planning import vroom_start

    try:
        found = vroom_start.solve(data, timeout_s=max(0.05, limit_s * 0.4))
        must = [k for k in range(len(data.stops)) if data.level(k) <= 1]
        routed = {k for route in found.routes for k in route} if found else set()
        if staged and found is not None and not set(must) <= routed:
            first = vroom_start.solve(data, timeout_s=max(0.05, limit_s * 0.2), only=must)
            if first is not None and data.cost(first.routes) < data.cost(found.routes):
                found = first
    except ImportError:  # no wheel for this platform: OR-Tools alone
        return None
    return found if found is not None and _pins_in_order(data, found) else None


def _pins_in_order(data: RoutingData, solution: Solution) -> bool:
    """VROOM knows no order among stops: its plan counts only if the pins keep theirs."""
    for v, route in enumerate(solution.routes):
        pinned = [data.stops[k].pinned_position for k in route
                  if data.stops[k].pinned_day == v]
        positions = [p for p in pinned if p is not None]
        if positions != sorted(positions):
            return False
    return True
