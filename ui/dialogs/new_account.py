"""Create an account: the few fields a rep knows when first meeting a business."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.schema.enums import AccountKind, AccountStatus, Tier, label
from desktop.services.base import Saved
from desktop.services.container import Services
from desktop.services.fields import ACCOUNT_RULES
from desktop.services.validation import ValidationError
from ui import style
from ui.widgets.form_support import FieldErrors

CHOICES: dict[str, tuple[type[StrEnum], str | None]] = {
    "kind": (AccountKind, AccountKind.CUSTOMER.value),
    "status": (AccountStatus, AccountStatus.ACTIVE.value),
    "tier": (Tier, None),
}
# Field order on the form; each is also a key of ACCOUNT_RULES.
LAYOUT = ["name", "kind", "status", "tier", "billing_street", "billing_city", "billing_region",
          "billing_postal_code", "billing_country", "phone", "website", "industry"]


class NewAccountDialog(QDialog):
    def __init__(self, services: Services, parent: QWidget | None = None,
                 initial: Mapping[str, Any] | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.saved: Saved | None = None
        self.setWindowTitle(_("New account"))
        self.setMinimumWidth(500)

        self.errors = FieldErrors()
        self.top_error = QLabel()
        style.error_line(self.top_error)
        self.top_error.setWordWrap(True)
        self.top_error.hide()

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

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton(_("Create account"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        style.primary(self.save_button)
        self.save_button.setDefault(True)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self._save)

        self._layout = layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(12)
        layout.addWidget(self.top_error)
        layout.addLayout(form)
        layout.addWidget(buttons)

        self._fill({"billing_country": "US", **(initial or {})})
        self.fields["name"].setFocus()

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
        """Two short fields on one form row; their error lines run full width below."""
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
        for name in (left, right):
            error = QLabel()
            style.error_line(error)
            error.setWordWrap(True)
            error.hide()
            column.addWidget(error)
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

    def _save(self) -> None:
        self.errors.clear()
        self.top_error.hide()
        try:
            self.saved = self.services.accounts.create_account(self.values())
        except ValidationError as exc:
            orphans = self.errors.show(exc.errors)
            if orphans:
                self.top_error.setText("\n".join(orphans))
                self.top_error.show()
            self._fit_height()
            return
        self.accept()

    def _fit_height(self) -> None:
        """Grow to fit wrapped error lines (minimum sizes ignore height-for-width)."""
        if not self.isVisible():
            return  # the first show sizes the dialog from its layout
        self._layout.activate()
        needed = self.heightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)
