"""Opening hours and local times of day, checked and turned into instants.

Opening hours are stored as ``{"mon": [["08:00", "12:00"], ["13:00", "17:00"]], ...}``
in the account's own local time: a day that is missing (or empty) is closed.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from desktop.i18n import _

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
Hours = dict[str, list[list[str]]]
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


class BadHours(ValueError):
    """Opening hours or a time of day that cannot be read; the message says why."""


def parse_hhmm(text: str) -> time:
    """ "08:30" -> 08:30; "24:00" is not a time of day (use "23:59")."""
    match = _HHMM.match(str(text).strip())
    if match is None:
        raise BadHours(_("'{v}' is not a time of day (HH:MM, e.g. 08:30).").format(v=text))
    return time(int(match.group(1)), int(match.group(2)))


def clean_hours(value: object) -> Hours | None:
    """Checked, sorted opening hours; None stays None (the default hours apply)."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise BadHours(_("Opening hours are a list of spans per weekday."))
    unknown = set(value) - set(DAYS)
    if unknown:
        raise BadHours(_("Unknown weekday: {d}.").format(d=", ".join(sorted(unknown))))
    out: Hours = {}
    for day in DAYS:
        spans = value.get(day) or []
        if not isinstance(spans, list):
            raise BadHours(_("Opening hours are a list of spans per weekday."))
        parsed = []
        for span in spans:
            if not isinstance(span, list | tuple) or len(span) != 2:
                raise BadHours(_("Each span is an opening and a closing time."))
            opens, closes = parse_hhmm(span[0]), parse_hhmm(span[1])
            if closes <= opens:
                raise BadHours(_("On {d}, {a} is not before {b}.").format(
                    d=day, a=span[0], b=span[1]))
            parsed.append((opens, closes))
        parsed.sort()
        for (_o1, c1), (o2, _c2) in zip(parsed, parsed[1:], strict=False):
            if o2 < c1:
                raise BadHours(_("On {d}, two spans overlap.").format(d=day))
        if parsed:
            out[day] = [[o.strftime("%H:%M"), c.strftime("%H:%M")] for o, c in parsed]
    return out


def local(day: date, hhmm: str, zone: str) -> datetime:
    """A local time of day on a date, as an aware datetime in that zone."""
    return datetime.combine(day, parse_hhmm(hhmm), tzinfo=ZoneInfo(zone))


def open_spans(hours: Hours, day: date, zone: str) -> list[tuple[datetime, datetime]]:
    """The opening spans of ``day`` (the account's local date) as aware datetimes."""
    spans = hours.get(DAYS[day.weekday()]) or []
    return [(local(day, a, zone), local(day, b, zone)) for a, b in spans]
