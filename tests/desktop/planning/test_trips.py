"""Trips: defaults, stops from targets, pins and moves, the problem in the right
time zones, the plan saved and read back, briefings."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from desktop.planning.problem import (
    DayPlan,
    Dropped,
    DropReason,
    SolveStatus,
    TripPlan,
    Visit,
    Window,
)
from desktop.planning.targets import TargetFilter
from desktop.services.container import Services
from desktop.services.validation import ValidationError
from tests.conftest import FIXED_NOW
from tests.desktop.planning.conftest import SPRINGFIELD, account, offset

CHICAGO, NEW_YORK = ZoneInfo("America/Chicago"), ZoneInfo("America/New_York")
MONDAY = date(2026, 12, 7)


def _trip(services: Services, days: int = 2) -> uuid.UUID:
    return services.trips.create("Central Illinois", MONDAY, days).id


def _stops(services: Services, trip: uuid.UUID) -> dict[str, uuid.UUID]:
    services.trips.add_stops(trip, services.targets.search(TargetFilter()))
    return {s.account_name: s.id for s in services.trips.stops(trip)}


def test_new_trip_takes_the_settings_defaults(services: Services, rep: uuid.UUID) -> None:
    trip = _trip(services, 3)
    [row] = services.trips.trips()
    assert (row.name, row.status, row.days, row.stops, row.owner_id) == (
        "Central Illinois", "planned", 3, 0, rep)
    assert (row.first_date, row.last_date) == (MONDAY, MONDAY + timedelta(days=2))
    day = services.trips.days(trip)[0]
    assert (day.time_zone, day.start_name, day.start_latitude, day.end_longitude) == (
        "America/Chicago", "Home office", SPRINGFIELD[0], SPRINGFIELD[1])
    assert (day.work_start, day.work_end, day.lunch_earliest, day.lunch_latest,
            day.lunch_minutes, day.max_drive_minutes) == ("08:00", "17:30", "11:30", "13:30",
                                                          45, 480)
    with pytest.raises(ValidationError, match="name"):
        services.trips.create("  ", MONDAY, 1)
    with pytest.raises(ValidationError, match="1 to 14"):
        services.trips.create("Long", MONDAY, 30)


def test_edit_day_checks_values(services: Services, rep: uuid.UUID) -> None:
    trip = _trip(services)
    day = services.trips.days(trip)[1].id
    services.trips.edit_day(day, {"work_start": "07:30", "time_zone": "America/New_York",
                                  "lunch_minutes": 30})
    got = services.trips.days(trip)[1]
    assert (got.work_start, got.time_zone, got.lunch_minutes) == ("07:30", "America/New_York", 30)
    with pytest.raises(ValidationError) as caught:
        services.trips.edit_day(day, {"work_end": "07:00", "time_zone": "Mars/Olympus",
                                      "max_drive_minutes": -5})
    assert set(caught.value.errors) == {"work_end", "time_zone", "max_drive_minutes"}
    assert services.trips.days(trip)[1].work_end == "17:30"  # nothing half-saved


def test_stops_from_targets_priority_by_tier_once_each(services: Services,
                                                       rep: uuid.UUID) -> None:
    for name, tier in (("Alpha", "A"), ("Bravo", "B"), ("Charlie", "C"), ("Delta", None)):
        account(services, name, *offset(SPRINGFIELD, 10), tier=tier)
    trip = _trip(services)
    stops = _stops(services, trip)
    services.trips.add_stops(trip, services.targets.search(TargetFilter()))  # again: no doubles
    rows = {s.account_name: s for s in services.trips.stops(trip)}
    assert len(rows) == 4 == len(stops)
    assert {n: (r.priority, r.visit_minutes, r.status) for n, r in rows.items()} == {
        "Alpha": (1, 45, "planned"), "Bravo": (2, 45, "planned"),
        "Charlie": (3, 45, "planned"), "Delta": (3, 45, "planned")}
    window = (datetime(2026, 12, 7, 15, tzinfo=UTC), datetime(2026, 12, 7, 17, tzinfo=UTC))
    services.trips.edit_stop(stops["Alpha"], {"window_start": window[0],
                                              "window_end": window[1], "priority": 2,
                                              "purpose": "  Review  ", "visit_minutes": 60})
    alpha = {s.account_name: s for s in services.trips.stops(trip)}["Alpha"]
    assert (alpha.window_start, alpha.window_end, alpha.priority, alpha.purpose,
            alpha.visit_minutes) == (*window, 2, "Review", 60)
    with pytest.raises(ValidationError) as caught:
        services.trips.edit_stop(stops["Alpha"], {"window_end": window[0] - timedelta(hours=1),
                                                  "priority": 9, "visit_minutes": 1})
    assert set(caught.value.errors) == {"window_end", "priority", "visit_minutes"}
    services.trips.remove_stop(stops["Delta"])
    assert sorted(s.account_name for s in services.trips.stops(trip)) == [
        "Alpha", "Bravo", "Charlie"]


def test_pin_move_reorder(services: Services, rep: uuid.UUID) -> None:
    for name in ("Alpha", "Bravo", "Charlie"):
        account(services, name, *offset(SPRINGFIELD, 10))
    trip = _trip(services)
    stops = _stops(services, trip)
    services.trips.pin(stops["Alpha"], 1, 0)
    services.trips.move(stops["Bravo"], 1)
    rows = {s.account_name: s for s in services.trips.stops(trip)}
    assert (rows["Alpha"].pinned, rows["Alpha"].pinned_day, rows["Alpha"].pinned_position) == (
        True, 1, 0)
    assert (rows["Bravo"].pinned, rows["Bravo"].pinned_day, rows["Bravo"].pinned_position,
            rows["Bravo"].day_index) == (True, 1, None, 1)
    services.trips.reorder(trip, 0, [stops["Charlie"], stops["Alpha"]])
    rows = {s.account_name: s for s in services.trips.stops(trip)}
    assert [(rows[n].day_index, rows[n].sequence, rows[n].pinned_day, rows[n].pinned_position)
            for n in ("Charlie", "Alpha")] == [(0, 0, 0, 0), (0, 1, 0, 1)]
    services.trips.unpin(stops["Alpha"])
    rows = {s.account_name: s for s in services.trips.stops(trip)}
    assert (rows["Alpha"].pinned, rows["Alpha"].pinned_day) == (False, None)
    with pytest.raises(ValidationError, match="no such day"):
        services.trips.move(stops["Alpha"], 5)
    with pytest.raises(ValidationError, match="not all on this trip"):
        services.trips.reorder(trip, 0, [uuid.uuid4()])
    problem = services.trips.problem(trip)
    by_id = {s.id: s for s in problem.stops}
    assert (by_id[stops["Charlie"]].pinned_day, by_id[stops["Charlie"]].pinned_position) == (0, 0)
    assert (by_id[stops["Alpha"]].pinned_day, by_id[stops["Alpha"]].pinned_position) == (
        None, None)


def test_problem_windows_in_the_accounts_own_time_zone(services: Services,
                                                       rep: uuid.UUID) -> None:
    hours = {"mon": [["08:00", "12:00"], ["13:00", "17:00"]], "tue": [["10:00", "11:00"]]}
    account(services, "Local", *offset(SPRINGFIELD, 20), opening_hours=hours)
    account(services, "Eastern", 39.96, -82.99, opening_hours=hours)  # Columbus, OH
    account(services, "Default hours", *offset(SPRINGFIELD, -20))
    account(services, "Unplaced")
    trip = _trip(services)
    _stops(services, trip)
    problem = services.trips.problem(trip)
    day0, day1 = problem.days
    assert day0.work_start == datetime(2026, 12, 7, 8, 0, tzinfo=CHICAGO)
    assert day0.work_end == datetime(2026, 12, 7, 17, 30, tzinfo=CHICAGO)
    assert day0.work_start.utcoffset() == timedelta(hours=-6)  # CST, no DST in December
    assert (day0.lunch_earliest, day0.lunch_latest, day0.lunch_minutes) == (
        datetime(2026, 12, 7, 11, 30, tzinfo=CHICAGO), datetime(2026, 12, 7, 13, 30,
                                                                tzinfo=CHICAGO), 45)
    assert day1.work_start == datetime(2026, 12, 8, 8, 0, tzinfo=CHICAGO)
    assert day0.start_place.latitude == SPRINGFIELD[0] and day0.start_place.located
    stops = {s.place.name: s for s in problem.stops}
    assert stops["Local"].place.time_zone == "America/Chicago"
    def at(day: int, hour: int) -> datetime:
        return datetime(2026, 12, day, hour, tzinfo=CHICAGO)

    assert stops["Local"].windows == (Window(at(7, 8), at(7, 12)), Window(at(7, 13), at(7, 17)),
                                      Window(at(8, 10), at(8, 11)))
    # Across the time-zone line: Columbus opens at 08:00 Eastern, 07:00 in Springfield.
    eastern_stop = stops["Eastern"]
    assert eastern_stop.place.time_zone == "America/New_York"
    first = eastern_stop.windows[0]
    assert first.start == datetime(2026, 12, 7, 8, tzinfo=NEW_YORK)
    assert first.start.astimezone(CHICAGO).hour == 7
    assert first.start.astimezone(UTC) == datetime(2026, 12, 7, 13, tzinfo=UTC)
    assert len(stops["Default hours"].windows) == 2  # Mon and Tue 08:00-17:00
    assert stops["Default hours"].windows[1] == Window(
        datetime(2026, 12, 8, 8, tzinfo=CHICAGO), datetime(2026, 12, 8, 17, tzinfo=CHICAGO))
    assert stops["Unplaced"].place.located is False  # goes in; the solver drops it
    assert stops["Local"].priority == 3 and stops["Local"].visit_minutes == 45


def test_problem_appointments_closed_days_and_fixed_starts(services: Services,
                                                           rep: uuid.UUID) -> None:
    account(services, "Booked", *offset(SPRINGFIELD, 5),
            opening_hours={"mon": [["08:00", "12:00"], ["13:00", "17:00"]]})
    account(services, "Weekends", *offset(SPRINGFIELD, 6),
            opening_hours={"sat": [["09:00", "12:00"]]})
    account(services, "Never open", *offset(SPRINGFIELD, 7), opening_hours={})
    trip = _trip(services)
    ids = _stops(services, trip)
    booked = (datetime(2026, 12, 7, 11, tzinfo=CHICAGO), datetime(2026, 12, 7, 14, tzinfo=CHICAGO))
    services.trips.edit_stop(ids["Booked"], {"window_start": booked[0], "window_end": booked[1],
                                             "fixed_start": booked[0]})
    stops = {s.place.name: s for s in services.trips.problem(trip).stops}
    assert stops["Booked"].windows == (
        Window(booked[0], datetime(2026, 12, 7, 12, tzinfo=CHICAGO)),
        Window(datetime(2026, 12, 7, 13, tzinfo=CHICAGO), booked[1]))
    assert stops["Booked"].fixed_start == booked[0]
    # Closed on both trip days: the next opening (Saturday), which no day overlaps.
    assert stops["Weekends"].windows == (Window(datetime(2026, 12, 12, 9, tzinfo=CHICAGO),
                                                datetime(2026, 12, 12, 12, tzinfo=CHICAGO)),)
    [never] = stops["Never open"].windows
    assert never.start == never.end  # empty: nothing fits


def test_save_plan_round_trip(services: Services, rep: uuid.UUID) -> None:
    for name in ("Alpha", "Bravo", "Charlie"):
        account(services, name, *offset(SPRINGFIELD, 10))
    trip = _trip(services)
    ids = _stops(services, trip)
    t = datetime(2026, 12, 7, 9, tzinfo=CHICAGO)
    visits = (Visit(ids["Bravo"], 0, 0, t, t + timedelta(minutes=10), t + timedelta(minutes=55),
                    20, 24.5),
              Visit(ids["Alpha"], 0, 1, t + timedelta(hours=1), t + timedelta(hours=1),
                    t + timedelta(hours=1, minutes=45), 5, 6.0))
    day = DayPlan(0, visits, t - timedelta(minutes=20), t + timedelta(hours=3), 15, 18.0,
                  t + timedelta(hours=2))
    plan = TripPlan(trip, (day,), (Dropped(ids["Charlie"], DropReason.OUTSIDE_WINDOWS,
                                           "Opens Saturday only"),), SolveStatus.SOLVED, 1.5)
    changes = services.trips.save_plan(trip, plan)
    assert changes.ids("trip_stops") == set(ids.values())
    rows = {s.account_name: s for s in services.trips.stops(trip)}
    assert [s.account_name for s in services.trips.stops(trip)] == ["Bravo", "Alpha", "Charlie"]
    assert (rows["Bravo"].day_index, rows["Bravo"].sequence, rows["Bravo"].arrive_at,
            rows["Bravo"].start_at, rows["Bravo"].drive_minutes, rows["Bravo"].distance_km) == (
        0, 0, t, t + timedelta(minutes=10), 20, 24.5)
    assert (rows["Charlie"].dropped_reason, rows["Charlie"].dropped_message,
            rows["Charlie"].day_index) == ("outside_windows", "Opens Saturday only", None)
    stored = services.trips.stored_plan(trip)
    assert stored is not None
    assert stored.days == plan.days and stored.dropped == plan.dropped
    assert stored.drive_minutes == 40
    # A new plan that drops Bravo clears its old times.
    services.trips.save_plan(trip, TripPlan(trip, (), (Dropped(
        ids["Bravo"], DropReason.TOO_FAR, "Too far"),), SolveStatus.SOLVED, 0.1))
    rows = {s.account_name: s for s in services.trips.stops(trip)}
    assert (rows["Bravo"].start_at, rows["Bravo"].day_index, rows["Bravo"].dropped_reason) == (
        None, None, "too_far")
    assert rows["Alpha"].start_at is None and rows["Alpha"].dropped_reason is None


def test_briefings(services: Services, rep: uuid.UUID) -> None:
    acc = account(services, "Alpha", *offset(SPRINGFIELD, 10), notes="Gate code 4411")
    for n, days_ago in enumerate((30, 20, 10, 5)):
        services.history.log_interaction(acc, {
            "channel": "visit" if n % 2 else "phone", "subject": f"Talk {n}",
            "occurred_at": FIXED_NOW - timedelta(days=days_ago)})
    services.history.add_follow_up(acc, {"title": "Send the revised quote",
                                         "due_date": date(2026, 12, 3)})
    services.history.add_follow_up(acc, {"title": "Late one", "due_date": date(2026, 11, 1)})
    trip = _trip(services)
    ids = _stops(services, trip)
    [b] = services.trips.briefings(trip)
    assert b.stop_id == ids["Alpha"] and b.account_name == "Alpha"
    assert b.open_follow_ups == ("Due Nov 1, 2026: Late one (overdue)",
                                 "Due Dec 3, 2026: Send the revised quote")
    assert b.recent == ("Nov 15, 2026 · Visit · Talk 3", "Nov 10, 2026 · Phone call · Talk 2",
                        "Oct 31, 2026 · Visit · Talk 1")
    assert b.notes == "Gate code 4411"


def test_delete_trip_and_problem_needs_days(services: Services, rep: uuid.UUID) -> None:
    account(services, "Alpha", *offset(SPRINGFIELD, 10))
    trip = _trip(services)
    _stops(services, trip)
    services.trips.delete(trip)
    assert services.trips.trips() == []
    assert services.store.reads().execute(
        "SELECT count(*) FROM trip_stops WHERE deleted_at IS NULL").fetchone() == (0,)


def test_dst_free_and_cross_time_zone_days(services: Services, rep: uuid.UUID) -> None:
    services.settings.home_latitude, services.settings.home_longitude = 33.45, -112.07  # Phoenix
    account(services, "Tempe", 33.43, -111.94)
    account(services, "Albuquerque", 35.08, -106.65)  # Mountain time, with DST
    trip = services.trips.create("Desert", date(2026, 7, 13), 2).id  # July: DST elsewhere
    services.trips.add_stops(trip, services.targets.search(TargetFilter()))
    day1 = services.trips.days(trip)[1]
    services.trips.edit_day(day1.id, {"time_zone": "America/Denver", "start_name": "Hotel",
                                      "start_latitude": 35.08, "start_longitude": -106.65})
    problem = services.trips.problem(trip)
    phoenix, denver = ZoneInfo("America/Phoenix"), ZoneInfo("America/Denver")
    d0, d1 = problem.days
    assert d0.work_start == datetime(2026, 7, 13, 8, tzinfo=phoenix)
    assert d0.work_start.utcoffset() == timedelta(hours=-7)  # no DST in Arizona
    assert d1.work_start == datetime(2026, 7, 14, 8, tzinfo=denver)
    assert d1.work_start.utcoffset() == timedelta(hours=-6)  # MDT
    assert d1.start_place.name == "Hotel" and d1.end_place.latitude == 33.45  # back home
    stops = {s.place.name: s for s in problem.stops}
    assert stops["Tempe"].place.time_zone == "America/Phoenix"
    assert stops["Tempe"].windows[0].start.astimezone(UTC) == datetime(2026, 7, 13, 15,
                                                                       tzinfo=UTC)
    abq = stops["Albuquerque"]
    assert abq.place.time_zone == "America/Denver"
    assert [w.start.astimezone(UTC) for w in abq.windows] == [
        datetime(2026, 7, 13, 14, tzinfo=UTC), datetime(2026, 7, 14, 14, tzinfo=UTC)]
