"""The account form's own fields: which go in which box, the input each gets (a
choice list or a line), and how a stored value reads in it and back."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from desktop.domain.rules import ACCOUNT_RULES
from desktop.domain.schema.enums import label
from desktop.i18n import N_
from desktop.services.validation import format_phone

GROUPS = {
    N_("Company"): ["name", "kind", "status", "tier", "industry", "segment", "phone", "website",
                    "territory_id", "tags"],
    N_("Billing address"): ["billing_street", "billing_city", "billing_region",
                            "billing_postal_code", "billing_country", "latitude", "longitude"],
    N_("Shipping address"): ["shipping_street", "shipping_city", "shipping_region",
                             "shipping_postal_code", "shipping_country"],
}


def make_input(name: str, edited: Callable[..., None],
               finished: Callable[[str], None]) -> QWidget:
    """``name``'s input: ``edited`` on each change, ``finished(name)`` when a typed
    line is left (to check it)."""
    rule = ACCOUNT_RULES[name]
    widget: QWidget
    if rule.kind == "choice" or name == "territory_id":
        combo = QComboBox()
        if not rule.required:
            combo.addItem("—", "")
        if rule.choices is not None:
            for member in rule.choices:
                combo.addItem(label(member), member.value)
        combo.currentIndexChanged.connect(edited)
        widget = combo
    else:
        line = QLineEdit()
        line.textEdited.connect(edited)
        line.editingFinished.connect(lambda n=name: finished(n))
        widget = line
    widget.setObjectName(name)
    return widget


def shown_text(name: str, value: Any, home_region: str) -> str:
    """A stored value as its field shows it."""
    if value is None:
        return ""
    if name == "phone":
        return format_phone(value, home_region)
    if name == "tags":
        return ", ".join(value)
    if isinstance(value, uuid.UUID):
        return value.hex
    return str(value)


def set_text(widget: QWidget, text: str) -> None:
    """Show ``text`` without it counting as an edit."""
    widget.blockSignals(True)
    if isinstance(widget, QComboBox):
        index = widget.findData(text)
        widget.setCurrentIndex(max(index, 0))
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText(text)
    elif isinstance(widget, QLineEdit):
        widget.setText(text)
        widget.setCursorPosition(0)
    widget.blockSignals(False)


def get_text(widget: QWidget) -> str:
    if isinstance(widget, QComboBox):
        return str(widget.currentData() or "")
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    assert isinstance(widget, QLineEdit)
    return widget.text()
