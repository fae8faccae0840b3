"""Every question the app asks the rep goes through one replaceable object,
so tests answer it without a modal dialog (and workers never ask at all).

The Qt dialog classes load when a question is first asked, not at start-up.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

from desktop.i18n import _


class Unsaved(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


class Prompts:
    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(parent, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def unsaved(self, parent: QWidget | None, text: str) -> Unsaved:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, _("Unsaved changes"), text,
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, parent)
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return Unsaved.SAVE
        if answer == QMessageBox.StandardButton.Discard:
            return Unsaved.DISCARD
        return Unsaved.CANCEL

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(parent, title, text)

    def open_file(self, parent: QWidget | None, title: str, filters: str) -> Path | None:
        """A file to read, e.g. a brochure PDF (None: cancelled)."""
        from PySide6.QtWidgets import QFileDialog

        name, _filter = QFileDialog.getOpenFileName(parent, title, "", filters)
        return Path(name) if name else None

    def text(self, parent: QWidget | None, title: str, label: str) -> str | None:
        from PySide6.QtWidgets import QInputDialog

        value, ok = QInputDialog.getMultiLineText(parent, title, label)
        return value if ok and value.strip() else None

    def follow_up(self, parent: QWidget | None, today: date,
                  initial: Mapping[str, Any] | None = None,
                  errors: Mapping[str, str] | None = None) -> dict[str, object] | None:
        """Ask for a follow-up's title, due date and notes (None: cancelled). A date
        that does not exist is refused under its field; ``initial`` and ``errors``
        ask again after a refusal, with what was typed and why."""
        from PySide6.QtWidgets import QDialog

        from ui.dialogs.follow_up import FollowUpDialog

        dialog = FollowUpDialog(self, today, parent, initial, errors)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.values()

    def concern(self, parent: QWidget | None) -> tuple[str, str] | None:
        from PySide6.QtWidgets import QInputDialog

        title, ok = QInputDialog.getText(parent, _("Raise concern"), _("What is the concern?"))
        if not ok or not title.strip():
            return None
        details = self.text(parent, _("Raise concern"), _("Details (optional)")) or ""
        return title, details

    def choice(self, parent: QWidget | None, title: str, label: str, options: list[str],
               current: int = 0) -> int | None:
        """Pick one of ``options``; returns its index, or None when cancelled."""
        from PySide6.QtWidgets import QInputDialog

        value, ok = QInputDialog.getItem(parent, title, label, options, current, False)
        return options.index(value) if ok and value in options else None

    def save_file(self, parent: QWidget | None, title: str, name: str,
                  file_filter: str) -> Path | None:
        """Where to save a file (the system's save dialog)."""
        from PySide6.QtWidgets import QFileDialog

        chosen, _filter = QFileDialog.getSaveFileName(parent, title, name, file_filter)
        return Path(chosen) if chosen else None
