"""The sync line in the status bar and the Sync menu's title: the parts of sync
the window's first frame shows.

They are made with the window from the settings alone. The controller behind
them (and the sync service, its NamedTuples and errors) loads right after the
first paint, or at once when something asks for it, and is then attached here
(see ``MainWindow.sync`` and ui/sync/window_parts.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMenu, QToolButton

from desktop.i18n import _

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from ui.sync.controller import SyncController


class SyncButton(QToolButton):
    """The status bar's sync line; a click opens conflicts or syncs."""

    def __init__(self, window: MainWindow, configured: bool) -> None:
        super().__init__()
        self.window_ = window
        self.controller: SyncController | None = None
        self.setAutoRaise(True)  # no icon: the text alone shows
        # Until the controller is attached: a start with a server begins with a sync.
        self.setText(_("Syncing…") if configured else _("Local only"))
        self.clicked.connect(self._clicked)
        self.clock = QTimer(self)  # "synced 3 min ago" must not go stale
        self.clock.timeout.connect(self.refresh)

    def attach(self, controller: SyncController) -> None:
        self.controller = controller
        controller.status_changed.connect(self.refresh)
        self.clock.start(30_000)
        self.refresh()

    def refresh(self) -> None:
        c = self.controller
        if c is None:
            return
        self.setText(c.summary())
        tip = c.error or _("Click to sync now (F5).")
        self.setToolTip(tip if c.configured else
                        _("Not connected to a server. Click to sign in."))

    def _clicked(self) -> None:
        c = self.window_.sync  # builds the controller if the first paint has not yet
        if c is None:
            return
        if not c.configured or c.needs_sign_in:
            self.window_.sign_in()
            return
        status = c.status()
        if status.conflicts or status.rejected:
            self.window_.show_conflicts()
        else:
            c.sync_now()


def add_sync_parts(window: MainWindow, configured: bool) -> tuple[QMenu, SyncButton]:
    """The Sync menu (its actions come with the controller), the status line and,
    with a server, the Conflicts item."""
    menu = window.menuBar().addMenu(_("&Sync"))
    button = SyncButton(window, configured)
    window.statusBar().insertPermanentWidget(0, button)
    if configured:
        from PySide6.QtWidgets import QListWidgetItem

        from ui.resources import on_dark_icon

        QListWidgetItem(on_dark_icon("concern"), _("Conflicts"), window.sidebar)
    return menu, button
