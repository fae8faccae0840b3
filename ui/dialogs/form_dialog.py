"""The frame every form dialog shares: the form (scrolling when the screen is
small), a message line beside Cancel and a primary Save (Ctrl+Enter), inline
errors, and nothing typed lost.

Saving runs as an operation on the store's writer: ``_job()`` reads the fields
on the GUI thread (and may refuse them, e.g. a date that does not exist) and
returns the write; on success ``_saved()`` keeps the result and the dialog
closes, on a ``ValidationError`` the messages show under their fields, on any
other failure the message line says why; the dialog stays open with all that
was typed. Escape, Cancel and the window's close button ask first (Save,
Discard or Cancel) when anything differs from what the dialog opened with.

Each field's message line is reserved and the dialog's own messages sit beside
the buttons, so a message never moves a field or the button under the pointer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.services.base import NotFound
from desktop.services.validation import ValidationError
from ui import style
from ui.operations import Operations, explain
from ui.prompts import Unsaved
from ui.widgets.date_field import DateField
from ui.widgets.form_support import FieldErrors
from ui.widgets.screen_fit import ScrollArea, fit_to_screen

_INPUTS = (DateField, QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractSpinBox,
           QAbstractButton, QGroupBox, QListWidget, QTableWidget)
_COMPOUND = (DateField, QComboBox, QAbstractSpinBox)  # their inner editors are not fields


def field_state(root: QWidget) -> dict[QWidget, object]:
    """What every input under ``root`` holds now (fields marked ``transient``,
    such as search boxes, left out): the dialog is unsaved when this changes."""
    state: dict[QWidget, object] = {}
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, _INPUTS) or widget.property("transient"):
            continue
        if _inside_compound(widget, root):
            continue
        value = _value(widget)
        if value is not None:
            state[widget] = value
    return state


def _inside_compound(widget: QWidget, root: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, _COMPOUND) or parent.property("transient"):
            return True
        parent = parent.parentWidget()
    return False


def _value(widget: QWidget) -> object:
    if isinstance(widget, DateField | QLineEdit | QAbstractSpinBox):
        return widget.text()
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return widget.currentIndex(), widget.currentText()
    if isinstance(widget, QAbstractButton | QGroupBox):
        return widget.isChecked() if widget.isCheckable() else None
    if isinstance(widget, QTableWidget):
        return tuple((r, c, item.text()) for r in range(widget.rowCount())
                     for c in range(widget.columnCount())
                     if (item := widget.item(r, c)) is not None)
    if isinstance(widget, QListWidget):
        items = [widget.item(n) for n in range(widget.count())]
        return tuple((i.text(), i.checkState()) for i in items
                     if i.flags() & Qt.ItemFlag.ItemIsUserCheckable)
    return None


class FormDialog(QDialog):
    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.prompts = ops.prompts
        self.errors = FieldErrors()
        # The dialog's own messages (a refusal no field owns, a failed save), beside
        # the buttons: showing one moves nothing.
        self.top_error = style.error_line(QLabel())
        self.top_error.setWordWrap(True)
        self.top_error.setTextFormat(Qt.TextFormat.PlainText)
        self.top_error.hide()
        self.save_button = QPushButton()
        self.button_box = QDialogButtonBox()
        self.saving = False
        self.result_value: Any = None
        self._clean: dict[QWidget, object] | None = None
        self._focus: QWidget | None = None  # where the rep was when Save was pressed
        self._fitted = False
        self.scroll_area: ScrollArea | None = None  # the form, made by _finish
        self._layout = QVBoxLayout(self)

    # -- what subclasses provide ---------------------------------------------------
    def _job(self) -> Callable[[], object]:
        """Read the form (GUI thread) and return the write to run on the writer;
        raise ValidationError to refuse the form before anything is written."""
        raise NotImplementedError

    def _saved(self, result: Any) -> None:
        """Keep the write's result (GUI thread, before the dialog closes)."""
        self.result_value = result

    def unsaved_question(self) -> str:
        return _("Save the changes in “{title}”?").format(title=self.windowTitle())

    # -- saving --------------------------------------------------------------------
    def _save(self) -> None:
        """Save, or show why not and keep the dialog open with everything typed."""
        if self.saving or not self.save_button.isEnabled():
            return
        self._clear_errors()
        try:
            job = self._job()
        except ValidationError as exc:
            self._show_errors(exc.errors)
            return
        self._set_saving(True)
        self.ops.write(job, parent=self).success(self._succeeded) \
            .failure(self._failed).run()

    def _succeeded(self, result: Any) -> None:
        self._set_saving(False)
        self._saved(result)
        self._clean = field_state(self)
        QDialog.accept(self)

    def _failed(self, exc: BaseException) -> None:
        self._set_saving(False)
        if self._focus is not None:
            self._focus.setFocus()
        if isinstance(exc, ValidationError):
            self._show_errors(exc.errors)
        elif isinstance(exc, NotFound):  # deleted meanwhile (by a sync, say)
            self._show_errors({"": str(exc)})
        else:
            self._show_errors({"": explain(exc)})

    def _set_saving(self, saving: bool) -> None:
        """While a save runs the form is read-only (what is typed then would be lost
        when the dialog closes) and Save cannot be pressed twice."""
        self.saving = saving
        if saving:
            self._focus = self.focusWidget()
        self.button_box.setEnabled(not saving)
        for widget in self._content():
            widget.setEnabled(not saving)

    def _content(self) -> list[QWidget]:
        return [self.scroll_area] if self.scroll_area is not None else []

    # -- unsaved edits ---------------------------------------------------------------
    def mark_clean(self) -> None:
        """What the fields hold now counts as saved (called on first show)."""
        self._clean = field_state(self)

    def dirty(self) -> bool:
        """Anything typed, picked or ticked since the dialog opened."""
        if self._clean is None:
            return False
        return field_state(self) != self._clean

    def reject(self) -> None:
        """Escape, Cancel, the close button: ask first when something is unsaved."""
        if self.saving:
            return
        if self.dirty():
            answer = self.prompts.unsaved(self, self.unsaved_question())
            if answer is Unsaved.CANCEL:
                return
            if answer is Unsaved.SAVE:
                self._save()  # closes once saved; a refusal keeps it open
                return
        super().reject()

    # -- layout ----------------------------------------------------------------------
    def _finish(self, *parts: QLayout | QWidget, save_text: str = "") -> None:
        """Lay out ``parts`` (scrolling when the screen is too small), then the
        message line and the buttons."""
        buttons = self.button_box
        buttons.setStandardButtons(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton(save_text or _("Save"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        style.primary(self.save_button)
        self.save_button.setDefault(True)
        self.save_button.setToolTip(_("Save (Ctrl+Enter)"))
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self._save)
        content = QWidget()
        inner = QVBoxLayout(content)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(12)
        for part in parts:
            if isinstance(part, QLayout):
                inner.addLayout(part)
            else:
                inner.addWidget(part)
        self.scroll_area = ScrollArea(content)
        bottom = QHBoxLayout()
        bottom.setSpacing(12)
        bottom.addWidget(self.top_error, 1)
        bottom.addWidget(buttons, 0, Qt.AlignmentFlag.AlignBottom)
        layout = self._layout
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(12)
        layout.addWidget(self.scroll_area, 1)
        layout.addLayout(bottom)

    def _clear_errors(self) -> None:
        self.errors.clear()
        self.top_error.hide()

    def _show_errors(self, errors: Mapping[str, str]) -> None:
        """Messages under their fields; the rest (and any the field's line had to
        shorten) beside the buttons. Nothing typed is lost."""
        orphans = self.errors.show(errors)
        shown = orphans + self.errors.elided()
        self.top_error.setText("\n".join(shown))
        self.top_error.setVisible(bool(shown))
        self.top_error.setToolTip("\n".join(shown))

    def refit(self) -> None:
        """Size to the content again (rows shown or hidden), within the screen."""
        if self.isVisible():
            self._layout.activate()
            fit_to_screen(self)

    def setVisible(self, visible: bool) -> None:  # noqa: N802 - Qt override
        if visible and not self._fitted:
            # Before QDialog centres itself: the size it centres is the final one.
            self._fitted = True
            self._layout.activate()
            fit_to_screen(self, self.preferred_size())
        super().setVisible(visible)
        if visible and hasattr(self, "save_button"):
            # Enter saves: showing the dialog made the first button in the focus
            # chain (Cancel) the default, so Save is made the default again.
            self.save_button.setDefault(True)
        if visible and self._clean is None:
            self.mark_clean()

    def preferred_size(self) -> QSize | None:
        """The size to open at when the screen allows (None: the content's)."""
        return None
