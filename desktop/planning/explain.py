"""Why a stop is not on the plan, in a sentence the rep can act on.

Stops that cannot be visited on any day (no coordinates, no window inside the
trip's hours, too far to go and come back, a pin that cannot hold) are found
here before solving and left out of the model; stops the solver drops are
explained afterwards by which day they would have fitted and what filled it.
Times are named in the stop's own time zone.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from desktop.domain import formats
from desktop.i18n import _
from desktop.planning import busy_clash
from desktop.planning.problem import (
    DayPlan,
    Dropped,
    DropReason,
    Stop,
    TravelModel,
    TripDay,
    TripProblem,
)
from desktop.planning.timeline import Timeline, start_spans, zone
from desktop.planning.travel import distance_km, drive_minutes, has_location


def clock(moment: datetime, time_zone: str) -> str:
    """"14:00 CST": a time as the stop's clock shows it."""
    return formats.clock(moment.astimezone(zone(time_zone)), zone=True)


def day_name(day: TripDay, time_zone: str) -> str:
    return formats.week_day(day.work_start.astimezone(zone(time_zone)))


def duration(minutes: int) -> str:
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return _("{m} min").format(m=rest)
    return _("{h} h {m} min").format(h=hours, m=rest) if rest else _("{h} h").format(h=hours)


def legs(stop: Stop, day: TripDay, travel: TravelModel) -> tuple[int, int]:
    """Drive minutes from the day's start place to the stop and on to its end place."""
    out = drive_minutes(distance_km(day.start_place, stop.place), travel)
    back = drive_minutes(distance_km(stop.place, day.end_place), travel)
    return out, back


def fits_alone(stop: Stop, day: TripDay, timeline: Timeline, travel: TravelModel, *,
               honour_pins: bool = True) -> bool:
    """Could the day hold this one visit: out, wait for a window, visit, back in time?"""
    if honour_pins and stop.pinned_day is not None and stop.pinned_day != day.index:
        return False
    out, back = legs(stop, day, travel)
    if out + back > day.max_drive_minutes:
        return False
    first, last = timeline.hours(day)
    for lo, hi in start_spans(stop, day, timeline, honour_fixed=honour_pins):
        begin = max(lo, first + out)
        if begin <= hi:
            return begin + stop.visit_minutes + back <= last
    return False


def precheck(problem: TripProblem, timeline: Timeline) -> tuple[list[Stop], list[Dropped]]:
    """Split the stops into those the solver models and those no day can hold."""
    model: list[Stop] = []
    dropped: list[Dropped] = []
    for stop in problem.stops:
        reason = _precheck_one(stop, problem, timeline)
        if reason is None:
            model.append(stop)
        else:
            dropped.append(Dropped(stop.id, *reason))
    return model, dropped


def _precheck_one(stop: Stop, problem: TripProblem,
                  timeline: Timeline) -> tuple[DropReason, str] | None:
    tz = stop.place.time_zone
    if not has_location(stop.place):
        return DropReason.NO_LOCATION, _(
            "No map position for {place}: pin it on the map or fix its address.").format(
            place=stop.place.address or stop.place.name)
    days = problem.days
    if not any(start_spans(stop, day, timeline, honour_fixed=False) for day in days):
        return DropReason.OUTSIDE_WINDOWS, _outside_message(stop, days, tz)
    travel = problem.travel
    if not any(fits_alone(stop, day, timeline, travel, honour_pins=False) for day in days):
        return DropReason.TOO_FAR, _too_far_message(stop, days, timeline, travel)
    if not any(fits_alone(stop, day, timeline, travel) for day in days):
        return DropReason.PIN_CONFLICT, _pin_message(stop, days, tz)
    return None


def _outside_message(stop: Stop, days: Sequence[TripDay], tz: str) -> str:
    if not stop.windows:
        return _("A {visit} visit is longer than any day's working hours.").format(
            visit=duration(stop.visit_minutes))
    window = min(stop.windows, key=lambda w: w.start)
    opened = window.start.astimezone(zone(tz))
    span = f"{formats.clock(opened)}-{clock(window.end, tz)}"
    when = formats.week_day(opened)
    if window.end - window.start < timedelta(minutes=stop.visit_minutes):
        return _("Open {span} on {when}: too short for a {visit} visit.").format(
            span=span, when=when, visit=duration(stop.visit_minutes))
    same = [d for d in days if d.work_start.astimezone(zone(tz)).date() == opened.date()]
    if not same:
        return _("Open {span} on {when}, when the trip has no working day.").format(
            span=span, when=when)
    day = same[0]
    if window.start >= day.work_end or window.end <= window.start:
        return _("Open {span} on {when}, but the day ends {end}.").format(
            span=span, when=when, end=formats.clock(day.work_end.astimezone(zone(tz))))
    return _("Open {span} on {when}, but the day starts {start}.").format(
        span=span, when=when, start=formats.clock(day.work_start.astimezone(zone(tz))))


def _too_far_message(stop: Stop, days: Sequence[TripDay], timeline: Timeline,
                     travel: TravelModel) -> str:
    day = min(days, key=lambda d: sum(legs(stop, d, travel)))
    out, back = legs(stop, day, travel)
    if out + back > day.max_drive_minutes:
        return _("{out} there from {start} and {back} back: more than the day's {limit} of "
                 "driving.").format(out=duration(out), start=day.start_place.name,
                                    back=duration(back),
                                    limit=duration(day.max_drive_minutes))
    return _("{out} from {start} (leaving {leave}) and {back} back: no day has time for the "
             "visit within its hours.").format(
        out=duration(out), start=day.start_place.name, back=duration(back),
        leave=clock(day.work_start, stop.place.time_zone))


