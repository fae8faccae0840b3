"""``fieldbook screenshot --view help-menu``: the window with its Help menu open.

A menu is a popup window of its own, so the shot paints the menu's grab over
the window's at the place it opened."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QApplication, QLabel, QWidget

if TYPE_CHECKING:
    from ui.app import Fieldbook


def show_help_menu(fieldbook: Fieldbook) -> QWidget:
    window = fieldbook.window
    window.accounts.select_first()
    bar, menu = window.menuBar(), window.menus.help
    for _ in range(5):
        QApplication.processEvents()
    fieldbook.wait()
    QApplication.processEvents()
    spot = bar.actionGeometry(menu.menuAction()).bottomLeft()
    menu.popup(bar.mapToGlobal(spot))
    menu.setActiveAction(window.menus.shortcuts)
    for _ in range(3):
        QApplication.processEvents()
    picture = window.grab()
    with QPainter(picture) as painter:
        painter.drawPixmap(window.mapFromGlobal(menu.pos()), menu.grab())
    menu.hide()
    shot = QLabel()
    shot.setPixmap(picture)
    shot.resize(picture.size())
    return shot
