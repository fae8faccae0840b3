"""What each Today section's buttons and double-clicks do: check in at a stop
(the check-in service and the Log interaction dialog, as the trip's check-in
tab does), mark a follow-up done, assign it to a colleague, open the deal, the
order or the account, answer, acknowledge or flag a field note. Writes run as
operations; dialogs load their modules when opened."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from desktop.i18n import _

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QWidget

    from ui.views.today_view import TodayView


class TodayActions:
    def __init__(self, view: TodayView) -> None:
        self.view = view
        self.services = view.services
        self.ops = view.ops
        self.dialog: QWidget | None = None  # the last dialog opened (tests reach it)
        s = view.sections
        visits = s["visits"]
        self.check_in_button = visits.button(_("Check in…"), self.check_in, primary=True)
        self.skip_button = visits.button(_("Skipped"), self.skip)
        visits.button(_("Open account"), lambda: self.open("visits"))
        self.replan_button = visits.button(_("Re-plan from here…"), self.replan)
        from PySide6.QtWidgets import QLabel

        self.replan_note = QLabel()  # what the last re-plan did, dropped stops named
        self.replan_note.setWordWrap(True)
        box = visits.layout()
        assert box is not None
        box.addWidget(self.replan_note)
        due = s["due"]
        self.done_button = due.button(_("Mark done"), lambda: self.done("due"), primary=True)
        self.assign_button = due.button(_("Assign to colleague…"), self.assign)
        due.button(_("Open account"), lambda: self.open("due"))
        tasks = s["tasks"]
        tasks.button(_("Mark done"), lambda: self.done("tasks"), primary=True)
        tasks.button(_("Open account"), lambda: self.open("tasks"))
        deals = s["deals"]
        deals.button(_("Open deal…"), self.open_deal, primary=True)
        deals.button(_("Open account"), lambda: self.open("deals"))
        orders = s["orders"]
        orders.button(_("Open order"), self.open_order, primary=True)
        orders.button(_("Open account"), lambda: self.open("orders"))
        s["dormant"].button(_("Open account"), lambda: self.open("dormant"), primary=True)
        notes = s["notes"]
        self.answer_button = notes.button(_("Answer…"), self.answer, primary=True)
        notes.button(_("Acknowledge"), self.acknowledge)
        notes.button(_("Flag for…"), self.flag, needs_row=False)
        for name, section in s.items():
            section.finish()
            section.table.doubleClicked.connect(lambda _i, n=name: self.activate(n))

    def _selected(self, section: str) -> Any:
        return self.view.sections[section].selected()

    def _write(self, title: str, fn: Callable[[], Any]) -> None:
        self.ops.write(fn, parent=self.view, title=title).run()

    def activate(self, section: str) -> None:
        """A double-click: the section's first action."""
        {"visits": self.check_in, "deals": self.open_deal, "orders": self.open_order,
         "notes": self.answer}.get(section, lambda: self.open(section))()

    def open(self, section: str) -> None:
        row = self._selected(section)
        if row is not None:
            self.view.open_row(section, row)

    # -- visits --------------------------------------------------------------------
    def check_in(self) -> None:
        """Log the visit (prefilled from the stop), then mark the stop visited."""
        from ui.dialogs.log_interaction import LogInteractionDialog
        from ui.views.check_in_panel import prefill_values

        visit = self._selected("visits")
        if visit is None or visit.status != "planned":
            return
        services = self.services
        detail = services.reader.detail(visit.account_id)
        dialog = LogInteractionDialog(
            services, detail.id, detail.values["name"], detail.contacts, self.view,
            prefill=prefill_values(services.checkin.visit_prefill(visit.stop_id)), ops=self.ops)
        stop_id = visit.stop_id
        dialog.accepted.connect(lambda: self._visited(stop_id, dialog.saved))
        self.dialog = dialog
        dialog.open()

    def _visited(self, stop_id: uuid.UUID, saved: Any) -> None:
        if saved is not None:
            checkin, interaction = self.services.checkin, saved.id
            self._write(_("Check-in"), lambda: checkin.mark_visited(stop_id, interaction))

    def skip(self) -> None:
        visit = self._selected("visits")
        if visit is not None and visit.status == "planned":
            checkin, stop_id = self.services.checkin, visit.stop_id
            self._write(_("Check-in"), lambda: checkin.mark_skipped(stop_id))

    def replan(self) -> None:
        """The rest of the selected visit's trip from the current stop, from now."""
        from ui.views.trip_calendar_replan import replan_today

        visit = self._selected("visits")
        if visit is not None:
            replan_today(self.services, self.ops, self.view, visit.trip_id,
                         self.replan_note.setText)

    # -- follow-ups and tasks -----------------------------------------------------------
    def done(self, section: str) -> None:
        row = self._selected(section)
        if row is not None:
            history, follow_up = self.services.history, row.id
            self._write(_("Mark done"), lambda: history.set_follow_up_done(follow_up, True))

    def assign(self) -> None:
        from ui.dialogs.assign_task import AssignTaskDialog

        row = self._selected("due")
        if row is None:
            return
        self.dialog = AssignTaskDialog(self.services, row.id, row.account_id, row.title,
                                       self.view, ops=self.ops)
        self.dialog.open()

    # -- deals and orders ------------------------------------------------------------
    def open_deal(self) -> None:
        from ui.dialogs.opportunity_dialog import OpportunityDialog

        card = self._selected("deals")
        if card is not None:
            self.dialog = OpportunityDialog(self.services, self.ops, opp_id=card.id,
                                            parent=self.view)
            self.dialog.open()

    def open_order(self) -> None:
        order = self._selected("orders")
        if order is not None:
            self.view.open_order.emit(order.id)

    # -- field notes ---------------------------------------------------------------
    def answer(self) -> None:
        from ui.dialogs.field_note import AnswerNoteDialog

        note = self._selected("notes")
        if note is not None:
            self.dialog = AnswerNoteDialog(self.services, note, self.view, ops=self.ops)
            self.dialog.open()

    def acknowledge(self) -> None:
        note = self._selected("notes")
        if note is not None:
            notes, note_id = self.services.field_notes, note.id
            self._write(_("Acknowledge"), lambda: notes.acknowledge(note_id))

    def flag(self, account_id: uuid.UUID | None = None, account_name: str = "") -> None:
        from ui.dialogs.field_note import FlagNoteDialog

        self.dialog = FlagNoteDialog(self.services, account_id, account_name, self.view,
                                     ops=self.ops)
        self.dialog.open()
