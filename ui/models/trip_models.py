"""A trip's stops and days as item models over the plain planning values.

Rows are built from a :class:`TripProblem` (what the rep asked for) and its
:class:`TripPlan` (what the solver made of it). Dragging a stop is handled
here, through the model: the drop asks ``on_move`` (the trip service, wired
by the view) to pin the stop; the model never reorders its own rows, it is
reloaded from the service after the change is published.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QMimeData, QModelIndex, Qt

from desktop.domain import formats
from desktop.i18n import N_, _
from desktop.planning.problem import (
    Dropped,
    DropReason,
    Stop,
    TripDay,
    TripPlan,
    TripProblem,
    Visit,
)
from ui.models.row_table import Column, Index, RowTableModel

STOP_MIME = "application/x-fieldbook-trip-stop"
MoveStop = Callable[[uuid.UUID, int, int | None], None]  # (stop, day, position or None)

STATUS = {"planned": N_("Planned"), "visited": N_("Visited"), "skipped": N_("Skipped"),
          "rescheduled": N_("Rescheduled")}
REASONS = {
    DropReason.OUTSIDE_WINDOWS: N_("Its opening hours or appointment miss every day's hours."),
    DropReason.OVER_HOURS: N_("It fits on its own, but not with the rest of the day."),
    DropReason.TOO_FAR: N_("Too far: there and back is more than a day's driving."),
    DropReason.NO_LOCATION: N_("No location yet: place it on the map first."),
    DropReason.PIN_CONFLICT: N_("Its pinned day or time cannot hold it."),
    DropReason.LOWER_PRIORITY: N_("Left out for stops with a higher priority."),
}


def hm(moment: datetime, zone: str) -> str:
    """A time of day in the place's own time zone ("09:40")."""
    return formats.clock(moment.astimezone(zone_of(zone)))


