"""Assign to colleague: hand a follow-up to someone who covers its account.

The colleagues offered are those the cache knows cover the account
(``TaskService.candidates``); the server checks it again and refuses, with the
reason, an assignee who does not (the change then waits in the rejected list).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QWidget

from desktop.i18n import _
from desktop.services.container import Services
from desktop.services.validation import ValidationError
from desktop.store.changes import Changes
from ui.dialogs.form_dialog import FormDialog
from ui.operations import Operations


class AssignTaskDialog(FormDialog):
    def __init__(self, services: Services, follow_up_id: uuid.UUID, account_id: uuid.UUID,
                 title: str, parent: QWidget | None = None, *, ops: Operations) -> None:
        super().__init__(ops, parent)
        self.services, self.follow_up_id = services, follow_up_id
        self.setWindowTitle(_("Assign to colleague"))
        self.setMinimumWidth(420)
        self.task = QLabel(title)
        self.task.setWordWrap(True)
        self.colleague = QComboBox()
        self.colleague.addItem(_("Choose a colleague…"), None)
        for member in services.tasks.candidates(account_id):
            self.colleague.addItem(member.name, member.id)
        self.colleague.currentIndexChanged.connect(lambda _i: self.errors.clear("assignee_id"))
        form = QFormLayout()
        form.addRow(_("Follow-up"), self.task)
        self.errors.add_row(form, _("Give it to"), "assignee_id", self.colleague)
        if self.colleague.count() == 1:
            self.errors.show({"assignee_id": _("Nobody else covers this account.")})
        self._finish(form, save_text=_("Assign"))

    def _job(self) -> Callable[[], Changes]:
        assignee = self.colleague.currentData()
        if not isinstance(assignee, uuid.UUID):
            raise ValidationError({"assignee_id": _("Choose a colleague to give it to.")})
        tasks, follow_up = self.services.tasks, self.follow_up_id
        return lambda: tasks.assign(follow_up, assignee)
