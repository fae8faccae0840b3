"""A record's change history tab: who changed which field, when, from which device.

One widget for every record page or dialog: ``show_record(table, id)``. The
history is read through :class:`desktop.sync.record_history.RecordHistory` on
the task runner's network lane (never on the GUI thread), only while the tab is
on screen, and an answer for a record no longer shown is dropped. This
device's unsent edits come first, marked "Not yet sent"; offline, the tab says
that the history is kept on the server and still lists them.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any, NamedTuple

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import N_, _
from desktop.sync.record_history import FieldChange, History, HistoryEntry, RecordHistory
from ui import style
from ui.formatting import when
from ui.tasks import TaskRunner

NETWORK = "network"  # the runner's lane for this: a slow server never holds up reads
Index = QModelIndex | QPersistentModelIndex
OPS = {"create": N_("created"), "update": N_("changed"), "delete": N_("deleted"),
       "restore": N_("restored")}


class Line(NamedTuple):
    """One changed field of one entry: a row of the table."""

    entry: HistoryEntry
    change: FieldChange


def _value(value: Any) -> str:
    if value is None or value == "":
        return "–"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


class HistoryModel(QAbstractTableModel):
    """Rows of (entry, field change); immutable rows, replaced whole."""

    HEADERS = (N_("When"), N_("Who"), N_("Device"), N_("Record"), N_("Field"), N_("Change"))
    EntryRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[Line] = []

    def set_history(self, history: History | None) -> None:
        self.beginResetModel()
        entries = ([*history.unsent, *history.entries] if history is not None else [])
        self.lines = [Line(e, c) for e in entries for c in e.changes]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.HEADERS)):
            return _(self.HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.lines):
            return None
        line = self.lines[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(line, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            if not line.entry.sent:
                return _("Saved on this computer; it goes to the server with the next sync.")
            if line.change.decided:
                return _("The server decided this value (the app sent another).")
            return None
        if role == Qt.ItemDataRole.ForegroundRole and not line.entry.sent:
            return QBrush(QColor("#8a6d00"))
        if role == self.EntryRole:
            return line.entry
        return None

    @staticmethod
    def _text(line: Line, column: int) -> str:
        e, c = line
        if column == 0:
            return _("Not yet sent") if not e.sent else when(e.at)
        if column == 1:
            return e.who
        if column == 2:
            return e.device
        if column == 3:
            return f"{e.table.replace('_', ' ')} ({_(OPS[e.op]) if e.op in OPS else e.op})"
        if column == 4:
            return c.field.replace("_", " ") + (" *" if c.decided else "")
        return f"{_value(c.old)} → {_value(c.new)}"


class HistoryView(QWidget):
    """The tab: a status line, the table, and Refresh."""

    def __init__(self, runner: TaskRunner, source: Callable[[], RecordHistory],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.source = source
        self.model = HistoryModel()
        self.key: tuple[str, uuid.UUID, bool] | None = None
        self._stale = False
        self._asked = 0  # answers to an earlier question are dropped
        self.status = QLabel()
        self.status.setWordWrap(True)
        style.muted(self.status)
        self.refresh_button = QPushButton(_("Refresh"))
        self.refresh_button.clicked.connect(lambda: self.load())
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    def show_record(self, table: str | None, row_id: uuid.UUID | None, *,
                    account: bool = False) -> None:
        """The record to show (None: nothing); read now if the tab is on screen."""
        key = (table, row_id, account) if table and row_id else None
        if key == self.key:  # the same record changed (a save, a sync): read it again
            self._stale = key is not None
            if self._stale and self.isVisible():
                self.load()
            return
        self.key = key
        self._asked += 1
        self.model.set_history(None)
        self.status.setText("" if key else _("No record chosen."))
        self._stale = key is not None
        if self._stale and self.isVisible():
            self.load()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale:
            self.load()

    def load(self) -> None:
        if self.key is None:
            return
        table, row_id, account = self.key
        self._stale = False
        self._asked += 1
        asked = self._asked
        history = self.source()  # on the GUI thread: may build the sync parts
        self.status.setText(_("Reading the change history from the server…"))
        self.refresh_button.setEnabled(False)
        self.runner.run(lambda _report: history.fetch(table, row_id, account=account),
                        lambda found: self._loaded(asked, found),
                        lambda exc: self._failed(asked, exc), lane=NETWORK)

    def _loaded(self, asked: int, history: History) -> None:
        if asked != self._asked:
            return
        self.refresh_button.setEnabled(True)
        self.model.set_history(history)
        self.status.setText(self._summary(history))

    def _failed(self, asked: int, exc: BaseException) -> None:
        if asked != self._asked:
            return
        self.refresh_button.setEnabled(True)
        self.status.setText(_("Could not read the change history: {error}").format(
            error=str(exc) or type(exc).__name__))

    @staticmethod
    def _summary(history: History) -> str:
        parts = [history.message] if not history.online else []
        if history.unsent:
            parts.append(_("{n} change(s) on this computer are not yet sent.").format(
                n=len(history.unsent)))
        if history.online and not history.entries:
            parts.append(_("The server has no recorded changes for this record yet."))
        if history.more:
            parts.append(_("Only the latest changes are shown."))
        if any(c.decided for e in history.entries for c in e.changes):
            parts.append(_("* the server decided this value."))
        return "  ".join(parts) or _("Changes recorded by the server, newest first.")


def record_history(sync: Any, store: Any, settings: Any) -> RecordHistory:
    """The history reader: the sync service's sign-in when the window has one,
    else the keyring's token for the configured server (as the sync service
    reads it); without either it lists only the unsent edits, and says why."""
    if sync is not None:
        return RecordHistory.of(sync.service)
    from desktop.sync.credentials import TokenStore

    return RecordHistory(store, settings, TokenStore())
