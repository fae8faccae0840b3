"""The account's editable fields, checked as the rep leaves each one.

The form keeps what was typed until it is saved or reverted; ``is_dirty``
tells the window whether closing would lose anything.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.rules import ACCOUNT_RULES
from desktop.i18n import _
from desktop.services.container import Services
from desktop.services.fields import clean
from desktop.services.validation import ValidationError
from desktop.store.changes import Changes
from ui import style
from ui.operations import Operations, explain
from ui.views.account_fields import GROUPS, get_text, make_input, set_text, shown_text
from ui.widgets.form_support import FieldErrors


class AccountForm(QWidget):
    saved = Signal(object)  # Changes (already published by the write)
    dirty_changed = Signal(bool)

    def __init__(self, services: Services, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.ops = ops
        self.account_id: uuid.UUID | None = None
        self.errors = FieldErrors()
        self.inputs: dict[str, QWidget] = {}
        self._loaded: dict[str, str] = {}
        self._sending: dict[str, str] | None = None  # what a save in flight is writing
        self._loads = 0  # how many times stored values were loaded
        self._dirty = False

        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        for col, (title, names) in enumerate(GROUPS.items()):
            box = QGroupBox(_(title))
            form = QFormLayout(box)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            for name in names:
                widget = self._make_input(name)
                text = ACCOUNT_RULES[name].label
                if name.startswith("shipping_"):
                    text = ACCOUNT_RULES[name.replace("shipping_", "billing_")].label
                self.errors.add_row(form, text, name, widget)
            grid.addWidget(box, 0 if col < 2 else 1, col if col < 2 else 1)
        notes_box = QGroupBox(_("Notes"))
        notes_layout = QVBoxLayout(notes_box)
        notes = QPlainTextEdit()
        notes.setObjectName("notes")
        notes.textChanged.connect(self._update_dirty)
        self.inputs["notes"] = notes
        notes_layout.addWidget(notes)
        grid.addWidget(notes_box, 1, 0)
        from ui.views.account_links import AccountLinks

        self.links = AccountLinks(services, ops, self.errors)  # broker, parent, currency, locale
        self.links.edited.connect(self._update_dirty)
        grid.addWidget(self.links, 2, 0, 1, 2)

        self.message = QLabel()
        style.error_line(self.message)
        self.message.hide()
        self.save_button = QPushButton(_("Save changes"))
        style.primary(self.save_button)
        self.save_button.clicked.connect(lambda: self.save())
        self.revert_button = QPushButton(_("Revert"))
        self.revert_button.clicked.connect(lambda: self.revert())
        buttons = QHBoxLayout()
        buttons.addWidget(self.message)
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)

        # The fields scroll on a small screen (never squeezed below their
        # height); the buttons stay in view under them.
        fields = QWidget()
        fields.setLayout(grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(fields)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self._set_dirty(False)

    def _make_input(self, name: str) -> QWidget:
        widget = make_input(name, self._update_dirty, self._check_one)
        self.inputs[name] = widget
        return widget

    # -- loading -------------------------------------------------------------
    def load(self, account_id: uuid.UUID, values: dict[str, Any]) -> None:
        """Show an account's stored values (replacing any unsaved edits)."""
        self.account_id = account_id
        territories = self.inputs["territory_id"]
        assert isinstance(territories, QComboBox)
        territories.blockSignals(True)
        territories.clear()
        territories.addItem("—", "")
        for tid, tname in self.services.account_list.territories():
            territories.addItem(tname, uuid.UUID(tid).hex)
        territories.blockSignals(False)
        for name, widget in self.inputs.items():
            set_text(widget, self._shown(name, values.get(name)))
        for name in ("currency", "locale", "broker_id", "parent_id"):
            self.links.set_value(name, self._shown(name, values.get(name)))
        self.links.load(account_id)
        self.errors.clear()
        self.message.hide()
        self._loaded = self._current()
        self._loads += 1
        self._set_dirty(False)

    def clear(self) -> None:
        """No account (it is gone): empty fields, nothing to save."""
        self.account_id = None
        for widget in self.inputs.values():
            set_text(widget, "")
        for name in ("currency", "locale", "broker_id", "parent_id"):
            self.links.set_value(name, "")
        self.links.load(None)
        self.errors.clear()
        self.message.hide()
        self._loaded = self._current()
        self._loads += 1
        self._set_dirty(False)

    def _shown(self, name: str, value: Any) -> str:
        return shown_text(name, value, self.services.settings.home_region)

    def _current(self) -> dict[str, str]:
        return {name: get_text(w) for name, w in self.inputs.items()} | self.links.current()

    # -- editing -------------------------------------------------------------
    def edited_values(self, since: dict[str, str] | None = None) -> dict[str, Any]:
        """Fields that differ from what was loaded (or from ``since``), as the
        service takes them."""
        base = self._loaded if since is None else since
        out: dict[str, Any] = {}
        for name, text in self._current().items():
            if text != base.get(name):
                ref = name in ("territory_id", "broker_id", "parent_id")
                out[name] = uuid.UUID(hex=text) if ref and text else (None if ref else text)
        return out

    def unsaved_edits(self) -> dict[str, Any]:
        """What was typed and is not on its way to the cache (a save in flight
        carries the rest): kept over a reload of the stored values."""
        return self.edited_values(self._sending)

    def is_dirty(self) -> bool:
        return self._dirty

    def _update_dirty(self, *_args: Any) -> None:
        self._set_dirty(bool(self.edited_values()))

    def _set_dirty(self, dirty: bool) -> None:
        changed = dirty != self._dirty
        self._dirty = dirty
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)
        if changed:
            self.dirty_changed.emit(dirty)

    def _check_one(self, name: str) -> None:
        """Validate one field as the rep leaves it, without saving."""
        from desktop.domain.schema import Account

        country = get_text(self.inputs["billing_country"]) or "US"
        try:
            clean(Account, ACCOUNT_RULES, {name: get_text(self.inputs[name])}, region=country)
        except ValidationError as exc:
            self.errors.show({name: exc.errors[name]} if name in exc.errors else {})
            return
        self.errors.clear(name)

    def save(self, then: Callable[[], None] | None = None) -> None:
        """Save the edited fields as a write; ``then`` runs once they are stored.
        On bad input (or any refusal) show why under the fields and keep the text."""
        if self.account_id is None or self._sending is not None:
            return
        accounts, account_id, edits = self.services.accounts, self.account_id, \
            self.edited_values()
        self._sending = self._current()
        loads = self._loads
        self.save_button.setEnabled(False)
        self.ops.write(lambda: accounts.update_account(account_id, edits), parent=self,
                       initiator=self).success(lambda changes: self._stored(changes, loads, then)) \
            .failure(self._refused).run()

    def _stored(self, changes: Changes, loads: int, then: Callable[[], None] | None) -> None:
        sent, self._sending = self._sending or {}, None
        self.errors.clear()
        self.message.hide()
        # Normally the page has reloaded the stored values on the write's change
        # record (keeping what was typed meanwhile); if not, what was sent is stored.
        if self._loads == loads:
            self._loaded = sent
        self._update_dirty()
        self.saved.emit(changes)
        if then is not None:
            then()

    def _refused(self, exc: BaseException) -> None:
        """The save was refused: the reason under its field, everything typed kept."""
        self._sending = None
        errors = exc.errors if isinstance(exc, ValidationError) else {"": explain(exc)}
        orphans = self.errors.show(errors)
        self.message.setText(" ".join(orphans) or _("Please correct the marked fields."))
        self.message.show()
        self._update_dirty()

    def restore_edits(self, edits: dict[str, Any]) -> None:
        """Put unsaved edits back after the stored values were reloaded."""
        for name, value in edits.items():
            text = value.hex if isinstance(value, uuid.UUID) else (value or "")
            self._put(name, text)
        self._update_dirty()

    def _put(self, name: str, text: str) -> None:
        if name in self.inputs:
            set_text(self.inputs[name], text)
        else:
            self.links.set_value(name, text)

    def revert(self) -> None:
        for name, text in self._loaded.items():
            self._put(name, text)
        self.errors.clear()
        self.message.hide()
        self._set_dirty(False)