def zone_of(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def reason_text(dropped: Dropped) -> str:
    return dropped.message or (_(REASONS[dropped.reason]) if dropped.reason in REASONS
                               else str(dropped.reason))


@dataclass(frozen=True)
class StopLine:
    """One stop as the table shows it: what was asked, and where the plan put it."""

    stop: Stop
    visit: Visit | None = None  # the solved times (None after a move by hand, until re-solved)
    dropped: Dropped | None = None
    status: str = "planned"
    day_label: str = ""  # "Tue Dec 8" for the day it is planned on (or pinned to)
    position: tuple[int, int] | None = None  # (day, place in the day) as stored

    @property
    def day(self) -> int | None:
        if self.position is not None:
            return self.position[0]
        return self.visit.day_index if self.visit is not None else self.stop.pinned_day

    @property
    def sequence(self) -> int | None:
        if self.position is not None:
            return self.position[1]
        return self.visit.sequence if self.visit is not None else None

    @property
    def pinned(self) -> bool:
        return self.stop.pinned_day is not None or self.stop.pinned_position is not None


def day_label(day: TripDay) -> str:
    return formats.week_day(day.work_start.astimezone(zone_of(day.start_place.time_zone)))


def stop_lines(problem: TripProblem, plan: TripPlan | None,
               statuses: Mapping[uuid.UUID, str] | None = None,
               positions: Mapping[uuid.UUID, tuple[int, int]] | None = None,
               checked_in: Sequence[Stop] = ()) -> list[StopLine]:
    """The stops in plan order (day, then place in the day); unplaced ones after,
    dropped last. ``positions`` is the stored order, which a move by hand changes
    before the next optimisation gives it times. ``checked_in`` are the stops
    already visited, skipped or rescheduled: no longer part of the problem."""
    visits = {v.stop_id: v for d in (plan.days if plan else ()) for v in d.visits}
    dropped = {d.stop_id: d for d in (plan.dropped if plan else ())}
    labels = {d.index: day_label(d) for d in problem.days}
    statuses = statuses or {}
    lines = []
    for stop in (*problem.stops, *checked_in):
        visit = visits.get(stop.id)
        position = (positions or {}).get(stop.id)
        if position is None and visit is not None:
            position = (visit.day_index, visit.sequence)
        line = StopLine(stop, visit, dropped.get(stop.id), statuses.get(stop.id, "planned"),
                        "", position)
        day = line.day
        lines.append(replace(line, day_label=labels.get(day, "") if day is not None else ""))

    def order(line: StopLine) -> tuple[int, int, int, str]:
        if line.position is not None:
            return (0, line.position[0], line.position[1], "")
        rank = 2 if line.dropped is not None else 1
        return (rank, line.day if line.day is not None else 999, 0, line.stop.place.name)

    return sorted(lines, key=order)


def _window(stop: Stop) -> str:
    """When the stop can be visited: a booked time, one appointment window, or its
    opening hours (the same each day, so shown once)."""
    zone = stop.place.time_zone
    if stop.fixed_start is not None:
        return _("at {time}").format(time=hm(stop.fixed_start, zone))
    if not stop.windows:
        return _("any time")
    spans = list(dict.fromkeys(f"{hm(w.start, zone)}–{hm(w.end, zone)}" for w in stop.windows))
    if len(stop.windows) == 1:  # an appointment, or open on one day of the trip only
        day = formats.weekday(stop.windows[0].start.astimezone(zone_of(zone)))
        return f"{day} {spans[0]}"
    return ", ".join(spans)


def _planned(line: StopLine) -> str:
    if line.visit is None:
        return _("optimise again") if line.position is not None else ""
    zone = line.stop.place.time_zone
    return f"{hm(line.visit.arrive, zone)}–{hm(line.visit.depart, zone)}"


def _pinned(stop: Stop) -> str:
    if stop.pinned_position is not None:
        return _("day and place")
    return _("day") if stop.pinned_day is not None else ""


def stop_columns() -> list[Column[StopLine]]:
    return [
        Column(_("Day"), lambda s: s.day_label or "—"),
        Column(_("#"), lambda s: str(s.sequence + 1) if s.sequence is not None else ""),
        Column(_("Account"), lambda s: s.stop.place.name),
        Column(_("Planned"), _planned),
        Column(_("Window"), lambda s: _window(s.stop)),
        Column(_("Priority"), lambda s: str(s.stop.priority)),
        Column(_("Pinned"), lambda s: _pinned(s.stop)),
        Column(_("Status"), lambda s: _(STATUS[s.status]) if s.status in STATUS else s.status,
               colour=lambda s: {"visited": "#2E7D32", "skipped": "#C62828",
                                 "rescheduled": "#E65100"}.get(s.status)),
        Column(_("Why not planned"), lambda s: reason_text(s.dropped) if s.dropped else "",
               colour=lambda s: "#C62828" if s.dropped else None),
    ]


def check_in_columns() -> list[Column[StopLine]]:
    """Today's stops: what the rep needs at the door."""
    columns = {c.header: c for c in stop_columns()}
    return [columns[_("#")], columns[_("Account")], columns[_("Planned")],
            Column(_("Contact"), lambda s: s.stop.contact_name),
            Column(_("Purpose"), lambda s: s.stop.purpose), columns[_("Status")]]


def _encode(ids: Sequence[uuid.UUID]) -> QMimeData:
    data = QMimeData()
    data.setData(STOP_MIME, " ".join(i.hex for i in ids).encode("ascii"))
    return data


def decode_stops(data: QMimeData) -> list[uuid.UUID]:
    if not data.hasFormat(STOP_MIME):
        return []
    raw = bytes(data.data(STOP_MIME).data()).decode("ascii", "replace")
    try:
        return [uuid.UUID(hex=part) for part in raw.split()]
    except ValueError:
        return []


class StopsModel(RowTableModel[StopLine]):
    """The trip's stops; drag one within its day to reorder, onto another day to move."""

    def __init__(self, on_move: MoveStop | None = None,
                 columns: Sequence[Column[StopLine]] | None = None) -> None:
        super().__init__(columns or stop_columns())
        self.on_move = on_move
        self.day_filter: int | None = None  # only this day's stops (None: all)
        self._all: list[StopLine] = []

    def set_lines(self, lines: Sequence[StopLine], in_place: bool = False) -> None:
        """The trip's stops; ``in_place``: the same trip changed (rows update, no reset)."""
        self._all = list(lines)
        shown = [s for s in self._all if self.day_filter is None or s.day == self.day_filter]
        if in_place:
            self.update_rows(shown, key=lambda s: s.stop.id)
        else:
            self.set_rows(shown)

    def lines(self) -> list[StopLine]:
        """Every stop of the trip, also those the day filter hides."""
        return list(self._all)

    def set_day_filter(self, day: int | None) -> None:
        self.day_filter = day
        self.set_lines(self._all)

    def row_of(self, stop_id: uuid.UUID) -> int | None:
        for n in range(self.rowCount()):
            if self.row_at(n).stop.id == stop_id:
                return n
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if not index.isValid():
            return base | Qt.ItemFlag.ItemIsDropEnabled
        line = self.row_at(index.row())
        if line.position is not None:
            base |= Qt.ItemFlag.ItemIsDropEnabled
            if line.status == "planned":  # a visited stop stays where it happened
                base |= Qt.ItemFlag.ItemIsDragEnabled
        return base

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802 - Qt override
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802 - Qt override
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802 - Qt override
        return [STOP_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:  # noqa: N802
        rows = sorted({i.row() for i in indexes if i.isValid()})
        return _encode([self.row_at(r).stop.id for r in rows])

    def drop_target(self, row: int, parent: Index) -> tuple[int, int] | None:
        """(day, position in that day) for a drop before ``row`` or onto ``parent``."""
        placed = [s.position for s in self._rows if s.position is not None]
        if not placed:
            return None
        target = parent.row() if parent.isValid() else row
        if 0 <= target < len(self._rows):
            position = self._rows[target].position
            if position is not None:
                return position
        day, last = placed[-1]  # below the last placed stop: the end of its day
        return day, last + 1

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int,  # noqa: N802
                        column: int, parent: Index) -> bool:
        return (action == Qt.DropAction.MoveAction and bool(decode_stops(data))
                and self.drop_target(row, parent) is not None)

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int,  # noqa: N802
                     column: int, parent: Index) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent) or self.on_move is None:
            return False
        target = self.drop_target(row, parent)
        assert target is not None
        day, position = target
        moving = {s.stop.id: s for s in self._rows}
        for stop_id in decode_stops(data):
            line = moving.get(stop_id)
            if line is None:
                continue
            own = line.position
            # Taken out of the same day above the target, it lands one place earlier.
            place = position - 1 if own and own[0] == day and own[1] < position else position
            self.on_move(stop_id, day, max(0, place))
            position = place + 1
        return False  # the service moved it; the reload shows it (no row removal here)
