"""An independent check of a plan: replay each day from its start place.

Uses nothing of the solver but ``travel.distance_km``: drive times are worked
out again from the travel model, windows and hours are read from the problem.
``violations`` lists every broken rule so a failing test says what is wrong.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from desktop.planning.problem import DayPlan, TripDay, TripPlan, TripProblem
from desktop.planning.travel import distance_km


def expected_drive(km: float, problem: TripProblem) -> int:
    minutes = km * problem.travel.road_factor / problem.travel.average_kmh * 60
    return math.ceil(minutes - 1e-9) if minutes > 0 else 0


def violations(problem: TripProblem, plan: TripPlan) -> list[str]:
    found: list[str] = []
    stops = {s.id: s for s in problem.stops}
    planned = [v.stop_id for d in plan.days for v in d.visits]
    dropped = [d.stop_id for d in plan.dropped]
    if len(planned) != len(set(planned)):
        found.append("a stop is visited twice")
    if set(planned) & set(dropped):
        found.append(f"scheduled and dropped: {set(planned) & set(dropped)}")
    if len(dropped) != len(set(dropped)):
        found.append("a stop is dropped twice")
    if set(planned) | set(dropped) != set(stops) or len(planned) + len(dropped) != len(stops):
        found.append("a stop is missing or unknown")
    found += [f"{d.stop_id}: dropped without a reason" for d in plan.dropped
              if not d.reason or not d.message.strip()]
    if [d.day_index for d in plan.days] != [d.index for d in problem.days]:
        found.append("one DayPlan per trip day, in order")
        return found
    for day, day_plan in zip(problem.days, plan.days, strict=True):
        found += [f"day {day.index}: {v}" for v in _replay_day(problem, day, day_plan)]
    return found


def _replay_day(problem: TripProblem, day: TripDay, plan: DayPlan) -> list[str]:
    bad: list[str] = []
    stops = {s.id: s for s in problem.stops}
    minute = timedelta(minutes=1)
    for moment in (plan.leave, plan.back, *(t for v in plan.visits
                                           for t in (v.arrive, v.start, v.depart))):
        if moment.tzinfo is None:
            bad.append("naive datetime")
    if plan.leave < day.work_start:
        bad.append(f"leaves {plan.leave} before the day starts")
    if plan.back > day.work_end:
        bad.append(f"back {plan.back} after the day ends {day.work_end}")
    here, free = day.start_place, plan.leave
    # (gap start, gap end, drive in the gap) between the day's fixed moments
    gaps: list[tuple[datetime, datetime, int]] = []
    lunch_minutes = timedelta(minutes=day.lunch_minutes)
    ls = plan.lunch_start
    driving = 0
    for seq, visit in enumerate(plan.visits):
        stop = stops[visit.stop_id]
        name = stop.place.name
        if visit.sequence != seq or visit.day_index != day.index:
            bad.append(f"{name}: sequence/day index wrong")
        km = distance_km(here, stop.place)
        drive = expected_drive(km, problem)
        driving += visit.drive_minutes
        if abs(visit.drive_minutes - drive) > 1:
            bad.append(f"{name}: drive {visit.drive_minutes} min, the model says {drive}")
        if abs(visit.distance_km - km * problem.travel.road_factor) > 0.11:
            bad.append(f"{name}: {visit.distance_km} km, the model says "
                       f"{km * problem.travel.road_factor:.1f}")
        earliest = free + visit.drive_minutes * minute
        lunch_here = ls is not None and free <= ls < visit.start
        if visit.arrive < earliest:
            bad.append(f"{name}: arrives {visit.arrive}, cannot before {earliest}")
        if visit.arrive > earliest + (lunch_minutes if lunch_here else timedelta(0)):
            bad.append(f"{name}: arrives {visit.arrive}, later than driving explains")
        if visit.start < visit.arrive:
            bad.append(f"{name}: starts before arriving")
        if visit.depart != visit.start + stop.visit_minutes * minute:
            bad.append(f"{name}: depart is not start + {stop.visit_minutes} min")
        if visit.start < day.work_start or visit.depart > day.work_end:
            bad.append(f"{name}: outside the day's hours")
        if stop.fixed_start is not None:
            if visit.start != stop.fixed_start:
                bad.append(f"{name}: booked {stop.fixed_start}, starts {visit.start}")
        elif stop.windows and not any(w.start <= visit.start and visit.depart <= w.end
                                      for w in stop.windows):
            bad.append(f"{name}: {visit.start}-{visit.depart} is in none of its windows")
        if stop.pinned_day is not None and stop.pinned_day != day.index:
            bad.append(f"{name}: pinned to day {stop.pinned_day}")
        gaps.append((free, visit.start, visit.drive_minutes))
        here, free = stop.place, visit.depart
    km = distance_km(here, day.end_place)
    drive = expected_drive(km, problem)
    if abs(plan.return_drive_minutes - drive) > 1:
        bad.append(f"return drive {plan.return_drive_minutes} min, the model says {drive}")
    if abs(plan.return_distance_km - km * problem.travel.road_factor) > 0.11:
        bad.append("return distance differs from the model")
    driving += plan.return_drive_minutes
    if plan.back < free + plan.return_drive_minutes * minute:
        bad.append("back before the return drive could end")
    gaps.append((free, plan.back, plan.return_drive_minutes))
    if driving > day.max_drive_minutes:
        bad.append(f"drives {driving} min, more than {day.max_drive_minutes}")
    pinned = [(stops[v.stop_id].pinned_position, v.sequence) for v in plan.visits
              if stops[v.stop_id].pinned_position is not None
              and stops[v.stop_id].pinned_day == day.index]
    if [seq for _, seq in sorted(pinned)] != sorted(seq for _, seq in pinned):
        bad.append(f"pinned stops out of their order: {pinned}")
    if plan.visits and day.lunch_minutes and day.lunch_earliest and day.lunch_latest:
        bad += _lunch(day, plan, gaps)
    return bad


def _lunch(day: TripDay, plan: DayPlan, gaps: list[tuple[datetime, datetime, int]]) -> list[str]:
    ls = plan.lunch_start
    if ls is None:
        return ["no lunch break"]
    assert day.lunch_earliest is not None and day.lunch_latest is not None
    length = timedelta(minutes=day.lunch_minutes)
    if not day.lunch_earliest <= ls <= day.lunch_latest:
        return [f"lunch at {ls}, outside {day.lunch_earliest}-{day.lunch_latest}"]
    if ls + length <= plan.leave or ls >= plan.back:
        return []  # at the start or end place
    for begin, end, drive in gaps:
        if begin <= ls and ls + length <= end:
            if end - begin < length + timedelta(minutes=drive):
                return [f"lunch at {ls} leaves no time for the {drive} min drive"]
            return []
    return [f"lunch at {ls} overlaps a visit"]
