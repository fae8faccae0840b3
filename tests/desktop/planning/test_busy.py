"""An .ics of the rep's appointments marks busy times: no visit is planned into them."""

from __future__ import annotations

import io
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from desktop.documents.itinerary_pdf import render
from desktop.planning import busy
from desktop.planning.problem import TripPlan, TripProblem, Window
from desktop.planning.routing_data import RoutingData
from desktop.planning.solver import solve
from desktop.planning.targets import TargetFilter
from desktop.planning.timeline import Timeline, start_spans
from desktop.services.container import Services
from desktop.services.validation import ValidationError
from tests.desktop.planning.conftest import SPRINGFIELD, account, offset
from tests.desktop.planning.problems import CHAMPAIGN, at, places_near, stop, trip_days
from tests.desktop.planning.problems import MONDAY as WEEK_50

CHICAGO = ZoneInfo("America/Chicago")
MONDAY = date(2026, 11, 23)

CALENDAR = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Test//Busy//EN\r
BEGIN:VEVENT\r
UID:meeting@test\r
DTSTAMP:20261101T000000Z\r
DTSTART;TZID=America/Chicago:20261123T100000\r
DTEND;TZID=America/Chicago:20261123T113000\r
SUMMARY:Team meeting\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:call@test\r
DTSTAMP:20261101T000000Z\r
DTSTART;TZID=America/New_York:20261123T150000\r
DTEND;TZID=America/New_York:20261123T160000\r
SUMMARY:Call with head office\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:utc@test\r
DTSTAMP:20261101T000000Z\r
DTSTART:20261125T150000Z\r
DTEND:20261125T160000Z\r
SUMMARY:Webinar\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:training@test\r
DTSTAMP:20261101T000000Z\r
DTSTART;VALUE=DATE:20261124\r
DTEND;VALUE=DATE:20261125\r
SUMMARY:Training day\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:later@test\r
DTSTAMP:20261101T000000Z\r
DTSTART:20261210T150000Z\r
DTEND:20261210T160000Z\r
SUMMARY:After the trip\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:standup@test\r
DTSTAMP:20261101T000000Z\r
DTSTART;TZID=America/Chicago:20261116T083000\r
DTEND;TZID=America/Chicago:20261116T090000\r
RRULE:FREQ=DAILY;COUNT=30\r
SUMMARY:Stand-up\r
END:VEVENT\r
END:VCALENDAR\r
"""


def _trip(services: Services) -> uuid.UUID:
    for n in range(9):
        account(services, f"Account {n}", *offset(SPRINGFIELD, 4 + 3 * (n % 3), 3 * (n // 3)))
    trip = services.trips.create("Busy week", MONDAY, 3).id
    services.trips.add_stops(trip, services.targets.search(TargetFilter()))
    return trip


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 23 + day, hour, minute, tzinfo=CHICAGO)


def test_import_reads_zones_all_day_utc_and_recurrences(services: Services,
                                                        rep: uuid.UUID) -> None:
    trip = _trip(services)
    found = services.trips.import_busy(trip, CALENDAR)
    spans = [(b.summary, b.start.astimezone(UTC), b.end.astimezone(UTC)) for b in found.blocks]
    assert ("Team meeting", _at(0, 10).astimezone(UTC), _at(0, 11, 30).astimezone(UTC)) in spans
    # 15:00 in New York is 14:00 in Springfield.
    assert ("Call with head office", _at(0, 14).astimezone(UTC),
            _at(0, 15).astimezone(UTC)) in spans
    assert ("Webinar", _at(2, 9).astimezone(UTC), _at(2, 10).astimezone(UTC)) in spans
    # All day on the trip day's own clock: midnight to midnight in Chicago.
    assert ("Training day", _at(1, 0).astimezone(UTC), _at(2, 0).astimezone(UTC)) in spans
    standups = sorted(s[1] for s in spans if s[0] == "Stand-up")
    assert standups == [_at(d, 8, 30).astimezone(UTC) for d in range(3)]  # trip days only
    assert "After the trip" not in {s[0] for s in spans}
    assert (found.outside, found.skipped, len(found.blocks)) == (1, 0, 7)
    # Kept with the trip: the problem built again carries them on its days.
    problem = services.trips.problem(trip)
    assert [len(d.busy) for d in problem.days] == [3, 2, 2]
    assert len(services.trips.busy_times(trip)) == 7
    # Stored as the rep's synced busy times, not in the settings.
    assert services.settings_file.load().trip_busy == {}
    stored = services.store.reads().execute(
        "SELECT count(*), count(DISTINCT owner_id) FROM busy_times WHERE deleted_at IS NULL"
    ).fetchone()
    assert tuple(stored) == (7, 1)
    # A second import for the trip replaces the first on its days.
    services.trips.import_busy(trip, CALENDAR.replace(b"Team meeting", b"Board meeting"))
    assert sorted({b.summary for b in services.trips.busy_times(trip)}) == [
        "Board meeting", "Call with head office", "Stand-up", "Training day", "Webinar"]
    assert len(services.trips.busy_times(trip)) == 7


def test_busy_times_kept_in_the_settings_before_they_synced_still_count(
        services: Services, rep: uuid.UUID) -> None:
    trip = _trip(services)
    old = busy.BusyBlock(_at(0, 10), _at(0, 11), "Old import")
    services.trips.settings.trip_busy[str(trip)] = busy.to_settings((old,))
    assert services.trips.busy_times(trip) == (old,)
    assert [len(d.busy) for d in services.trips.problem(trip).days] == [1, 0, 0]
    services.trips.import_busy(trip, CALENDAR)  # replaces the local-only copy
    assert old not in services.trips.busy_times(trip)
    assert str(trip) not in services.trips.settings.trip_busy


def _overlaps(plan: TripPlan, start: datetime, end: datetime) -> list[str]:
    return [f"{v.start}-{v.depart}" for d in plan.days for v in d.visits
            if v.start < end and v.depart > start]


def test_the_plan_schedules_no_visit_into_a_busy_time(services: Services,
                                                      rep: uuid.UUID) -> None:
    trip = _trip(services)
    free = solve(services.trips.problem(trip), time_limit_s=1.0)
    meeting = (_at(0, 10), _at(0, 11, 30))
    assert _overlaps(free, *meeting)  # without the calendar, visits fill the meeting's time
    services.trips.import_busy(trip, CALENDAR)
    plan = solve(services.trips.problem(trip), time_limit_s=1.0)
    for start, end in (meeting, (_at(0, 14), _at(0, 15)), (_at(2, 9), _at(2, 10)),
                       (_at(0, 8, 30), _at(0, 9)), (_at(2, 8, 30), _at(2, 9))):
        assert _overlaps(plan, start, end) == []
    assert [len(d.visits) for d in plan.days if d.day_index == 1] == [0]  # training all day
    assert sum(len(d.visits) for d in plan.days) == 9  # all planned around the busy times
    starts = sorted(v.start for d in plan.days for v in d.visits if d.day_index == 0)
    assert starts and starts[0] >= _at(0, 9)  # the stand-up ends the first free minute
    assert _driving_in_busy_time(plan, services.trips.problem(trip)) == []


def _driving_in_busy_time(plan: TripPlan, problem: TripProblem) -> list[str]:
    """Legs whose drive does not fit in the time outside the busy blocks before them:
    the rep neither visits nor drives in a busy time (it is a break)."""
    bad = []
    for day_plan in plan.days:
        day = problem.days[day_plan.day_index]
        free = day_plan.leave
        legs = [(v.start, v.drive_minutes, v.depart) for v in day_plan.visits]
        legs.append((day_plan.back, day_plan.return_drive_minutes, day_plan.back))
        for start, drive, depart in legs:
            blocked = sum(((min(b.end, start) - max(b.start, free)) for b in day.busy
                           if b.start < start and b.end > free), timedelta(0))
            if start - free - blocked < timedelta(minutes=drive):
                bad.append(f"day {day.index}: {free}-{start} holds no {drive} min drive")
            free = depart
    return bad


def test_vroom_alone_keeps_the_busy_times_free(services: Services, rep: uuid.UUID) -> None:
    services.trips.import_busy(trip := _trip(services), CALENDAR)
    problem = services.trips.problem(trip)
    plan = solve(problem, time_limit_s=1.0, use=("vroom",))
    assert sum(len(d.visits) for d in plan.days) >= 7
    assert _overlaps(plan, _at(0, 10), _at(0, 11, 30)) == []
    assert _driving_in_busy_time(plan, problem) == []


def test_a_file_that_is_no_calendar_gets_a_message(services: Services,
                                                   rep: uuid.UUID) -> None:
    trip = _trip(services)
    for garbage in (b"\x89PNG\r\n\x1a\n\x00\x00binary", b"hello, this is a letter",
                    b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann\r\nEND:VCARD\r\n"):
        with pytest.raises(ValidationError) as caught:
            services.trips.import_busy(trip, garbage)
        assert "not a calendar" in str(caught.value.errors["ics"])
    assert services.trips.busy_times(trip) == ()
    assert services.trips.problem(trip).days[0].busy == ()


def test_busy_times_narrow_a_stops_start_minutes() -> None:
    day = trip_days(1)[0]
    zone = day.start_place.time_zone
    d = day.work_start.astimezone(ZoneInfo(zone)).date()
    block = Window(at(d, 10, 0, zone), at(d, 11, 30, zone))
    busy_day = replace(day, busy=(block,))
    timeline = Timeline(day.work_start)
    visit = stop(places_near(40.0, -88.0, 5.0)[0], n=1)
    spans = start_spans(visit, busy_day, timeline)
    ten = timeline.floor(block.start)
    assert spans[0][1] == ten - visit.visit_minutes  # ends by 10:00
    assert spans[1][0] == timeline.ceil(block.end)  # or starts at 11:30
    assert timedelta(minutes=spans[1][0] - spans[0][1]) == timedelta(minutes=90 + 45)


def test_the_itinerary_prints_a_days_busy_times(services: Services, rep: uuid.UUID) -> None:
    trip = _trip(services)
    services.trips.import_busy(trip, CALENDAR)
    problem = services.trips.problem(trip)
    plan = solve(problem, time_limit_s=0.5)
    pdf = render(problem, plan, services.trips.briefings(trip), rep="Ann Rep")
    pages = " ".join(" ".join(p.extract_text().split())
                     for p in PdfReader(io.BytesIO(pdf)).pages)  # lines wrap anywhere
    assert "busy 08:30–09:00, 10:00–11:30, 14:00–15:00" in pages
    assert "busy all day, 08:30–09:00" in pages  # day 2: the training, the stand-up
    assert "busy 08:30–09:00, 09:00–10:00" in pages  # day 3: the stand-up, the webinar


def test_a_block_in_the_lunch_window_is_the_days_lunch() -> None:
    days = trip_days(2)
    lunch_meeting = Window(at(WEEK_50, 12, 0), at(WEEK_50, 13, 0))
    morning = Window(at(WEEK_50 + timedelta(days=1), 9, 0),
                     at(WEEK_50 + timedelta(days=1), 10, 0))
    days = (replace(days[0], busy=(lunch_meeting,)), replace(days[1], busy=(morning,)))
    stops = tuple(stop(p, n=i) for i, p in enumerate(
        places_near(CHAMPAIGN.latitude, CHAMPAIGN.longitude, 40.0)[:8]))
    problem = TripProblem(uuid.UUID(int=5), "Lunch", days, stops)
    timeline = Timeline.of(problem)
    data = RoutingData(problem, list(stops), timeline)
    assert data.lunches[0] is None and data.lunches[1] is not None
    assert data.busy == [[(240, 300)], [(1440 + 60, 1440 + 120)]]  # minutes from Monday 08:00
    plan = solve(problem, time_limit_s=1.0)
    assert plan.days[0].lunch_start is None
    assert plan.days[1].lunch_start is not None or not plan.days[1].visits
    assert sum(len(d.visits) for d in plan.days) == 8
    assert _driving_in_busy_time(plan, problem) == []
    for day, block in ((0, lunch_meeting), (1, morning)):
        assert _overlaps(replace(plan, days=(plan.days[day],)), block.start, block.end) == []


def test_a_booking_in_a_busy_time_is_left_out_with_the_reason_and_printed() -> None:
    from desktop.planning import busy_clash

    day = trip_days(1)[0]
    meeting = Window(at(WEEK_50, 9, 0), at(WEEK_50, 12, 0))
    places = places_near(CHAMPAIGN.latitude, CHAMPAIGN.longitude, 40.0)[:4]
    stops = [stop(p, n=i) for i, p in enumerate(places)]
    stops[0] = replace(stops[0], fixed_start=at(WEEK_50, 11, 30), priority=1)  # ends 12:15
    stops[1] = replace(stops[1], fixed_start=at(WEEK_50, 12, 0))  # right after: fine
    problem = TripProblem(uuid.UUID(int=6), "Clash", (replace(day, busy=(meeting,)),),
                          tuple(stops))
    found = busy_clash.clashes(problem)
    assert [(c.stop_id, c.busy) for c in found] == [(stops[0].id, meeting)]
    assert busy_clash.describe(found[0]) == (
        f"{stops[0].place.name}: booked Mon Dec 7 11:30–12:15 CST, busy 09:00–12:00 in "
        "your calendar")
    plan = solve(problem, time_limit_s=0.5)
    assert {v.stop_id for d in plan.days for v in d.visits} >= {stops[1].id}
    why = {d.stop_id: d.message for d in plan.dropped}
    assert why[stops[0].id] == ("Booked for 11:30 CST on Mon Dec 7, during a busy time in "
                                "your calendar (09:00–12:00): move the appointment or the "
                                "calendar entry.")
    pdf = render(problem, plan, [], rep="Ann Rep")
    pages = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "during a busy time in your calendar (09:00–12:00)" in pages
