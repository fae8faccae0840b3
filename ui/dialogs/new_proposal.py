"""Start a proposal: the account (searched as you type, or given by the
account page), the contact, a title and the validity (the setting
``proposal_valid_days`` by default). The currency is the account's."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QWidget

from desktop.i18n import _
from desktop.services.account_list import AccountFilter
from desktop.services.base import Saved
from desktop.services.container import Services
from desktop.services.validation import ValidationError
from ui.dialogs.form_dialog import FormDialog
from ui.operations import Operations
from ui.widgets.date_field import DateField


class NewProposalDialog(FormDialog):
    def __init__(self, services: Services, account_id: uuid.UUID | None = None,
                 parent: QWidget | None = None, *, ops: Operations) -> None:
        super().__init__(ops, parent)
        self.services = services
        self.saved: Saved | None = None
        self.setWindowTitle(_("New proposal"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Type part of the account's name"))
        self.search.setProperty("transient", True)  # a search, not a field to save
        self.search.textChanged.connect(self.find_accounts)
        self.account = QComboBox()
        self.account.currentIndexChanged.connect(lambda _i: self._load_contacts())
        self.contact = QComboBox()
        self.title = QLineEdit(_("Proposal"))
        today = services.clock().date()
        self.valid_until = DateField(today + timedelta(
            days=services.settings.proposal_valid_days))
        form = QFormLayout()
        if account_id is None:
            form.addRow(_("Find account"), self.search)
        self.errors.add_row(form, _("Account"), "account_id", self.account)
        self.errors.add_row(form, _("Contact"), "contact_id", self.contact)
        self.errors.add_row(form, _("Title"), "title", self.title)
        self.errors.add_row(form, _("Valid until"), "valid_until", self.valid_until)
        self._finish(form, save_text=_("Create"))
        self.setMinimumWidth(460)
        if account_id is not None:
            detail = services.reader.detail(account_id)
            self.account.addItem(str(detail.values["name"]) if detail else "", account_id)
            self.account.setEnabled(False)
        else:
            self.find_accounts("")

    def find_accounts(self, text: str) -> None:
        rows = self.services.account_list.page(AccountFilter(text=text), limit=30).rows
        self.account.clear()
        for row in rows:
            self.account.addItem(row.name, row.id)

    def _load_contacts(self) -> None:
        self.contact.clear()
        self.contact.addItem(_("(no contact)"), None)
        account_id = self.account.currentData()
        detail = self.services.reader.detail(account_id) if account_id else None
        for contact in detail.contacts if detail else []:
            self.contact.addItem(contact.name, contact.id)
        if self.contact.count() > 1:
            self.contact.setCurrentIndex(1)

    def _job(self) -> Callable[[], Saved]:
        account_id = self.account.currentData()
        if account_id is None:
            raise ValidationError({"account_id": _("Choose the account.")})
        title = self.title.text().strip()
        if not title:
            raise ValidationError({"title": _("Give the proposal a title.")})
        until = self.valid_until.checked("valid_until")
        assert until is not None
        days = (until - self.services.clock().date()).days
        if days < 0:
            raise ValidationError({"valid_until": _("Valid until must be today or later.")})
        proposals, contact_id = self.services.proposals, self.contact.currentData()
        return lambda: proposals.create(account_id, contact_id=contact_id, title=title,
                                        valid_days=days)

    def _saved(self, result: Saved) -> None:
        self.saved = result
