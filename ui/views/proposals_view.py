"""All proposals: number, revision, status, account. New proposal, open one
in the editor, preview and print it, and take it on: accept, make the
contract, make the order (the window then shows the order)."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.domain import proposal_states
from desktop.i18n import _, ngettext
from desktop.services.container import Services
from desktop.services.proposals import ProposalRow
from desktop.store.changes import Changes
from ui import style
from ui.change_bus import ChangeBus
from ui.models.row_table import Column, RowTableModel
from ui.operations import Operations
from ui.prompts import Prompts
from ui.tasks import TaskRunner
from ui.views.account_people import selected_row, table_view
from ui.views.live import LiveUpdates


def proposal_columns() -> list[Column[ProposalRow]]:
    return [
        Column(_("Number"), lambda r: f"{r.number} rev {r.revision}"),
        Column(_("Account"), lambda r: r.account),
        Column(_("Status"), lambda r: proposal_states.label(r.status)),
        Column(_("Issued"), lambda r: r.issued_on),
        Column(_("Valid until"), lambda r: r.valid_until),
    ]


class ProposalsView(QWidget):
    order_made = Signal(object)  # a new order's id: the window shows it

    def __init__(self, services: Services, bus: ChangeBus, prompts: Prompts, tasks: TaskRunner,
                 ops: Operations, parent: QWidget | None = None) -> None:
        from ui.views.proposal_actions import ProposalActions

        super().__init__(parent)
        self.services, self.bus, self.prompts, self.tasks = services, bus, prompts, tasks
        self.ops = ops
        self.proposal_actions = ProposalActions(services, bus, prompts, tasks, self,
                                                order_made=self.order_made.emit, ops=ops)
        self.model: RowTableModel[ProposalRow] = RowTableModel(proposal_columns())
        self.view = table_view(self.model)
        self.view.doubleClicked.connect(lambda _index: self.edit())
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._enable())
        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        for key, text, slot in (
                ("new", _("New proposal…"), lambda: self.new_proposal()),
                ("edit", _("Open…"), lambda: self.edit()),
                ("preview", _("Preview and print…"), lambda: self.preview()),
                ("accept", _("Accept"), lambda: self._act("accept")),
                ("contract", _("Make contract…"), lambda: self._act("contract")),
                ("order", _("Make order"), lambda: self._act("make_order"))):
            button = QPushButton(text)
            button.clicked.connect(slot)
            self.buttons[key] = button
            bar.addWidget(button)
            if key == "new":
                style.primary(button)
        self.preview_button = self.buttons["preview"]
        bar.addStretch(1)
        title = QLabel(_("Proposals"))
        style.title(title)
        self.summary = QLabel()
        style.muted(self.summary)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addWidget(title)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addLayout(bar)
        self.dialog: QWidget | None = None
        self.live = LiveUpdates(self, bus, self._shows, self.refresh)
        self.refresh(reset=True)

    def refresh(self, reset: bool = False) -> None:
        """Re-read the list; rows change in place unless ``reset``."""
        keep = self.selected()
        rows = self.services.proposals.rows()
        if reset:
            self.model.set_rows(rows)
        else:
            self.model.update_rows(rows)
        self.summary.setText(ngettext("{n:,} proposal", "{n:,} proposals", len(rows)).format(
            n=len(rows)) if rows else _(
            "No proposals yet. Demo data includes some in every status."))
        if self.selected() is None:
            self.select(keep.id if keep else None)
        self._enable()

    def select(self, proposal_id: uuid.UUID | None) -> None:
        for n in range(self.model.rowCount()):
            if self.model.row_at(n).id == proposal_id:
                self.view.selectRow(n)
                return
        if self.model.rowCount():
            self.view.selectRow(0)

    def selected(self) -> ProposalRow | None:
        row = selected_row(self.view)
        return self.model.row_at(row) if row is not None else None

    def _enable(self) -> None:
        row = self.selected()
        allowed = proposal_states.actions(row.status) if row else frozenset()
        for key, button in self.buttons.items():
            button.setEnabled(key == "new" or (row is not None and (
                key in ("edit", "preview") or key in allowed)))

    @staticmethod
    def _shows(changes: Changes) -> bool:
        # The list shows each proposal's account by name.
        return changes.touches("proposals", "proposal_lines", "accounts")

    def _act(self, name: str) -> None:
        row = self.selected()
        if row is not None:
            getattr(self.proposal_actions, name)(row.id)
            self.dialog = self.proposal_actions.dialog

    def new_proposal(self, account_id: uuid.UUID | None = None) -> None:
        from ui.dialogs.new_proposal import NewProposalDialog

        dialog = NewProposalDialog(self.services, account_id, self, ops=self.ops)
        dialog.accepted.connect(lambda: self._created(dialog))
        self.dialog = dialog
        dialog.open()

    def _created(self, dialog: object) -> None:
        saved = dialog.saved  # type: ignore[attr-defined]
        if saved is not None:  # its change record is published by the dialog's write
            self.select(saved.id)
            self.edit(saved.id)

    def edit(self, proposal_id: uuid.UUID | None = None) -> None:
        from ui.dialogs.proposal_editor import ProposalEditor

        row = self.selected()
        key = proposal_id or (row.id if row else None)
        if key is None:
            return
        editor = ProposalEditor(self.services, self.bus, self.prompts, self.tasks, key, self,
                                ops=self.ops)
        editor.order_made.connect(self.order_made.emit)
        self.editor = editor
        self.dialog = editor
        editor.open()

    def preview(self) -> None:
        row = self.selected()
        if row is not None:
            self.dialog = self.proposal_actions.preview(row.id)
