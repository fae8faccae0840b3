"""The sync parts of the main window: menu, F5, status button, Conflicts item."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QListWidgetItem, QToolButton

from desktop.i18n import _
from ui.resources import on_dark_icon
from ui.sync.controller import SyncController

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class SyncButton(QToolButton):
    """The status bar's sync line; a click opens conflicts or syncs."""

    def __init__(self, window: MainWindow, controller: SyncController) -> None:
        super().__init__()
        self.window_ = window
        self.controller = controller
        self.setAutoRaise(True)  # no icon: the text alone shows
        self.clicked.connect(self._clicked)
        controller.status_changed.connect(self.refresh)
        self.clock = QTimer(self)  # "synced 3 min ago" must not go stale
        self.clock.timeout.connect(self.refresh)
        self.clock.start(30_000)
        self.refresh()

    def refresh(self) -> None:
        self.setText(self.controller.summary())
        tip = self.controller.error or _("Click to sync now (F5).")
        self.setToolTip(tip if self.controller.configured else
                        _("Not connected to a server. Click to sign in."))

    def _clicked(self) -> None:
        c = self.controller
        if not c.configured or c.needs_sign_in:
            self.window_.sign_in()
            return
        status = c.status()
        if status.conflicts or status.rejected:
            self.window_.show_conflicts()
        else:
            c.sync_now()


def install_sync(window: MainWindow, controller: SyncController) -> None:
    controller.window = lambda: window
    menu = window.menuBar().addMenu(_("&Sync"))
    sign_in = menu.addAction(_("Sign in to server…"))
    sign_in.triggered.connect(window.sign_in)
    now = menu.addAction(_("Sync now"))
    now.setShortcuts([QKeySequence.fromString("F5")])  # the whole app's once the window has painted
    now.triggered.connect(lambda: _sync_now(window, controller))
    stop = menu.addAction(_("Stop sync"))
    stop.triggered.connect(controller.stop)
    menu.addSeparator()
    sign_out = menu.addAction(_("Sign out"))
    sign_out.triggered.connect(controller.sign_out)
    window.addAction(now)
    window.sync_button = SyncButton(window, controller)
    window.statusBar().insertPermanentWidget(0, window.sync_button)

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
