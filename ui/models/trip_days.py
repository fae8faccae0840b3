"""A trip's days as an item model: date, places, hours, lunch, stops and
driving against the day's limit. A stop dropped on a day moves there."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QMimeData, Qt

from desktop.i18n import _
from desktop.planning.problem import DayPlan, TripDay, TripPlan, TripProblem
from ui.models.row_table import Column, Index, RowTableModel
from ui.models.trip_models import STOP_MIME, MoveStop, day_label, decode_stops, hm


@dataclass(frozen=True)
class DayLine:
    day: TripDay
    plan: DayPlan | None = None


def _hours(d: DayLine) -> str:
    start, end = d.day.start_place.time_zone, d.day.end_place.time_zone
    return f"{hm(d.day.work_start, start)}–{hm(d.day.work_end, end)}"


def _lunch(d: DayLine) -> str:
    day = d.day
    if not day.lunch_minutes or day.lunch_earliest is None:
        return _("none")
    return _("{m} min from {t}").format(m=day.lunch_minutes,
                                        t=hm(day.lunch_earliest, day.start_place.time_zone))


def _busy(d: DayLine) -> str:
    """The day's busy times from the rep's calendar, on the day's clock."""
    tz = d.day.start_place.time_zone
    return ", ".join(_("all day") if b.start <= d.day.work_start and b.end >= d.day.work_end
                     else f"{hm(b.start, tz)}–{hm(b.end, tz)}" for b in d.day.busy)


def _route(d: DayLine) -> str:
    start, end = d.day.start_place.name, d.day.end_place.name
    return start if start == end else f"{start} → {end}"


def _drive(d: DayLine) -> str:
    limit = _("{h:g} h").format(h=d.day.max_drive_minutes / 60)
    if d.plan is None:
        return _("at most {limit}").format(limit=limit)
    return _("{h}:{m:02d} of {limit}").format(h=d.plan.drive_minutes // 60,
                                               m=d.plan.drive_minutes % 60, limit=limit)


def day_columns() -> list[Column[DayLine]]:
    return [
        Column(_("Day"), lambda d: day_label(d.day)),
        Column(_("From – to"), _route),
        Column(_("Hours"), _hours),
        Column(_("Lunch"), _lunch),
        Column(_("Stops"), lambda d: str(len(d.plan.visits)) if d.plan else ""),
        Column(_("Driving"), _drive),
        Column(_("Busy"), _busy),
    ]


def day_lines(problem: TripProblem, plan: TripPlan | None) -> list[DayLine]:
    plans = {d.day_index: d for d in (plan.days if plan else ())}
    return [DayLine(d, plans.get(d.index)) for d in problem.days]


class DaysModel(RowTableModel[DayLine]):
    """The trip's days; a stop dropped on a day moves there (its day pinned)."""

    def __init__(self, on_move: MoveStop | None = None) -> None:
        super().__init__(day_columns())
        self.on_move = on_move

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsDropEnabled if index.isValid() else base

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802 - Qt override
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802 - Qt override
        return [STOP_MIME]

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int,  # noqa: N802
                        column: int, parent: Index) -> bool:
        return parent.isValid() and bool(decode_stops(data))

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int,  # noqa: N802
                     column: int, parent: Index) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent) or self.on_move is None:
            return False
        day = self.row_at(parent.row()).day.index
        for stop_id in decode_stops(data):
            self.on_move(stop_id, day, None)
        return False
