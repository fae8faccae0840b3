"""The Trips view: a new trip, targets picked onto it, optimised (dropped stops
with their reasons), edited by drag and drop, exported, printed, checked in."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt

from desktop.services.container import Services
from ui.main_window import TRIPS_ROW

# Around Springfield, IL, and one stop far too far for a day's drive.
BOOK = [("Keller Industrial Supply", "Springfield", "62701", "A"),
        ("Capitol Dental", "Springfield", "62704", "B"),
        ("Decatur Feed & Seed", "Decatur", "62521", "B"),
        ("Prairie Foods", "Champaign", "61820", "C"),
        ("Bloomington Tool", "Bloomington", "61701", "A"),
        ("Peoria Packaging", "Peoria", "61602", "C"),
        ("Biscayne Marine", "Miami", "33131", "A")]


def make_rep(services: Services) -> uuid.UUID:
    from desktop.domain.schema import User

    rep = uuid.uuid4()
    now = datetime.now(UTC)
    with services.store.unit_of_work() as uow:
        uow.session.add(User(id=rep, name="Ann Rep", email="ann@example.com", created_at=now,
                             updated_at=now))
        uow.commit()
    services.set_current_user(rep)
    return rep


def book(services: Services) -> dict[str, uuid.UUID]:
    """The accounts, open every day: the trips start from the real today, any weekday."""
    make_rep(services)
    services.settings.default_opening_hours = {
        day: [["08:00", "17:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    ids = {}
    for name, city, postal, tier in BOOK:
        ids[name] = services.accounts.create_account({
            "name": name, "billing_city": city, "billing_postal_code": postal,
            "billing_region": "FL" if postal.startswith("3") else "IL", "billing_country": "US",
            "kind": "customer", "status": "active", "tier": tier}).id
    return ids


def trips_view(app: Any) -> Any:
    app.window.sidebar.setCurrentRow(TRIPS_ROW)
    view = app.window.trips
    assert app.window.stack.currentWidget() is view
    return view


def new_trip(view: Any, days: int = 2, first: Any = None) -> None:
    view.new_trip()
    dialog = view.dialog
    dialog.name.setText("Central Illinois")
    dialog.days.setValue(days)
    if first is not None:
        from PySide6.QtCore import QDate

        dialog.first_date.setDate(QDate(first))
    dialog.start.setText("Home, 62702")
    dialog._save()
    assert dialog.result() == dialog.DialogCode.Accepted


def pick_all(view: Any, day: int | None = None) -> Any:
    picker = view.pick_targets()
    picker.search()
    if day is not None:
        picker.day.setCurrentIndex(picker.day.findData(day))
    picker.add(all_rows=True)
    return picker


def planned_trip(app: Any, days: int = 2, first: Any = None) -> Any:
    app.services.settings.trip_solve_seconds = 1
    book(app.services)
    view = trips_view(app)
    new_trip(view, days, first)
    pick_all(view)
    view.optimise()  # the test runner solves at once
    assert view.plan is not None
    return view


def test_new_trip_refuses_a_missing_name_and_keeps_the_rest(make_app: Any) -> None:
    app = make_app()
    book(app.services)
    view = trips_view(app)
    assert "No trips yet" in view.title.text()
    view.new_trip()
    dialog = view.dialog
    dialog.start.setText("Home, 62702")
    dialog._save()
    assert dialog.errors.message("name") and dialog.start.text() == "Home, 62702"
    dialog.name.setText("Somewhere")
    dialog.start.setText("Nowhere at all")
    dialog._save()
    assert "ZIP" in (dialog.errors.message("start") or "")
    assert view.trips.rowCount() == 0


def test_create_trip_and_pick_targets_adds_stops(make_app: Any, qtmodeltester: Any) -> None:
    app = make_app()
    ids = book(app.services)
    view = trips_view(app)
    new_trip(view, days=3)
    qtmodeltester.check(view.trips, force_py=True)
    assert view.trips.index(0, 0).data() == "Central Illinois"
    assert "–" in view.trips.index(0, 1).data()
    assert len(view.problem.days) == 3
    assert view.problem.days[0].start_place.time_zone == "America/Chicago"
    assert abs(view.problem.days[0].start_place.latitude - 39.8) < 0.3

    picker = view.pick_targets()
    picker.place.setText("IL")
    picker.search()
    qtmodeltester.check(picker.model, force_py=True)
    names = [picker.model.index(r, 0).data() for r in range(picker.model.rowCount())]
    assert "Biscayne Marine" not in names and len(names) == 6
    picker.table.selectRow(0)
    assert picker.add(all_rows=False) == 1
    assert picker.model.rowCount() == 5  # what is on the trip leaves the list
    picker.place.setText("")
    picker.search()
    picker.day.setCurrentIndex(picker.day.findData(2))
    assert picker.add(all_rows=True) == 6
    stops = {s.account_id: s for s in view.problem.stops}
    assert set(stops) == set(ids.values())
    assert stops[ids["Biscayne Marine"]].pinned_day == 2
    qtmodeltester.check(view.plan_panel.stops, force_py=True)
    assert view.plan_panel.stops.rowCount() == 7


def test_optimise_fills_the_plan_and_lists_dropped_stops(make_app: Any,
                                                          qtmodeltester: Any) -> None:
    app = make_app()
    view = planned_trip(app)
    panel = view.plan_panel
    qtmodeltester.check(panel.days, force_py=True)
    qtmodeltester.check(panel.stops, force_py=True)
    lines = panel.stops.lines()
    planned = [s for s in lines if s.visit is not None]
    assert len(planned) == 6
    dropped = [s for s in lines if s.dropped is not None]
    assert [s.stop.place.name for s in dropped] == ["Biscayne Marine"]
    qtmodeltester.check(panel.dropped_model, force_py=True)
    assert panel.dropped_model.index(0, 0).data() == "Biscayne Marine"
    reason = panel.stops.index(panel.stops.row_of(dropped[0].stop.id), 8).data()
    assert reason and panel.dropped_model.index(0, 1).data() == reason
    assert "driving" in reason  # too far for a day's drive, said in words
    assert "planned" in view.summary.text()
    assert panel.export_button.isEnabled() and panel.print_button.isEnabled()
    # Stored: the plan comes back from the cache after a restart of the view.
    view.refresh()
    assert sum(len(d.visits) for d in view.plan.days) == 6


def _day_order(view: Any, day: int) -> list[uuid.UUID]:
    return [s.stop.id for s in view.plan_panel.stops.lines()
            if s.position is not None and s.position[0] == day]


def test_drag_and_drop_within_a_day_reorders_and_pins(make_app: Any) -> None:
    app = make_app()
    view = planned_trip(app)
    model = view.plan_panel.stops
    day = next(s.visit.day_index for s in model.lines()
               if s.visit is not None and s.visit.sequence == 2)
    before = _day_order(view, day)
    first = model.row_of(before[0])
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
    view.optimise()  # re-optimising keeps the pinned stops on their day, in their order
    after = _day_order(view, day)
    rows = {r.id: r for r in app.services.trips.stops(view.trip_id)}
    kept = [s for s in after if s in pinned]
    assert kept == [s for s in pinned if s in kept] and len(kept) >= 2
    # A pinned stop may still be left out (it is optional), never moved: then it says why.
    assert all(rows[s].dropped_message for s in pinned if s not in kept)
    assert all(rows[s].pinned_day == day for s in pinned)
    assert model.index(model.row_of(before[0]), 3).data() != "optimise again"


def test_move_to_day_pins_the_day(make_app: Any, prompts: Any) -> None:
    app = make_app()
    view = planned_trip(app, days=2)
    panel = view.plan_panel
    line = next(s for s in panel.stops.lines() if s.visit and s.visit.day_index == 0)
    panel.select_stop(line.stop.id)
    prompts.choice_answers.append(1)
    panel.move_to_day()
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


def test_export_writes_an_ics_that_parses(make_app: Any, prompts: Any, tmp_path: Path) -> None:
    import icalendar

    app = make_app()
    view = planned_trip(app)
    prompts.save_answers.append(tmp_path / "trip.ics")
    assert view.export_calendar(whole_trip=True) == 6
    calendar = icalendar.Calendar.from_ical((tmp_path / "trip.ics").read_bytes())
    events = [c for c in calendar.walk("VEVENT")]
    assert len(events) == 6
    assert {str(e["SUMMARY"]) for e in events} == {f"Visit: {n}" for n, *_r in BOOK[:6]}
    view.plan_panel.day_table.selectRow(0)
    prompts.save_answers.append(tmp_path / "day.ics")
    one_day = view.export_calendar(whole_trip=False)
    assert one_day == len(view.plan.days[0].visits)


def test_print_itinerary_to_a_pdf_file(make_app: Any, tmp_path: Path) -> None:
    from pypdf import PdfReader
    from PySide6.QtPrintSupport import QPrinter

    app = make_app()
    view = planned_trip(app)
    dialog = view.print_itinerary()
    assert dialog.pdf is not None and dialog.print_button.isEnabled()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "itinerary.pdf"))
    pages = dialog.print_to(printer)
    assert pages >= 1 and len(PdfReader(tmp_path / "itinerary.pdf").pages) == pages


def test_check_in_visited_logs_the_visit_and_skipped(make_app: Any,
                                                    qtmodeltester: Any) -> None:
    app = make_app()
    today = datetime.now(UTC).astimezone(ZoneInfo("America/Chicago")).date()
    view = planned_trip(app, days=2, first=today)
    view.tabs.setCurrentWidget(view.check_in)
    panel = view.check_in
    assert panel.day_index == 0 and panel.stops.rowCount() >= 2
    qtmodeltester.check(panel.stops, force_py=True)
    qtmodeltester.check(panel.actual, force_py=True)
    first = panel.stops.row_at(0)
    panel.table.selectRow(0)
    panel.visited()
    dialog = panel.dialog
    assert dialog.channel.currentData() == "visit"
    assert dialog.subject.text() == (first.stop.purpose or dialog.subject.text())
    dialog.subject.setText(dialog.subject.text() or "Quarterly review")
    subject = dialog.subject.text()
    dialog._save()
    rows = {r.id: r for r in app.services.trips.stops(view.trip_id)}
    assert rows[first.stop.id].status == "visited"
    assert rows[first.stop.id].interaction_id is not None
    timeline, _more = app.services.reader.timeline(first.stop.account_id)
    logged = [e for e in timeline if e.id == rows[first.stop.id].interaction_id]
    assert [(e.channel, e.subject) for e in logged] == [("visit", subject)]
    assert panel.stops.index(panel.stops.row_of(first.stop.id), 5).data() == "Visited"

    second = panel.stops.row_at(1)
    panel.select_stop(second.stop.id)
    panel.skipped_button.click()
    rows = {r.id: r for r in app.services.trips.stops(view.trip_id)}
    assert rows[second.stop.id].status == "skipped"
    day = [panel.actual.index(0, c).data() for c in range(5)]
    assert day[2:4] == ["1", "1"]


def test_map_pin_opens_the_account(make_app: Any) -> None:
    app = make_app()
    ids = book(app.services)
    view = trips_view(app)
    view.open_account.emit(ids["Capitol Dental"])
    assert app.window.stack.currentWidget() is app.window.accounts
    assert app.window.accounts.page.detail.id == ids["Capitol Dental"]


def test_optimise_on_a_worker_thread_and_stop(make_app: Any, qtbot: Any) -> None:
    from desktop.planning.problem import SolveStatus
    from ui.tasks import TaskRunner

    app = make_app()
    app.services.settings.trip_solve_seconds = 60
    book(app.services)
    view = trips_view(app)
    new_trip(view, days=3)
    pick_all(view)
    view.tasks = TaskRunner(view)
    view.optimise()
    optimiser = view.optimiser
    dialog = optimiser.progress
    qtbot.waitUntil(lambda: dialog.scheduled.text() != "—", timeout=20000)
    dialog.stop_button.click()
    assert not dialog.stop_button.isEnabled()
    qtbot.waitUntil(lambda: not optimiser.task.running, timeout=30000)
    view.tasks.wait()
    assert optimiser.last_plan is not None
    assert optimiser.last_plan.status is SolveStatus.STOPPED
    assert optimiser.last_plan.seconds < 60, optimiser.last_plan.seconds
    assert view.plan is not None and view.plan_panel.stops.rowCount() == 7
    assert not dialog.isVisible()



def test_edit_day_and_stop_pin_and_remove(make_app: Any, prompts: Any) -> None:
    from PySide6.QtCore import QTime

    app = make_app()
    view = planned_trip(app)
    panel = view.plan_panel
    panel.day_table.selectRow(0)
    panel.edit_day()
    day = view.dialog
    day.work_end.setTime(QTime(7, 0))  # before the day starts: refused, nothing lost
    day._save()
    assert day.errors.message("work_end") and day.work_end.time() == QTime(7, 0)
    day.work_end.setTime(QTime(16, 0))
    day.max_drive.setValue(300)
    day._save()
    assert day.result() == day.DialogCode.Accepted
    assert panel.days.index(0, 2).data() == "08:00–16:00"
    assert panel.days.index(0, 5).data().endswith("of 5 h")

    line = next(s for s in panel.stops.lines() if s.visit is not None)
    panel.select_stop(line.stop.id)
    panel.edit_stop()
    stop = view.dialog
    stop.priority.setValue(1)
    stop.visit_minutes.setValue(90)
    stop.appointment.setChecked(True)
    stop.appointment_from.setTime(QTime(13, 0))
    stop.appointment_to.setTime(QTime(12, 0))  # ends before it starts
    stop._save()
    assert stop.errors.message("window_end") and stop.purpose.text() == line.stop.purpose
    stop.appointment_to.setTime(QTime(15, 0))
    stop._save()
    row = {r.id: r for r in app.services.trips.stops(view.trip_id)}[line.stop.id]
    assert (row.priority, row.visit_minutes) == (1, 90)
    assert row.window_start is not None and row.window_end is not None
    assert row.window_start.astimezone(ZoneInfo("America/Chicago")).hour == 13

    panel.select_stop(line.stop.id)
    panel.toggle_pin()
    assert {r.id: r for r in app.services.trips.stops(view.trip_id)}[line.stop.id].pinned
    panel.select_stop(line.stop.id)
    panel.toggle_pin()
    assert not {r.id: r for r in app.services.trips.stops(view.trip_id)}[line.stop.id].pinned
    panel.select_stop(line.stop.id)
    prompts.confirm_answers.append(True)
    panel.remove_stop()
    assert line.stop.id not in {r.id for r in app.services.trips.stops(view.trip_id)}
    assert panel.stops.row_of(line.stop.id) is None
