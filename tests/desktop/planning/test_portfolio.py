"""The portfolio (VROOM's first plan improved by OR-Tools) against VROOM alone,
hard pins and bookings, a day ending in another time zone, and nights away.
Every plan is replayed by the independent validator."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from desktop.planning.cli import describe
from desktop.planning.overnight import plan_cost, with_stays
from desktop.planning.problem import DropReason, Place, TripPlan, TripProblem
from desktop.planning.routing_data import level
from desktop.planning.solver import solve
from desktop.services.container import Services
from tests.bench.routing_bench import city_day, infeasible, two_zones
from tests.desktop.planning.problems import CHAMPAIGN, MONDAY, at, places_near, stop, trip_days
from tests.desktop.planning.replay import violations

NEAR = places_near(CHAMPAIGN.latitude, CHAMPAIGN.longitude, 90.0)
CHICAGO = Place("Chicago", 41.8781, -87.6298, "Chicago, IL", "America/Chicago")


def checked(problem: TripProblem, **kw: object) -> TripPlan:
    plan = solve(problem, **{"time_limit_s": 2.0, **kw})  # type: ignore[arg-type]
    assert violations(problem, plan) == []
    return plan


def important(problem: TripProblem, plan: TripPlan) -> tuple[int, int, int]:
    """Booked or pinned, priority-1 and priority-2 stops planned."""
    levels = {s.id: level(s) for s in problem.stops}
    got = [levels[v.stop_id] for d in plan.days for v in d.visits]
    return got.count(0), got.count(1), got.count(2)


@pytest.mark.parametrize("build", [lambda: city_day(25), lambda: two_zones(40),
                                   lambda: infeasible(34)],
                         ids=["city_25", "two_zones_40", "infeasible_34"])
def test_the_plan_is_no_worse_than_vroom_alone(build: object) -> None:
    problem = build()  # type: ignore[operator]
    vroom = checked(problem, use=("vroom",))
    ours = checked(problem)
    assert important(problem, ours) >= important(problem, vroom)
    assert important(problem, ours)[1] >= important(problem, vroom)[1]
    assert plan_cost(problem, ours) <= plan_cost(problem, vroom)
    if {v.stop_id for d in ours.days for v in d.visits} == {
            v.stop_id for d in vroom.days for v in d.visits}:
        assert ours.drive_minutes <= vroom.drive_minutes


def test_pins_and_bookings_beat_priority_one_stops() -> None:
    town = places_near(CHAMPAIGN.latitude, CHAMPAIGN.longitude, 25.0)
    must = [stop(p, n=i, visit=90, priority=1) for i, p in enumerate(town[:8])]
    booked = [stop(town[8], n=8, priority=5, fixed_start=at(MONDAY, 10)),
              stop(town[9], n=9, priority=5, fixed_start=at(MONDAY, 14))]
    pinned = [stop(town[10], n=10, priority=5, pinned_day=0),
              stop(town[11], n=11, priority=5, pinned_day=0)]
    problem = TripProblem(uuid.uuid4(), "Full day", trip_days(1), (*must, *booked, *pinned))
    plan = checked(problem)
    planned = {v.stop_id for v in plan.days[0].visits}
    assert {s.id for s in (*booked, *pinned)} <= planned  # the day can hold them all
    assert any(s.id not in planned for s in must)  # so a priority-1 stop gives way


def test_two_pins_the_day_cannot_hold_together_name_each_other() -> None:
    far = places_near(CHAMPAIGN.latitude, CHAMPAIGN.longitude, 100.0)
    west = min(far, key=lambda p: p.longitude)
    east = max(far, key=lambda p: p.longitude)
    a = stop(west, n=0, pinned_day=0)  # each fits alone in a 5 h drive, not both
    b = stop(east, n=1, pinned_day=0)
    problem = TripProblem(uuid.uuid4(), "Pins", trip_days(2, max_drive=300), (a, b))
    plan = checked(problem)
    [dropped] = plan.dropped
    kept = a if dropped.stop_id == b.id else b
    assert dropped.reason is DropReason.PIN_CONFLICT
    assert f"together with {kept.place.name} (pinned)" in dropped.message


def test_a_day_ending_in_another_time_zone_prints_its_local_times(
        services: Services, rep: uuid.UUID) -> None:
    trips = services.trips
    trip = trips.create("Over the line", date(2026, 12, 7), 1)
    [day] = trips.days(trip.id)
    trips.edit_day(day.id, {"end_name": "Hotel, Lafayette", "end_latitude": 40.4167,
                            "end_longitude": -86.8753, "work_end": "18:00"})
    problem = trips.problem(trip.id)
    [d] = problem.days
    assert d.start_place.time_zone == "America/Chicago"
    assert d.end_place.time_zone == "America/Indiana/Indianapolis"
    assert d.work_end.isoformat() == "2026-12-07T18:00:00-05:00"  # the hotel's clock
    plan = checked(problem)
    shown = describe(problem, plan)["days"][0]
    assert shown["leave"].endswith("-06:00") and shown["back"].endswith("-05:00")
    local_back = plan.days[0].back.astimezone(d.work_end.tzinfo)
    assert shown["back"] == local_back.isoformat(timespec="minutes")


def _cluster_trip(centre: Place, nights: frozenset[int]) -> TripProblem:
    pool = places_near(centre.latitude, centre.longitude, 40.0)[::7][:10]
    stops = [stop(p, n=i, visit=45, priority=2) for i, p in enumerate(pool)]
    return TripProblem(uuid.uuid4(), "Away", trip_days(2, max_drive=480), tuple(stops),
                       open_nights=nights)


def test_a_night_away_is_taken_when_it_saves_driving() -> None:
    away = _cluster_trip(CHICAGO, frozenset({0}))  # 200 km from home in Champaign
    plan = solve(away, time_limit_s=3.0)
    [stay] = plan.stays
    assert stay is not None and stay.name.startswith("Stay near")
    assert violations(with_stays(away, plan.stays), plan) == []
    home_only = checked(_cluster_trip(CHICAGO, frozenset()), time_limit_s=1.5)
    assert plan_cost(away, plan) + 3600 < plan_cost(away, home_only)


def test_no_night_away_when_the_work_is_near_home() -> None:
    near = _cluster_trip(CHAMPAIGN, frozenset({0}))
    plan = checked(near)
    assert not any(plan.stays)


def test_a_listed_place_to_stay_on_the_way_is_preferred() -> None:
    hotel = Place("Hotel, Chicago Loop", 41.88, -87.63, "Chicago, IL", "America/Chicago")
    away = _cluster_trip(CHICAGO, frozenset({0}))
    with_hotel = TripProblem(away.trip_id, away.name, away.days, away.stops,
                             open_nights=away.open_nights, lodging=(hotel,))
    plan = solve(with_hotel, time_limit_s=3.0)
    assert plan.stays == (hotel,)
    assert violations(with_stays(with_hotel, plan.stays), plan) == []


def test_the_search_settles_on_its_cpu_time_not_the_clock() -> None:
    from desktop.planning.routing_model import SETTLE_SOLUTIONS, SearchState, _settled

    # Searching since CPU 10.0 s, last better plan at 10.3 s, many tries since.
    state = SearchState(solutions=SETTLE_SOLUTIONS + 10, improved_after=5, searched_from=10.0,
                        improved_cpu=10.3)
    assert not _settled(state, 10.35, 0.1)  # 0.05 s of search without a better plan
    assert not _settled(state, 10.44, 0.1)  # 0.14 s, but under a third of the 0.44 searched
    assert _settled(state, 10.46, 0.1)  # 0.16 s and over a third
    few = SearchState(solutions=8, improved_after=5, searched_from=10.0, improved_cpu=10.3)
    assert not _settled(few, 10.6, 0.1)  # too few tries for 0.3 s ...
    assert _settled(few, 10.71, 0.1)  # ... until four times settle_s
