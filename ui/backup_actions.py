"""File menu: open another cache, back up now, restore from a backup (with a
preview of what the backup holds before anything is replaced)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QProcess, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from desktop import backup
from desktop.domain import formats
from desktop.i18n import _, ngettext
from ui.formatting import when

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def app_command(db: Path) -> tuple[str, list[str]]:
    """The program and arguments that open the window on ``db``: the bundle's
    own executable, or this Python with ``-m ui.cli``."""
    if getattr(sys, "frozen", False):
        return sys.executable, ["--db", str(db)]
    return sys.executable, ["-m", "ui.cli", "--db", str(db)]


def start_process(program: str, args: list[str]) -> bool:
    """Starts the other window's process (tests replace it)."""
    return bool(QProcess.startDetached(program, args))


def open_other_cache(window: MainWindow) -> None:
    """Another cache opens in a window (a process) of its own beside this one."""
    path = window.prompts.open_file(window, _("Open another cache"),
                                    _("Fieldbook caches (*.sqlite3);;All files (*)"))
    if path is None:
        return
    program, args = app_command(path)
    start_process(program, args)
    window.statusBar().showMessage(_("Opening {name}…").format(name=path.name), 4000)


def back_up_now(window: MainWindow) -> None:
    db, key = window.services.store.path, window.services.store.key
    window.ops.query(lambda: backup.back_up(db, key=key),
                     lambda made: window.statusBar().showMessage(
                         _("Backed up to {path}").format(path=made), 6000), window)


def daily_backup(window: MainWindow) -> None:
    """Today's backup, if none was made today, on the read pool; a failure is
    logged, never shown (the rep can still back up from the File menu)."""
    db, key = window.services.store.path, window.services.store.key
    window.tasks.run(lambda _report: backup.daily(db, key=key), lambda _made: None,
                     lambda exc: window.ops.failed(exc, None, _("Backup"), lambda _e: None))


def choose_restore(window: MainWindow) -> None:
    dialog = RestoreDialog(window)
    window.active_dialog = dialog
    dialog.open()


def describe(summary: backup.BackupSummary) -> str:
    counts = summary.counts
    last = when(summary.last_change) if summary.last_change else _("never")
    return "\n".join([
        _("Made {when}, {mb} MB").format(
            when=when(summary.made), mb=formats.number(summary.size / 1e6, 1)),
        ngettext("{n} account", "{n} accounts", counts["accounts"]).format(
            n=formats.number(counts['accounts'])),
        ngettext("{n} contact", "{n} contacts", counts["contacts"]).format(
            n=formats.number(counts['contacts'])),
        ngettext("{n} interaction", "{n} interactions", counts["interactions"]).format(
            n=formats.number(counts['interactions'])),
        _("Last change: {when}").format(when=last)])


class RestoreDialog(QDialog):
    """The backups, newest first; the one selected is previewed before Restore."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle(_("Restore from a backup"))
        self.list = QListWidget()
        self.preview = QLabel(_("Choose a backup to see what it holds."))
        self.preview.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.preview.setMinimumWidth(260)
        self.other = QPushButton(_("Other file…"))
        self.other.clicked.connect(self._choose_file)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = buttons.addButton(_("Restore"),
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self._restore)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addWidget(self.preview)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Restoring replaces everything in this cache with the "
                                  "backup. The cache as it is now is kept as a backup first.")))
        layout.addLayout(row)
        layout.addWidget(self.other)
        layout.addWidget(buttons)
        self.summary: backup.BackupSummary | None = None
        for path in backup.backups(window.services.store.path):
            item = QListWidgetItem(path.name, self.list)
            item.setData(Qt.ItemDataRole.UserRole, str(path))
        self.list.currentItemChanged.connect(lambda item, _old: self._preview(item))
        if self.list.count():
            self.list.setCurrentRow(0)
        self.resize(620, 320)

    def _preview(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.show_file(Path(item.data(Qt.ItemDataRole.UserRole)))

    def show_file(self, path: Path) -> None:
        """Read what ``path`` holds off the GUI thread, then show it."""
        self.summary = None
        self.restore_button.setEnabled(False)
        self.preview.setText(_("Reading {name}…").format(name=path.name))
        key = self.window_.services.store.key
        self.window_.ops.query(lambda: backup.summarise(path, key), self._show, self)

    def _show(self, summary: backup.BackupSummary) -> None:
        self.summary = summary
        self.preview.setText(describe(summary))
        self.restore_button.setEnabled(True)

    def _choose_file(self) -> None:
        path = self.window_.prompts.open_file(self, _("Choose a backup"),
                                              _("Fieldbook caches (*.sqlite3)"))
        if path is not None:
            self.show_file(path)

    def _restore(self) -> None:
        summary, window = self.summary, self.window_
        if summary is None or not window.prompts.confirm(
                self, _("Restore from a backup"),
                _("Replace everything in this cache with {name}?").format(
                    name=summary.path.name)):
            return
        store = window.services.store
        self.restore_button.setEnabled(False)
        window.ops.write(lambda: backup.restore(store, summary.path), parent=self,
                         title=_("Not restored")).success(lambda _c: self._restored()).run()

    def _restored(self) -> None:
        self.window_.statusBar().showMessage(_("Restored from {name}.").format(
            name=self.summary.path.name if self.summary else ""), 6000)
        self.accept()
