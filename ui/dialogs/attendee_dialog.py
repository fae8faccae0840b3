"""Add someone to an event: a contact (find the account, then pick the person)
or a lead (find it by name or company), registered, invited or already there.
Searches run off the GUI thread; the write goes through ``EventService``."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from desktop.domain.schema.enums import AttendeeStatus, label
from desktop.i18n import _
from desktop.services.container import Services
from desktop.services.lead_list import LeadFilter
from desktop.services.validation import ValidationError
from ui.dialogs.form_dialog import FormDialog
from ui.operations import Operations
from ui.widgets.account_picker import AccountPicker

LIMIT = 30


class AttendeeDialog(FormDialog):
    def __init__(self, services: Services, event_id: uuid.UUID, *, ops: Operations,
                 upcoming: bool, parent: QWidget | None = None, delay_ms: int = 150) -> None:
        super().__init__(ops, parent)
        self.services, self.event_id = services, event_id
        self.setWindowTitle(_("Add attendee"))
        self.setMinimumWidth(560)
        self.as_contact = QRadioButton(_("A contact"))
        self.as_lead = QRadioButton(_("A lead"))
        self.as_contact.setChecked(True)
        kinds = QButtonGroup(self)
        kinds.addButton(self.as_contact)
        kinds.addButton(self.as_lead)
        choice = QWidget()
        line = QHBoxLayout(choice)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.as_contact)
        line.addWidget(self.as_lead)
        line.addStretch(1)
        self.account = AccountPicker(services.account_list, ops.reads, delay_ms=delay_ms)
        self.account.changed.connect(self._account_chosen)
        self.contact = QComboBox()
        self.contact.setMinimumContentsLength(24)
        self.lead_search = QLineEdit()
        self.lead_search.setPlaceholderText(_("Type a company or a name"))
        self.lead_search.setProperty("transient", True)
        self.lead = QComboBox()
        self.lead.setMinimumContentsLength(24)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.search_leads)
        self.lead_search.textEdited.connect(lambda _t: self._timer.start())
        self.status = QComboBox()
        states = ((AttendeeStatus.REGISTERED, AttendeeStatus.INVITED) if upcoming
                  else (AttendeeStatus.ATTENDED, AttendeeStatus.NO_SHOW))
        for state in states:
            self.status.addItem(label(state), state.value)
        form = QFormLayout()
        self.errors.add_row(form, _("Who"), "kind", choice)
        self.errors.add_row(form, _("Account"), "account", self.account)
        self.errors.add_row(form, _("Contact"), "contact", self.contact)
        self.errors.add_row(form, _("Find lead"), "lead_search", self.lead_search)
        self.errors.add_row(form, _("Lead"), "attendee", self.lead)
        self.errors.add_row(form, _("Status"), "status", self.status)
        self.as_contact.toggled.connect(lambda _on: self._mode())
        self._asked = 0
        self._finish(form, save_text=_("Add"))
        self._mode()

    def _mode(self) -> None:
        contact = self.as_contact.isChecked()
        widgets: tuple[QWidget, ...] = (self.account, self.contact)
        for widget in widgets:
            widget.setEnabled(contact)
        widgets = (self.lead_search, self.lead)
        for widget in widgets:
            widget.setEnabled(not contact)

    def _account_chosen(self, account_id: uuid.UUID | None) -> None:
        self.contact.clear()
        if account_id is None:
            return
        reader = self.services.reader
        self.ops.query(lambda: reader.detail(account_id).contacts,
                       lambda people: self._contacts(account_id, people), self)

    def _contacts(self, account_id: uuid.UUID, people: list[Any]) -> None:
        if self.account.account_id() != account_id:
            return  # another account was chosen meanwhile
        self.contact.clear()
        for person in people:
            self.contact.addItem(person.name, person.id)

    def search_leads(self) -> None:
        self._timer.stop()
        flt = LeadFilter(text=self.lead_search.text().strip(), include_closed=True)
        listing = self.services.lead_list
        self._asked += 1
        asked = self._asked
        self.ops.query(lambda: listing.page(flt, None, LIMIT).rows,
                       lambda rows: self._leads(asked, rows), self)

    def _leads(self, asked: int, rows: list[Any]) -> None:
        if asked != self._asked:
            return
        self.lead.clear()
        for row in rows:
            text = " · ".join(x for x in (row.company, row.person) if x) or _("(no name)")
            self.lead.addItem(text, row.id)

    def _job(self) -> Callable[[], object]:
        contact = self.as_contact.isChecked()
        chosen = (self.contact if contact else self.lead).currentData()
        if not isinstance(chosen, uuid.UUID):
            raise ValidationError({"contact" if contact else "attendee":
                                   _("Choose a contact.") if contact else _("Choose a lead.")})
        events, event_id, status = self.services.events, self.event_id, self.status.currentData()
        if contact:
            return lambda: events.add_attendee(event_id, contact_id=chosen, status=status)
        return lambda: events.add_attendee(event_id, lead_id=chosen, status=status)
