"""Booked visits that overlap a busy time from the rep's calendar.

A booked visit (``Stop.fixed_start``) runs from its booked start for its visit
length; a busy time is a block of its day (``TripDay.busy``). When the two
overlap the planner cannot keep both: the busy time wins (it is the rep's own
appointment, the visit cannot start elsewhere), so the visit is left out and
its explanation says why (``desktop.planning.explain``). The Plan tab warns of
each clash before optimising, so the rep moves the booking or the meeting.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from desktop.domain import formats
from desktop.i18n import _
from desktop.planning.problem import Stop, TripDay, TripProblem, Window
from desktop.planning.timeline import zone


@dataclass(frozen=True)
class Clash:
    stop_id: uuid.UUID
    name: str
    booked: Window  # the booked visit: its start to its end
    busy: Window  # the busy time it overlaps
    time_zone: str  # the stop's: times are named on its clock


def booked(stop: Stop) -> Window | None:
    if stop.fixed_start is None:
        return None
    return Window(stop.fixed_start, stop.fixed_start + timedelta(minutes=stop.visit_minutes))


def clash_of(stop: Stop, days: tuple[TripDay, ...]) -> Clash | None:
    """The first busy time on any day that the stop's booking overlaps, if any."""
    span = booked(stop)
    if span is None:
        return None
    for day in days:
        for block in sorted(day.busy, key=lambda b: b.start):
            if block.start < span.end and block.end > span.start:
                return Clash(stop.id, stop.place.name, span, block, stop.place.time_zone)
    return None


def clashes(problem: TripProblem) -> list[Clash]:
    """Every booked stop of the trip that overlaps a busy time, by booked time."""
    found = [c for c in (clash_of(s, problem.days) for s in problem.stops) if c is not None]
    return sorted(found, key=lambda c: (c.booked.start, c.name))


def _clock(moment: datetime, tz: str) -> str:
    return formats.clock(moment.astimezone(zone(tz)))


def _day(moment: datetime, tz: str) -> str:
    return formats.week_day(moment.astimezone(zone(tz)))


def describe(clash: Clash) -> str:
    """ "Acme: booked Mon 7 Dec 10:00–10:45 CST, busy 09:00–12:00 in your calendar". """
    tz = clash.time_zone
    name = clash.booked.start.astimezone(zone(tz)).tzname() or ""
    return _("{name}: booked {day} {start}–{end} {zone}, busy {busy_start}–{busy_end} in "
             "your calendar").format(
        name=clash.name, day=_day(clash.booked.start, tz),
        start=_clock(clash.booked.start, tz), end=_clock(clash.booked.end, tz), zone=name,
        busy_start=_clock(clash.busy.start, tz), busy_end=_clock(clash.busy.end, tz))


def explanation(clash: Clash) -> str:
    """Why the booked stop is not on the plan (the dropped stop's message)."""
    tz = clash.time_zone
    return _("Booked for {time} on {day}, during a busy time in your calendar "
             "({busy_start}–{busy_end}): move the appointment or the calendar entry.").format(
        time=formats.clock(clash.booked.start.astimezone(zone(tz)), zone=True),
        day=_day(clash.booked.start, tz), busy_start=_clock(clash.busy.start, tz),
        busy_end=_clock(clash.busy.end, tz))


def warning(found: list[Clash]) -> str:
    """The Plan tab's warning: one line per clash ("" when there is none)."""
    if not found:
        return ""
    head = _("{n} booked visits overlap a busy time and cannot be planned:").format(
        n=len(found)) if len(found) > 1 else _(
        "A booked visit overlaps a busy time and cannot be planned:")
    return "\n".join([head, *(describe(c) for c in found)])
