"""What the trip map draws, as plain values: built from a problem and its plan.

The widget only paints these; numbering, route order, local times and
tooltips are decided here, where they can be tested without Qt.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from desktop.domain import formats
from desktop.i18n import _
from desktop.planning.basemap import View
from desktop.planning.problem import Place, TripPlan, TripProblem

# Okabe-Ito, without the yellow that vanishes on a light map: safe for the
# common colour-vision deficiencies, and distinct in print.
DAY_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
DROPPED_COLOUR = "#9E9E9E"
UNPLANNED_COLOUR = "#546E7A"


def day_colour(index: int) -> str:
    return DAY_COLOURS[index % len(DAY_COLOURS)]


@dataclass(frozen=True)
class AccountPin:
    """An account on the map (from the account list, not the trip)."""

    id: uuid.UUID
    name: str
    latitude: float
    longitude: float
    tier: str | None = None  # "A" | "B" | "C"
    status: str = "active"  # AccountStatus value
    last_visit: datetime | None = None  # accounts.last_visit_at, kept by triggers


# Pins are context, not the plan: muted, ordered light to dark by importance.
TIER_COLOURS = {"A": "#00695C", "B": "#26A69A", "C": "#80CBC4", None: "#B0BEC5"}
STATUS_COLOURS = {"active": "#2E7D32", "prospect": "#EF9A00", "dormant": "#8D6E63",
                  "closed": "#BDBDBD"}
NO_COLOUR = "#B0BEC5"


def pin_colour(pin: AccountPin, by: str) -> str:
    """The pin's colour by ``"tier"`` or ``"status"``."""
    if by == "status":
        return STATUS_COLOURS.get(pin.status, NO_COLOUR)
    return TIER_COLOURS.get(pin.tier, NO_COLOUR)


def pin_legend(colours: Iterable[str], by: str) -> list[tuple[str, str]]:
    """(colour, label) for the pin colours in use, in a fixed order."""
    present = set(colours)
    if by == "status":
        names = {"active": _("Active"), "prospect": _("Prospect"), "dormant": _("Dormant"),
                 "closed": _("Closed")}
        entries = [(STATUS_COLOURS[k], names[k]) for k in STATUS_COLOURS]
    else:
        entries = [(TIER_COLOURS[t], _("Tier {tier}").format(tier=t)) for t in "ABC"]
        entries.append((TIER_COLOURS[None], _("No tier")))
    return [(colour, label) for colour, label in entries if colour in present]


def pins_from_targets(rows: Iterable[Any]) -> list[AccountPin]:
    """Pins for the accounts of a target search (``TargetRow``s); those without
    coordinates are left out (they need pinning by hand first)."""
    return [AccountPin(r.id, r.name, r.latitude, r.longitude, r.tier, r.status)
            for r in rows if r.latitude is not None and r.longitude is not None]


class MarkerKind(StrEnum):
    VISIT = "visit"  # scheduled: numbered in the day's colour
    DROPPED = "dropped"  # could not be scheduled: grey with a cross
    UNPLANNED = "unplanned"  # the trip has not been solved yet
    HOME = "home"  # the first day's start
    LODGING = "lodging"  # any other day start or end (a hotel)


@dataclass(frozen=True)
class Marker:
    kind: MarkerKind
    latitude: float
    longitude: float
    name: str
    tooltip: str
    day_index: int | None = None
    number: int | None = None  # 1-based within the day
    stop_id: uuid.UUID | None = None
    account_id: uuid.UUID | None = None


@dataclass(frozen=True)
class Route:
    day_index: int
    label: str  # "Day 1 · Mon Dec 7"
    points: tuple[tuple[float, float], ...]  # (lon, lat), start place to end place


@dataclass(frozen=True)
class Scene:
    markers: tuple[Marker, ...] = ()
    routes: tuple[Route, ...] = ()

    def points(self) -> list[tuple[float, float]]:
        """Every (lon, lat) on the map, dropped stops included."""
        return [(m.longitude, m.latitude) for m in self.markers]

    def fit_points(self) -> list[tuple[float, float]]:
        """What "fit" frames: the scheduled stops and the days' start and end
        places. A dropped stop hours away would shrink the route to a dot, so
        it counts only when nothing is scheduled (an unsolved trip shows all)."""
        framed = {MarkerKind.VISIT, MarkerKind.HOME, MarkerKind.LODGING}
        if not any(m.kind is MarkerKind.VISIT for m in self.markers):
            framed |= {MarkerKind.UNPLANNED, MarkerKind.DROPPED}
        return [(m.longitude, m.latitude) for m in self.markers if m.kind in framed]

    def label_order(self) -> list[Marker]:
        """The markers to name, most important first: scheduled stops by day and
        visit order, then hotels, then the stops left out. Home is in the legend."""
        rank = {MarkerKind.VISIT: 0, MarkerKind.LODGING: 1, MarkerKind.UNPLANNED: 2,
                MarkerKind.DROPPED: 3}
        named = [m for m in self.markers if m.kind in rank]
        return sorted(named, key=lambda m: (rank[m.kind], m.day_index or 0, m.number or 0))


