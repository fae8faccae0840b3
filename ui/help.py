"""The Help menu's entries: the keyboard shortcuts sheet, About, the log folder
and "Copy diagnostics" (what support asks for first, on the clipboard)."""

from __future__ import annotations

import platform
import sqlite3
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import logs
from desktop.i18n import _

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def app_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("fieldbook")
    except PackageNotFoundError:
        return "dev"


def versions() -> list[tuple[str, str]]:
    import PySide6
    import reportlab
    from PySide6.QtCore import qVersion

    return [("Fieldbook", app_version()), ("Python", platform.python_version()),
            ("Qt", qVersion()), ("PySide6", PySide6.__version__),
            ("SQLite", sqlite3.sqlite_version), ("ReportLab", reportlab.Version),
            (_("Platform"), platform.platform())]


# Keys of special keyboards ("New", "Help"...) that the platform adds to a
# standard shortcut: true, but no help to a rep looking for Ctrl+N.
_MEDIA_KEYS = frozenset({"New", "Open", "Help", "Find", "Undo", "Redo", "Copy", "Paste",
                         "Cut", "Save", "Close", "Print", "Quit"})


def shortcuts(window: QWidget) -> list[tuple[str, str]]:
    """(what, keys) for every action of the window that has a shortcut, sorted."""
    seen: dict[str, str] = {}
    for action in {*window.actions(), *window.findChildren(QAction)}:
        keys = [text for k in action.shortcuts()
                if (text := k.toString(QKeySequence.SequenceFormat.NativeText))
                not in _MEDIA_KEYS]
        text = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
        if keys and text:
            seen.setdefault(text.rstrip("…"), ", ".join(keys))
    return sorted(seen.items(), key=lambda pair: pair[0].casefold())


def diagnostics(window: MainWindow) -> str:
    """Versions, platform, the cache and its size, sync state, the last errors."""
    store_path = window.services.store.path
    size = sum(p.stat().st_size for p in (store_path, store_path.with_name(
        store_path.name + "-wal")) if p.exists())
    settings = window.services.settings
    lines = [f"{name}: {value}" for name, value in versions()]
    lines += [_("Cache: {path}").format(path=store_path),
              _("Cache size: {mb:.1f} MB").format(mb=size / 1e6),
              _("Log: {path}").format(path=logs.log_file())]
    if not settings.sync_configured:
        lines.append(_("Sync: local only"))
    else:
        lines.append(_("Sync: {server} as {login}").format(
            server=settings.sync_server_url, login=settings.sync_login))
        if window.sync_loaded and window.sync is not None:
            lines.append(_("Sync state: {state}").format(state=window.sync.summary()))
            if window.sync.error:
                lines.append(_("Sync error: {error}").format(error=window.sync.error))
    errors = logs.last_errors()
    lines.append(_("Last errors:") if errors else _("Last errors: none"))
    lines += [f"  {line}" for line in errors]
    return "\n".join(lines)


def copy_diagnostics(window: MainWindow) -> None:
    QGuiApplication.clipboard().setText(diagnostics(window))
    window.statusBar().showMessage(_("Diagnostics copied: paste them into your message to "
                                     "support."), 6000)


def open_log_folder(window: MainWindow) -> None:
    folder = logs.log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    if QGuiApplication.platformName() == "offscreen":  # no desktop to show it on
        window.statusBar().showMessage(str(folder), 6000)
        return
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class _Sheet(QDialog):
    def __init__(self, title: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.layout_ = QVBoxLayout(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons

    def finish(self) -> None:
        self.layout_.addWidget(self.buttons)


class ShortcutsDialog(_Sheet):
    """Every shortcut of the window, one row each."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(_("Keyboard shortcuts"), window)
        rows = shortcuts(window)
        self.table = QTableWidget(len(rows), 2)
        self.table.setHorizontalHeaderLabels([_("Action"), _("Keys")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for n, (text, keys) in enumerate(rows):
            self.table.setItem(n, 0, QTableWidgetItem(text))
            self.table.setItem(n, 1, QTableWidgetItem(keys))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.layout_.addWidget(self.table)
        self.finish()
        self.resize(460, min(640, 80 + 26 * len(rows)))


class AboutDialog(_Sheet):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(_("About Fieldbook"), window)
        text = "<br>".join(f"<b>{name}</b> {value}" for name, value in versions())
        intro = _("Fieldbook: an offline-first CRM for field sales reps.")
        self.label = QLabel(f"<p>{intro}</p><p>{text}</p>")
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.layout_.addWidget(self.label)
        self.finish()


def show_shortcuts(window: MainWindow) -> None:
    dialog = ShortcutsDialog(window)
    window.active_dialog = dialog
    dialog.open()


def show_about(window: MainWindow) -> None:
    dialog = AboutDialog(window)
    window.active_dialog = dialog
    dialog.open()
