"""The sync parts of the main window that come with the controller: the Sync
menu's actions, F5, the status line's updates, the Conflicts item.

The menu's title and the status line are already there, made with the window
(ui/sync/status_button.py); this runs when the controller loads, right after
the first paint."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QListWidgetItem, QMenu

from desktop.i18n import _
from ui.resources import on_dark_icon
from ui.sync.controller import SyncController

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from ui.sync.status_button import SyncButton


def install_sync(window: MainWindow, controller: SyncController, menu: QMenu,
                 button: SyncButton) -> None:
    controller.window = lambda: window
    controller.ask_sign_in = window.sign_in
    sign_in = menu.addAction(_("Sign in to server…"))
    sign_in.triggered.connect(window.sign_in)
    now = menu.addAction(_("Sync now"))
    now.setShortcut(QKeySequence("F5"))
    now.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)  # in dialogs too
    now.triggered.connect(lambda: _sync_now(window, controller))
    stop = menu.addAction(_("Stop sync"))
    stop.triggered.connect(controller.stop)
    menu.addSeparator()
    sign_out = menu.addAction(_("Sign out"))
    sign_out.triggered.connect(controller.sign_out)
    window.addAction(now)
    button.attach(controller)

    def configured(yes: bool) -> None:
        from ui.main_window import CONFLICTS_ROW

        has_item = window.sidebar.count() > CONFLICTS_ROW
        if yes and not has_item:
            QListWidgetItem(on_dark_icon("concern"), _("Conflicts"), window.sidebar)
        elif not yes and has_item:
            if window.sidebar.currentRow() == CONFLICTS_ROW:
                window.sidebar.setCurrentRow(0)
            window.sidebar.takeItem(CONFLICTS_ROW)
        for action in (stop, sign_out):
            action.setEnabled(yes)

    controller.configured_changed.connect(configured)
    configured(controller.configured)


def _sync_now(window: MainWindow, controller: SyncController) -> None:
    if not controller.configured:
        window.sign_in()
    elif not controller.sync_now():
        window.statusBar().showMessage(_("A sync is already running."), 3000)
