"""Re-plan from here: done visits stay, the rest starts from the last stop at the clock's time."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from desktop.planning.problem import Place, TravelModel, TripPlan
from desktop.planning.solver import solve
from desktop.planning.targets import TargetFilter
from desktop.planning.travel import build_matrix
from desktop.services.container import Services
from desktop.services.validation import ValidationError
from tests.desktop.planning.conftest import SPRINGFIELD, account, offset

CHICAGO = ZoneInfo("America/Chicago")
MONDAY = date(2026, 11, 23)


def set_clock(services: Services, moment: datetime) -> None:
    services.clock = services.session.clock = lambda: moment


def planned_trip(services: Services, stops: int = 6) -> tuple[uuid.UUID, TripPlan]:
    """A one-day trip, optimised and saved before the day starts."""
    for n in range(stops):
        account(services, f"Account {n}", *offset(SPRINGFIELD, 6 + 4 * (n % 3), 5 * (n // 3)))
    trip = services.trips.create("Monday", MONDAY, 1).id
    services.trips.add_stops(trip, services.targets.search(TargetFilter()))
    set_clock(services, datetime(2026, 11, 23, 6, 0, tzinfo=CHICAGO))
    plan = solve(services.trips.problem(trip), time_limit_s=1.0)
    services.trips.save_plan(trip, plan)
    stored = services.trips.stored_plan(trip)
    assert stored is not None and len(stored.days[0].visits) == stops
    return trip, stored


def check_in(services: Services, stop_id: uuid.UUID, at: datetime) -> None:
    set_clock(services, at)
    row = next(s for s in services.trips.stops(stop_id_trip(services, stop_id))
               if s.id == stop_id)
    interaction = services.history.log_interaction(row.account_id, {
        "channel": "visit", "subject": "Visit", "occurred_at": at}).id
    services.checkin.mark_visited(stop_id, interaction)


def stop_id_trip(services: Services, stop_id: uuid.UUID) -> uuid.UUID:
    trip = services.trips.trips()[0].id
    assert any(s.id == stop_id for s in services.trips.stops(trip))
    return trip


def replan(services: Services, trip: uuid.UUID, keep_order: bool) -> TripPlan:
    problem, index = services.trips.replan_problem(trip, keep_order)
    plan = solve(problem, time_limit_s=1.0)
    services.trips.save_replan(trip, plan, problem, index)
    stored = services.trips.stored_plan(trip)
    assert stored is not None
    return stored


@pytest.mark.parametrize("keep_order", [False, True])
def test_replan_keeps_the_done_visits_and_starts_from_the_last_stop_now(
        services: Services, rep: uuid.UUID, keep_order: bool) -> None:
    trip, before = planned_trip(services)
    first, second, *rest = before.days[0].visits
    late = timedelta(minutes=40)  # the rep runs behind the plan
    check_in(services, first.stop_id, first.depart + late)
    check_in(services, second.stop_id, second.depart + late)
    now = second.depart + late + timedelta(minutes=5)
    set_clock(services, now)
    after = replan(services, trip, keep_order)

    rows = {s.id: s for s in services.trips.stops(trip)}
    for done in (first, second):  # kept as done, at their saved times
        assert rows[done.stop_id].status == "visited"
        assert rows[done.stop_id].start_at == done.start
        assert rows[done.stop_id].sequence == done.sequence
    visits = sorted(after.days[0].visits, key=lambda v: v.sequence)
    assert [v.stop_id for v in visits[:2]] == [first.stop_id, second.stop_id]
    remaining = visits[2:]
    assert remaining and [v.sequence for v in remaining] == list(range(2, 2 + len(remaining)))
    # From the second stop (where the rep is) at the clock's time.
    here = Place("here", rows[second.stop_id].latitude or 0.0,
                 rows[second.stop_id].longitude or 0.0)
    there = rows[remaining[0].stop_id]
    drive = build_matrix([here, Place("next", there.latitude or 0.0, there.longitude or 0.0)],
                         TravelModel()).minutes[0][1]
    assert remaining[0].drive_minutes == drive
    assert remaining[0].start >= now + timedelta(minutes=drive)
    assert remaining[0].start >= remaining[0].arrive >= now + timedelta(minutes=drive)
    for a, b in zip(remaining, remaining[1:], strict=False):
        assert b.start >= a.depart + timedelta(minutes=b.drive_minutes)
    # Nothing is left out silently: planned or reported.
    reported = {v.stop_id for v in remaining} | {d.stop_id for d in after.dropped}
    assert reported == {v.stop_id for v in rest}
    if keep_order:  # re-time only: the saved order of the rest is kept
        planned_order = [v.stop_id for v in rest if v.stop_id in {r.stop_id for r in remaining}]
        assert [v.stop_id for v in remaining] == planned_order
        assert remaining[0].stop_id == rest[0].stop_id
        assert remaining[0].start > rest[0].start  # re-timed: later than the saved plan


@pytest.mark.parametrize(("hour", "most"), [(16, 1), (19, 0)])
def test_replan_drops_what_no_longer_fits_and_says_so(services: Services, rep: uuid.UUID,
                                                      hour: int, most: int) -> None:
    trip, before = planned_trip(services)
    first = before.days[0].visits[0]
    check_in(services, first.stop_id, first.depart)
    set_clock(services, datetime(2026, 11, 23, hour, 0, tzinfo=CHICAGO))  # late in the day
    after = replan(services, trip, keep_order=True)
    planned = [v for v in after.days[0].visits if v.stop_id != first.stop_id]
    # 16:00 to 17:30 with the drive home holds one visit at most; after hours, none.
    assert len(planned) <= most
    assert len(after.dropped) == 5 - len(planned)
    assert all(d.message for d in after.dropped)


def test_replan_needs_a_trip_day_today(services: Services, rep: uuid.UUID) -> None:
    trip, _before = planned_trip(services)
    set_clock(services, datetime(2026, 11, 25, 10, 0, tzinfo=CHICAGO))
    with pytest.raises(ValidationError, match="None of the trip's days is today"):
        services.trips.replan_problem(trip)


def test_a_stop_pinned_to_a_past_day_moves_on(services: Services, rep: uuid.UUID) -> None:
    for n in range(4):
        account(services, f"Account {n}", *offset(SPRINGFIELD, 6 + 4 * n))
    trip = services.trips.create("Two days", MONDAY, 2).id
    services.trips.add_stops(trip, services.targets.search(TargetFilter()))
    set_clock(services, datetime(2026, 11, 23, 6, 0, tzinfo=CHICAGO))
    services.trips.save_plan(trip, solve(services.trips.problem(trip), time_limit_s=0.5))
    missed = services.trips.stops(trip)[0].id
    services.trips.pin(missed, 0)  # the rep meant Monday, and Monday went by
    set_clock(services, datetime(2026, 11, 24, 9, 0, tzinfo=CHICAGO))
    after = replan(services, trip, keep_order=False)
    assert after.dropped == ()
    assert {v.stop_id for v in after.days[1].visits} == {s.id for s in services.trips.stops(trip)}
    assert all(v.start >= datetime(2026, 11, 24, 9, 0, tzinfo=CHICAGO)
               for v in after.days[1].visits)
