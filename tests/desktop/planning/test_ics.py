"""The trip calendar, read back by two independent parsers."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from functools import cache

import icalendar
import vobject

from desktop.planning.ics import day_calendar, trip_calendar
from desktop.planning.problem import Briefing, Place, TripPlan, TripProblem, Window
from desktop.planning.solver import solve
from tests.desktop.planning.problems import CHAMPAIGN, MONDAY, at, places_near, stop, trip_days

EAST = "America/Indiana/Indianapolis"
STAMP = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


@cache
def trip() -> tuple[TripProblem, TripPlan, tuple[Briefing, ...]]:
    near = places_near(CHAMPAIGN.latitude, CHAMPAIGN.longitude, 60.0)
    lafayette = Place("Lafayette", 40.4167, -86.8753, "2 State St, Lafayette, IN 47901", EAST)
    stops = [stop(p, n=i) for i, p in enumerate(near[:5])]
    tuesday = MONDAY + timedelta(days=1)
    window = Window(at(tuesday, 14, 0, EAST), at(tuesday, 16, 0, EAST))
    stops.append(stop(lafayette, n=9, windows=(window,)))
    problem = TripProblem(uuid.UUID(int=77), "Champaign and Lafayette", trip_days(2), tuple(stops))
    briefings = tuple(Briefing(s.id, "Σπύρος Ltd" if i == 0 else f"Account {i}",
                               open_follow_ups=(f"Due 2026-12-0{i + 1}: send the revised quote",))
                      for i, s in enumerate(stops))
    return problem, solve(problem, time_limit_s=0.5), briefings


def test_one_event_per_visit_in_the_stops_own_time_zone() -> None:
    problem, plan, briefings = trip()
    cal = icalendar.Calendar.from_ical(trip_calendar(problem, plan, briefings, stamp=STAMP))
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    visits = [v for d in plan.days for v in d.visits]
    assert len(events) == len(visits) == len(problem.stops)
    stops = {s.id: s for s in problem.stops}
    for visit in visits:
        event = events[f"trip-stop-{visit.stop_id}@fieldbook"]
        start = event.decoded("dtstart")
        assert start == visit.start and event.decoded("dtend") == visit.depart
        assert str(start.tzinfo) == stops[visit.stop_id].place.time_zone
        assert event["dtstart"].params["TZID"] == stops[visit.stop_id].place.time_zone
    assert {tz["tzid"] for tz in cal.walk("VTIMEZONE")} == {"America/Chicago", EAST}


def test_vobject_reads_the_same_times_zones_and_text() -> None:
    problem, plan, briefings = trip()
    parsed = vobject.readOne(trip_calendar(problem, plan, briefings, stamp=STAMP).decode())
    by_uid = {e.uid.value: e for e in parsed.vevent_list}
    first = plan.days[0].visits[0]
    event = by_uid[f"trip-stop-{first.stop_id}@fieldbook"]
    assert event.dtstart.value == first.start and event.dtend.value == first.depart
    lafayette = next(v for d in plan.days for v in d.visits if v.stop_id == problem.stops[-1].id)
    lafayette_event = by_uid[f"trip-stop-{lafayette.stop_id}@fieldbook"]
    assert lafayette_event.dtstart.value.utcoffset() == timedelta(hours=-5)
    assert 14 <= lafayette_event.dtstart.value.hour < 16  # the window, on Lafayette's clock
    assert lafayette_event.location.value == "2 State St, Lafayette, IN 47901"
    greek = by_uid[f"trip-stop-{problem.stops[0].id}@fieldbook"]
    assert greek.summary.value == "Visit: Σπύρος Ltd"
    assert "Contact 0, (217) 555-0100" in greek.description.value  # national: a US number
    assert "Due 2026-12-01: send the revised quote" in greek.description.value
    assert greek.valarm.trigger.value == timedelta(minutes=-30)


def test_geo_prodid_and_stamp() -> None:
    problem, plan, briefings = trip()
    cal = icalendar.Calendar.from_ical(trip_calendar(problem, plan, briefings, stamp=STAMP))
    assert str(cal["prodid"]) == "-//Fieldbook//Trip planner//EN" and str(cal["version"]) == "2.0"
    for event in cal.walk("VEVENT"):
        assert event.decoded("dtstamp") == STAMP
        latitude, longitude = event.decoded("geo")
        assert 39 < latitude < 41 and -89 < longitude < -86


def test_same_plan_same_bytes_and_uids_survive_a_replan() -> None:
    problem, plan, briefings = trip()
    once = trip_calendar(problem, plan, briefings)
    assert once == trip_calendar(problem, plan, briefings)
    replanned = solve(problem, time_limit_s=0.3)
    uids = lambda data: {str(e["uid"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}  # noqa: E731
    assert uids(once) == uids(trip_calendar(problem, replanned, briefings))


def test_a_day_calendar_holds_only_that_day() -> None:
    problem, plan, briefings = trip()
    for day in plan.days:
        cal = icalendar.Calendar.from_ical(day_calendar(problem, plan, briefings, day.day_index))
        assert [str(e["uid"]) for e in cal.walk("VEVENT")] == [
            f"trip-stop-{v.stop_id}@fieldbook" for v in day.visits]
