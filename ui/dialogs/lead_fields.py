"""The inputs of a lead's form, made once and read back as the lead service's
values (``LEAD_RULES`` names plus ``budget``), for the capture dialog."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from desktop.domain.lead_rules import LEAD_RULES
from desktop.domain.schema.enums import LeadSource, LeadTiming, label
from desktop.i18n import N_, _

TEXT = ("company", "first_name", "last_name", "title", "phone", "email", "street", "city",
        "region", "postal_code", "country", "budget")
# The currencies offered first; any other ISO code can be typed.
CURRENCIES = ("USD", "EUR", "GBP", "CAD", "CHF", "MXN", "AUD", "JPY")
# When the lead means to buy, said as a rep says it (the enum's words, "quarter",
# "year", are also quota periods' labels).
TIMING = {"now": N_("Now"), "quarter": N_("Within 3 months"),
          "half_year": N_("Within 6 months"), "year": N_("Within a year"),
          "unknown": N_("Not known")}
LABELS = {"budget": N_("Budget"), "owner_id": N_("Owner"), "event_id": N_("Event"),
          "referrer": N_("Referred by")}


def label_of(name: str) -> str:
    rule = LEAD_RULES.get(name)
    return rule.label if rule is not None else _(LABELS.get(name, name))


def make_fields(home_currency: str) -> dict[str, QWidget]:
    """Every input by field name, with placeholders, in no layout yet."""
    fields: dict[str, QWidget] = {}
    source = QComboBox()
    for member in LeadSource:
        source.addItem(label(member), member.value)
    fields["source"] = source
    for name in TEXT:
        fields[name] = QLineEdit()
    country = fields["country"]
    assert isinstance(country, QLineEdit)
    country.setMaxLength(2)
    country.setFixedWidth(56)
    country.textEdited.connect(lambda text: country.setText(text.upper()))
    need = QPlainTextEdit()
    need.setTabChangesFocus(True)  # Tab leaves it; the form is keyboard-first
    need.setFixedHeight(54)
    fields["need"] = need
    currency = QComboBox()
    currency.setEditable(True)
    currency.addItems(list(dict.fromkeys((home_currency, *CURRENCIES))))
    currency.setFixedWidth(84)
    editor = currency.lineEdit()
    if editor is not None:
        editor.setMaxLength(3)
    fields["currency"] = currency
    timing = QComboBox()
    for when in LeadTiming:
        timing.addItem(_(TIMING.get(when.value, when.value)), when.value)
    timing.setCurrentIndex(timing.findData(LeadTiming.UNKNOWN.value))
    fields["timing"] = timing
    event = QComboBox()
    event.addItem(_("— choose the event —"), None)
    fields["event_id"] = event
    owner = QComboBox()
    owner.addItem(_("Me"), "me")
    owner.addItem(_("Unassigned"), None)
    fields["owner_id"] = owner
    for name, text in {
        "company": _("e.g. Cascade Restaurant Supply"),
        "phone": _("e.g. (509) 555-0182"),
        "email": _("name@example.com"),
        "country": "US",
        "budget": _("e.g. 25000"),
    }.items():
        widget = fields[name]
        assert isinstance(widget, QLineEdit)
        widget.setPlaceholderText(text)
    country.setText("US")
    return fields


def read(fields: Mapping[str, QWidget]) -> dict[str, Any]:
    """The form as the lead service takes it (text as typed; the service cleans it)."""
    out: dict[str, Any] = {}
    for name, widget in fields.items():
        if isinstance(widget, QLineEdit):
            out[name] = widget.text()
        elif isinstance(widget, QPlainTextEdit):
            out[name] = widget.toPlainText()
        elif isinstance(widget, QComboBox):
            out[name] = widget.currentText().strip().upper() if widget.isEditable() \
                else widget.currentData()
    return out


def on_edit(widget: QWidget, slot: Callable[[], None]) -> None:
    """Call ``slot`` whenever ``widget``'s value changes."""
    if isinstance(widget, QLineEdit):
        widget.textChanged.connect(lambda _t: slot())
    elif isinstance(widget, QPlainTextEdit):
        widget.textChanged.connect(slot)
    elif isinstance(widget, QComboBox):
        widget.currentIndexChanged.connect(lambda _i: slot())
        if widget.isEditable():
            widget.editTextChanged.connect(lambda _t: slot())


def typed(fields: Mapping[str, QWidget]) -> dict[str, str]:
    """The text fields as typed, for the duplicate check."""
    return {n: w.text() for n, w in fields.items() if isinstance(w, QLineEdit)}
