"""The Trips view: a new trip, targets picked onto it, optimised (dropped stops
with their reasons), edited by drag and drop, exported, printed, checked in."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QPoint, Qt

from desktop.services.container import Services
from desktop.store.changes import Changes
from ui.main_window import TRIPS_ROW

from .clicks import (
    click,
    click_row,
    click_tab,
    model_checks,
    show_view,
    shown,
    trigger,
    type_into,
)

# Around Springfield, IL, and one stop far too far for a day's drive.
BOOK = [("Keller Industrial Supply", "Springfield", "62701", "A"),
        ("Capitol Dental", "Springfield", "62704", "B"),
        ("Decatur Feed & Seed", "Decatur", "62521", "B"),
        ("Prairie Foods", "Champaign", "61820", "C"),
        ("Bloomington Tool", "Bloomington", "61701", "A"),
        ("Peoria Packaging", "Peoria", "61602", "C"),
        ("Biscayne Marine", "Miami", "33131", "A")]


def make_rep(services: Services) -> uuid.UUID:
    """The rep, written as a job of the store's writer (as the app writes)."""
    from desktop.domain.schema import User

    rep = uuid.uuid4()
    now = datetime.now(UTC)

    def add() -> None:
        with services.store.unit_of_work() as uow:
            uow.session.add(User(id=rep, name="Ann Rep", email="ann@example.com",
                                 created_at=now, updated_at=now))
            uow.commit()

    services.store.writer.call(add)
    services.set_current_user(rep)
    return rep