def _local(moment: datetime, place: Place) -> datetime:
    try:
        return moment.astimezone(ZoneInfo(place.time_zone))
    except (ZoneInfoNotFoundError, ValueError):
        return moment


def _day_label(index: int, moment: datetime) -> str:
    return _("Day {n} · {date}").format(n=index + 1, date=formats.week_day(moment))


def _has_location(place: Place) -> bool:
    return -90 <= place.latitude <= 90 and -180 <= place.longitude <= 180 and not (
        place.latitude == 0 and place.longitude == 0)


def build_scene(problem: TripProblem | None, plan: TripPlan | None) -> Scene:
    if problem is None:
        return Scene()
    stops = {s.id: s for s in problem.stops}
    markers: list[Marker] = []
    routes: list[Route] = []
    home = problem.days[0].start_place if problem.days else None
    seen: set[tuple[float, float]] = set()
    for day in problem.days:
        for place in (day.start_place, day.end_place):
            key = (place.latitude, place.longitude)
            if key in seen or not _has_location(place):
                continue
            seen.add(key)
            kind = MarkerKind.HOME if place == home else MarkerKind.LODGING
            markers.append(Marker(kind, place.latitude, place.longitude, place.name,
                                  place.name + (f"\n{place.address}" if place.address else "")))
    planned: set[uuid.UUID] = set()
    for day_plan in plan.days if plan else ():
        day = problem.days[day_plan.day_index]
        label = _day_label(day_plan.day_index, _local(day.work_start, day.start_place))
        points = [(day.start_place.longitude, day.start_place.latitude)]
        for visit in sorted(day_plan.visits, key=lambda v: v.sequence):
            stop = stops.get(visit.stop_id)
            if stop is None:
                continue
            planned.add(stop.id)
            start, end = _local(visit.start, stop.place), _local(visit.depart, stop.place)
            number = len(points)
            tip = _("{name}\n{day}, stop {n}: {start}–{end}").format(
                name=stop.place.name, day=label, n=number, start=formats.clock(start),
                end=formats.clock(end))
            if visit.drive_minutes:
                tip += "\n" + _("{minutes} min drive from the previous place").format(
                    minutes=visit.drive_minutes)
            markers.append(Marker(MarkerKind.VISIT, stop.place.latitude, stop.place.longitude,
                                  stop.place.name, tip, day_plan.day_index, number, stop.id,
                                  stop.account_id))
            points.append((stop.place.longitude, stop.place.latitude))
        points.append((day.end_place.longitude, day.end_place.latitude))
        routes.append(Route(day_plan.day_index, label, tuple(points)))
    reasons = {d.stop_id: d for d in plan.dropped} if plan else {}
    for stop in problem.stops:
        if stop.id in planned or not _has_location(stop.place):
            continue
        dropped = reasons.get(stop.id)
        if dropped is not None:
            kind, tip = MarkerKind.DROPPED, _("{name}\nNot scheduled: {why}").format(
                name=stop.place.name, why=dropped.message)
        elif plan is not None:
            kind, tip = MarkerKind.DROPPED, _("{name}\nNot scheduled").format(
                name=stop.place.name)
        else:
            kind, tip = MarkerKind.UNPLANNED, _("{name}\nNot planned yet").format(
                name=stop.place.name)
        markers.append(Marker(kind, stop.place.latitude, stop.place.longitude,
                              stop.place.name, tip, stop_id=stop.id,
                              account_id=stop.account_id))
    return Scene(tuple(markers), tuple(sorted(routes, key=lambda r: r.day_index)))


def nearest_marker(markers: Sequence[Marker], view: View, x: float, y: float,
                   radius: float) -> Marker | None:
    """The marker drawn closest to screen point (x, y), within ``radius`` px."""
    best, hit = radius * radius, None
    for marker in markers:
        sx, sy = view.to_screen(marker.longitude, marker.latitude)
        d = (sx - x) ** 2 + (sy - y) ** 2
        if d <= best:
            best, hit = d, marker
    return hit


def nearest_pin(pins: Sequence[AccountPin], projected: Sequence[tuple[float, float]],
                view: View, x: float, y: float, radius: float) -> AccountPin | None:
    """Like :func:`nearest_marker`, over pins already projected with the view's projection."""
    best, hit = radius * radius, None
    for pin, (px, py) in zip(pins, projected, strict=True):
        sx, sy = view.xy_to_screen(px, py)
        d = (sx - x) ** 2 + (sy - y) ** 2
        if d <= best:
            best, hit = d, pin
    return hit


def pin_tooltip(pin: AccountPin) -> str:
    parts = [pin.name] + ([_("Tier {tier}").format(tier=pin.tier)] if pin.tier else [])
    return " · ".join(parts + [pin.status.capitalize()])
