"""A booked visit that overlaps a busy time from the calendar: the Plan tab warns
as soon as the booking is made, and after optimising the stop is left out with
the reason in words."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QStyle, QStyleOptionGroupBox

from .clicks import click
from .test_trip_calendar_replan_ui import _ics
from .test_trips_ui import click_stop, planned_trip, stop_menu

CHICAGO = ZoneInfo("America/Chicago")


def _tick(qtbot: Any, box: QGroupBox) -> None:
    """Click a checkable group box's own check box, where a person clicks it."""
    option = QStyleOptionGroupBox()
    box.initStyleOption(option)
    rect = box.style().subControlRect(QStyle.ComplexControl.CC_GroupBox, option,
                                      QStyle.SubControl.SC_GroupBoxCheckBox, box)
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=rect.center())


def test_a_booking_in_a_busy_time_is_warned_of_and_explained(
        make_app: Any, qtbot: Any, prompts: Any, tmp_path: Path) -> None:
    app = make_app()
    today = datetime.now(UTC).astimezone(CHICAGO).date()
    view = planned_trip(app, qtbot, days=2, first=today)
    panel = view.plan_panel
    calendar = tmp_path / "busy.ics"
    calendar.write_bytes(_ics(today))  # a meeting 10:00-11:30 on the first day
    prompts.file_answers.append(calendar)
    click(qtbot, panel.import_button)
    assert panel.busy_warning.isHidden()  # nothing is booked yet

    line = next(s for s in panel.stops.lines() if s.day == 0 and s.visit is not None)
    click_stop(qtbot, panel, line.stop.id)
    stop_menu(qtbot, panel, panel.edit_action)
    dialog = view.dialog
    assert not dialog.fixed.isChecked()
    _tick(qtbot, dialog.fixed)  # book it at the dialog's 10:00 on its day
    assert dialog.fixed.isChecked() and dialog.fixed_at.time().toString("HH:mm") == "10:00"
    click(qtbot, dialog.save_button)
    assert not panel.busy_warning.isHidden()
    text = panel.busy_warning.text()
    assert text.startswith("A booked visit overlaps a busy time and cannot be planned:")
    assert f"{line.stop.place.name}: booked " in text
    assert "10:00–10:45 CST, busy 10:00–11:30 in your calendar" in text.replace("CDT", "CST")

    click(qtbot, panel.optimise_button)
    dropped = [panel.dropped_model.row_at(n) for n in range(panel.dropped_model.rowCount())]
    mine = [s for s in dropped if s.stop.id == line.stop.id]
    assert len(mine) == 1 and mine[0].dropped is not None
    why = panel.dropped_model.index(dropped.index(mine[0]), 1).data()
    assert "during a busy time in your calendar (10:00–11:30)" in why
    assert "move the appointment or the calendar entry" in why

    # Unbooked again: the warning goes, and the next optimise plans the stop.
    click_stop(qtbot, panel, line.stop.id)
    stop_menu(qtbot, panel, panel.edit_action)
    _tick(qtbot, view.dialog.fixed)
    assert not view.dialog.fixed.isChecked()
    click(qtbot, view.dialog.save_button)
    assert panel.busy_warning.isHidden() and panel.busy_warning.text() == ""
    click(qtbot, panel.optimise_button)
    assert line.stop.id in {v.stop_id for d in view.plan.days for v in d.visits}


def test_busy_times_synced_from_the_other_laptop_show_at_once(
        make_app: Any, qtbot: Any) -> None:
    """A pull that brings busy times (the rep imported a calendar on the other
    laptop) refreshes the open Plan tab: the Busy column shows them."""
    import uuid

    from desktop.domain.schema.busy import BusyTime

    app = make_app()
    today = datetime.now(UTC).astimezone(CHICAGO).date()
    view = planned_trip(app, qtbot, days=2, first=today)
    panel = view.plan_panel
    busy = next(c for c in range(panel.days.columnCount())
                if panel.days.headerData(c, Qt.Orientation.Horizontal) == "Busy")
    assert panel.days.index(0, busy).data() == ""
    start = datetime(today.year, today.month, today.day, 10, tzinfo=CHICAGO)

    def pulled() -> Any:  # as the sync client writes a pulled row
        with app.services.store.unit_of_work() as uow:
            uow.session.add(BusyTime(id=uuid.uuid4(), created_at=start, updated_at=start,
                                     owner_id=app.services.trips.user_id, starts_at=start,
                                     ends_at=start.replace(hour=11, minute=30),
                                     summary="Meeting", sync_version=7))
            return uow.commit()

    app.bus.publish(app.services.store.writer.call(pulled))
    qtbot.waitUntil(lambda: panel.days.index(0, busy).data() == "10:00–11:30")
    assert panel.days.index(1, busy).data() == ""