def book(services: Services) -> dict[str, uuid.UUID]:
    """The accounts, open every day: the trips start from the real today, any weekday."""
    make_rep(services)
    services.settings.default_opening_hours = {
        day: [["08:00", "17:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}

    def create() -> dict[str, uuid.UUID]:
        return {name: services.accounts.create_account({
            "name": name, "billing_city": city, "billing_postal_code": postal,
            "billing_region": "FL" if postal.startswith("3") else "IL", "billing_country": "US",
            "kind": "customer", "status": "active", "tier": tier}).id
            for name, city, postal, tier in BOOK}

    return services.store.writer.call(create)


def trips_view(app: Any, qtbot: Any) -> Any:
    """The Trips view, opened from the sidebar (the window on the screen)."""
    app.bus.publish(Changes.reset())  # the book was written before: every view loads it
    shown(app, qtbot, active=False)
    view = show_view(qtbot, app.window, TRIPS_ROW)
    assert view is app.window.trips
    return view


def new_trip(qtbot: Any, view: Any, days: int = 2, first: Any = None) -> None:
    click(qtbot, view.new_button)
    dialog = view.dialog
    qtbot.keyClicks(dialog.name, "Central Illinois")
    dialog.days.setValue(days)
    if first is not None:
        dialog.first_date.setDate(first)
    type_into(qtbot, dialog.start, "Home, 62702")
    click(qtbot, dialog.save_button)
    assert dialog.result() == dialog.DialogCode.Accepted


def pick_all(qtbot: Any, view: Any, day: int | None = None) -> Any:
    click(qtbot, view.plan_panel.pick_button)
    picker = view.dialog
    click(qtbot, picker.search_button)
    if day is not None:
        picker.day.setCurrentIndex(picker.day.findData(day))
    click(qtbot, picker.add_all)
    return picker


def planned_trip(app: Any, qtbot: Any, days: int = 2, first: Any = None) -> Any:
    app.services.settings.trip_solve_seconds = 1
    book(app.services)
    view = trips_view(app, qtbot)
    new_trip(qtbot, view, days, first)
    pick_all(qtbot, view).reject()
    click(qtbot, view.plan_panel.optimise_button)  # the test runner solves at once
    assert view.plan is not None
    return view


def stop_menu(qtbot: Any, panel: Any, action: Any) -> None:
    """The "Selected stop" button's menu, one of its entries chosen."""
    assert panel.stop_button.isEnabled()
    assert action in panel.stop_button.menu().actions()
    trigger(action)


def click_stop(qtbot: Any, panel: Any, stop_id: uuid.UUID) -> None:
    row = panel.stops.row_of(stop_id)
    assert row is not None
    click_row(qtbot, panel.stop_table, row)
    assert panel.selected_stop().stop.id == stop_id


def test_new_trip_refuses_a_missing_name_and_keeps_the_rest(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    book(app.services)
    view = trips_view(app, qtbot)
    assert "No trips yet" in view.title.text()
    click(qtbot, view.new_button)
    dialog = view.dialog
    type_into(qtbot, dialog.start, "Home, 62702")
    click(qtbot, dialog.save_button)
    assert dialog.errors.message("name") and dialog.start.text() == "Home, 62702"
    qtbot.keyClicks(dialog.name, "Somewhere")
    type_into(qtbot, dialog.start, "Nowhere at all")
    click(qtbot, dialog.save_button)
    assert "ZIP" in (dialog.errors.message("start") or "")
    assert dialog.isVisible() and view.trips.rowCount() == 0


def test_create_trip_and_pick_targets_adds_stops(make_app: Any, qtbot: Any,
                                                 request: Any) -> None:
    app = make_app()
    check = model_checks(request)
    ids = book(app.services)
    view = trips_view(app, qtbot)
    new_trip(qtbot, view, days=3)
    check(view.trips)
    assert view.trips.index(0, 0).data() == "Central Illinois"
    assert "–" in view.trips.index(0, 1).data()
    assert len(view.problem.days) == 3
    assert view.problem.days[0].start_place.time_zone == "America/Chicago"
    assert abs(view.problem.days[0].start_place.latitude - 39.8) < 0.3

    click(qtbot, view.plan_panel.pick_button)
    picker = view.dialog
    qtbot.keyClicks(picker.place, "IL")
    click(qtbot, picker.search_button)
    check(picker.model)
    names = [picker.model.index(r, 0).data() for r in range(picker.model.rowCount())]
    assert "Biscayne Marine" not in names and len(names) == 6
    click_row(qtbot, picker.table, 0)
    click(qtbot, picker.add_selected)
    assert len(view.problem.stops) == 1
    assert picker.model.rowCount() == 5  # what is on the trip leaves the list
    picker.place.clear()
    click(qtbot, picker.search_button)
    picker.day.setCurrentIndex(picker.day.findData(2))
    click(qtbot, picker.add_all)
    assert "Added 6 stops" in picker.count.text()
    picker.reject()
    stops = {s.account_id: s for s in view.problem.stops}
    assert set(stops) == set(ids.values())
    assert stops[ids["Biscayne Marine"]].pinned_day == 2
    check(view.plan_panel.stops)
    assert view.plan_panel.stops.rowCount() == 7


def test_optimise_fills_the_plan_and_lists_dropped_stops(make_app: Any, qtbot: Any,
                                                          request: Any) -> None:
    app = make_app()
    check = model_checks(request)
    view = planned_trip(app, qtbot)
    panel = view.plan_panel
    check(panel.days)
    check(panel.stops)
    lines = panel.stops.lines()
    planned = [s for s in lines if s.visit is not None]
    assert len(planned) == 6
    dropped = [s for s in lines if s.dropped is not None]
    assert [s.stop.place.name for s in dropped] == ["Biscayne Marine"]
    check(panel.dropped_model)
    assert panel.dropped_model.index(0, 0).data() == "Biscayne Marine"
    reason = panel.stops.index(panel.stops.row_of(dropped[0].stop.id), 8).data()
    assert reason and panel.dropped_model.index(0, 1).data() == reason
    assert "driving" in reason  # too far for a day's drive, said in words
    assert "planned" in view.summary.text()
    assert panel.export_button.isEnabled() and panel.print_button.isEnabled()
    # Stored: the plan comes back from the cache after a restart.
    trigger(app.window.quit_action)
    app.services.close()
    again = make_app()
    view = trips_view(again, qtbot)
    assert sum(len(d.visits) for d in view.plan.days) == 6


def _day_order(view: Any, day: int) -> list[uuid.UUID]:
    return [s.stop.id for s in view.plan_panel.stops.lines()
            if s.position is not None and s.position[0] == day]


def test_drag_and_drop_within_a_day_reorders_and_pins(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    view = planned_trip(app, qtbot)
    model = view.plan_panel.stops
    day = next(s.visit.day_index for s in model.lines()
               if s.visit is not None and s.visit.sequence == 2)
    before = _day_order(view, day)
    first = model.row_of(before[0])
    # A drop, as the table hands it to the model (a real drag needs a pointer device).
    data = model.mimeData([model.index(first, 0)])
    assert model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, -1,
                                 model.index(model.row_of(before[2]), 0))
    # Dropped onto the third stop: the first goes before it, i.e. second place.
    model.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1,
                       model.index(model.row_of(before[2]), 0))
    rows = {r.id: r for r in app.services.trips.stops(view.trip_id)}
    assert rows[before[0]].pinned_position == 1 and rows[before[0]].pinned_day == day
    assert _day_order(view, day)[:3] == [before[1], before[0], before[2]]
    moved = model.row_of(before[0])
    assert model.index(moved, 6).data() == "day and place"
    assert model.index(moved, 3).data() == "optimise again"  # no times until re-solved
    assert view.plan_panel.selected_stop().stop.id == before[0]
    pinned = _day_order(view, day)
    click(qtbot, view.plan_panel.optimise_button)  # re-optimising keeps the pinned order
    after = _day_order(view, day)
    rows = {r.id: r for r in app.services.trips.stops(view.trip_id)}
    kept = [s for s in after if s in pinned]
    assert kept == [s for s in pinned if s in kept] and len(kept) >= 2
    # A pinned stop may still be left out (it is optional), never moved: then it says why.
    assert all(rows[s].dropped_message for s in pinned if s not in kept)
    assert all(rows[s].pinned_day == day for s in pinned)
    assert model.index(model.row_of(before[0]), 3).data() != "optimise again"


def test_move_to_day_pins_the_day(make_app: Any, qtbot: Any, prompts: Any) -> None:
    app = make_app()
    view = planned_trip(app, qtbot, days=2)
    panel = view.plan_panel
    line = next(s for s in panel.stops.lines() if s.visit and s.visit.day_index == 0)
    click_stop(qtbot, panel, line.stop.id)
    prompts.choice_answers.append(1)
    stop_menu(qtbot, panel, panel.move_action)
    row = {r.id: r for r in app.services.trips.stops(view.trip_id)}[line.stop.id]
    assert row.pinned_day == 1 and row.pinned_position is None
    moved = panel.stops.lines()[panel.stops.row_of(line.stop.id)]
    assert moved.day == 1 and moved.day_label == panel.days.index(1, 0).data()
    # Dropping a stop on a day's row does the same.
    other = next(s for s in panel.stops.lines() if s.visit and s.visit.day_index == 0)
    panel.days.dropMimeData(panel.stops.mimeData([panel.stops.index(
        panel.stops.row_of(other.stop.id), 0)]), Qt.DropAction.MoveAction, -1, -1,
        panel.days.index(1, 0))
    assert {r.id: r for r in app.services.trips.stops(view.trip_id)}[other.stop.id] \
        .pinned_day == 1


def test_export_writes_an_ics_that_parses(make_app: Any, qtbot: Any, prompts: Any,
                                          tmp_path: Path) -> None:
    import icalendar

    app = make_app()
    view = planned_trip(app, qtbot)
    prompts.choice_answers.append(0)  # the whole trip
    prompts.save_answers.append(tmp_path / "trip.ics")
    click(qtbot, view.plan_panel.export_button)
    calendar = icalendar.Calendar.from_ical((tmp_path / "trip.ics").read_bytes())
    events = [c for c in calendar.walk("VEVENT")]
    assert len(events) == 6
    assert {str(e["SUMMARY"]) for e in events} == {f"Visit: {n}" for n, *_r in BOOK[:6]}
    assert "Wrote 6 events" in view.summary.text()
    click_row(qtbot, view.plan_panel.day_table, 0)
    prompts.choice_answers.append(1)  # the selected day
    prompts.save_answers.append(tmp_path / "day.ics")
    click(qtbot, view.plan_panel.export_button)
    one_day = icalendar.Calendar.from_ical((tmp_path / "day.ics").read_bytes())
    assert len(list(one_day.walk("VEVENT"))) == len(view.plan.days[0].visits)


def test_print_itinerary_to_a_pdf_file(make_app: Any, qtbot: Any, tmp_path: Path) -> None:
    from pypdf import PdfReader
    from PySide6.QtPrintSupport import QPrinter

    app = make_app()
    view = planned_trip(app, qtbot)
    click(qtbot, view.plan_panel.print_button)
    dialog = view.dialog
    assert dialog.pdf is not None and dialog.print_button.isEnabled()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "itinerary.pdf"))
    pages = dialog.print_to(printer)  # what the print dialog's OK does with its printer
    assert pages >= 1 and len(PdfReader(tmp_path / "itinerary.pdf").pages) == pages


def test_check_in_visited_logs_the_visit_and_skipped(make_app: Any, qtbot: Any,
                                                    request: Any) -> None:
    app = make_app()
    check = model_checks(request)
    today = datetime.now(UTC).astimezone(ZoneInfo("America/Chicago")).date()
    view = planned_trip(app, qtbot, days=2, first=today)
    panel = view.check_in
    click_tab(qtbot, view.tabs, panel)
    assert panel.day_index == 0 and panel.stops.rowCount() >= 2
    check(panel.stops)
    check(panel.actual)
    first = panel.stops.row_at(0)
    click_row(qtbot, panel.table, 0)
    click(qtbot, panel.visited_button)
    dialog = panel.dialog
    assert dialog.channel.currentData() == "visit"
    assert dialog.subject.text() == (first.stop.purpose or dialog.subject.text())
    if not dialog.subject.text():
        qtbot.keyClicks(dialog.subject, "Quarterly review")
    subject = dialog.subject.text()
    click(qtbot, dialog.save_button)
    rows = {r.id: r for r in app.services.trips.stops(view.trip_id)}
    assert rows[first.stop.id].status == "visited"
    assert rows[first.stop.id].interaction_id is not None
    timeline, _more = app.services.reader.timeline(first.stop.account_id)
    logged = [e for e in timeline if e.id == rows[first.stop.id].interaction_id]
    assert [(e.channel, e.subject) for e in logged] == [("visit", subject)]
    assert panel.stops.index(panel.stops.row_of(first.stop.id), 5).data() == "Visited"

    second = panel.stops.row_at(1)
    click_row(qtbot, panel.table, panel.stops.row_of(second.stop.id))
    click(qtbot, panel.skipped_button)
    rows = {r.id: r for r in app.services.trips.stops(view.trip_id)}
    assert rows[second.stop.id].status == "skipped"
    day = [panel.actual.index(0, c).data() for c in range(5)]
    assert day[2:4] == ["1", "1"]


def test_map_pin_opens_the_account(make_app: Any, qtbot: Any) -> None:
    from desktop.planning.map_scene import MarkerKind

    app = make_app()
    view = planned_trip(app, qtbot)
    marker = next(m for m in view.map.scene.markers
                  if m.kind is MarkerKind.VISIT and m.account_id is not None)
    x, y = view.map.view.to_screen(marker.longitude, marker.latitude)
    qtbot.mouseClick(view.map, Qt.MouseButton.LeftButton, pos=QPoint(round(x), round(y)))
    assert app.window.stack.currentWidget() is app.window.accounts
    assert app.window.accounts.page.detail.id == marker.account_id


def test_optimise_on_a_worker_thread_and_stop(make_app: Any, qtbot: Any,
                                              monkeypatch: Any) -> None:
    from desktop.planning import routing_model
    from desktop.planning.problem import SolveStatus
    from ui.tasks import TaskRunner

    # A trip this small settles in well under a second; here it searches on until Stop.
    monkeypatch.setattr(routing_model, "_settled", lambda *_args: False)
    app = make_app()
    app.services.settings.trip_solve_seconds = 60
    book(app.services)
    view = trips_view(app, qtbot)
    new_trip(qtbot, view, days=3)
    pick_all(qtbot, view).reject()
    view.tasks = TaskRunner(view)
    click(qtbot, view.plan_panel.optimise_button)
    optimiser = view.optimiser
    dialog = optimiser.progress
    qtbot.waitUntil(lambda: dialog.scheduled.text() != "—", timeout=20000)
    click(qtbot, dialog.stop_button)
    assert not dialog.stop_button.isEnabled()
    qtbot.waitUntil(lambda: not optimiser.task.running, timeout=30000)
    view.tasks.wait()
    assert optimiser.last_plan is not None
    assert optimiser.last_plan.status is SolveStatus.STOPPED
    assert optimiser.last_plan.seconds < 60, optimiser.last_plan.seconds
    qtbot.waitUntil(lambda: view.plan is not None)
    assert view.plan_panel.stops.rowCount() == 7
    assert not dialog.isVisible()



def test_edit_day_and_stop_pin_and_remove(make_app: Any, qtbot: Any, prompts: Any) -> None:
    from PySide6.QtCore import QTime

    app = make_app()
    view = planned_trip(app, qtbot)
    panel = view.plan_panel
    click_row(qtbot, panel.day_table, 0)
    click(qtbot, panel.edit_day_button)
    day = view.dialog
    day.work_end.setTime(QTime(7, 0))  # before the day starts: refused, nothing lost
    click(qtbot, day.save_button)
    assert day.errors.message("work_end") and day.work_end.time() == QTime(7, 0)
    day.work_end.setTime(QTime(16, 0))
    day.max_drive.setValue(300)
    click(qtbot, day.save_button)
    assert day.result() == day.DialogCode.Accepted
    assert panel.days.index(0, 2).data() == "08:00–16:00"
    assert panel.days.index(0, 5).data().endswith("of 5 h")

    line = next(s for s in panel.stops.lines() if s.visit is not None)
    click_stop(qtbot, panel, line.stop.id)
    stop_menu(qtbot, panel, panel.edit_action)
    stop = view.dialog
    stop.priority.setValue(1)
    stop.visit_minutes.setValue(90)
    stop.appointment.setChecked(True)
    stop.appointment_from.setTime(QTime(13, 0))
    stop.appointment_to.setTime(QTime(12, 0))  # ends before it starts
    click(qtbot, stop.save_button)
    assert stop.errors.message("window_end") and stop.purpose.text() == line.stop.purpose
    stop.appointment_to.setTime(QTime(15, 0))
    click(qtbot, stop.save_button)
    row = {r.id: r for r in app.services.trips.stops(view.trip_id)}[line.stop.id]
    assert (row.priority, row.visit_minutes) == (1, 90)
    assert row.window_start is not None and row.window_end is not None
    assert row.window_start.astimezone(ZoneInfo("America/Chicago")).hour == 13

    click_stop(qtbot, panel, line.stop.id)
    stop_menu(qtbot, panel, panel.pin_action)
    assert {r.id: r for r in app.services.trips.stops(view.trip_id)}[line.stop.id].pinned
    click_stop(qtbot, panel, line.stop.id)
    stop_menu(qtbot, panel, panel.pin_action)
    assert not {r.id: r for r in app.services.trips.stops(view.trip_id)}[line.stop.id].pinned
    click_stop(qtbot, panel, line.stop.id)
    prompts.confirm_answers.append(True)
    stop_menu(qtbot, panel, panel.remove_action)
    assert line.stop.id not in {r.id for r in app.services.trips.stops(view.trip_id)}
    assert panel.stops.row_of(line.stop.id) is None
