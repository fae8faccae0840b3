"""The Trips screenshots: a planned demo trip with its map, the target picker
over it, and today's check-in (made from the demo book; see ``ui.screenshot``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from desktop.services.container import Services
    from desktop.store.changes import Changes
    from ui.main_window import MainWindow


def _settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


def show_trips(window: MainWindow, view: str) -> QWidget:
    """Show ``view`` ("trips", "target-picker" or "check-in"); returns what to grab."""
    from desktop.demo.trips import demo_rep, plan_demo_trip
    from ui.main_window import TRIPS_ROW

    services = window.services
    rep = demo_rep(services)
    if rep is not None:
        services.set_current_user(rep)
    # A script: it may wait for its writes (as jobs of the store's writer).
    services.store.writer.call(lambda: _demo_book_trip(services))  # the demo book's trip too
    today = datetime.now(UTC).date()
    first = today if view == "check-in" else today + timedelta(days=7)
    trip_id = services.store.writer.call(lambda: plan_demo_trip(services, first, days=3))
    window.sidebar.setCurrentRow(TRIPS_ROW)
    trips = window.trips
    trips.refresh()
    trips.select_trip(trip_id)
    _settle()
    if view == "target-picker":
        picker = trips.pick_targets()
        picker.near_on.setChecked(True)
        picker.near_miles.setValue(60)
        assert trips.problem is not None
        picker.near_of.setText(trips.problem.stops[0].place.name)
        picker.search()
        picker.table.selectRow(1)
        _settle()
        return picker
    if view == "check-in":
        _check_in_some(window)
        trips.tabs.setCurrentWidget(trips.check_in)
        _settle()
    return window


def _demo_book_trip(services: Services) -> None:
    """Optimise the demo book's trips that never were."""
    from desktop.planning.solver import solve

    for row in services.trips.trips():
        if services.trips.stored_plan(row.id) is None:
            plan = solve(services.trips.problem(row.id), time_limit_s=3.0)
            services.trips.save_plan(row.id, plan)


def _check_in_some(window: MainWindow) -> None:
    """The morning's first stop visited (logged), the second skipped."""
    services = window.services
    trips = window.trips
    assert trips.trip_id is not None
    trips.tabs.setCurrentWidget(trips.check_in)
    lines = [trips.check_in.stops.row_at(r) for r in range(trips.check_in.stops.rowCount())]
    if len(lines) < 2:
        return
    first, second = lines[0], lines[1]
    prefill = services.checkin.visit_prefill(first.stop.id)

    def check_in() -> Changes:
        saved = services.history.log_interaction(prefill.account_id, {
            "channel": "visit", "subject": prefill.subject, "contact_id": prefill.contact_id,
            "occurred_at": prefill.occurred_at, "duration_minutes": prefill.duration_minutes,
            "outcome": "Order placed"})
        changes = saved.changes.merged(services.checkin.mark_visited(first.stop.id, saved.id))
        return changes.merged(services.checkin.mark_skipped(second.stop.id))

    window.bus.publish(services.store.writer.call(check_in), None)
