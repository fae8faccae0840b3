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
from desktop.services.validation import ValidationError
from desktop.store.changes import Changes
from ui import style
from ui.change_bus import ChangeBus
from ui.models.row_table import (
    RowTableModel,
    concern_columns,
    contact_columns,
    follow_up_columns,
)
from ui.prompts import Prompts
from ui.resources import icon


def table_view(model: Any) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.setShowGrid(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view


def selected_row(view: QTableView) -> int | None:
    rows = view.selectionModel().selectedRows()
    return rows[0].row() if rows else None


class PeopleTab:
    """Builds two panels that share the loaded AccountDetail."""

    def __init__(self, services: Services, bus: ChangeBus, prompts: Prompts) -> None:
        self.services = services
        self.bus = bus
        self.prompts = prompts
        self.detail: AccountDetail | None = None
        self.active_dialog: QWidget | None = None

        self.contacts: RowTableModel[ContactRow] = RowTableModel(
            contact_columns(services.settings.home_region))
        self.contacts_view = table_view(self.contacts)
        self.contacts_view.doubleClicked.connect(lambda _i: self.edit_contact())
        add = QPushButton(icon("add"), _("Add contact"))
        add.clicked.connect(self.add_contact)
        edit = QPushButton(_("Edit"))
        edit.clicked.connect(self.edit_contact)
        archive = QPushButton(icon("archive"), _("Archive"))
        archive.clicked.connect(self.archive_contact)
        self.contacts_panel = _panel(self.contacts_view, [add, edit, archive])

        today = lambda: services.clock().date()  # noqa: E731
        self.follow_ups: RowTableModel[FollowUpRow] = RowTableModel(
            follow_up_columns(today, with_account=False))
        self.follow_ups_view = table_view(self.follow_ups)
        add_follow = QPushButton(icon("followup"), _("Add follow-up"))
        add_follow.clicked.connect(self.add_follow_up)
        done = QPushButton(icon("save"), _("Mark done"))
        done.clicked.connect(self.complete_follow_up)
        self.concerns: RowTableModel[ConcernRow] = RowTableModel(concern_columns())
        self.concerns_view = table_view(self.concerns)
        raise_concern = QPushButton(icon("concern"), _("Raise concern"))
        raise_concern.clicked.connect(self.raise_concern)
        working = QPushButton(_("In progress"))
        working.clicked.connect(lambda: self.set_concern(ConcernStatus.IN_PROGRESS))
        resolve = QPushButton(_("Resolve…"))
        resolve.clicked.connect(lambda: self.set_concern(ConcernStatus.RESOLVED))

        self.followup_panel = QWidget()
        layout = QVBoxLayout(self.followup_panel)
        layout.addWidget(_heading(_("Open follow-ups")))
        layout.addWidget(_panel(self.follow_ups_view, [add_follow, done]), 1)
        layout.addWidget(_heading(_("Concerns raised by the client")))
        layout.addWidget(_panel(self.concerns_view, [raise_concern, working, resolve]), 1)

    def show(self, detail: AccountDetail) -> None:
        self.detail = detail
        self.contacts.set_rows(detail.contacts)
        self.follow_ups.set_rows(detail.open_follow_ups)
        self.concerns.set_rows(detail.concerns)

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
        dialog = ContactDialog(self.services, self.detail.id, contact_id, initial,
                               self.contacts_view.window())
        dialog.accepted.connect(lambda: self._publish(dialog.saved_changes))
        self.active_dialog = dialog
        dialog.open()

    def _publish(self, changes: Changes | None) -> None:
        if changes is not None:
            self.bus.publish(changes, self)

    def archive_contact(self) -> None:
        row = selected_row(self.contacts_view)
        if row is None:
            return
        contact = self.contacts.row_at(row)
        if self.prompts.confirm(self.contacts_view, _("Archive contact"),
                                _("Archive {name}? Their history stays on the account.")
                                .format(name=contact.name)):
            self.bus.publish(self.services.accounts.set_contact_archived(contact.id, True), self)

    # -- follow-ups and concerns --------------------------------------------
    def add_follow_up(self) -> None:
        if self.detail is None:
            return
        values = self.prompts.follow_up(self.follow_ups_view, self.services.clock().date())
        if values is None:
            return
        try:
            saved = self.services.history.add_follow_up(self.detail.id, values)
        except ValidationError as exc:
            self.prompts.error(self.follow_ups_view, _("Follow-up not added"),
                               "\n".join(exc.errors.values()))
            return
        self.bus.publish(saved.changes, self)

    def complete_follow_up(self) -> None:
        row = selected_row(self.follow_ups_view)
        if row is not None:
            follow = self.follow_ups.row_at(row)
            self.bus.publish(self.services.history.set_follow_up_done(follow.id, True), self)

    def raise_concern(self) -> None:
        if self.detail is None:
            return
        answer = self.prompts.concern(self.concerns_view)
        if answer is not None:
            saved = self.services.history.open_concern(self.detail.id, *answer)
            self.bus.publish(saved.changes, self)

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
        self.bus.publish(
            self.services.history.set_concern_status(concern.id, status, resolution), self)


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
