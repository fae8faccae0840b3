"""Create or edit a deal: account, contact, name, amount and currency, close
date, stage, forecast category, competitor, next step and its date, the
broker who brought it, products (optional lines) and, once it is closed, why
it was won or lost. Opened from the board (double-click a card), the account
page and the window's "New opportunity" action; saved on the store's writer
(``FormDialog``)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLineEdit, QWidget

from desktop.domain import stages as stage_rules
from desktop.domain.schema.enums import AccountKind, ForecastCategory
from desktop.i18n import N_, _
from desktop.services.base import Saved
from desktop.services.container import Services
from desktop.services.opportunities import OpportunityDetail
from desktop.services.validation import ValidationError
from ui.dialogs.form_dialog import FormDialog
from ui.dialogs.history_dialog import add_history_button
from ui.dialogs.opportunity_lines import LinesTable
from ui.operations import Operations
from ui.widgets.account_picker import AccountPicker
from ui.widgets.date_field import DateField

CATEGORIES = ((ForecastCategory.PIPELINE.value, N_("Pipeline")),
              (ForecastCategory.BEST_CASE.value, N_("Best case")),
              (ForecastCategory.COMMIT.value, N_("Commit")),
              (ForecastCategory.OMITTED.value, N_("Omitted")))
CURRENCIES = ("USD", "EUR", "GBP", "CAD", "CHF", "JPY", "AUD", "MXN")


class OpportunityDialog(FormDialog):
    def __init__(self, services: Services, ops: Operations, *,
                 account_id: uuid.UUID | None = None, opp_id: uuid.UUID | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self.services, self.opp_id = services, opp_id
        self.saved: Saved | None = None
        self.detail: OpportunityDetail | None = (
            services.opportunities.detail(opp_id) if opp_id else None)
        self.setWindowTitle(_("Opportunity") if opp_id else _("New opportunity"))
        self.stages = [s for s in services.pipeline.stages() if s.active]
        self.account = AccountPicker(services.account_list, ops.reads)
        self.account.changed.connect(lambda _id: self._account_chosen())
        self.contact = QComboBox()
        self.name = QLineEdit()
        self.amount = QLineEdit("0")
        self.currency = QComboBox()
        self.currency.setEditable(True)
        self.currency.addItems(list(CURRENCIES))
        self.currency.setCurrentText(services.settings.home_currency)
        money = QHBoxLayout()
        money.setContentsMargins(0, 0, 0, 0)
        money.addWidget(self.amount, 1)
        money.addWidget(self.currency)
        money_box = QWidget()
        money_box.setLayout(money)
        today = services.clock().date()
        self.close_date = DateField(today + timedelta(days=30))
        self.stage = QComboBox()
        for stage in self.stages:
            self.stage.addItem(stage.name, stage.key)
        self.stage.currentIndexChanged.connect(lambda _i: self._stage_chosen())
        self.category = QComboBox()
        for key, text in CATEGORIES:
            self.category.addItem(_(text), key)
        self.competitor = QLineEdit()
        self.next_step = QLineEdit()
        self.next_step_on = DateField(optional=True)
        step = QHBoxLayout()
        step.setContentsMargins(0, 0, 0, 0)
        step.addWidget(self.next_step, 1)
        step.addWidget(self.next_step_on)
        step_box = QWidget()
        step_box.setLayout(step)
        self.broker = AccountPicker(services.account_list, ops.reads,
                                    kinds=(AccountKind.BROKER.value, AccountKind.PARTNER.value))
        self.reason = QLineEdit()
        self.lines = LinesTable()
        form = QFormLayout()
        add = self.errors.add_row
        add(form, _("Account"), "account_id", self.account)
        add(form, _("Contact"), "contact_id", self.contact)
        add(form, _("Deal"), "name", self.name)
        add(form, _("Amount"), "amount", money_box)
        add(form, _("Close date"), "close_date", self.close_date)
        add(form, _("Stage"), "stage", self.stage)
        add(form, _("Forecast"), "forecast_category", self.category)
        add(form, _("Competitor"), "competitor", self.competitor)
        add(form, _("Next step"), "next_step", step_box)
        add(form, _("Broker"), "broker_id", self.broker)
        add(form, _("Won / lost because"), "outcome_reason", self.reason)
        add(form, _("Products"), "lines", self.lines)
        self.reason_row = self.reason.parentWidget()
        self._finish(form, save_text=_("Save") if opp_id else _("Create"))
        if opp_id is not None:
            self.history_button = add_history_button(
                self.button_box, services, ops.reads, "opportunities", opp_id,
                str(self.detail.values.get("name") or "") if self.detail else _("Opportunity"))
        self.setMinimumWidth(560)
        if self.detail is not None:
            self._fill(self.detail)
        elif account_id is not None:
            detail = services.reader.detail(account_id)
            self.account.set_account(account_id, str(detail.values["name"]) if detail else "")
            self.account.setEnabled(False)
        self._stage_chosen()

    # -- filling -------------------------------------------------------------------
    def _fill(self, detail: OpportunityDetail) -> None:
        v = detail.values
        self.account.set_account(v["account_id"], detail.account_name)
        self.account.setEnabled(False)
        self._select(self.contact, v.get("contact_id"))
        self.name.setText(v.get("name") or "")
        self.amount.setText(f"{v['amount']:f}")
        self.currency.setCurrentText(v.get("currency") or "USD")
        self.close_date.setDate(v["close_date"])
        self._select(self.stage, v.get("stage"))
        self._select(self.category, v.get("forecast_category"))
        self.competitor.setText(v.get("competitor") or "")
        self.next_step.setText(v.get("next_step") or "")
        self.next_step_on.setDate(v.get("next_step_on"))
        if v.get("broker_id"):
            broker = self.services.reader.detail(v["broker_id"])
            self.broker.set_account(v["broker_id"], str(broker.values["name"]) if broker else "")
        self.reason.setText(v.get("outcome_reason") or "")
        self.lines.load(detail.lines)
        self.amount.setEnabled(not detail.lines)

    @staticmethod
    def _select(combo: QComboBox, value: Any) -> None:
        at = combo.findData(value)
        if at >= 0:
            combo.setCurrentIndex(at)

    def _account_chosen(self) -> None:
        account_id = self.account.account_id()
        self.contact.clear()
        self.contact.addItem(_("(no contact)"), None)
        detail = self.services.reader.detail(account_id) if account_id else None
        for contact in detail.contacts if detail else []:
            self.contact.addItem(contact.name, contact.id)
        if detail is not None and self.detail is None:
            self.currency.setCurrentText(str(detail.values.get("currency") or
                                             self.currency.currentText()))
            if self.contact.count() > 1:
                self.contact.setCurrentIndex(1)

    def _stage_chosen(self) -> None:
        key = self.stage.currentData()
        stage = next((s for s in self.stages if s.key == key), None)
        closed = stage is not None and stage.kind != stage_rules.OPEN
        if self.reason_row is not None:
            self.reason_row.setEnabled(closed)

    # -- saving --------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        """The form as the service takes it (dates checked here, the rest there)."""
        account_id = self.account.account_id()
        if account_id is None and self.detail is None:
            raise ValidationError({"account_id": _("Choose the account.")})
        close = self.close_date.checked("close_date")
        next_on = self.next_step_on.checked("next_step_on")
        values: dict[str, Any] = {
            "contact_id": self.contact.currentData(), "name": self.name.text(),
            "amount": self.amount.text().replace(",", "").strip() or "0",
            "currency": self.currency.currentText().strip().upper(), "close_date": close,
            "stage": self.stage.currentData(),
            "forecast_category": self.category.currentData(),
            "competitor": self.competitor.text(), "next_step": self.next_step.text(),
            "next_step_on": next_on, "broker_id": self.broker.account_id(),
        }
        if self.reason_row is not None and self.reason_row.isEnabled():
            values["outcome_reason"] = self.reason.text().strip() or None
        if self.detail is None:
            values["account_id"] = account_id
        return values

    def _job(self) -> Callable[[], object]:
        values = self.values()
        opps = self.services.opportunities
        if self.detail is None:
            lines = [t.values for t in self.lines.typed()]
            return lambda: opps.create(values, lines)
        opp_id = self.detail.id
        removed, added = self.lines.changes()
        if self.detail.lines or added:
            values.pop("amount", None)

        return lambda: opps.update(opp_id, values, removed_lines=removed, added_lines=added)

    def _saved(self, result: Any) -> None:
        super()._saved(result)
        if isinstance(result, Saved):
            self.saved = result
