"""The account page's Contacts tab and its Follow-ups & concerns tab."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.schema import ConcernStatus
from desktop.i18n import _
from desktop.services.account_detail import AccountDetail
from desktop.services.container import Services
from desktop.services.detail_rows import ConcernRow, ContactRow, FollowUpRow
from ui import style
from ui.change_bus import ChangeBus
from ui.models.row_table import (
    RowTableModel,
    concern_columns,
    contact_columns,
    follow_up_columns,
)
from ui.operations import Operations
from ui.prompts import Prompts
from ui.resources import icon

SAMPLED_ROWS = 60  # rows a list's column widths are measured on


def table_view(model: Any) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.setShowGrid(False)
    header = view.horizontalHeader()
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    # Widths from the rows on screen and a sample below them, not from up to
    # 1,000 rows (Qt's default): showing 500 follow-ups asked for 24,000 cells.
    header.setResizeContentsPrecision(SAMPLED_ROWS)
    return view


def sized_when_filled(view: QTableView) -> QTableView:
    """Columns fitted to their contents when rows arrive, not on every layout
    pass: a small table in a splitter re-measured every cell dozens of times
    as the page was first laid out (the Trips plan: 11,000 cells for 135)."""
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    model = view.model()
    for signal in (model.modelReset, model.rowsInserted, model.layoutChanged):
        signal.connect(lambda *_a: view.resizeColumnsToContents())
    view.resizeColumnsToContents()  # the rows it holds already
    return view


def selected_row(view: QTableView) -> int | None:
    rows = view.selectionModel().selectedRows()
    return rows[0].row() if rows else None


class PeopleTab:
    """Builds two panels that share the loaded AccountDetail."""

    def __init__(self, services: Services, bus: ChangeBus, prompts: Prompts,
                 ops: Operations) -> None:
        self.services = services
        self.bus = bus
        self.prompts = prompts
        self.ops = ops
        self.detail: AccountDetail | None = None
        self.active_dialog: QWidget | None = None

        self.contacts: RowTableModel[ContactRow] = RowTableModel(
            contact_columns(services.settings.home_region))
        self.contacts_view = table_view(self.contacts)
        self.contacts_view.doubleClicked.connect(lambda _i: self.edit_contact())
        self.add_contact_button = QPushButton(icon("add"), _("Add contact"))
        self.add_contact_button.clicked.connect(lambda: self.add_contact())
        self.edit_contact_button = QPushButton(_("Edit"))
        self.edit_contact_button.clicked.connect(lambda: self.edit_contact())
        self.archive_contact_button = QPushButton(icon("archive"), _("Archive"))
        self.archive_contact_button.clicked.connect(lambda: self.archive_contact())
        self.contacts_panel = _panel(self.contacts_view, [
            self.add_contact_button, self.edit_contact_button, self.archive_contact_button])

        today = lambda: services.clock().date()  # noqa: E731
        self.follow_ups: RowTableModel[FollowUpRow] = RowTableModel(
            follow_up_columns(today, with_account=False))
        self.follow_ups_view = table_view(self.follow_ups)
        self.add_follow_up_button = QPushButton(icon("followup"), _("Add follow-up"))
        self.add_follow_up_button.clicked.connect(lambda: self.add_follow_up())
        self.done_button = QPushButton(icon("save"), _("Mark done"))
        self.done_button.clicked.connect(lambda: self.complete_follow_up())
        self.assign_button = QPushButton(_("Assign to colleague…"))
        self.assign_button.clicked.connect(lambda: self.assign_follow_up())
        self.flag_button = QPushButton(_("Flag for…"))  # a field note about the account
        self.flag_button.clicked.connect(lambda: self.flag_note())
        self.concerns: RowTableModel[ConcernRow] = RowTableModel(concern_columns())
        self.concerns_view = table_view(self.concerns)
        self.raise_concern_button = QPushButton(icon("concern"), _("Raise concern"))
        self.raise_concern_button.clicked.connect(lambda: self.raise_concern())
        self.working_button = QPushButton(_("In progress"))
        self.working_button.clicked.connect(lambda: self.set_concern(ConcernStatus.IN_PROGRESS))
        self.resolve_button = QPushButton(_("Resolve…"))
        self.resolve_button.clicked.connect(lambda: self.set_concern(ConcernStatus.RESOLVED))

        self.followup_panel = QWidget()
        layout = QVBoxLayout(self.followup_panel)
        layout.addWidget(_heading(_("Open follow-ups")))
        layout.addWidget(_panel(self.follow_ups_view, [
            self.add_follow_up_button, self.done_button, self.assign_button,
            self.flag_button]), 1)
        layout.addWidget(_heading(_("Concerns raised by the client")))
        layout.addWidget(_panel(self.concerns_view, [
            self.raise_concern_button, self.working_button, self.resolve_button]), 1)
        for view in (self.contacts_view, self.follow_ups_view, self.concerns_view):
            view.selectionModel().selectionChanged.connect(lambda *_a: self._enable())
        self._enable()

    def show(self, detail: AccountDetail | None, reset: bool = True) -> None:
        """An account's people (``reset=False``: the same account changed, in place)."""
        self.detail = detail
        contacts = detail.contacts if detail else []
        follow_ups = detail.open_follow_ups if detail else []
        concerns = detail.concerns if detail else []
        if reset:
            self.contacts.set_rows(contacts)
            self.follow_ups.set_rows(follow_ups)
            self.concerns.set_rows(concerns)
        else:
            self.contacts.update_rows(contacts)
            self.follow_ups.update_rows(follow_ups)
            self.concerns.update_rows(concerns)
        self._enable()

    def _enable(self) -> None:
        has = self.detail is not None
        for button in (self.add_contact_button, self.add_follow_up_button,
                       self.raise_concern_button, self.flag_button):
            button.setEnabled(has)
        for view, buttons in (
                (self.contacts_view, (self.edit_contact_button, self.archive_contact_button)),
                (self.follow_ups_view, (self.done_button, self.assign_button)),
                (self.concerns_view, (self.working_button, self.resolve_button))):
            for button in buttons:
                button.setEnabled(has and selected_row(view) is not None)

    # -- contacts ------------------------------------------------------------
    def add_contact(self) -> None:
        self._contact_dialog(None, None)

    def edit_contact(self) -> None:
        row = selected_row(self.contacts_view)
        if row is None or self.detail is None:
            return
        contact = self.contacts.row_at(row)
        self._contact_dialog(contact.id, self.services.reader.contact_values(contact.id))

    def _contact_dialog(self, contact_id: Any, initial: dict[str, Any] | None) -> None:
        from ui.dialogs.contact_dialog import ContactDialog

        if self.detail is None:
            return
        window = self.contacts_view.window()
        dialog = ContactDialog(self.services, self.detail.id, contact_id, initial,
                               window, ops=self.ops)
        show_record = getattr(window, "show_record", None)  # the main window's
        if show_record is not None:
            dialog.open_record.connect(show_record)
        self.active_dialog = dialog
        dialog.open()

    def _write(self, parent: QWidget, title: str, fn: Any) -> None:
        """An edit as a write; its change record updates the page."""
        self.ops.write(fn, parent=parent, initiator=self, title=title).run()

    def archive_contact(self) -> None:
        row = selected_row(self.contacts_view)
        if row is None:
            return
        contact = self.contacts.row_at(row)
        if self.prompts.confirm(self.contacts_view, _("Archive contact"),
                                _("Archive {name}? Their history stays on the account.")
                                .format(name=contact.name)):
            accounts = self.services.accounts
            self._write(self.contacts_view, _("Archive contact"),
                        lambda: accounts.set_contact_archived(contact.id, True))

    # -- follow-ups and concerns --------------------------------------------
    def add_follow_up(self) -> None:
        if self.detail is None:
            return
        values = self.prompts.follow_up(self.follow_ups_view, self.services.clock().date())
        if values is None:
            return
        history, account_id = self.services.history, self.detail.id
        self._write(self.follow_ups_view, _("Follow-up not added"),
                    lambda: history.add_follow_up(account_id, values))

    def complete_follow_up(self) -> None:
        row = selected_row(self.follow_ups_view)
        if row is not None:
            history, follow_up = self.services.history, self.follow_ups.row_at(row).id
            self._write(self.follow_ups_view, _("Mark done"),
                        lambda: history.set_follow_up_done(follow_up, True))

    def assign_follow_up(self) -> None:
        """Hand the chosen follow-up to a colleague who covers the account."""
        from ui.dialogs.assign_task import AssignTaskDialog

        row = selected_row(self.follow_ups_view)
        if row is None or self.detail is None:
            return
        follow_up = self.follow_ups.row_at(row)
        dialog = AssignTaskDialog(self.services, follow_up.id, self.detail.id, follow_up.title,
                                  self.follow_ups_view.window(), ops=self.ops)
        self.active_dialog = dialog
        dialog.open()

    def flag_note(self) -> None:
        """A field note about this account for product, marketing, support or management."""
        from ui.dialogs.field_note import FlagNoteDialog

        if self.detail is None:
            return
        dialog = FlagNoteDialog(self.services, self.detail.id, self.detail.values["name"],
                                self.follow_ups_view.window(), ops=self.ops)
        self.active_dialog = dialog
        dialog.open()

    def raise_concern(self) -> None:
        if self.detail is None:
            return
        answer = self.prompts.concern(self.concerns_view)
        if answer is not None:
            history, account_id = self.services.history, self.detail.id
            self._write(self.concerns_view, _("Raise concern"),
                        lambda: history.open_concern(account_id, *answer))

    def set_concern(self, status: ConcernStatus) -> None:
        row = selected_row(self.concerns_view)
        if row is None:
            return
        concern = self.concerns.row_at(row)
        resolution = ""
        if status is ConcernStatus.RESOLVED:
            resolution = self.prompts.text(self.concerns_view, _("Resolve concern"),
                                           _("How was it resolved?")) or ""
            if not resolution:
                return
        history = self.services.history
        self._write(self.concerns_view, _("Concern"),
                    lambda: history.set_concern_status(concern.id, status, resolution))


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    style.title(label, 10.5)
    return label


def _panel(view: QTableView, buttons: list[QPushButton]) -> QWidget:
    panel = QWidget()
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(0, 0, 0, 0)
    bar = QHBoxLayout()
    for button in buttons:
        bar.addWidget(button)
    bar.addStretch(1)
    layout.addLayout(bar)
    layout.addWidget(view, 1)
    return panel
