"""Undo for one-click destructive actions (remove a line, mark done, archive,
discard): the action happens at once, and for a while it can be taken back
with Ctrl+Z or the Undo button that appears in the status line.

    ops.undo.push(_("Line 2 removed."), lambda: services.proposal_edit.restore_line(line_id))

``push`` records what was done and its inverse; the inverse runs as an
operation on the store's writer (``write=False``: on the GUI thread, for
something not saved yet, such as a row of an unsent form; give it the form as
``owner`` and ``drop(owner)`` when the form closes). An entry can be undone for
``keep_s`` seconds (a minute); the Undo button shows for ``show_s`` (12 s)
after the latest push. Ctrl+Z in a text field still undoes typing: the field
takes the key before any window action does.

The main window mounts the app's stack: ``UndoBar`` in its status bar and
``action_for(window)``, an application-wide Ctrl+Z that reaches its dialogs
too. A modal dialog that removes things shows a bar of its own over the same
stack (``UndoBar(ops.undo)``), since the status line is behind it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from desktop.i18n import _
from ui import style

if TYPE_CHECKING:
    from ui.operations import Operations

KEEP_S = 60.0  # an entry can be undone this long
SHOW_S = 12.0  # the Undo button shows this long after the latest push (at least 10 s)


class Entry(NamedTuple):
    text: str
    inverse: Callable[[], object]
    write: bool
    at: float
    owner: QObject | None


class UndoStack(QObject):
    pushed = Signal(str)  # the text of what can now be undone
    undone = Signal(str)  # the text of what was undone
    changed = Signal()  # something pushed, undone or expired

    def __init__(self, ops: Operations | None, parent: QObject | None = None, *,
                 keep_s: float = KEEP_S, show_s: float = SHOW_S, depth: int = 20,
                 clock: Callable[[], float] = time.monotonic) -> None:
        """``ops`` runs the inverses that write (None: a stack for unsaved forms,
        whose inverses all run on the GUI thread)."""
        super().__init__(parent)
        self.ops = ops
        self.keep_s, self.show_s, self.depth = keep_s, show_s, depth
        self.clock = clock
        self._entries: list[Entry] = []
        self._actions: list[QAction] = []
        self._expiry = QTimer(self)
        self._expiry.setSingleShot(True)
        self._expiry.timeout.connect(self._expire)

    # -- the API -------------------------------------------------------------------
    def push(self, text: str, inverse: Callable[[], object], *, write: bool = True,
             owner: QObject | None = None) -> None:
        """Record ``text`` (what was done, e.g. "Line 2 removed.") and how to undo it."""
        if write and self.ops is None:
            raise ValueError("this undo stack has no operations to write with")
        self._entries.append(Entry(text, inverse, write, self.clock(), owner))
        del self._entries[:-self.depth]
        self._expiry.start(int(self.keep_s * 1000))
        self.pushed.emit(text)
        self._changed()

    def undo(self) -> bool:
        """Undo the latest action still in time; False when there is none."""
        self._drop_old()
        if not self._entries:
            self._changed()
            return False
        entry = self._entries.pop()
        self._changed()
        if entry.write:
            assert self.ops is not None
            self.ops.write(entry.inverse, title=_("Could not undo")) \
                .success(lambda _r: self.undone.emit(entry.text)).run()
        else:
            entry.inverse()
            self.undone.emit(entry.text)
        return True

    def can_undo(self) -> bool:
        self._drop_old()
        return bool(self._entries)

    def latest(self) -> str | None:
        self._drop_old()
        return self._entries[-1].text if self._entries else None

    def clear(self) -> None:
        self._entries.clear()
        self._changed()

    def drop(self, owner: QObject) -> None:
        """Forget the entries ``owner`` pushed (a form that closes)."""
        self._entries = [e for e in self._entries if e.owner is not owner]
        self._changed()

    def action_for(self, window: QWidget) -> QAction:
        """The Ctrl+Z action (one per stack: two actions on one shortcut would
        cancel each other); application-wide, so it reaches the window's dialogs."""
        action = QAction(_("Undo"), window)
        action.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        action.triggered.connect(lambda: self.undo())
        window.addAction(action)
        self._actions.append(action)
        action.destroyed.connect(lambda *_a, a=action: self._forget(a))
        self._update_actions()
        return action

    # -- bookkeeping -----------------------------------------------------------------
    def _drop_old(self) -> None:
        now = self.clock()
        self._entries = [e for e in self._entries if now - e.at < self.keep_s]

    def _expire(self) -> None:
        self._drop_old()
        if self._entries:
            left = self.keep_s - (self.clock() - self._entries[0].at)
            self._expiry.start(max(1, int(left * 1000)))
        self._changed()

    def _changed(self) -> None:
        self._update_actions()
        self.changed.emit()

    def _update_actions(self) -> None:
        latest = self._entries[-1].text if self._entries else None
        for action in self._actions:
            action.setEnabled(latest is not None)
            action.setToolTip(_("Undo: {what}").format(what=latest) if latest else "")

    def _forget(self, action: QAction) -> None:
        if action in self._actions:
            self._actions.remove(action)


class UndoBar(QWidget):
    """'Line 2 removed. [Undo]' for ``show_s`` seconds after each push."""

    def __init__(self, stack: UndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stack = stack
        self.label = style.muted(QLabel())
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.button = QPushButton(_("Undo"))
        self.button.setToolTip(_("Undo (Ctrl+Z)"))
        self.button.clicked.connect(lambda: self.stack.undo())
        box = QHBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(8)
        box.addWidget(self.label)
        box.addWidget(self.button)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._time_up)
        stack.pushed.connect(self._pushed)
        stack.undone.connect(self._undone)
        stack.changed.connect(self._changed)
        self.hide()

    def _pushed(self, text: str) -> None:
        self.label.setText(text)
        self.button.show()
        self.show()
        self._timer.start(int(self.stack.show_s * 1000))

    def _undone(self, text: str) -> None:
        self.label.setText(_("Undone: {what}").format(what=text))
        self.button.hide()
        self.show()
        self._timer.start(3000)

    def _changed(self) -> None:
        if not self.button.isHidden() and not self.stack.can_undo():
            self.hide()

    def _time_up(self) -> None:
        self.hide()
