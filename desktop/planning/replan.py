"""Re-plan during the day: from the current stop, at the current time.

The stops already checked in (visited, skipped, rescheduled) are not in the
problem (only planned stops are) and keep their saved times. Today's day
starts where the rep is (the last stop marked visited today, else the day's
start place) at ``now``; earlier days hold nothing (a stop pinned to one
is unpinned); a lunch whose latest start has passed is left out. With
``keep_order`` every planned stop is pinned to its saved day and position,
so the solver only re-times it (and drops what no longer fits); stops the
saved plan left out stay out.

:func:`merge` puts the new plan beside what stays: earlier days as saved,
today's leave time as saved, today's new visits numbered after the done ones.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from desktop.i18n import _
from desktop.planning.geo import time_zone_at
from desktop.planning.problem import Place, TripDay, TripPlan, TripProblem, Visit
from desktop.planning.timeline import zone
from desktop.planning.trip_rows import StopRow
from desktop.services.validation import ValidationError


def today_index(problem: TripProblem, now: datetime) -> int | None:
    """The trip day that is today where that day is (in its own time zone)."""
    for day in problem.days:
        tz = zone(day.start_place.time_zone)
        if day.work_start.astimezone(tz).date() == now.astimezone(tz).date():
            return day.index
    return None


def current_place(rows: Sequence[StopRow], day: TripDay, now: datetime) -> Place:
    """The last stop marked visited on ``day``'s date by ``now``, else the day's start."""
    tz = zone(day.start_place.time_zone)
    on_day = [r for r in rows if r.status == "visited" and r.checked_in_at is not None
              and r.checked_in_at <= now and r.latitude is not None and r.longitude is not None
              and r.checked_in_at.astimezone(tz).date() == day.work_start.astimezone(tz).date()]
    if not on_day:
        return day.start_place
    last = max(on_day, key=lambda r: r.checked_in_at or now)
    assert last.latitude is not None and last.longitude is not None
    return Place(last.account_name, last.latitude, last.longitude, "",
                 time_zone_at(last.latitude, last.longitude))


def problem_from_here(problem: TripProblem, stored: TripPlan | None, rows: Sequence[StopRow],
                      now: datetime, keep_order: bool = False) -> tuple[TripProblem, int]:
    """The problem of the rest of the trip from ``now``, and today's day index."""
    index = today_index(problem, now)
    if index is None:
        raise ValidationError({"day": _("None of the trip's days is today: "
                                        "re-plan works on the day you are on the road.")})
    here = current_place(rows, problem.days[index], now)
    start = _ceil_minute(now)
    days = []
    for day in problem.days:
        if day.index < index:  # past: nothing more happens on it
            day = replace(day, work_end=day.work_start, lunch_minutes=0,
                          lunch_earliest=None, lunch_latest=None)
        elif day.index == index:
            day = replace(day, start_place=here, work_start=max(day.work_start, start))
            if day.lunch_latest is not None and day.lunch_latest < day.work_start:
                day = replace(day, lunch_minutes=0, lunch_earliest=None, lunch_latest=None)
            elif day.lunch_earliest is not None:
                day = replace(day, lunch_earliest=max(day.lunch_earliest, day.work_start))
        days.append(day)
    # A pin to a day that has passed no longer holds: such a stop may go on a later day.
    stops = tuple(replace(s, pinned_day=None, pinned_position=None)
                  if s.pinned_day is not None and s.pinned_day < index else s
                  for s in problem.stops)
    if keep_order:
        if stored is None:
            raise ValidationError({"plan": _("The trip has no plan yet: optimise it first.")})
        placed = {v.stop_id: v for d in stored.days for v in d.visits if d.day_index >= index}
        order = {v.stop_id: n for n, v in enumerate(sorted(
            placed.values(), key=lambda v: (v.day_index, v.sequence)))}
        stops = tuple(replace(s, pinned_day=placed[s.id].day_index,
                              pinned_position=order[s.id])
                      for s in stops if s.id in placed)
    return replace(problem, days=tuple(days), stops=stops, open_nights=frozenset()), index


def merge(stored: TripPlan | None, new: TripPlan, replanned: TripProblem,
          index: int) -> TripPlan:
    """``new`` (the rest of the trip) beside what stays of ``stored``."""
    if stored is None:
        return new
    mine = {s.id for s in replanned.stops}
    before = {d.day_index: d for d in stored.days}
    days = []
    for day in new.days:
        old = before.get(day.day_index)
        if day.day_index < index and old is not None:
            days.append(replace(old, visits=tuple(v for v in old.visits if v.stop_id not in mine)))
        elif day.day_index == index and old is not None:
            done = sum(1 for v in old.visits if v.stop_id not in mine)
            visits = tuple(replace(v, sequence=done + v.sequence) for v in day.visits)
            days.append(replace(day, visits=visits, leave=old.leave if done else day.leave))
        else:
            days.append(day)
    kept = tuple(d for d in stored.dropped if d.stop_id not in mine)
    return replace(new, days=tuple(days), dropped=(*new.dropped, *kept), stays=())


def remaining_order(plan: TripPlan, index: int, ids: set[uuid.UUID]) -> list[uuid.UUID]:
    """The stops of ``ids`` in the plan's order from day ``index`` on."""
    return [v.stop_id for d in sorted(plan.days, key=lambda d: d.day_index)
            if d.day_index >= index for v in sorted(d.visits, key=_seq) if v.stop_id in ids]


def _seq(visit: Visit) -> int:
    return visit.sequence


def _ceil_minute(moment: datetime) -> datetime:
    seconds = moment.second + moment.microsecond / 1e6
    return moment.replace(second=0, microsecond=0) + timedelta(minutes=math.ceil(seconds / 60))
