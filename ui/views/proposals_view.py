"""All proposals: number, revision, account, status, dates and total, a page at
a time (a lazy model with fixed column widths), searched by any part of the
number, title or account and filtered by status and total (a new filter's
first page is read on a worker once typing pauses). New proposal, open one in
the editor, preview and print it, and take it on: accept, make the contract,
make the order (the window then shows the order)."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import formats, proposal_states
from desktop.i18n import _, ngettext
from desktop.services.container import Services
from desktop.services.proposal_list import ProposalFilter, ProposalListRow
from desktop.services.proposals import ProposalRow
from desktop.store.changes import Changes
from ui import style
from ui.change_bus import ChangeBus
from ui.models.prefetch import DebouncedLoad, PrefetchedListing, typed_reads
from ui.models.proposal_table import WIDTHS, ProposalTableModel
from ui.models.row_table import Column
from ui.operations import Operations
from ui.prompts import Prompts
from ui.tasks import BACKGROUND, TaskRunner
from ui.views.account_people import selected_row, table_view
from ui.views.live import LiveUpdates
from ui.widgets.amount_bound import amount_bound


def proposal_columns() -> list[Column[ProposalRow]]:
    return [
        Column(_("Number"), lambda r: f"{r.number} rev {r.revision}"),
        Column(_("Account"), lambda r: r.account),
        Column(_("Status"), lambda r: proposal_states.label(r.status)),
        Column(_("Issued"), lambda r: formats.stored_day(r.issued_on)),
        Column(_("Valid until"), lambda r: formats.stored_day(r.valid_until)),
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
        self.listing = PrefetchedListing(services.proposal_list)
        self.model = ProposalTableModel(self.listing)
        self.loader = DebouncedLoad(self.model, self.listing, typed_reads(self),
                                    parent=self)
        self._keep: uuid.UUID | None = None  # selected when the filter changed
        self.loader.loaded.connect(lambda: self._shown(self._keep))
        self.view = table_view(self.model)
        header = self.view.horizontalHeader()  # fixed widths: no row is asked its size
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate(WIDTHS):
            header.resizeSection(column, width)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search number, title or account"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self.apply_filter())
        self.status_filter = QComboBox()
        self.status_filter.addItem(_("All statuses"), "")
        for state in proposal_states.ProposalState:
            self.status_filter.addItem(proposal_states.label(state.value), state.value)
        self.status_filter.currentIndexChanged.connect(lambda _i: self.apply_filter(now=True))
        self.min_amount, self.max_amount = self._amount(_("Min total")), self._amount(
            _("Max total"))
        filters = QHBoxLayout()
        for widget in (self.search, self.status_filter, self.min_amount, self.max_amount):
            filters.addWidget(widget, 1 if widget is self.search else 0)
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
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addLayout(bar)
        self.dialog: QWidget | None = None
        self.live = LiveUpdates(self, bus, self._shows, self.refresh)
        self.refresh(reset=True)

    def _amount(self, empty: str) -> QDoubleSpinBox:
        """A bound on the total; 0 shows ``empty`` and means none."""
        return amount_bound(empty, self.apply_filter)

    def current_filter(self) -> ProposalFilter:
        status = self.status_filter.currentData()
        return ProposalFilter(text=self.search.text(),
                              statuses=frozenset([status]) if status else frozenset(),
                              min_amount=self.min_amount.value() or None,
                              max_amount=self.max_amount.value() or None)

    def apply_filter(self, now: bool = False) -> None:
        """Show the filter's proposals once typing pauses (or at once: ``now``)."""
        keep = self.selected()
        self._keep = keep.id if keep else None
        self.loader.request(self.current_filter())
        if now:
            self.loader.now()

    def refresh(self, reset: bool = False) -> None:
        """Re-read the list; the loaded rows change in place unless ``reset``."""
        keep = self.selected()
        if reset:
            self.model.reload()
        else:
            self.model.refresh_in_place()
        self._shown(keep.id if keep else None)

    def _shown(self, keep: uuid.UUID | None) -> None:
        """After rows arrived: the selection, the buttons, then the count (off the
        GUI thread once the list has painted, when there is more than a page)."""
        if self.selected() is None:
            self.select(keep)
        self._enable()
        if self.model.canFetchMore():
            flt, listing = self.model.filter, self.services.proposal_list
            # In the background lane, as the orders' count: at 1,000,000 accounts
            # it took 1.1 s, and an orders search typed next waited for it.
            QTimer.singleShot(0, lambda: self.ops.query(
                lambda: listing.count(flt), lambda n: self._counted(flt, n), self,
                lane=BACKGROUND))
        else:
            self._counted(self.model.filter, self.model.rowCount())

    def _counted(self, flt: ProposalFilter, total: int) -> None:
        if flt != self.model.filter:
            return  # the filter changed meanwhile; its own count follows
        if total:
            self.summary.setText(ngettext("{n:,} proposal", "{n:,} proposals", total).format(
                n=total))
        elif flt == ProposalFilter():
            self.summary.setText(_("No proposals yet. Demo data includes some in every status."))
        else:
            self.summary.setText(_("No proposal matches."))

    def select(self, proposal_id: uuid.UUID | None) -> None:
        for n in range(self.model.rowCount()):
            if self.model.row_at(n).id == proposal_id:
                self.view.selectRow(n)
                return
        if self.model.rowCount():
            self.view.selectRow(0)

    def selected(self) -> ProposalListRow | None:
        row = selected_row(self.view)
        return self.model.row_at(row) if row is not None else None

    def _enable(self) -> None:
        row = self.selected()
        allowed = proposal_states.actions(row.status) if row else frozenset()
        for key, button in self.buttons.items():
            button.setEnabled(key == "new" or (row is not None and (
                key in ("edit", "preview") or key in allowed)))

    def _shows(self, changes: Changes) -> bool:
        """Proposals and their lines (the total); an account only when a loaded
        proposal names it (a renamed customer), not every account edit."""
        if changes.touches("proposals", "proposal_lines"):
            return True
        touched = changes.ids("accounts")
        return bool(touched) and any(self.model.row_at(n).account_id in touched
                                     for n in range(self.model.rowCount()))

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
