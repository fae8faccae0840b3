"""Create an account: the few fields a rep knows when first meeting a business."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.rules import ACCOUNT_RULES
from desktop.domain.schema.enums import AccountKind, AccountStatus, Tier, label
from desktop.i18n import _
from desktop.services.base import Saved
from desktop.services.container import Services
from ui.dialogs.form_dialog import FormDialog
from ui.operations import Operations
from ui.widgets.duplicate_panel import DuplicatePanel, warm
from ui.widgets.form_support import ErrorLine

if TYPE_CHECKING:
    from desktop.services.duplicates import Candidate

CHOICES: dict[str, tuple[type[StrEnum], str | None]] = {
    "kind": (AccountKind, AccountKind.CUSTOMER.value),
    "status": (AccountStatus, AccountStatus.ACTIVE.value),
    "tier": (Tier, None),
}
# Field order on the form; each is also a key of ACCOUNT_RULES.
LAYOUT = ["name", "kind", "status", "tier", "billing_street", "billing_city", "billing_region",
          "billing_postal_code", "billing_country", "phone", "website", "industry"]


class NewAccountDialog(FormDialog):
    open_record = Signal(object)  # a duplicate's Candidate the rep chose to open instead

    def __init__(self, services: Services, parent: QWidget | None = None,
                 initial: Mapping[str, Any] | None = None, *, ops: Operations) -> None:
        super().__init__(ops, parent)
        self.services = services
        self.saved: Saved | None = None
        self.setWindowTitle(_("New account"))
        self.setMinimumWidth(500)

        self.fields: dict[str, QWidget] = {}
        for name in LAYOUT:
            self.fields[name] = self._make_widget(name)
        self._placeholders()

        form = QFormLayout()
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(8)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name in ("name", "kind", "status", "tier", "billing_street", "billing_city",
                     "billing_region"):
            self.errors.add_row(form, ACCOUNT_RULES[name].label, name, self.fields[name])
        # Postal code and country share a row: both are short.
        self._add_pair(form, "billing_postal_code", "billing_country")
        for name in ("phone", "website", "industry"):
            self.errors.add_row(form, ACCOUNT_RULES[name].label, name, self.fields[name])

        # Accounts that look like this one, under the form while it is typed.
        self.duplicates = DuplicatePanel(
            lambda typed: services.duplicates.candidates("accounts", typed), ops.reads)
        warm(lambda: services.duplicates, ops.reads)
        self.duplicates.open_requested.connect(self._open_duplicate)
        for name in ("name", "phone", "billing_country"):
            edit = self.fields[name]
            assert isinstance(edit, QLineEdit)
            edit.textChanged.connect(lambda _t: self.duplicates.watch(self._typed()))

        self._finish(form, self.duplicates, save_text=_("Create account"))

        self._fill({"billing_country": "US", **(initial or {})})
        self.fields["name"].setFocus()

    def _typed(self) -> dict[str, str]:
        values = self.values()
        return {n: str(values.get(n) or "") for n in ("name", "phone", "billing_country")}

    def _open_duplicate(self, candidate: Candidate) -> None:
        """Open the account already there instead (after asking about typed text)."""
        self.reject()
        if not self.isVisible():
            self.open_record.emit(candidate)

    def _make_widget(self, name: str) -> QWidget:
        if name in CHOICES:
            enum, _default = CHOICES[name]
            combo = QComboBox()
            if ACCOUNT_RULES[name].required is False:
                combo.addItem(_("—"), None)
            for member in enum:
                combo.addItem(label(member), member.value)
            return combo
        edit = QLineEdit()
        edit.textChanged.connect(lambda _text: self.errors.clear(name))
        if name == "billing_country":
            edit.setMaxLength(2)
            edit.setFixedWidth(56)
            edit.textEdited.connect(lambda text: edit.setText(text.upper()))
        return edit

    def _placeholders(self) -> None:
        for name, text in {
            "name": _("e.g. Cascade Restaurant Supply"),
            "billing_country": "US",
            "phone": _("e.g. (509) 555-0182"),
            "website": _("example.com"),
        }.items():
            widget = self.fields[name]
            assert isinstance(widget, QLineEdit)
            widget.setPlaceholderText(text)

    def _add_pair(self, form: QFormLayout, left: str, right: str) -> None:
        """Two short fields on one form row; their messages share the line below."""
        row = QWidget()
        column = QVBoxLayout(row)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        line = QHBoxLayout()
        line.setSpacing(10)
        line.addWidget(self.fields[left], 1)
        line.addWidget(QLabel(ACCOUNT_RULES[right].label))
        line.addWidget(self.fields[right])
        column.addLayout(line)
        error = ErrorLine()
        column.addWidget(error)
        for name in (left, right):
            self.errors.register(name, self.fields[name], error)
        form.addRow(ACCOUNT_RULES[left].label, row)

    def _fill(self, values: Mapping[str, Any]) -> None:
        for name, widget in self.fields.items():
            if isinstance(widget, QComboBox):
                value = values.get(name, CHOICES[name][1])
                widget.setCurrentIndex(max(0, widget.findData(value)) if value else 0)
            elif isinstance(widget, QLineEdit):
                widget.setText(str(values.get(name) or ""))

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, widget in self.fields.items():
            if isinstance(widget, QComboBox):
                out[name] = widget.currentData()
            elif isinstance(widget, QLineEdit):
                out[name] = widget.text()
        return out

    def _job(self) -> Callable[[], Saved]:
        values, accounts = self.values(), self.services.accounts
        return lambda: accounts.create_account(values)

    def _saved(self, result: Saved) -> None:
        self.saved = result
