"""Whole minutes from the trip's first day start, and when a stop may start.

The solver, the explanations and the outputs share these conversions so a
window means the same thing everywhere: a visit happens inside one window
(it starts no earlier than the window opens and ends by its close) and inside
the day's hours. A booked appointment (``fixed_start``) starts exactly then.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta, tzinfo
from functools import cache
from zoneinfo import ZoneInfo

from desktop.planning.problem import Stop, TripDay, TripProblem

Span = tuple[int, int]  # inclusive minute range for a visit's start


@cache
def zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError):  # unknown names print in UTC rather than fail
        return ZoneInfo("UTC")


class Timeline:
    """Minute arithmetic anchored at ``origin`` (an aware datetime)."""

    def __init__(self, origin: datetime) -> None:
        self.origin = origin

    @classmethod
    def of(cls, problem: TripProblem) -> Timeline:
        return cls(min(day.work_start for day in problem.days))

    def floor(self, moment: datetime) -> int:
        return math.floor((moment - self.origin).total_seconds() / 60 + 1e-9)

    def ceil(self, moment: datetime) -> int:
        return math.ceil((moment - self.origin).total_seconds() / 60 - 1e-9)

    def at(self, minute: int, time_zone: str) -> datetime:
        return (self.origin + timedelta(minutes=minute)).astimezone(zone(time_zone))

    def hours(self, day: TripDay) -> Span:
        return self.ceil(day.work_start), self.floor(day.work_end)


def start_spans(stop: Stop, day: TripDay, timeline: Timeline, *,
                honour_fixed: bool = True) -> list[Span]:
    """The minutes a visit to ``stop`` may start on ``day`` (sorted, disjoint)."""
    first, last = timeline.hours(day)
    last -= stop.visit_minutes
    if honour_fixed and stop.fixed_start is not None:
        fixed = timeline.ceil(stop.fixed_start)  # and not into a busy time (busy_clash)
        return without_busy([(fixed, fixed)], day, stop.visit_minutes, timeline) \
            if first <= fixed <= last else []
    if not stop.windows:
        spans = [(first, last)] if first <= last else []
    else:
        spans = []
        for window in stop.windows:
            lo = max(first, timeline.ceil(window.start))
            hi = min(last, timeline.floor(window.end) - stop.visit_minutes)
            if lo <= hi:
                spans.append((lo, hi))
    return without_busy(merge(spans), day, stop.visit_minutes, timeline)


def without_busy(spans: list[Span], day: TripDay, visit_minutes: int,
                 timeline: Timeline) -> list[Span]:
    """Start minutes left once no visit may overlap a busy block of the day: a
    visit [s, s + visit) misses [b0, b1) when it ends by b0 or starts at b1."""
    for block in day.busy:
        b0, b1 = timeline.floor(block.start), timeline.ceil(block.end)
        cut_lo, cut_hi = b0 - visit_minutes + 1, b1 - 1  # forbidden starts
        out: list[Span] = []
        for lo, hi in spans:
            if hi < cut_lo or lo > cut_hi:
                out.append((lo, hi))
                continue
            if lo < cut_lo:
                out.append((lo, cut_lo - 1))
            if hi > cut_hi:
                out.append((cut_hi + 1, hi))
        spans = out
    return spans


def merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for lo, hi in sorted(spans):
        if merged and lo <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def busy_spans(day: TripDay, timeline: Timeline) -> list[Span]:
    """The day's busy blocks as [start, end) minutes within its hours, merged: the
    rep neither visits nor drives then (breaks in the routing model)."""
    first, last = timeline.hours(day)
    spans = [(max(first, timeline.floor(b.start)), min(last, timeline.ceil(b.end)))
             for b in day.busy]
    merged: list[Span] = []
    for lo, hi in sorted(s for s in spans if s[0] < s[1]):
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def lunch_span(day: TripDay, timeline: Timeline) -> Span | None:
    """The minutes the day's lunch may start in, or None if it has none."""
    if not day.lunch_minutes or day.lunch_earliest is None or day.lunch_latest is None:
        return None
    first, last = timeline.hours(day)
    lo = max(first, timeline.ceil(day.lunch_earliest))
    hi = min(last - day.lunch_minutes, timeline.floor(day.lunch_latest))
    return (lo, hi) if lo <= hi else None
