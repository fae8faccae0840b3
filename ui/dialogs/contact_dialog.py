"""Add a contact to an account, or edit one (only changed fields are saved)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from desktop.domain.rules import CONTACT_RULES
from desktop.domain.schema.enums import Channel, ContactRole, label
from desktop.i18n import _
from desktop.services.base import Saved
from desktop.services.container import Services
from desktop.services.validation import format_phone
from desktop.store.changes import Changes
from ui.dialogs.form_dialog import FormDialog
from ui.dialogs.history_dialog import add_history_button
from ui.operations import Operations
from ui.resources import icon
from ui.widgets.duplicate_panel import DuplicatePanel, warm

if TYPE_CHECKING:
    from desktop.services.duplicates import Candidate

TEXT_FIELDS = ("first_name", "last_name", "title", "work_phone", "mobile_phone", "email",
               "alt_email")
PHONE_FIELDS = ("work_phone", "mobile_phone")
DUPLICATE_FIELDS = ("first_name", "last_name", "work_phone", "mobile_phone", "email",
                    "alt_email")


class ContactDialog(FormDialog):
    open_record = Signal(object)  # a duplicate's Candidate the rep chose to open instead

    def __init__(
        self,
        services: Services,
        account_id: uuid.UUID,
        contact_id: uuid.UUID | None = None,
        initial: Mapping[str, Any] | None = None,
        parent: QWidget | None = None,
        *,
        ops: Operations,
    ) -> None:
        super().__init__(ops, parent)
        self.services = services
        self.account_id = account_id
        self.contact_id = contact_id
        self.saved_id: uuid.UUID | None = None
        self.saved_changes: Changes | None = None
        self._home_region = services.settings.home_region or "US"
        self.setMinimumWidth(480)

        self.fields: dict[str, QWidget] = {}
        form = QFormLayout()
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(8)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        placeholders = {
            "work_phone": _("e.g. (253) 555-0143 or +44 20 7946 0958"),
            "email": _("name@example.com"),
        }
        for name, rule in CONTACT_RULES.items():
            widget = self._make_widget(name)
            if isinstance(widget, QLineEdit):
                widget.setPlaceholderText(placeholders.get(name, ""))
                widget.textChanged.connect(lambda _text, n=name: self.errors.clear(n))
            self.fields[name] = widget
            self.errors.add_row(form, "" if name == "do_not_contact" else rule.label, name,
                                widget)

        # People already in the cache who look like this one, while it is typed.
        self.duplicates = DuplicatePanel(
            lambda typed: services.duplicates.candidates("contacts", typed,
                                                         exclude=contact_id), ops.reads)
        warm(lambda: services.duplicates, ops.reads)
        self.duplicates.open_requested.connect(self._open_duplicate)
        for name in DUPLICATE_FIELDS:
            edit = self.fields[name]
            assert isinstance(edit, QLineEdit)
            edit.textEdited.connect(lambda _t: self.duplicates.watch(self._typed()))

        self._finish(form, self.duplicates, save_text=_("Save"))

        self._initial = self._shown(initial or {})
        self._fill(self._initial)
        name = " ".join(str(initial.get(k) or "") for k in ("first_name", "last_name")).strip() \
            if initial else ""
        if contact_id is None:
            self.setWindowTitle(_("New contact"))
        else:
            self.setWindowTitle(_("Edit contact — {name}").format(name=name or _("contact")))
            self.history_button = add_history_button(
                self.button_box, services, ops.reads, "contacts", contact_id,
                name or _("contact"))
        self.fields["first_name"].setFocus()

    def _typed(self) -> dict[str, str]:
        values = self.values()
        return {n: str(values.get(n) or "") for n in DUPLICATE_FIELDS}

    def _open_duplicate(self, candidate: Candidate) -> None:
        """Open the match instead (after asking about typed text)."""
        self.reject()
        if not self.isVisible():
            self.open_record.emit(candidate)

    def _make_widget(self, name: str) -> QWidget:
        if name == "role":
            combo = QComboBox()
            combo.addItem(_("—"), None)
            for role in ContactRole:
                combo.addItem(label(role), role.value)
            return combo
        if name == "preferred_channel":
            combo = QComboBox()
            combo.addItem(_("—"), None)
            for channel in Channel:
                combo.addItem(icon(f"channel-{channel.value}"), label(channel), channel.value)
            return combo
        if name == "do_not_contact":
            box = QCheckBox(_("Do not contact (no calls, emails or visits)"))
            return box
        if name == "notes":
            notes = QPlainTextEdit()
            notes.setTabChangesFocus(True)
            notes.setFixedHeight(80)
            return notes
        return QLineEdit()

    def _shown(self, stored: Mapping[str, Any]) -> dict[str, Any]:
        """Stored values as the form shows them (phones formatted, None as '')."""
        shown: dict[str, Any] = {}
        for name in CONTACT_RULES:
            value = stored.get(name)
            if name in PHONE_FIELDS:
                shown[name] = format_phone(value, self._home_region)
            elif name in ("role", "preferred_channel"):
                shown[name] = value or None
            elif name == "do_not_contact":
                shown[name] = bool(value)
            else:
                shown[name] = "" if value is None else str(value)
        return shown

    def _fill(self, shown: Mapping[str, Any]) -> None:
        for name, widget in self.fields.items():
            value = shown[name]
            if isinstance(widget, QLineEdit):
                widget.setText(value)
            elif isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(0, widget.findData(value)) if value else 0)
            elif isinstance(widget, QCheckBox):
                widget.setChecked(value)
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(value)

    def values(self) -> dict[str, Any]:
        """Every field as the form holds it now (text as typed)."""
        out: dict[str, Any] = {}
        for name, widget in self.fields.items():
            if isinstance(widget, QLineEdit):
                out[name] = widget.text()
            elif isinstance(widget, QComboBox):
                out[name] = widget.currentData()
            elif isinstance(widget, QCheckBox):
                out[name] = widget.isChecked()
            elif isinstance(widget, QPlainTextEdit):
                out[name] = widget.toPlainText()
        return out

    def changed_values(self) -> dict[str, Any]:
        """Only what the rep changed, so an edit never rewrites untouched fields."""
        now = self.values()
        return {
            name: value for name, value in now.items()
            if (value.strip() if isinstance(value, str) else value)
            != (self._initial[name].strip() if isinstance(self._initial[name], str)
                else self._initial[name])
        }

    def _job(self) -> Callable[[], Saved]:
        accounts, account_id, contact_id = self.services.accounts, self.account_id, \
            self.contact_id
        if contact_id is None:
            values = self.values()
            return lambda: accounts.add_contact(account_id, values)
        changed = self.changed_values()
        return lambda: Saved(contact_id, accounts.update_contact(contact_id, changed)
                             if changed else Changes())

    def _saved(self, result: Saved) -> None:
        self.saved_id, self.saved_changes = result.id, result.changes

