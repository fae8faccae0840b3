"""The proposal editor: header, cover letter and summary, terms from the
clause library, brochures, and the lines (from the catalogue or free text)
with live totals in the account's locale and currency.

Line edits are stored as they are applied; Save (Ctrl+Enter) stores the
header, letter, terms and brochures and whatever is typed in the line form and
not applied yet. Every write is an operation on the store's writer; a refusal
shows under its field with everything typed kept, and Close or Escape ask
first when anything is unsaved (the line form included). A removed line comes
back with Ctrl+Z or Undo. A sent revision opens read-only with "New revision".
A discount above the rep's ceiling marks its line and the proposal shows
"Needs manager approval"; a manager sees "Approve discounts".
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QWidget,
)

from desktop.domain import proposal_states
from desktop.i18n import _
from desktop.services.base import NotFound
from desktop.services.container import Services
from desktop.services.proposal_edit import Header
from desktop.services.validation import ValidationError
from desktop.store.changes import Changes
from ui import style
from ui.change_bus import ChangeBus
from ui.dialogs.form_dialog import FormDialog
from ui.dialogs.materials_picker import MaterialsPicker
from ui.dialogs.proposal_fields import ProposalFields, saved_values
from ui.dialogs.proposal_lines_pane import LinesPane
from ui.history_view import HistoryView, record_history
from ui.operations import Operations
from ui.prompts import Prompts, Unsaved
from ui.tasks import TaskRunner
from ui.views.proposal_actions import ProposalActions
from ui.widgets.approval_banner import ApprovalBanner


class ProposalEditor(FormDialog):
    order_made = Signal(object)  # the new order's id

    def __init__(self, services: Services, bus: ChangeBus, prompts: Prompts, tasks: TaskRunner,
                 proposal_id: uuid.UUID, parent: QWidget | None = None, *,
                 ops: Operations) -> None:
        super().__init__(ops, parent)
        self.services, self.bus, self.prompts = services, bus, prompts
        self.proposal_actions = ProposalActions(services, bus, prompts, tasks, self,
                                                order_made=self.order_made.emit, ops=ops)
        self.proposal_id = proposal_id
        head = services.proposal_edit.header(proposal_id)
        self.heading = style.title(QLabel())
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.approval = ApprovalBanner()
        self.approve_button = self.approval.button
        self.approve_button.clicked.connect(lambda: self.approve())

        self.fields = ProposalFields(self.errors)
        self.title, self.contact, self.valid_until = self.fields.title, self.fields.contact, \
            self.fields.valid_until
        self.cover_letter, self.summary = self.fields.cover_letter, self.fields.summary
        self.clauses = self.fields.clauses

        split = LinesPane(services, head.currency, head.locale, ops, self)
        self.lines, self.table, self.line_form = split.lines, split.table, split.line_form
        self.up_button, self.down_button = split.up_button, split.down_button
        self.remove_button, self.undo_bar, self.totals = split.remove_button, split.undo_bar, \
            split.totals
        self.pane = split
        self.line_form.proposal_id = proposal_id
        self.line_form.changed.connect(lambda _changes: self.refresh_lines())
        self.up_button.clicked.connect(lambda: self.move_line(-1))
        self.down_button.clicked.connect(lambda: self.move_line(1))
        self.remove_button.clicked.connect(lambda: self.remove())

        self.materials = MaterialsPicker(services, prompts, ops=ops)
        self.tabs = QTabWidget()
        self.tabs.addTab(split, _("Line items"))
        self.tabs.addTab(self.fields.letter_tab, _("Cover letter and summary"))
        self.tabs.addTab(self.fields.terms_tab, _("Terms and conditions"))
        self.tabs.addTab(self.materials, _("Sales materials"))
        self.changes = HistoryView(tasks, lambda: record_history(None, services.store,
                                                                 services.settings))
        self.tabs.addTab(self.changes, _("Change history"))
        self.changes.show_record("proposals", proposal_id)

        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        for key, text in (("preview", _("Preview and print…")), ("revise", _("New revision")),
                          ("accept", _("Accept")), ("decline", _("Decline")),
                          ("expire", _("Expire")), ("contract", _("Make contract…")),
                          ("order", _("Make order"))):
            button = QPushButton(text)
            button.clicked.connect(lambda _c=False, k=key: self.act(k))
            self.buttons[key] = button
            bar.addWidget(button)
        bar.addStretch(1)
        self._finish(self.heading, self.approval, self.fields.header_form, self.tabs, bar,
                     save_text=_("Save"))
        close = self.button_box.button(QDialogButtonBox.StandardButton.Cancel)
        if close is not None:
            close.setText(_("Close"))
        bus.changed.connect(self._on_changes)
        self.load(head)

    def preferred_size(self) -> QSize:
        """Roomy where the screen allows; a laptop's screen gets what it has."""
        return QSize(1240, 860)

    def _content(self) -> list[QWidget]:
        return []  # the editor stays editable while it saves (and stays open after)

    # -- loading -----------------------------------------------------------------------
    def load(self, head: Header | None = None) -> None:
        """Fill everything from the proposal (after open, revise or a sync)."""
        head = head or self.services.proposal_edit.header(self.proposal_id)
        self.head = head
        self.line_form.proposal_id = head.id
        self.setWindowTitle(_("Proposal {number} rev {revision}").format(
            number=head.number, revision=head.revision))
        status = self._status()
        self._show_heading(head, status)
        contacts = self.services.reader.detail(head.account_id).contacts
        self.fields.show(head, [(person.name, person.id) for person in contacts])
        self.materials.load(head.id)
        draft = head.status == proposal_states.DRAFT
        for widget in (*self.fields.widgets(), self.materials, self.line_form,
                       self.up_button, self.down_button, self.remove_button, self.save_button):
            widget.setEnabled(draft)
        allowed = proposal_states.actions(status)
        for key, button in self.buttons.items():
            button.setVisible(key in allowed)
        self.refresh_lines()

    def _show_heading(self, head: Header, status: str) -> None:
        self.heading.setText(f"{head.title} · {head.number} rev {head.revision} · "
                             f"{proposal_states.label(status)} · {head.account}")

    def _status(self) -> str:
        """The list's status: a sent proposal past its date shows as expired."""
        rows = {r.id: r.status for r in self.services.proposals.rows(self.head.account_id)}
        return rows.get(self.head.id, self.head.status)

    def refresh_lines(self) -> None:
        keep = self.line_form.line.id if self.line_form.line else None
        rows = self.services.proposal_edit.line_rows(self.proposal_id)
        self.lines.set_rows(rows)
        totals = self.services.proposals.totals(self.proposal_id)
        money = self.lines.money
        text = _("Subtotal {net} · Tax {tax} · Total {total}").format(
            net=money(totals.net), tax=money(totals.tax), total=money(totals.total))
        if totals.optional_total:
            text += _(" · Optional {amount}").format(amount=money(totals.optional_total))
        self.totals.setText(text)
        self.pane.select_line(keep)
        self._show_approval()

    def _show_approval(self) -> None:
        self.approval.show_state(self.services.proposal_edit.approval(self.proposal_id),
                                 self.head.status == "draft")

    # -- edits -------------------------------------------------------------------------
    def _on_changes(self, changes: Changes, initiator: object) -> None:
        """Someone else's change (a sync, an undo, another window): show it, keeping
        whatever is typed and not saved."""
        if initiator is self or not changes.touches("proposals", "proposal_lines"):
            return
        try:
            if self.dirty():
                self.head = self.services.proposal_edit.header(self.proposal_id)
                self._show_heading(self.head, self._status())
                self.refresh_lines()
            else:
                self.load()
        except NotFound:  # gone (revised away, or evicted by a sync): nothing to show
            return

    def _write(self, fn: Callable[[], object], title: str,
               then: Callable[[object], None] | None = None) -> None:
        """A change of this proposal as an operation; the editor refreshes after it."""
        def done(result: object) -> None:
            self.refresh_lines()
            if then is not None:
                then(result)

        self.ops.write(fn, parent=self, title=title).success(done).run()

    def move_line(self, offset: int) -> None:
        line = self.line_form.line
        if line is not None:
            edit, line_id = self.services.proposal_edit, line.id
            self._write(lambda: edit.move_line(line_id, offset), _("Move line"))

    def remove(self) -> None:
        """Remove the selected line at once; Ctrl+Z or Undo brings it back."""
        line = self.line_form.line
        if line is None:
            return
        edit, line_id = self.services.proposal_edit, line.id
        what = _("Line {n} removed: {description}").format(n=line.number,
                                                           description=line.description)
        self.line_form.line = None  # what was typed into it goes with it

        def removed(_changes: object) -> None:
            self.ops.undo.push(what, lambda: edit.restore_line(line_id))

        self._write(lambda: edit.remove_line(line_id), _("Remove line"), removed)

    def approve(self) -> None:
        edit, proposal_id = self.services.proposal_edit, self.proposal_id
        self._write(lambda: edit.approve(proposal_id), _("Approve discounts"))

    def header_values(self, strict: bool = True) -> dict[str, object]:
        """The header, letter and terms as typed (see :meth:`ProposalFields.values`)."""
        return self.fields.values(strict)

    # -- saving ------------------------------------------------------------------------
    def _save(self, then: Callable[[], None] | None = None) -> None:
        """Store everything typed: the line form's unapplied edits first, then the
        header, letter, terms and brochures; stay open (``then`` runs once all is
        stored). A refusal shows under its field, everything typed kept."""
        if self.saving or self.head.status != proposal_states.DRAFT:
            return
        self._clear_errors()
        self._set_saving(True)

        def line_done(ok: bool) -> None:
            if ok:
                self._save_header(then)
                return
            self._set_saving(False)
            self.tabs.setCurrentIndex(0)  # the line's messages are there

        if self.line_form.edited():
            self.line_form.apply(line_done)
        else:
            line_done(True)

    def _save_header(self, then: Callable[[], None] | None) -> None:
        try:
            values = self.header_values()
        except ValidationError as exc:
            self._set_saving(False)
            self._show_errors(exc.errors)
            return
        update, pick = self.services.proposal_edit.update_header, self.materials.pick_job()
        proposal_id = self.proposal_id
        self.ops.write(lambda: update(proposal_id, values).merged(pick()), parent=self) \
            .success(lambda _changes: self._header_saved(values, then)) \
            .failure(self._failed).run()

    def _header_saved(self, values: dict[str, object], then: Callable[[], None] | None) -> None:
        self._set_saving(False)
        head = self.services.proposal_edit.header(self.proposal_id)
        if self.header_values(strict=False) == values and not self.line_form.edited():
            self.load(head)
        else:  # typed while it saved: keep that, show the rest
            self.head = head
            self._show_heading(head, self._status())
        if then is not None:
            then()

    def dirty(self) -> bool:
        """Anything typed and not saved: the header, letter, terms, brochures, or the
        selected line's fields."""
        if self.head.status != proposal_states.DRAFT:
            return False
        if self.header_values(strict=False) != saved_values(self.head) or \
                self.line_form.edited():
            return True
        return self.materials.ticked() != self.services.materials.picked(self.head.id)

    def reject(self) -> None:
        """Close (Escape, Close, the window's button); ask first when something
        typed is not saved. Save closes once everything is stored."""
        if self.saving:
            return
        if self.dirty():
            answer = self.prompts.unsaved(self, _("Save the changes to this proposal?"))
            if answer is Unsaved.CANCEL:
                return
            if answer is Unsaved.SAVE:
                self._save(then=lambda: QDialog.reject(self))
                return
        QDialog.reject(self)

    # -- what can be done with it --------------------------------------------------------
    def act(self, key: str) -> None:
        actions, proposal_id = self.proposal_actions, self.proposal_id
        if key == "preview":
            if self.head.status == proposal_states.DRAFT:
                self._save(then=lambda: self._preview())  # what is typed first
            else:
                actions.preview(proposal_id)
        elif key == "contract":
            actions.contract(proposal_id)
        elif key == "revise":
            actions.revise(proposal_id, self._revised)
        elif key == "order":
            actions.make_order(proposal_id, lambda _order: self.load())
        else:
            getattr(actions, key)(proposal_id, self.load)

    def _preview(self) -> None:
        self.proposal_actions.preview(self.proposal_id)

    def _revised(self, proposal_id: uuid.UUID) -> None:
        self.proposal_id = proposal_id
        self.load()
