"""Check-in from a stop, rescheduling to the carry-over list, plan vs actual."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from desktop.planning.problem import DayPlan, SolveStatus, TripPlan, Visit
from desktop.planning.targets import TargetFilter
from desktop.services.container import Services
from desktop.services.validation import ValidationError
from tests.conftest import FIXED_NOW
from tests.desktop.planning.conftest import SPRINGFIELD, account, offset

CHICAGO = ZoneInfo("America/Chicago")


def _solved_trip(services: Services) -> tuple[uuid.UUID, dict[str, uuid.UUID]]:
    for n, name in enumerate(("Alpha", "Bravo", "Charlie", "Delta", "Echo")):
        account(services, name, *offset(SPRINGFIELD, 5 + n))
    trip = services.trips.create("Week", date(2026, 11, 19), 2).id
    services.trips.add_stops(trip, services.targets.search(TargetFilter()))
    ids = {s.account_name: s.id for s in services.trips.stops(trip)}
    t0 = datetime(2026, 11, 19, 9, tzinfo=CHICAGO)
    t1 = t0 + timedelta(days=1)

    def visit(name: str, day: int, seq: int, at: datetime) -> Visit:
        return Visit(ids[name], day, seq, at, at, at + timedelta(minutes=45), 10, 12.0)

    plan = TripPlan(trip, (
        DayPlan(0, (visit("Alpha", 0, 0, t0), visit("Bravo", 0, 1, t0 + timedelta(hours=2))),
                t0 - timedelta(minutes=10), t0 + timedelta(hours=4), 10, 12.0),
        DayPlan(1, (visit("Charlie", 1, 0, t1), visit("Delta", 1, 1, t1 + timedelta(hours=1))),
                t1 - timedelta(minutes=10), t1 + timedelta(hours=3), 10, 12.0)),
        (), SolveStatus.SOLVED, 0.2)
    services.trips.save_plan(trip, plan)
    return trip, ids


def test_visit_prefill_and_mark_visited(services: Services, rep: uuid.UUID) -> None:
    trip, ids = _solved_trip(services)
    services.trips.edit_stop(ids["Alpha"], {"purpose": "Quarterly review"})
    pre = services.checkin.visit_prefill(ids["Alpha"])
    planned = datetime(2026, 11, 19, 9, tzinfo=CHICAGO)
    assert (pre.account_name, pre.channel, pre.subject, pre.duration_minutes) == (
        "Alpha", "visit", "Quarterly review", 45)
    assert pre.occurred_at == planned  # earlier than now: logged afterwards
    later = services.checkin.visit_prefill(ids["Delta"])  # planned after FIXED_NOW
    assert later.occurred_at == FIXED_NOW and later.subject == "Visit: Delta"
    assert services.checkin.visit_prefill(ids["Echo"]).occurred_at == FIXED_NOW  # unsolved
    interaction = services.history.log_interaction(pre.account_id, {
        "channel": pre.channel, "subject": pre.subject, "occurred_at": pre.occurred_at,
        "duration_minutes": pre.duration_minutes}).id
    changes = services.checkin.mark_visited(ids["Alpha"], interaction)
    assert changes.ids("trip_stops") == {ids["Alpha"]} and changes.ids("trips") == {trip}
    alpha = {s.account_name: s for s in services.trips.stops(trip)}["Alpha"]
    assert (alpha.status, alpha.interaction_id, alpha.checked_in_at) == (
        "visited", interaction, FIXED_NOW)
    assert services.trips.trips()[0].status == "in_progress"
    other = services.history.log_interaction(
        services.trips.stops(trip)[1].account_id, {"channel": "visit", "subject": "x"}).id
    with pytest.raises(ValidationError, match="another account"):
        services.checkin.mark_visited(ids["Charlie"], other)
    with pytest.raises(ValidationError, match="already marked visited"):
        services.checkin.mark_skipped(ids["Alpha"])


def test_rescheduled_stop_waits_for_the_next_trip(services: Services, rep: uuid.UUID) -> None:
    trip, ids = _solved_trip(services)
    services.trips.edit_stop(ids["Bravo"], {"purpose": "Demo", "priority": 1})
    copy = services.checkin.mark_rescheduled(ids["Bravo"]).id
    bravo = {s.account_name: s for s in services.trips.stops(trip)}["Bravo"]
    assert bravo.status == "rescheduled"
    [waiting] = services.trips.carried_over()
    assert (waiting.id, waiting.trip_id, waiting.account_name, waiting.purpose, waiting.priority,
            waiting.status, waiting.carried_from_id, waiting.day_index) == (
        copy, None, "Bravo", "Demo", 1, "planned", ids["Bravo"], None)
    with pytest.raises(ValidationError, match="already waiting"):
        services.checkin.mark_rescheduled(ids["Bravo"])
    nxt = services.trips.create("Next week", date(2026, 11, 26), 1).id
    services.trips.take_carried_over(nxt, [copy])
    assert services.trips.carried_over() == []
    assert [s.account_name for s in services.trips.stops(nxt)] == ["Bravo"]
    # Undo: back to planned; a copy still waiting would go away.
    services.checkin.mark_rescheduled(ids["Delta"])
    assert len(services.trips.carried_over()) == 1
    services.checkin.mark_planned(ids["Delta"])
    assert services.trips.carried_over() == []


def test_plan_vs_actual(services: Services, rep: uuid.UUID) -> None:
    trip, ids = _solved_trip(services)
    interaction = services.history.log_interaction(
        services.checkin.visit_prefill(ids["Alpha"]).account_id,
        {"channel": "visit", "subject": "Done"}).id
    services.checkin.mark_visited(ids["Alpha"], interaction)
    services.checkin.mark_skipped(ids["Bravo"])
    services.checkin.mark_rescheduled(ids["Delta"])
    echo = services.history.log_interaction(
        services.checkin.visit_prefill(ids["Echo"]).account_id,
        {"channel": "visit", "subject": "Dropped in"}).id
    services.checkin.mark_visited(ids["Echo"], echo)  # not on the plan, visited anyway
    report = services.checkin.plan_vs_actual(trip)
    assert (report.stops, report.planned, report.dropped, report.visited, report.skipped,
            report.rescheduled, report.open) == (5, 4, 0, 2, 1, 1, 1)
    assert [(d.day_index, d.date, d.planned, d.visited, d.skipped, d.rescheduled, d.open)
            for d in report.days] == [(0, date(2026, 11, 19), 2, 1, 1, 0, 0),
                                      (1, date(2026, 11, 20), 2, 0, 0, 1, 1)]
