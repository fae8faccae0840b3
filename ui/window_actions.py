"""Actions of the whole main window (Find, New account, Quit…)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget


def window_action(window: QWidget, text: str,
                  keys: QKeySequence | QKeySequence.StandardKey, slot: object) -> QAction:
    """An action of the whole window, its shortcut working in its dialogs too."""
    action = QAction(text, window)
    if isinstance(keys, QKeySequence.StandardKey):
        action.setShortcuts(keys)  # all of the platform's bindings
    else:
        action.setShortcut(keys)
    action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
    action.triggered.connect(slot)
    window.addAction(action)
    return action
