"""What both solvers read: the nodes, the matrices, each stop's allowed start
minutes and days, and the price of leaving a stop out.

Nodes are the day starts, then the day ends, then the stops. Costs are drive
seconds (finer than the minutes the times are counted in), so the travel both
solvers minimise is the same number.

The drop penalties make the goal lexicographic: a booked or pinned stop is
worth more than everything else together, a priority-1 stop more than any
number of lower stops and all travel, a priority-2 stop more than all
priority-3 stops and travel, a priority-3 stop more than all travel; 4 and 5
are worth a detour of 2 h and 45 min.
"""

from __future__ import annotations

from functools import cached_property

from desktop.planning.problem import Stop, TripProblem
from desktop.planning.timeline import (
    Span,
    Timeline,
    busy_spans,
    lunch_span,
    merge,
    start_spans,
)
from desktop.planning.travel import Matrix, build_matrix, crow_km

HARD = 0  # the level of a booked or pinned stop


def level(stop: Stop) -> int:
    """0 for a booked or pinned stop, else its priority (1..5)."""
    if stop.fixed_start is not None or stop.pinned_day is not None:
        return HARD
    return min(5, max(1, stop.priority))


def penalty(priority: int, budget: int, count: int) -> int:
    """The cost of dropping a stop of this level (see the module docstring)."""
    lvl = min(5, max(0, priority))
    return {0: budget * (count + 1) ** 3, 1: budget * (count + 1) ** 2,
            2: budget * (count + 1), 3: budget, 4: 120 * 60, 5: 45 * 60}[lvl]


class RoutingData:
    def __init__(self, problem: TripProblem, stops: list[Stop], timeline: Timeline) -> None:
        self.problem, self.stops, self.timeline = problem, stops, timeline
        days = problem.days
        self.n_days = len(days)
        self.places = ([d.start_place for d in days] + [d.end_place for d in days]
                       + [s.place for s in stops])
        self.crow = crow_km(self.places)
        self.matrix: Matrix = build_matrix(self.places, problem.travel, self.crow)
        self.service = [0] * (2 * self.n_days) + [s.visit_minutes for s in stops]
        self.hours: list[Span] = []
        for day in days:
            first, last = timeline.hours(day)
            self.hours.append((first, max(first, last)))  # an empty day holds nothing
        self.busy = [busy_spans(day, timeline) for day in days]
        # A lunch window a busy block reaches into: that day's lunch is the block's gap.
        self.lunches = [None if lunch is not None and any(
            b0 < lunch[1] + day.lunch_minutes and b1 > lunch[0] for b0, b1 in busy) else lunch
            for day, busy, lunch in zip(days, self.busy,
                                        (lunch_span(d, timeline) for d in days), strict=True)]
        self.spans: list[list[Span]] = []
        self.allowed: list[list[int]] = []
        for stop in stops:
            per_day = {d.index: start_spans(stop, d, timeline) for d in days}
            allowed = [v for v, spans in per_day.items() if spans]
            if stop.pinned_day is not None:
                allowed = [v for v in allowed if v == stop.pinned_day]
            self.allowed.append(allowed)
            self.spans.append(merge([s for v in allowed for s in per_day[v]]))
        budget = sum(max(1, b - a) for a, b in map(timeline.hours, days))
        self.budget = budget * 60 + 1

    @cached_property
    def seconds(self) -> list[list[int]]:
        travel = self.problem.travel
        scale = travel.road_factor / travel.average_kmh * 3600
        return [[round(km * scale) for km in row] for row in self.crow]

    @property
    def horizon(self) -> int:
        return max(last for _first, last in self.hours) + 1

    def node(self, k: int) -> int:
        return 2 * self.n_days + k

    def level(self, k: int) -> int:
        return level(self.stops[k])

    def penalty(self, k: int) -> int:
        return penalty(self.level(k), self.budget, len(self.stops))

    def cost(self, routes: list[list[int]]) -> int:
        """Travel seconds of these routes plus the penalties of the stops left out."""
        seconds, total = self.seconds, 0
        for v, route in enumerate(routes):
            nodes = [v, *(self.node(k) for k in route), self.n_days + v]
            total += sum(seconds[a][b] for a, b in zip(nodes, nodes[1:], strict=False))
        routed = {k for route in routes for k in route}
        return total + sum(self.penalty(k) for k in range(len(self.stops)) if k not in routed)
