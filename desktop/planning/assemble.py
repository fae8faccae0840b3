"""From the solver's minutes to a rep's day: arrive, wait, visit, leave, lunch.

The solver's times are start-of-service minutes; here each leg gets its drive
from the shared matrix, the rep leaves home as late as the first visit allows
(no waiting in a car park at 08:00 for a 10:00 opening), and a lunch break is
placed in the gap the solver chose for it. Times come out in the local zone
of the place they happen at.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from desktop.planning.problem import DayPlan, Stop, TripProblem, Visit
from desktop.planning.timeline import Span, Timeline, busy_spans
from desktop.planning.travel import Matrix


@dataclass(frozen=True)
class Solution:
    """What the search returned, in matrix positions and minutes."""

    routes: list[list[int]]  # per day: stop positions in visiting order
    starts: list[int]  # per day: the solver's leave minute
    ends: list[int]  # per day: the solver's back minute
    stop_starts: dict[int, int]  # stop position -> start of the visit
    lunches: dict[int, int] = field(default_factory=dict)  # day -> lunch start minute


def to_days(problem: TripProblem, timeline: Timeline, matrix: Matrix, stops: list[Stop],
            solution: Solution | None) -> list[DayPlan]:
    n_days = len(problem.days)
    plans: list[DayPlan] = []
    for v, day in enumerate(problem.days):
        route = solution.routes[v] if solution else []
        nodes = [2 * n_days + k for k in route]
        begin = solution.starts[v] if solution else timeline.hours(day)[0]
        lunch = solution.lunches.get(v) if solution and route else None
        lunch_minutes = day.lunch_minutes if lunch is not None else 0
        busy = busy_spans(day, timeline)
        # Leave as late as the first visit allows, keeping the lunch where it was put.
        leave = begin
        if nodes:
            drive = matrix.minutes[v][nodes[0]]
            first_start = solution.stop_starts[route[0]] if solution else begin
            latest = depart_by(first_start, drive, busy)
            if lunch is not None and begin <= lunch < first_start:
                latest = min(latest - lunch_minutes, lunch)
            leave = max(begin, latest)
        visits: list[Visit] = []
        previous, free = v, leave
        for seq, (k, node) in enumerate(zip(route, nodes, strict=True)):
            stop = stops[k]
            start = solution.stop_starts[k] if solution else free
            drive = matrix.minutes[previous][node]
            arrive = arrive_at(free, drive, busy)
            if lunch is not None and free <= lunch < arrive:
                arrive += lunch_minutes  # lunch on the way
            tz = stop.place.time_zone
            visits.append(Visit(
                stop_id=stop.id, day_index=day.index, sequence=seq,
                arrive=timeline.at(arrive, tz), start=timeline.at(start, tz),
                depart=timeline.at(start + stop.visit_minutes, tz), drive_minutes=drive,
                distance_km=matrix.km[previous][node]))
            previous, free = node, start + stop.visit_minutes
        home = n_days + v
        back_drive = matrix.minutes[previous][home]
        back = arrive_at(free, back_drive, busy)
        if lunch is not None and free <= lunch < back:
            back += lunch_minutes  # lunch on the way back
        lunch_at = None
        if lunch is not None:
            lunch_at = (timeline.origin + timedelta(minutes=lunch)).astimezone(
                day.work_start.tzinfo)
        plans.append(DayPlan(
            day_index=day.index, visits=tuple(visits),
            leave=timeline.at(leave, day.start_place.time_zone),
            back=timeline.at(back, day.end_place.time_zone),
            return_drive_minutes=back_drive, return_distance_km=matrix.km[previous][home],
            lunch_start=lunch_at))
    return plans



def arrive_at(free: int, drive: int, busy: list[Span]) -> int:
    """Leaving at ``free``, the arrival when driving stops for each busy block."""
    t, need = free, drive
    for b0, b1 in busy:
        if b1 <= t:
            continue
        if b0 >= t + need:
            break
        need -= max(0, b0 - t)
        t = b1
    return t + need


def depart_by(arrive: int, drive: int, busy: list[Span]) -> int:
    """The latest leaving minute that arrives by ``arrive`` around the busy blocks."""
    t, need = arrive, drive
    for b0, b1 in reversed(busy):
        if b0 >= t:
            continue
        if b1 <= t - need:
            break
        need -= max(0, t - b1)
        t = b0
    return t - need