def _pin_message(stop: Stop, days: Sequence[TripDay], tz: str) -> str:
    if stop.pinned_day is not None and not 0 <= stop.pinned_day < len(days):
        return _("Pinned to day {n}, but the trip has {count} days.").format(
            n=stop.pinned_day + 1, count=len(days))
    if stop.fixed_start is not None:
        clash = busy_clash.clash_of(stop, tuple(days))
        if clash is not None:
            return busy_clash.explanation(clash)
        booked = stop.fixed_start.astimezone(zone(tz))
        return _("Booked for {time} on {when}, which its day cannot reach in time or hold.").format(
            time=formats.clock(booked, zone=True), when=formats.week_day(booked))
    day = days[stop.pinned_day or 0]
    return _("Pinned to {day}, which cannot hold it; unpin it to let another day take it.").format(
        day=day_name(day, tz))


def after_solve(problem: TripProblem, timeline: Timeline, plans: Sequence[DayPlan],
                missing: Iterable[Stop]) -> list[Dropped]:
    """Stops the solver left out although some day could hold each alone."""
    by_id = {stop.id: stop for stop in problem.stops}
    plan_of = {p.day_index: p for p in plans}
    dropped: list[Dropped] = []
    for stop in missing:
        tz = stop.place.time_zone
        fitting = [d for d in problem.days if fits_alone(stop, d, timeline, problem.travel)]
        if _hard(stop):
            dropped.append(Dropped(stop.id, DropReason.PIN_CONFLICT, _hard_conflict(
                stop, fitting, plan_of, by_id, tz)))
            continue
        names = _("{a} or {b}").format(
            a=", ".join(day_name(d, tz) for d in fitting[:-1]), b=day_name(fitting[-1], tz)) \
            if len(fitting) > 1 else day_name(fitting[0], tz)
        fullest = max(fitting, key=lambda d: _load(d, plan_of[d.index], timeline))
        detail = _busy(fullest, plan_of[fullest.index], tz)
        better = [v for d in fitting for v in plan_of[d.index].visits
                  if by_id[v.stop_id].priority < stop.priority]
        if better:
            dropped.append(Dropped(stop.id, DropReason.LOWER_PRIORITY, _(
                "Fits alone on {days}, but higher-priority stops filled the time: {detail}.")
                .format(days=names, detail=detail)))
        else:
            message = _("Fits alone on {days}, but not with the rest of the plan: {detail}.")
            if stop.priority >= 4:
                message += _(" At priority {p} a stop is also left out when its detour costs "
                             "more driving than it is worth.").replace("{p}", str(stop.priority))
            dropped.append(Dropped(stop.id, DropReason.OVER_HOURS, message.format(
                days=names, detail=detail)))
    return dropped


def _hard(stop: Stop) -> bool:
    return stop.fixed_start is not None or stop.pinned_day is not None


def _what(stop: Stop) -> str:
    """ "Acme (booked 10:30 EST)" or "Acme (pinned)": how a rep knows the other stop."""
    if stop.fixed_start is not None:
        return _("{name} (booked {time})").format(
            name=stop.place.name, time=clock(stop.fixed_start, stop.place.time_zone))
    return _("{name} (pinned)").format(name=stop.place.name)


def _hard_conflict(stop: Stop, fitting: Sequence[TripDay], plan_of: dict[int, DayPlan],
                   by_id: dict[uuid.UUID, Stop], tz: str) -> str:
    """A booked or pinned stop left out: which other bookings or pins took its day."""
    day = fitting[0]
    others = [by_id[v.stop_id] for v in plan_of[day.index].visits if _hard(by_id[v.stop_id])]
    kind = _("Booked") if stop.fixed_start is not None else _("Pinned")
    if not others:
        return _("{kind} on {day}, which fits alone but not with the day's other visits: "
                 "{detail}.").format(kind=kind, day=day_name(day, tz),
                                     detail=_busy(day, plan_of[day.index], tz))
    return _("{kind} on {day}, which cannot hold it together with {others}: move or unpin "
             "one of them.").format(kind=kind, day=day_name(day, tz),
                                    others=", ".join(_what(o) for o in others))


def _load(day: TripDay, plan: DayPlan, timeline: Timeline) -> float:
    """How full a day is: the larger share of its driving limit or its hours."""
    first, last = timeline.hours(day)
    used = timeline.ceil(plan.back) - timeline.floor(plan.leave) if plan.visits else 0
    return max(plan.drive_minutes / max(1, day.max_drive_minutes), used / max(1, last - first))


def _busy(day: TripDay, plan: DayPlan, tz: str) -> str:
    name = day_name(day, tz)
    if not plan.visits:
        return _("{day} has no visits, but the way there and back leaves no time").format(day=name)
    return _("{day} has {n} visits, {drive} of its {limit} driving, back {back}").format(
        day=name, n=len(plan.visits), drive=duration(plan.drive_minutes),
        limit=duration(day.max_drive_minutes), back=clock(plan.back, tz))
