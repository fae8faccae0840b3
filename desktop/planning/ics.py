"""A trip as an iCalendar file: one event per planned visit.

Times are written in the stop's own time zone (TZID plus the VTIMEZONE it
needs), so a visit across a zone line shows at the right hour in any calendar.
UIDs come from the stop ids: importing a re-planned trip updates the events
instead of duplicating them. The same plan gives the same bytes: DTSTAMP is
passed in (the services hand their clock's time), never read from the clock.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from desktop.domain import formats
from desktop.i18n import _
from desktop.planning.problem import Briefing, Stop, TripPlan, TripProblem, Visit
from desktop.planning.timeline import zone

if TYPE_CHECKING:
    from icalendar import Event

PRODID = "-//Fieldbook//Trip planner//EN"
REMINDER = timedelta(minutes=30)


def trip_calendar(problem: TripProblem, plan: TripPlan, briefings: Iterable[Briefing], *,
                  stamp: datetime | None = None) -> bytes:
    """Every visit of the trip."""
    return _calendar(problem, plan, briefings, None, stamp)


def day_calendar(problem: TripProblem, plan: TripPlan, briefings: Iterable[Briefing],
                 day_index: int, *, stamp: datetime | None = None) -> bytes:
    """The visits of one day."""
    return _calendar(problem, plan, briefings, day_index, stamp)


def uid(stop: Stop) -> str:
    return f"trip-stop-{stop.id}@fieldbook"


def _calendar(problem: TripProblem, plan: TripPlan, briefings: Iterable[Briefing],
              day_index: int | None, stamp: datetime | None) -> bytes:
    from icalendar import Calendar

    stops = {s.id: s for s in problem.stops}
    about = {b.stop_id: b for b in briefings}
    # Without a stamp, one from the plan itself keeps the output reproducible.
    stamp = (stamp or min((d.work_start for d in problem.days),
                          default=datetime(2000, 1, 1, tzinfo=UTC))).astimezone(UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", problem.name)
    for day in plan.days:
        if day_index is not None and day.day_index != day_index:
            continue
        for visit in day.visits:
            stop = stops[visit.stop_id]
            cal.add_component(_event(stop, visit, about.get(stop.id), stamp))
    # Zone rules for the trip's years only: short, and enough for these events.
    years = [d.work_start.year for d in problem.days] or [stamp.year]
    cal.add_missing_timezones(date(min(years) - 1, 1, 1), date(max(years) + 2, 1, 1))
    return bytes(cal.to_ical())


def _event(stop: Stop, visit: Visit, briefing: Briefing | None, stamp: datetime) -> Event:
    from icalendar import Alarm, Event

    tz = zone(stop.place.time_zone)
    account = briefing.account_name if briefing else stop.place.name
    event = Event()
    event.add("uid", uid(stop))
    event.add("dtstamp", stamp)
    event.add("dtstart", visit.start.astimezone(tz))
    event.add("dtend", visit.depart.astimezone(tz))
    event.add("summary", _("Visit: {account}").format(account=account))
    event.add("location", stop.place.address or stop.place.name)
    event.add("geo", (round(stop.place.latitude, 6), round(stop.place.longitude, 6)))
    event.add("description", description(stop, briefing))
    event.add("categories", [_("Customer visit")])
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", _("In 30 minutes: visit {account}").format(account=account))
    alarm.add("trigger", -REMINDER)
    event.add_component(alarm)
    return event


def description(stop: Stop, briefing: Briefing | None) -> str:
    lines: list[str] = []
    contact = ", ".join(x for x in (stop.contact_name, formats.phone(stop.contact_phone)) if x)
    if contact:
        lines.append(_("Contact: {contact}").format(contact=contact))
    if stop.purpose:
        lines.append(_("Purpose: {purpose}").format(purpose=stop.purpose))
    if briefing and briefing.open_follow_ups:
        lines.append(_("Open follow-ups:"))
        lines += [f"- {item}" for item in briefing.open_follow_ups]
    if briefing and briefing.notes:
        lines.append(briefing.notes)
    return "\n".join(lines)
