"""A record's change history in its own small window, for the form dialogs that
have no tabs (contact, opportunity): a "Change history…" button beside Cancel
opens it. The same :class:`ui.history_view.HistoryView` as the record pages'
tabs, reading on the task runner's network lane, never on the GUI thread."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.services.container import Services
from ui.history_view import HistoryView, record_history
from ui.tasks import TaskRunner


class HistoryDialog(QDialog):
    """The history of one record, with Close; reads when first shown."""

    def __init__(self, services: Services, runner: TaskRunner, table: str,
                 row_id: uuid.UUID, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Change history — {title}").format(title=title))
        self.view = HistoryView(runner, lambda: record_history(None, services.store,
                                                               services.settings))
        self.view.show_record(table, row_id)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.resize(720, 420)


class HistoryButton(QPushButton):
    """"Change history…" for a form dialog's button row; opens (and keeps, as
    ``dialog``) a :class:`HistoryDialog` over that form."""

    def __init__(self, services: Services, runner: TaskRunner, table: str,
                 row_id: uuid.UUID, title: str) -> None:
        super().__init__(_("Change history…"))
        self.setToolTip(_("Who changed this record, when and on which device"))
        self.setAutoDefault(False)
        self.dialog: HistoryDialog | None = None
        self.clicked.connect(lambda: self._open(services, runner, table, row_id, title))

    def _open(self, services: Services, runner: TaskRunner, table: str,
              row_id: uuid.UUID, title: str) -> None:
        if self.dialog is None:  # reads when first shown
            self.dialog = HistoryDialog(services, runner, table, row_id, title,
                                        self.window())
            self.dialog.open()
        else:  # opened again: read again (a save or a sync may have added to it)
            self.dialog.open()
            self.dialog.view.load()


def add_history_button(box: QDialogButtonBox, services: Services, runner: TaskRunner,
                       table: str, row_id: uuid.UUID, title: str) -> HistoryButton:
    """Put "Change history…" at the far side of a form dialog's button row."""
    button = HistoryButton(services, runner, table, row_id, title)
    box.addButton(button, QDialogButtonBox.ButtonRole.HelpRole)
    return button
