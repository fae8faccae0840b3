"""Flag for…: a field note for product, marketing, support or management, with
a topic (from the account page, after logging an interaction, or from Today);
and the answer a reader gives to one."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from desktop.domain.schema.enums import NoteAudience, label
from desktop.i18n import _
from desktop.services.base import Saved
from desktop.services.container import Services
from desktop.services.field_notes import TOPIC_MAX, NoteRow
from desktop.store.changes import Changes
from ui.dialogs.form_dialog import FormDialog
from ui.operations import Operations


def _text_box(text: str = "") -> QPlainTextEdit:
    box = QPlainTextEdit(text)
    box.setTabChangesFocus(True)
    box.setFixedHeight(110)
    return box


class FlagNoteDialog(FormDialog):
    """A new note; ``account_id`` None: about nothing in particular."""

    def __init__(self, services: Services, account_id: uuid.UUID | None, account_name: str,
                 parent: QWidget | None = None, *, interaction_id: uuid.UUID | None = None,
                 audience: str = "", ops: Operations) -> None:
        super().__init__(ops, parent)
        self.services, self.account_id, self.interaction_id = services, account_id, interaction_id
        self.saved: Saved | None = None
        self.setWindowTitle(_("Flag for…"))
        self.setMinimumWidth(480)
        self.audience = QComboBox()
        self.audience.addItem(_("Choose who it is for…"), "")
        for member in NoteAudience:
            self.audience.addItem(label(member), member.value)
        self.audience.setCurrentIndex(max(self.audience.findData(audience), 0))
        self.audience.currentIndexChanged.connect(lambda _i: self.errors.clear("audience"))
        self.topic = QLineEdit()
        self.topic.setMaxLength(TOPIC_MAX)
        self.topic.setPlaceholderText(_("e.g. Pallet wrap tears at the core"))
        self.topic.textChanged.connect(lambda _t: self.errors.clear("topic"))
        self.body = _text_box()
        self.body.setPlaceholderText(_("What you heard or saw, and from whom"))
        self.body.textChanged.connect(lambda: self.errors.clear("body"))
        form = QFormLayout()
        if account_name:
            form.addRow(_("About"), QLabel(account_name))
        self.errors.add_row(form, _("For"), "audience", self.audience)
        self.errors.add_row(form, _("Topic"), "topic", self.topic)
        self.errors.add_row(form, _("Note"), "body", self.body)
        self._finish(form, save_text=_("Flag"))

    def _job(self) -> Callable[[], Saved]:
        notes = self.services.field_notes
        args = (self.account_id, str(self.audience.currentData() or ""), self.topic.text(),
                self.body.toPlainText())
        interaction = self.interaction_id
        return lambda: notes.flag(*args, interaction_id=interaction)

    def _saved(self, result: Saved) -> None:
        self.saved = result


class AnswerNoteDialog(FormDialog):
    """A reader's answer to a note; ticked, the note is closed with it."""

    def __init__(self, services: Services, note: NoteRow, parent: QWidget | None = None, *,
                 ops: Operations) -> None:
        super().__init__(ops, parent)
        self.services, self.note_id = services, note.id
        self.setWindowTitle(_("Answer: {topic}").format(topic=note.topic))
        self.setMinimumWidth(480)
        said = QLabel(note.body)
        said.setWordWrap(True)
        self.response = _text_box(note.response or "")
        self.response.textChanged.connect(lambda: self.errors.clear("response"))
        self.close_it = QCheckBox(_("Close the note with this answer"))
        self.close_it.setChecked(True)
        form = QFormLayout()
        form.addRow(_("From"), QLabel(note.author or _("Unknown")))
        form.addRow(_("Note"), said)
        self.errors.add_row(form, _("Answer"), "response", self.response)
        form.addRow("", self.close_it)
        self._finish(form, save_text=_("Send answer"))

    def _job(self) -> Callable[[], Changes]:
        notes, note_id = self.services.field_notes, self.note_id
        text, close = self.response.toPlainText(), self.close_it.isChecked()
        return lambda: notes.respond(note_id, text, close=close)
