"""Ask for a follow-up's title, due date and notes (``Prompts.follow_up``).

The title must be there and the due date must exist (31/02 is refused under
its field, not moved to another day); Escape or Cancel ask before dropping
what was typed. A refusal by the service can be shown by asking again with
the values and the messages (``initial``, ``errors``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.services.validation import ValidationError
from ui.prompts import Unsaved
from ui.widgets.date_field import DateField
from ui.widgets.form_support import FieldErrors

if TYPE_CHECKING:
    from ui.prompts import Prompts


class FollowUpDialog(QDialog):
    def __init__(self, prompts: Prompts, today: date, parent: QWidget | None = None,
                 initial: Mapping[str, Any] | None = None,
                 errors: Mapping[str, str] | None = None) -> None:
        super().__init__(parent)
        self.prompts = prompts
        self.setWindowTitle(_("Add follow-up"))
        initial = initial or {}
        self.title = QLineEdit(str(initial.get("title") or ""))
        due = initial.get("due_date")
        self.due = DateField(due if isinstance(due, date) else today + timedelta(days=7))
        self.notes = QPlainTextEdit(str(initial.get("notes") or ""))
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(70)
        self.errors = FieldErrors()
        form = QFormLayout()
        self.errors.add_row(form, _("Follow-up"), "title", self.title)
        self.errors.add_row(form, _("Due"), "due_date", self.due)
        self.errors.add_row(form, _("Notes"), "notes", self.notes)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(lambda: self.accept())
        self.buttons.rejected.connect(lambda: self.reject())
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self._opened = self._typed()
        if errors:
            self.errors.show(errors)

    def _typed(self) -> tuple[str, str, str]:
        return self.title.text(), self.due.text(), self.notes.toPlainText()

    def values(self) -> dict[str, object]:
        """The follow-up as ``add_follow_up`` takes it; ValidationError when the
        title is missing or the date does not exist."""
        errors: dict[str, str] = {}
        if not self.title.text().strip():
            errors["title"] = _("Say what to follow up.")
        problem = self.due.problem()
        if problem is not None:
            errors["due_date"] = problem
        if errors:
            raise ValidationError(errors)
        return {"title": self.title.text(), "due_date": self.due.value(),
                "notes": self.notes.toPlainText()}

    def accept(self) -> None:
        try:
            self.values()
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return
        super().accept()

    def reject(self) -> None:
        """Escape, Cancel, the close button: ask before dropping what was typed."""
        if self._typed() != self._opened:
            answer = self.prompts.unsaved(self, _("Add the follow-up you typed?"))
            if answer is Unsaved.CANCEL:
                return
            if answer is Unsaved.SAVE:
                self.accept()
                return
        super().reject()
