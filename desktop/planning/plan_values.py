"""What a solved plan sets on a trip's stops and days, as column values.

One definition for both writers of a plan: the trip service's unit of work
(:meth:`desktop.planning.trips.TripService.save_plan`) and ``fieldbook plan
solve``'s plain sqlite3 path (:mod:`desktop.planning.plain_trip`), so the two
write the same rows and the same outbox entries.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from desktop.planning.problem import Place, TripPlan

PLAN_FIELDS = ("day_index", "sequence", "arrive_at", "start_at", "depart_at", "drive_minutes",
               "distance_km", "dropped_reason", "dropped_message")
DAY_PLAN_FIELDS = ("leave_at", "back_at", "return_drive_minutes", "return_distance_km",
                   "lunch_start_at", "solved_at")


def unsolved() -> dict[str, Any]:
    """A stop's plan columns cleared."""
    return dict.fromkeys(PLAN_FIELDS)


def place_values(side: str, place: Place) -> dict[str, Any]:
    """A day's start or end place (``side``) as its columns, cut to their lengths."""
    return {f"{side}_name": place.name[:120], f"{side}_address": place.address[:200] or None,
            f"{side}_latitude": place.latitude, f"{side}_longitude": place.longitude}


def stop_values(plan: TripPlan, stop_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, dict[str, Any]]:
    """The plan columns of each of ``stop_ids``: its visit, why it was dropped, or
    cleared when the plan does not mention it. Stops the plan names that are not
    among ``stop_ids`` are left out."""
    values: dict[uuid.UUID, dict[str, Any]] = {i: unsolved() for i in stop_ids}
    for day_plan in plan.days:
        for v in day_plan.visits:
            if v.stop_id in values:
                values[v.stop_id] = {**unsolved(), "day_index": v.day_index,
                                     "sequence": v.sequence, "arrive_at": v.arrive,
                                     "start_at": v.start, "depart_at": v.depart,
                                     "drive_minutes": v.drive_minutes,
                                     "distance_km": v.distance_km}
    for d in plan.dropped:
        if d.stop_id in values:
            values[d.stop_id] = {**unsolved(), "dropped_reason": d.reason.value,
                                 "dropped_message": d.message}
    return values


def day_values(plan: TripPlan, day_indexes: Sequence[int],
               now: datetime) -> dict[int, dict[str, Any]]:
    """The columns of each day (by its ``day_index``; ``day_indexes`` sorted): a
    night the planner spent away becomes the end of its day and the start of the
    next (nights count the days in order), then the solved day's times, or
    none, and when it was solved."""
    values: dict[int, dict[str, Any]] = {i: {} for i in day_indexes}
    for night, place in enumerate(plan.stays):  # stays the planner chose
        if place is not None and night + 1 < len(day_indexes):
            values[day_indexes[night]].update(place_values("end", place))
            values[day_indexes[night + 1]].update({**place_values("start", place),
                                                   "time_zone": place.time_zone})
    solved = {d.day_index: d for d in plan.days}
    for index in day_indexes:
        p = solved.get(index)
        values[index].update({
            "leave_at": p.leave if p else None, "back_at": p.back if p else None,
            "return_drive_minutes": p.return_drive_minutes if p else None,
            "return_distance_km": p.return_distance_km if p else None,
            "lunch_start_at": p.lunch_start if p else None, "solved_at": now})
    return values
