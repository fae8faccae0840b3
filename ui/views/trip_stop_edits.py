"""The Plan tab's edits of a trip's stops and days: move (a drop or "Move to
day…"), pin, place on the map, remove, and the stop and day dialogs. Each is a
write through the trip service; a refusal is shown as the service words it."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from desktop.i18n import _
from desktop.store.changes import Changes
from ui.models.trip_models import day_label

if TYPE_CHECKING:
    from ui.views.trip_plan_panel import TripPlanPanel


class StopEdits:
    """The editing actions of ``panel`` (its selected stop or day)."""

    def __init__(self, panel: TripPlanPanel) -> None:
        self.panel, self.owner = panel, panel.owner

    def _apply(self, title: str, call: Callable[..., Changes], *args: object,
               done: Callable[[Changes], None] | None = None) -> None:
        """A write; a refusal is shown as the service words it."""
        self.owner.write(title, lambda: call(*args), done)

    def move_stop(self, stop_id: uuid.UUID, day: int, position: int | None) -> None:
        """A drop or "Move to day…". Within its day the stop takes ``position`` and the
        day's order is pinned; onto another day it moves there, its day pinned."""
        trips = self.owner.services.trips
        trip_id = self.owner.trip_id
        line = next((s for s in self.panel.stops.lines() if s.stop.id == stop_id), None)
        if line is None or trip_id is None:
            return
        moved = lambda _c: self.panel.select_stop(stop_id)  # noqa: E731
        if position is None or line.day != day or line.position is None:
            self._apply(_("Move stop"), trips.move, stop_id, day, done=moved)
        else:
            order = [s.stop.id for s in self.panel.stops.lines()
                     if s.position is not None and s.position[0] == day]
            order.remove(stop_id)
            order.insert(min(position, len(order)), stop_id)
            self._apply(_("Move stop"), trips.reorder, trip_id, day, order, done=moved)

    def move_to_day(self) -> None:
        line = self.panel.selected_stop()
        if line is None or self.panel.problem is None:
            return
        labels = [day_label(d) for d in self.panel.problem.days]
        chosen = self.owner.prompts.choice(
            self.panel, _("Move to day"), _("Visit {name} on").format(name=line.stop.place.name),
            labels, line.day or 0)
        if chosen is not None:
            self.move_stop(line.stop.id, self.panel.problem.days[chosen].index, None)

    def toggle_pin(self) -> None:
        """Unpin a pinned stop; pin an unpinned one to its planned day and place."""
        line = self.panel.selected_stop()
        if line is None:
            return
        trips = self.owner.services.trips
        if line.pinned:
            self._apply(_("Unpin stop"), trips.unpin, line.stop.id)
        elif line.position is not None:
            self._apply(_("Pin stop"), trips.pin, line.stop.id, *line.position)
        else:
            self.owner.prompts.error(self.panel, _("Pin stop"),
                                     _("Optimise first, or move the stop to a day."))

    def place_on_map(self) -> None:
        line = self.panel.selected_stop()
        if line is not None and line.stop.account_id is not None:
            self.owner.place_on_map(line.stop.account_id, line.stop.place.name)

    def remove_stop(self) -> None:
        line = self.panel.selected_stop()
        if line is None or not self.owner.prompts.confirm(
                self.panel, _("Remove stop"), _("Take {name} off this trip?").format(
                    name=line.stop.place.name)):
            return
        self._apply(_("Remove stop"), self.owner.services.trips.remove_stop, line.stop.id)

    def edit_stop(self) -> None:
        from ui.dialogs.trip_dialogs import StopDialog

        line = self.panel.selected_stop()
        trip_id = self.owner.trip_id
        if line is None or self.panel.problem is None or trip_id is None:
            return
        trips = self.owner.services.trips
        stop_id = line.stop.id
        row = next((r for r in trips.stops(trip_id) if r.id == stop_id), None)
        initial = {name: getattr(row, name, None) for name in (
            "visit_minutes", "priority", "purpose", "window_start", "window_end",
            "fixed_start")}
        day = self.panel.problem.days[line.day or 0].work_start.date()
        dialog = StopDialog(lambda values: trips.edit_stop(stop_id, values), initial,
                            _("Stop — {name}").format(name=line.stop.place.name),
                            line.stop.place.time_zone, day, self.panel, ops=self.owner.ops)
        self.owner.dialog = dialog
        dialog.open()

    def edit_day(self) -> None:
        from ui.dialogs.trip_dialogs import DayDialog, day_changes

        index = self.panel.selected_day()
        trip_id = self.owner.trip_id
        if index is None or trip_id is None or self.panel.problem is None:
            return
        trips = self.owner.services.trips
        row = trips.days(trip_id)[index]
        initial = {"start": row.start_address or row.start_name,
                   "end": row.end_address or row.end_name,
                   **{f: getattr(row, f) for f in ("work_start", "work_end", "lunch_earliest",
                                                   "lunch_latest", "lunch_minutes",
                                                   "max_drive_minutes")}}
        dialog = DayDialog(lambda values: trips.edit_day(row.id, day_changes(initial, values)),
                           initial,
                           _("Day — {day}").format(day=day_label(self.panel.problem.days[index])),
                           self.panel, ops=self.owner.ops)
        self.owner.dialog = dialog
        dialog.open()
