"""The Today screenshot: the demo rep's day on the demo book, with a trip that
starts today (planned and solved here, as the check-in shot does) and its first
stop visited (see ``ui.screenshot``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from desktop.store.changes import Changes
    from ui.app import Fieldbook


def show_today(fieldbook: Fieldbook) -> QWidget:
    from desktop.demo.trips import demo_rep, plan_demo_trip
    from ui.main_window import TODAY_ROW

    window, services = fieldbook.window, fieldbook.services
    rep = demo_rep(services)
    if rep is not None:
        services.set_current_user(rep)
    today = services.clock().date()
    services.store.writer.call(lambda: plan_demo_trip(services, today, days=2, stops=10,
                                                      solve_seconds=2.0))
    visits = services.today.visits(today)
    if visits:
        first = visits[0]

        def check_in() -> Changes:
            prefill = services.checkin.visit_prefill(first.stop_id)
            saved = services.history.log_interaction(prefill.account_id, {
                "channel": "visit", "subject": prefill.subject, "contact_id": prefill.contact_id,
                "occurred_at": prefill.occurred_at, "duration_minutes": prefill.duration_minutes,
                "outcome": "Reordered wrap and cups"})
            return saved.changes.merged(services.checkin.mark_visited(first.stop_id, saved.id))

        window.bus.publish(services.store.writer.call(check_in), None)
    window.sidebar.setCurrentRow(TODAY_ROW)
    window.today.refresh(True)
    for _ in range(3):
        fieldbook.wait()
        QApplication.processEvents()
    due = window.today.sections["due"]
    if due.model.rowCount():
        due.table.selectRow(0)
    return window
