"""The solver's plans, checked by an independent replay of every day."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.planning.problem import (
    DropReason,
    Place,
    SolveStatus,
    Stop,
    TripPlan,
    TripProblem,
    Window,
)
from desktop.planning.solver import ProgressInfo, solve
from tests.desktop.planning.problems import (
    CHAMPAIGN,
    MONDAY,
    at,
    places_near,
    random_problem,
    stop,
    trip_days,
)
from tests.desktop.planning.replay import violations

NEAR = places_near(CHAMPAIGN.latitude, CHAMPAIGN.longitude, 90.0)


def checked(problem: TripProblem, **kw: object) -> TripPlan:
    plan = solve(problem, **{"time_limit_s": 1.0, **kw})  # type: ignore[arg-type]
    assert violations(problem, plan) == []
    return plan


def problem_of(*stops: Stop, days: int = 2, **kw: object) -> TripProblem:
    return TripProblem(uuid.uuid4(), "Test trip", trip_days(days, **kw),  # type: ignore[arg-type]
                       tuple(stops))


def reasons(plan: TripPlan) -> dict[uuid.UUID, DropReason]:
    return {d.stop_id: d.reason for d in plan.dropped}


@st.composite
def problems(draw: st.DrawFn) -> TripProblem:
    days = trip_days(2, max_drive=draw(st.sampled_from((180, 300, 480))),
                     lunch=draw(st.sampled_from((0, 30, 45))))
    places = draw(st.lists(st.sampled_from(NEAR), min_size=8, max_size=12, unique=True))
    stops = []
    for n, place in enumerate(places):
        kind = draw(st.sampled_from(("any", "hours", "slot", "fixed", "pinned")))
        day = days[draw(st.integers(0, 1))].work_start.date()
        windows: tuple[Window, ...] = ()
        extra: dict[str, object] = {}
        if kind == "hours":
            opens = draw(st.integers(7, 12))
            windows = (Window(at(day, opens), at(day, opens + draw(st.integers(1, 6)))),
                       Window(at(day + timedelta(days=1), 14), at(day + timedelta(days=1), 17)))
        elif kind == "slot":
            h = draw(st.integers(6, 19))
            windows = (Window(at(day, h), at(day, h, 0) + timedelta(minutes=90)),)
        elif kind == "fixed":
            extra["fixed_start"] = at(day, draw(st.integers(8, 16)), draw(st.sampled_from((0, 30))))
        elif kind == "pinned":
            extra["pinned_day"] = draw(st.integers(0, 1))
            extra["pinned_position"] = draw(st.integers(0, 3))
        stops.append(stop(place, n=n, visit=draw(st.sampled_from((20, 45, 90))),
                          windows=windows, priority=draw(st.integers(1, 5)), **extra))
    return TripProblem(uuid.UUID(int=1), "Random", days, tuple(stops))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_random_trips_replay_cleanly(problem: TripProblem) -> None:
    plan = solve(problem, time_limit_s=0.4)
    assert violations(problem, plan) == []


def test_a_seeded_trip_schedules_most_stops_with_lunch_and_returns_home() -> None:
    problem = random_problem(3, 12, 2)
    plan = checked(problem)
    assert plan.status is SolveStatus.SOLVED
    assert sum(len(d.visits) for d in plan.days) >= 8
    assert all(d.lunch_start is not None for d in plan.days if d.visits)


def test_a_window_outside_every_day_is_dropped_with_its_local_times() -> None:
    evening = stop(NEAR[0], n=0, windows=(Window(at(MONDAY, 14), at(MONDAY, 16)),))
    saturday = stop(NEAR[1], n=1, windows=(Window(at(MONDAY + timedelta(days=5), 9),
                                                  at(MONDAY + timedelta(days=5), 12)),))
    fine = stop(NEAR[2], n=2)
    plan = checked(problem_of(evening, saturday, fine, days=1, hours=(8, 13)))
    dropped = {d.stop_id: d for d in plan.dropped}
    assert dropped[evening.id].reason is DropReason.OUTSIDE_WINDOWS
    assert dropped[evening.id].message == (
        "Open 14:00-16:00 CST on Mon Dec 7, but the day ends 13:00.")
    assert dropped[saturday.id].reason is DropReason.OUTSIDE_WINDOWS
    assert "Sat Dec 12" in dropped[saturday.id].message
    assert [v.stop_id for v in plan.days[0].visits] == [fine.id]


def test_a_stop_without_coordinates_is_dropped_not_a_crash() -> None:
    nowhere = stop(Place("Unknown Co", float("nan"), float("nan"), "12 Nowhere Rd"), n=0)
    plan = checked(problem_of(nowhere, stop(NEAR[3], n=1)))
    assert reasons(plan) == {nowhere.id: DropReason.NO_LOCATION}
    assert "12 Nowhere Rd" in plan.dropped[0].message


def test_a_stop_across_the_country_is_too_far() -> None:
    la = stop(Place("Los Angeles", 34.05, -118.24, "LA", "America/Los_Angeles"), n=0)
    plan = checked(problem_of(la, stop(NEAR[4], n=1)))
    assert reasons(plan) == {la.id: DropReason.TOO_FAR}


def test_a_pin_its_day_cannot_hold_is_a_pin_conflict() -> None:
    monday_only = stop(NEAR[5], n=0, windows=(Window(at(MONDAY, 9), at(MONDAY, 17)),),
                       pinned_day=1)
    booked_at_night = stop(NEAR[6], n=1, fixed_start=at(MONDAY, 21))
    plan = checked(problem_of(monday_only, booked_at_night, stop(NEAR[7], n=2)))
    assert reasons(plan) == {monday_only.id: DropReason.PIN_CONFLICT,
                             booked_at_night.id: DropReason.PIN_CONFLICT}


def test_a_booked_appointment_starts_exactly_then() -> None:
    booked = stop(NEAR[8], n=0, fixed_start=at(MONDAY + timedelta(days=1), 10, 15))
    plan = checked(problem_of(booked, *(stop(p, n=i + 1) for i, p in enumerate(NEAR[9:15]))))
    [visit] = [v for d in plan.days for v in d.visits if v.stop_id == booked.id]
    assert visit.day_index == 1 and visit.start == at(MONDAY + timedelta(days=1), 10, 15)


def test_more_than_a_day_holds_drops_the_lowest_priority_and_says_which_day() -> None:
    stops = [stop(p, n=i, visit=90, priority=1 if i < 3 else 5) for i, p in enumerate(NEAR[:9])]
    plan = checked(problem_of(*stops, days=1))
    kept = {v.stop_id for v in plan.days[0].visits}
    assert {s.id for s in stops[:3]} <= kept
    assert plan.dropped and all(d.reason is DropReason.LOWER_PRIORITY for d in plan.dropped)
    assert all("Mon Dec 7" in d.message for d in plan.dropped)


def test_two_appointments_at_the_same_time_keep_one_and_name_the_other() -> None:
    tuesday_ten = at(MONDAY + timedelta(days=1), 10)
    a = stop(NEAR[40], n=0, fixed_start=tuesday_ten, priority=2)
    b = stop(NEAR[41], n=1, fixed_start=tuesday_ten, priority=2)
    plan = checked(problem_of(a, b))
    [dropped] = plan.dropped
    kept = a if dropped.stop_id == b.id else b
    assert dropped.reason is DropReason.PIN_CONFLICT
    assert dropped.message == (f"Booked on Tue Dec 8, which cannot hold it together with "
                               f"{kept.place.name} (booked 10:00 CST): move or unpin one of them.")


def test_reoptimising_keeps_pinned_stops_on_their_day_and_in_their_order() -> None:
    stops = [stop(p, n=i, visit=30) for i, p in enumerate(NEAR[20:30])]
    first = checked(problem_of(*stops))
    monday = [v.stop_id for v in first.days[0].visits]
    assert len(monday) >= 3
    # The rep moves Monday's first three visits to Tuesday, in reverse order.
    moved = {sid: pos for pos, sid in enumerate(reversed(monday[:3]))}
    pinned = [replace(s, pinned_day=1, pinned_position=moved[s.id]) if s.id in moved else s
              for s in stops]
    second = checked(problem_of(*pinned))
    tuesday = [v.stop_id for v in second.days[1].visits]
    assert [sid for sid in tuesday if sid in moved] == list(reversed(monday[:3]))


def test_max_driving_caps_the_day_and_the_rest_is_explained() -> None:
    far = places_near(CHAMPAIGN.latitude, CHAMPAIGN.longitude, 150.0)[::40][:10]
    plan = checked(problem_of(*(stop(p, n=i) for i, p in enumerate(far)), days=1,
                              max_drive=150))
    assert plan.days[0].drive_minutes <= 150
    assert plan.dropped


def test_a_time_limit_returns_a_valid_plan() -> None:
    problem = random_problem(5, 40, 3)
    plan = checked(problem, time_limit_s=0.3)  # guided local search never ends by itself
    assert plan.status is SolveStatus.SOLVED and plan.days[0].visits


def test_progress_returning_false_stops_with_the_best_plan_so_far() -> None:
    problem = random_problem(6, 30, 2)
    calls: list[ProgressInfo] = []

    def stop_now(info: ProgressInfo) -> bool:
        calls.append(info)
        return False

    plan = checked(problem, time_limit_s=30.0, on_progress=stop_now)
    assert plan.status is SolveStatus.STOPPED
    assert len(calls) == 1 and calls[0].visits == sum(len(d.visits) for d in plan.days)


def test_progress_reports_improving_objectives() -> None:
    calls: list[ProgressInfo] = []
    checked(random_problem(7, 15, 2), time_limit_s=0.5, on_progress=calls.append)
    assert calls and all(b.objective <= a.objective for a, b in zip(calls, calls[1:], strict=False))


def test_stops_in_two_time_zones_keep_their_local_windows() -> None:
    # Western Indiana keeps Eastern time; the rep lives on Central time.
    east = "America/Indiana/Indianapolis"
    lafayette = Place("Lafayette", 40.4167, -86.8753, "Lafayette, IN", east)
    danville = Place("Danville", 40.1245, -87.6300, "Danville, IL", "America/Chicago")
    eastern = stop(lafayette, n=0, windows=(Window(at(MONDAY, 15, 0, east),
                                                   at(MONDAY, 17, 0, east)),))
    central = stop(danville, n=1, windows=(Window(at(MONDAY, 12), at(MONDAY, 14)),))
    plan = checked(problem_of(eastern, central, days=1))
    visits = {v.stop_id: v for v in plan.days[0].visits}
    assert [v.stop_id for v in plan.days[0].visits] == [central.id, eastern.id]
    assert visits[eastern.id].start.tzname() == "EST" and visits[central.id].start.tzname() == "CST"
    assert 15 <= visits[eastern.id].start.hour < 17 and 12 <= visits[central.id].start.hour < 14
    # Booked outside the day, the message names the stop's own clock.
    late = stop(lafayette, n=2, windows=(Window(at(MONDAY, 19, 0, east), at(MONDAY, 20, 0, east)),))
    [dropped] = checked(problem_of(late, days=1)).dropped
    assert dropped.message == "Open 19:00-20:00 EST on Mon Dec 7, but the day ends 19:00."


def test_no_days_and_nothing_to_do_are_not_errors() -> None:
    assert solve(TripProblem(uuid.uuid4(), "Empty", (), (stop(NEAR[0]),))).status \
        is SolveStatus.NO_PLAN
    plan = checked(problem_of())
    assert plan.status is SolveStatus.NO_PLAN and len(plan.days) == 2
