"""Flag for…: the log-interaction dialog's offer to hand what was just logged
to a colleague as a task (a follow-up assigned to them, linked to the
interaction), in the same save.

The colleagues offered are those the cache knows cover the account
(``TaskService.candidates``); the server checks again and refuses, with the
reason, anyone who does not.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.services.team import Member
from desktop.services.validation import ValidationError
from ui.widgets.date_field import DateField
from ui.widgets.form_support import FieldErrors


class FlagSection(QWidget):
    """A "Flag for…" button that opens the colleague, the task and its due date."""

    def __init__(self, colleagues: list[Member], today: date, errors: FieldErrors,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.button = QPushButton(_("Flag for…"))
        self.button.setCheckable(True)
        self.button.setToolTip(_("Hand this to a colleague as a task, linked to it"))
        self.box = QGroupBox(_("Flag for a colleague"))
        self.colleague = QComboBox()
        self.colleague.addItem(_("Choose a colleague…"), None)
        for member in colleagues:
            self.colleague.addItem(member.name, member.id)
        self.title = QLineEdit()
        self.title.setPlaceholderText(_("What should they do? (the subject if empty)"))
        self.due = DateField(today + timedelta(days=3))
        form = QFormLayout(self.box)
        errors.add_row(form, _("Give it to"), "assignee_id", self.colleague)
        errors.add_row(form, _("Task"), "flag_title", self.title)
        errors.add_row(form, _("Due"), "flag_due", self.due)
        self.box.hide()
        if not colleagues:
            self.button.setEnabled(False)
            self.button.setToolTip(_("Nobody else covers this account."))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.button)
        layout.addWidget(self.box)
        self.button.toggled.connect(self.box.setVisible)
        self.colleague.currentIndexChanged.connect(lambda _i: errors.clear("assignee_id"))

    def values(self, subject: str) -> tuple[uuid.UUID, dict[str, Any]] | None:
        """(colleague, the task's values) when flagged, else None; ValidationError
        before anything is written when no colleague is chosen."""
        if not self.button.isChecked():
            return None
        assignee = self.colleague.currentData()
        if not isinstance(assignee, uuid.UUID):
            raise ValidationError({"assignee_id": _("Choose a colleague to give it to.")})
        title = self.title.text().strip() or subject.strip()
        if not title:
            raise ValidationError({"flag_title": _("Say what the task is.")})
        return assignee, {"title": title, "due_date": self.due.checked("flag_due")}
