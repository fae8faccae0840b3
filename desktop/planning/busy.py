"""Busy times from the rep's calendar (.ics): the planner schedules no visit into them.

An event with a time zone (TZID, or UTC 'Z') keeps its instant; a floating
time (no zone) and an all-day event are read on the clock of the trip day
they fall on. A recurring event (RRULE) is expanded with dateutil's rules,
only within the trip's days; cancelled, transparent ("free") events are
left out. The blocks are the rep's synced busy times (``busy_times``, see
:mod:`desktop.planning.busy_rows`), on every laptop the rep signs in to.

In the plan a block is two things: no visit may overlap it (each stop's start
minutes, :func:`desktop.planning.timeline.without_busy`), and it is a fixed
break of the day in both solvers, so the rep does not drive then either.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from desktop.i18n import _
from desktop.planning.problem import TripDay, TripProblem, Window
from desktop.planning.timeline import zone
from desktop.services.validation import ValidationError


@dataclass(frozen=True)
class BusyBlock:
    start: datetime  # aware
    end: datetime
    summary: str = ""


@dataclass(frozen=True)
class Imported:
    blocks: tuple[BusyBlock, ...]  # those that fall on the trip's days
    outside: int  # events on other days
    skipped: int  # recurring events that could not be expanded


def parse(data: bytes, days: tuple[TripDay, ...]) -> Imported:
    """The busy blocks of ``data`` that touch the trip's days; a file that is no
    calendar raises :class:`ValidationError` with a message for the rep."""
    from icalendar import Calendar

    if not days:
        raise ValidationError({"ics": _("The trip has no days.")})
    try:
        cal = Calendar.from_ical(data)
        events = list(cal.walk("VEVENT"))
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise ValidationError({"ics": _(
            "This file is not a calendar (.ics) that can be read: {error}").format(
            error=exc)}) from exc
    if cal.name != "VCALENDAR":
        raise ValidationError({"ics": _("This file is not a calendar (.ics): "
                                        "it has no VCALENDAR.")})
    first = min(d.work_start for d in days) - timedelta(days=1)
    last = max(d.work_end for d in days) + timedelta(days=1)
    blocks: list[BusyBlock] = []
    outside = skipped = 0
    for event in events:
        if str(event.get("status", "")).upper() == "CANCELLED" or \
                str(event.get("transp", "")).upper() == "TRANSPARENT":
            continue
        try:
            found = _occurrences(event, days, first, last)
        except (ValueError, TypeError, KeyError):
            skipped += 1
            continue
        on_trip = [b for b in found if any(_touches(b, d) for d in days)]
        outside += not on_trip
        blocks += on_trip
    blocks.sort(key=lambda b: b.start)
    return Imported(tuple(blocks), outside, skipped)


def _occurrences(event: Any, days: tuple[TripDay, ...], first: datetime,
                 last: datetime) -> list[BusyBlock]:
    summary = str(event.get("summary", "") or "")
    if event.get("dtstart") is None:
        raise ValueError("no DTSTART")
    raw_start = event.decoded("dtstart")
    raw_end = event.decoded("dtend") if event.get("dtend") is not None else None
    duration = event.decoded("duration") if event.get("duration") is not None else None
    all_day = isinstance(raw_start, date) and not isinstance(raw_start, datetime)
    if raw_end is None:
        raw_end = raw_start + (duration if duration is not None
                               else timedelta(days=1) if all_day else timedelta(0))
    starts = [raw_start]
    if event.get("rrule") is not None:
        starts = _expand(event, raw_start, all_day, first, last)
    length = raw_end - raw_start
    out = []
    for start in starts:
        begin, end = _aware(start, days), _aware(start + length, days)
        if end > begin:
            out.append(BusyBlock(begin, end, summary))
    return out


def _expand(event: Any, start: date, all_day: bool, first: datetime,
            last: datetime) -> list[date]:
    from dateutil.rrule import rrulestr

    rule = event.get("rrule").to_ical().decode()
    anchor = datetime.combine(start, time()) if all_day else start
    if isinstance(anchor, datetime) and anchor.tzinfo is None:
        lo, hi = first.replace(tzinfo=None), last.replace(tzinfo=None)
    else:
        lo, hi = first, last
    found = rrulestr(rule, dtstart=anchor).between(lo, hi, inc=True)
    return [f.date() for f in found] if all_day else list(found)


def _aware(moment: date, days: tuple[TripDay, ...]) -> datetime:
    """A floating time or a date on the clock of the trip day of that date."""
    if isinstance(moment, datetime) and moment.tzinfo is not None:
        return moment
    day_date = moment.date() if isinstance(moment, datetime) else moment
    tz = zone(_day_on(day_date, days).start_place.time_zone)
    clock = moment if isinstance(moment, datetime) else datetime.combine(moment, time())
    return clock.replace(tzinfo=tz)


def _day_on(on: date, days: tuple[TripDay, ...]) -> TripDay:
    for day in days:
        if day.work_start.astimezone(zone(day.start_place.time_zone)).date() == on:
            return day
    return days[0]


def _touches(block: BusyBlock, day: TripDay) -> bool:
    return block.start < day.work_end and block.end > day.work_start


def with_busy(problem: TripProblem, blocks: tuple[BusyBlock, ...]) -> TripProblem:
    """The problem with each day's busy blocks (those within its hours)."""
    days = tuple(replace(d, busy=tuple(Window(b.start, b.end) for b in blocks
                                       if _touches(b, d))) for d in problem.days)
    return replace(problem, days=days)


def to_settings(blocks: tuple[BusyBlock, ...]) -> list[dict[str, str]]:
    return [{"start": b.start.isoformat(), "end": b.end.isoformat(), "summary": b.summary}
            for b in blocks]


def from_settings(entries: list[dict[str, str]]) -> tuple[BusyBlock, ...]:
    out = []
    for entry in entries:
        try:
            start = datetime.fromisoformat(entry["start"])
            end = datetime.fromisoformat(entry["end"])
        except (KeyError, TypeError, ValueError):
            continue  # a hand-edited entry: left out
        if start.tzinfo is None:
            start, end = start.replace(tzinfo=UTC), end.replace(tzinfo=UTC)
        out.append(BusyBlock(start, end, str(entry.get("summary") or "")))
    return tuple(out)
