"""Convert a lead in one step: an account (a new one from the lead, or an
existing one the duplicate finder suggests or the rep searches), a contact (new
from the lead's person, or one the account has) and an opportunity whose name,
amount and close date are filled in from the lead."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.services.container import Services
from desktop.services.detail_rows import ContactRow
from desktop.services.lead_list import LeadRow
from desktop.services.validation import ValidationError
from ui.dialogs.form_dialog import FormDialog
from ui.operations import Operations
from ui.widgets.account_picker import AccountPicker
from ui.widgets.date_field import DateField

if TYPE_CHECKING:
    from desktop.services.duplicates import Candidate
    from desktop.services.leads import Converted

# Days to the expected close, from when the lead means to buy.
CLOSE_IN = {"now": 30, "quarter": 90, "half_year": 182, "year": 365, "unknown": 90}


def expected_close(timing: str | None, today: date) -> date:
    return today + timedelta(days=CLOSE_IN.get(timing or "unknown", 90))


def deal_name(lead: LeadRow) -> str:
    return lead.company or lead.person or _("New deal")


class ConvertLeadDialog(FormDialog):
    def __init__(self, services: Services, lead: LeadRow, parent: QWidget | None = None, *,
                 ops: Operations, account: tuple[uuid.UUID, str] | None = None) -> None:
        super().__init__(ops, parent)
        self.services = services
        self.lead = lead
        self.converted: Converted | None = None
        self.setWindowTitle(_("Convert lead — {name}").format(name=deal_name(lead)))
        self.setMinimumWidth(560)

        self.new_account = QRadioButton(_("New account “{name}”").format(name=deal_name(lead)))
        self.existing_account = QRadioButton(_("Existing account"))
        self.account_choice = QButtonGroup(self)
        for button in (self.new_account, self.existing_account):
            self.account_choice.addButton(button)
        self.picker = AccountPicker(services.account_list, ops.reads)
        self.picker.changed.connect(self._account_changed)
        self.contact = QComboBox()
        self.contact.addItem(_("New contact “{name}”").format(
            name=lead.person or _("(no name)")), None)
        self.make_opportunity = QGroupBox(_("Create an opportunity"))
        self.make_opportunity.setCheckable(True)
        self.deal = QLineEdit(deal_name(lead))
        self.amount = QLineEdit(str(lead.budget) if lead.budget is not None else "")
        self.amount.setPlaceholderText(_("e.g. 25000"))
        self.close_date = DateField(expected_close(getattr(lead, "timing", None),
                                                   services.clock().date()))

        account_box = QGroupBox(_("Account"))
        account_form = QFormLayout(account_box)
        account_form.addRow(self.new_account)
        account_form.addRow(self.existing_account)
        self.errors.add_row(account_form, "", "account_id", self.picker)
        self.errors.add_row(account_form, _("Contact"), "contact_id", self.contact)
        deal_form = QFormLayout(self.make_opportunity)
        self.errors.add_row(deal_form, _("Name"), "opportunity_name", self.deal)
        self.errors.add_row(deal_form, _("Amount ({currency})").format(currency=lead.currency),
                            "amount", self.amount)
        self.errors.add_row(deal_form, _("Close date"), "close_date", self.close_date)
        self._close_shown = self.close_date.text()  # untouched: the lead's timing decides
        column = QVBoxLayout()
        column.addWidget(account_box)
        column.addWidget(self.make_opportunity)
        self._finish(column, save_text=_("Convert"))

        self.new_account.toggled.connect(lambda _on: self._account_mode())
        self.picker.search.textEdited.connect(lambda _t: self.existing_account.setChecked(True))
        if account is not None:
            self.picker.set_account(*account)
            self.existing_account.setChecked(True)
        else:
            self.new_account.setChecked(True)
            self._suggest()
        self._account_mode()

    def _suggest(self) -> None:
        """Accounts the lead may already be (the duplicate finder's), offered first."""
        lead, services = self.lead, self.services
        first, _sp, last = lead.person.partition(" ")
        typed = {"company": lead.company or "", "first_name": first, "last_name": last,
                 "phone": lead.phone or "", "email": lead.email or ""}
        self.ops.query(lambda: services.duplicates.candidates("leads", typed, exclude=lead.id),
                       self._suggested, self)

    def _suggested(self, found: list[Candidate]) -> None:
        accounts = [c for c in found if c.table == "accounts"]
        for candidate in accounts:
            self.picker.set_account(candidate.id, candidate.label)
        if accounts and not self.dirty():
            self.picker.set_account(accounts[0].id, accounts[0].label)
            self.existing_account.setChecked(True)
            self.mark_clean()

    def _account_mode(self) -> None:
        existing = self.existing_account.isChecked()
        self.picker.setEnabled(existing)
        self._account_changed(self.picker.account_id() if existing else None)

    def _account_changed(self, account_id: uuid.UUID | None) -> None:
        self.errors.clear("account_id")
        while self.contact.count() > 1:
            self.contact.removeItem(1)
        if account_id is None:
            return
        reader = self.services.reader
        self.ops.query(lambda: reader.detail(account_id).contacts,
                       lambda people: self._contacts(account_id, people), self)

    def _contacts(self, account_id: uuid.UUID, people: Sequence[ContactRow]) -> None:
        if self.picker.account_id() != account_id or not self.existing_account.isChecked():
            return
        for person in people:
            self.contact.addItem(person.name, person.id)

    def _job(self) -> Callable[[], Converted]:
        errors: dict[str, str] = {}
        account_id = self.picker.account_id() if self.existing_account.isChecked() else None
        if self.existing_account.isChecked() and account_id is None:
            errors["account_id"] = _("Search for the account, or convert to a new one.")
        contact_id = self.contact.currentData() if account_id is not None else None
        deal = self.make_opportunity.isChecked()
        amount: Decimal | None = None
        close = None
        if deal:
            close = self.close_date.problem()
            if close is not None:
                errors["close_date"] = close
            text = self.amount.text().strip().replace(",", "")
            try:
                amount = Decimal(text) if text else None
            except InvalidOperation:
                errors["amount"] = _("Type the amount as a number, e.g. 25000.")
        if errors:
            raise ValidationError(errors)
        return self._convert(account_id, contact_id, deal, amount)

    def _convert(self, account_id: uuid.UUID | None, contact_id: uuid.UUID | None,
                 deal: bool, amount: Decimal | None) -> Callable[[], Converted]:
        services, lead = self.services, self.lead
        name = self.deal.text().strip() or None
        close_on = self.close_date.value() if self.close_date.text() != self._close_shown \
            else None
        budget = lead.budget

        def job() -> Converted:
            done = services.leads.convert(lead.id, account_id=account_id, contact_id=contact_id,
                                 new_contact=contact_id is None, opportunity=deal,
                                 opportunity_name=name, close_date=close_on)
            if deal and done.opportunity_id is not None and amount is not None \
                    and amount != budget:
                changed = services.opportunities.update(done.opportunity_id,
                                                        {"amount": amount})
                done = done._replace(changes=done.changes.merged(changed))
            return done
        return job

    def _saved(self, result: Converted) -> None:
        self.converted = result
