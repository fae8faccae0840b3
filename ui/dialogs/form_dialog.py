"""The frame every form dialog shares: an error line on top, the form, Cancel
and a primary Save (Ctrl+Enter), inline errors, and room for wrapped messages."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.services.base import NotFound
from desktop.services.validation import ValidationError
from ui import style
from ui.widgets.form_support import FieldErrors


class FormDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.errors = FieldErrors()
        self.top_error = style.error_line(QLabel())
        self.top_error.setWordWrap(True)
        self.top_error.hide()
        self.save_button = QPushButton()
        self._layout = QVBoxLayout(self)

    def _submit(self) -> None:
        """Hand the form to its service; raise ValidationError or NotFound if refused."""
        raise NotImplementedError

    def _save(self) -> None:
        """Save, or show why not and keep the dialog open with everything typed."""
        self._clear_errors()
        try:
            self._submit()
        except ValidationError as exc:
            self._show_errors(exc.errors)
            return
        except NotFound as exc:  # deleted meanwhile (by a sync, say)
            self._show_errors({"": str(exc)})
            return
        self.accept()

    def _finish(self, *parts: QLayout | QWidget, save_text: str = "") -> None:
        """Lay out the error line, ``parts`` and the buttons."""
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton(save_text or _("Save"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        style.primary(self.save_button)
        self.save_button.setDefault(True)
        self.save_button.setToolTip(_("Save (Ctrl+Enter)"))
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self._save)
        layout = self._layout
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(12)
        layout.addWidget(self.top_error)
        for part in parts:
            if isinstance(part, QLayout):
                layout.addLayout(part)
            else:
                layout.addWidget(part)
        layout.addWidget(buttons)

    def _clear_errors(self) -> None:
        self.errors.clear()
        self.top_error.hide()

    def _show_errors(self, errors: Mapping[str, str]) -> None:
        """Messages under their fields; the rest on the top line. Nothing typed is lost."""
        orphans = self.errors.show(errors)
        if orphans:
            self.top_error.setText("\n".join(orphans))
            self.top_error.show()
        self._fit_height()

    def _fit_height(self) -> None:
        """Grow to fit wrapped error lines (minimum sizes ignore height-for-width)."""
        if not self.isVisible():
            return  # the first show sizes the dialog from its layout
        self._layout.activate()
        needed = self.heightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)
