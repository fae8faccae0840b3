"""The main window's size, place and account splitter, kept between runs in
QSettings (``main/geometry``, ``main/splitter``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def restore_window_state(window: MainWindow) -> None:
    geometry = window.qsettings.value("main/geometry")
    if isinstance(geometry, QByteArray) and not geometry.isEmpty():
        window.restoreGeometry(geometry)
    else:
        # First start: as large as comfortable, never larger than the screen
        # (a 1366x768 laptop loses ~40 px to the panel).
        available = window.screen().availableGeometry()
        window.resize(min(1400, available.width()), min(880, available.height()))
        window.move(available.center() - window.rect().center())
    state = window.qsettings.value("main/splitter")
    if isinstance(state, QByteArray):
        window.accounts.splitter.restoreState(state)


def save_window_state(window: MainWindow) -> None:
    window.qsettings.setValue("main/geometry", window.saveGeometry())
    window.qsettings.setValue("main/splitter", window.accounts.splitter.saveState())
    window.qsettings.sync()
