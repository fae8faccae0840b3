"""The proposal editor: header, cover letter and summary, terms from the
clause library, brochures, and the lines (from the catalogue or free text)
with live totals in the account's locale and currency.

Line edits are saved as they are applied; the header, letter, terms and
brochures are saved with Save (Ctrl+Enter), with messages under the fields and
nothing typed lost. A sent revision opens read-only with "New revision".
A discount above the rep's ceiling marks its line and the proposal shows
"Needs manager approval"; a manager sees "Approve discounts".
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.documents.clauses import LIBRARY
from desktop.domain import proposal_states
from desktop.i18n import _
from desktop.services.container import Services
from desktop.services.proposal_edit import Header
from desktop.services.validation import ValidationError
from desktop.store.changes import Changes
from ui import style
from ui.change_bus import ChangeBus
from ui.dialogs.form_dialog import FormDialog
from ui.dialogs.materials_picker import MaterialsPicker
from ui.formatting import qdate
from ui.models.proposal_lines import ProposalLinesModel
from ui.prompts import Prompts, Unsaved
from ui.tasks import TaskRunner
from ui.views.account_people import selected_row, table_view
from ui.views.proposal_actions import ProposalActions
from ui.widgets.approval_banner import ApprovalBanner
from ui.widgets.proposal_line_form import LineForm, fit_columns


class ProposalEditor(FormDialog):
    order_made = Signal(object)  # the new order's id

    def __init__(self, services: Services, bus: ChangeBus, prompts: Prompts, tasks: TaskRunner,
                 proposal_id: uuid.UUID, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.bus, self.prompts = services, bus, prompts
        self.proposal_actions = ProposalActions(services, bus, prompts, tasks, self,
                                       order_made=self.order_made.emit)
        self.proposal_id = proposal_id
        self._switching = False  # applying the last line's edits before showing another
        head = services.proposal_edit.header(proposal_id)
        self.heading = style.title(QLabel())
        self.approval = ApprovalBanner()
        self.approve_button = self.approval.button
        self.approve_button.clicked.connect(self.approve)

        self.title = QLineEdit()
        self.contact = QComboBox()
        self.valid_until = QDateEdit()
        self.valid_until.setCalendarPopup(True)
        self.valid_until.setDisplayFormat("yyyy-MM-dd")
        form = QFormLayout()
        self.errors.add_row(form, _("Title"), "title", self.title)
        self.errors.add_row(form, _("Contact"), "contact_id", self.contact)
        self.errors.add_row(form, _("Valid until"), "valid_until", self.valid_until)

        self.lines = ProposalLinesModel(head.currency, head.locale)
        self.table = table_view(self.lines)
        fit_columns(self.table, stretch=1)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._line_selected())
        self.line_form = LineForm(services, head.currency, head.locale)
        self.line_form.proposal_id = proposal_id
        self.line_form.changed.connect(self._line_changed)
        self.line_form.added.connect(self._select_line)
        self.up_button, self.down_button = QPushButton(_("Move up")), QPushButton(_("Move down"))
        self.remove_button = QPushButton(_("Remove line"))
        self.up_button.clicked.connect(lambda: self.move_line(-1))
        self.down_button.clicked.connect(lambda: self.move_line(1))
        self.remove_button.clicked.connect(self.remove)
        self.totals = QLabel()
        self.totals.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.totals.setTextFormat(Qt.TextFormat.PlainText)
        left = QWidget()
        box = QVBoxLayout(left)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.table, 1)
        row = QHBoxLayout()
        for button in (self.up_button, self.down_button, self.remove_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.totals)
        box.addLayout(row)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(self.line_form)
        split.setSizes([800, 480])

        self.cover_letter, self.summary = QPlainTextEdit(), QPlainTextEdit()
        letter = QWidget()
        letter_form = QFormLayout(letter)
        self.errors.add_row(letter_form, _("Cover letter"), "cover_letter", self.cover_letter)
        self.errors.add_row(letter_form, _("Executive summary"), "summary", self.summary)
        self.clauses = QListWidget()
        terms = QWidget()
        terms_form = QFormLayout(terms)
        self.errors.add_row(terms_form, _("Terms"), "clauses", self.clauses)
        self.materials = MaterialsPicker(services, prompts)
        self.tabs = QTabWidget()
        self.tabs.addTab(split, _("Line items"))
        self.tabs.addTab(letter, _("Cover letter and summary"))
        self.tabs.addTab(terms, _("Terms and conditions"))
        self.tabs.addTab(self.materials, _("Sales materials"))

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
        self._finish(self.heading, self.approval, form, self.tabs, bar, save_text=_("Save"))
        for button_box in self.findChildren(QDialogButtonBox):
            close = button_box.button(QDialogButtonBox.StandardButton.Cancel)
            if close is not None:
                close.setText(_("Close"))
        self.resize(1240, 860)
        bus.changed.connect(self._on_changes)
        self.load(head)

    # -- loading -----------------------------------------------------------------------
    def load(self, head: Header | None = None) -> None:
        """Fill everything from the proposal (after open, revise or a sync)."""
        head = head or self.services.proposal_edit.header(self.proposal_id)
        self.head = head
        self.line_form.proposal_id = head.id
        self.setWindowTitle(_("Proposal {number} rev {revision}").format(
            number=head.number, revision=head.revision))
        status = self._status()
        self.heading.setText(f"{head.title} · {head.number} rev {head.revision} · "
                             f"{proposal_states.label(status)} · {head.account}")
        self.title.setText(head.title)
        self.contact.clear()
        self.contact.addItem(_("(no contact)"), None)
        detail = self.services.reader.detail(head.account_id)
        for person in detail.contacts:
            self.contact.addItem(person.name, person.id)
        self.contact.setCurrentIndex(next((n for n in range(self.contact.count())
                                           if self.contact.itemData(n) == head.contact_id), 0))
        self.valid_until.setDate(qdate(head.valid_until))
        self.cover_letter.setPlainText(head.cover_letter)
        self.summary.setPlainText(head.summary)
        self.clauses.clear()
        for clause in LIBRARY.values():
            item = QListWidgetItem(f"{clause.heading} ({clause.key})", self.clauses)
            item.setData(Qt.ItemDataRole.UserRole, clause.key)
            item.setToolTip(clause.text)
            item.setCheckState(Qt.CheckState.Checked if clause.key in head.clauses
                               else Qt.CheckState.Unchecked)
        self.materials.load(head.id)
        draft = head.status == proposal_states.DRAFT
        for widget in (self.title, self.contact, self.valid_until, self.cover_letter,
                       self.summary, self.clauses, self.materials, self.line_form,
                       self.up_button, self.down_button, self.remove_button, self.save_button):
            widget.setEnabled(draft)
        allowed = proposal_states.actions(status)
        for key, button in self.buttons.items():
            button.setVisible(key in allowed)
        self.refresh_lines()

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
        self._select_line(keep)
        self._show_approval()

    def _show_approval(self) -> None:
        self.approval.show_state(self.services.proposal_edit.approval(self.proposal_id),
                                 self.head.status == "draft")

    def _select_line(self, line_id: object) -> None:
        for n in range(self.lines.rowCount()):
            if self.lines.row_at(n).id == line_id:
                self.table.selectRow(n)
                return
        self.line_form.show_line(None)

    def _line_selected(self) -> None:
        """Show the selected line; edits typed into the previous one are applied
        first, and if refused the previous line stays selected with its messages."""
        row = selected_row(self.table)
        new = self.lines.row_at(row) if row is not None else None
        form = self.line_form
        if form.line is not None and form.edited() and not self._switching:
            if new is not None and new.id == form.line.id:
                return  # the same line again: keep what is typed
            old, self._switching = form.line.id, True
            try:
                if form.apply() is None:
                    self._select_line(old)
                    return
            finally:
                self._switching = False
            self._select_line(new.id if new else None)
            return
        if not (self._switching and form.line is not None and form.edited()):
            form.show_line(new)

    # -- edits -------------------------------------------------------------------------
    def _line_changed(self, changes: Changes) -> None:
        self.bus.publish(changes, self)
        self.refresh_lines()

    def _on_changes(self, changes: Changes, initiator: object) -> None:
        if initiator is not self and changes.touches("proposals", "proposal_lines"):
            self.refresh_lines()

    def move_line(self, offset: int) -> None:
        if self.line_form.line is not None:
            self._line_changed(self.services.proposal_edit.move_line(self.line_form.line.id,
                                                                     offset))

    def remove(self) -> None:
        line = self.line_form.line
        if line is not None:
            self.line_form.line = None
            self._line_changed(self.services.proposal_edit.remove_line(line.id))

    def approve(self) -> None:
        try:
            changes = self.services.proposal_edit.approve(self.proposal_id)
        except ValidationError as exc:
            self.prompts.error(self, _("Approve discounts"), " ".join(exc.errors.values()))
            return
        self._line_changed(changes)

    def header_values(self) -> dict[str, object]:
        return {"title": self.title.text(), "contact_id": self.contact.currentData(),
                "valid_until": self.valid_until.date().toPython(),
                "cover_letter": self.cover_letter.toPlainText(),
                "summary": self.summary.toPlainText(),
                "clauses": [self.clauses.item(n).data(Qt.ItemDataRole.UserRole)
                            for n in range(self.clauses.count())
                            if self.clauses.item(n).checkState() == Qt.CheckState.Checked]}

    def _submit(self) -> None:
        changes = self.services.proposal_edit.update_header(self.proposal_id,
                                                            self.header_values())
        changes = changes.merged(self.materials.save())
        self.bus.publish(changes, self)

    def _save(self) -> None:
        """Save and stay open (Close closes); errors keep everything typed."""
        self._clear_errors()
        try:
            self._submit()
        except ValidationError as exc:
            self._show_errors(exc.errors)
            return
        self.load()

    def dirty(self) -> bool:
        """Header, letter, terms or brochures typed but not saved."""
        if self.head.status != "draft":
            return False
        saved = {"title": self.head.title, "contact_id": self.head.contact_id,
                 "valid_until": self.head.valid_until, "cover_letter": self.head.cover_letter,
                 "summary": self.head.summary,
                 "clauses": [k for k in LIBRARY if k in self.head.clauses]}
        return self.header_values() != saved or \
            self.materials.ticked() != self.services.materials.picked(self.head.id)

    def reject(self) -> None:
        """Close; ask first when something typed is not saved."""
        if self.dirty():
            answer = self.prompts.unsaved(self, _("Save the changes to this proposal?"))
            if answer is Unsaved.CANCEL:
                return
            if answer is Unsaved.SAVE:
                self._save()
                if self.dirty():  # refused: the messages are showing, stay open
                    return
        super().reject()

    def act(self, key: str) -> None:
        if key == "preview":
            if self.head.status == "draft":
                self._save()
                if self.top_error.isVisible() or self.errors.message("title"):
                    return
            self.proposal_actions.preview(self.proposal_id)
            return
        if key == "revise":
            made = self.proposal_actions.revise(self.proposal_id)
            if made is not None:
                self.proposal_id = made
        elif key == "contract":
            self.proposal_actions.contract(self.proposal_id)
            return
        elif key == "order":
            self.proposal_actions.make_order(self.proposal_id)
        else:
            getattr(self.proposal_actions, key)(self.proposal_id)
        self.load()
