"""A small trip as plain planning values: two days, four stops, one dropped."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from desktop.planning.problem import (
    DayPlan,
    Dropped,
    DropReason,
    Place,
    SolveStatus,
    Stop,
    TripDay,
    TripPlan,
    TripProblem,
    Visit,
    Window,
)

CHICAGO = ZoneInfo("America/Chicago")
HOME = Place("Home", 39.78, -89.65, "1 Main St, Springfield, IL", "America/Chicago")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, 7 + day, hour, minute, tzinfo=CHICAGO)


def problem_and_plan() -> tuple[TripProblem, TripPlan]:
    days = tuple(TripDay(i, HOME, HOME, at(i, 8), at(i, 17), 300, at(i, 11, 30), at(i, 13), 30)
                 for i in range(2))
    names = ["Keller Industrial", "Bayside Dental", "Northwind Foods", "Far Away Farm"]
    stops = tuple(
        Stop(uuid.UUID(int=n + 1), uuid.UUID(int=100 + n),
             Place(name, 39.8 + n / 10, -89.6, "", "America/Chicago"), 45,
             (Window(at(0, 9), at(0, 12)),) if n == 1 else (), priority=n + 1,
             pinned_day=0 if n == 2 else None, purpose=f"Review {n}")
        for n, name in enumerate(names))
    visit = lambda n, d, s, h: Visit(stops[n].id, d, s, at(d, h), at(d, h),  # noqa: E731
                                     at(d, h) + timedelta(minutes=45), 20, 25.0)
    plan = TripPlan(uuid.UUID(int=9), (
        DayPlan(0, (visit(0, 0, 0, 9), visit(1, 0, 1, 10), visit(2, 0, 2, 13)), at(0, 8, 40),
                at(0, 15), 30, 40.0, at(0, 12)),
        DayPlan(1, (), at(1, 8), at(1, 8), 0, 0.0),
    ), (Dropped(stops[3].id, DropReason.TOO_FAR, ""),), SolveStatus.SOLVED, 1.2)
    problem = TripProblem(uuid.UUID(int=9), "Central Illinois", days, stops)
    return problem, plan
