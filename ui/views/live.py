"""How a view keeps up with the change bus.

A view says which changes it shows and how it refreshes. A change it shows is
applied at once while the view is visible; while it is hidden the view is only
marked stale and refreshes the next time it is shown. ``refresh(reset)`` is
told ``reset=True`` after ``Changes.everything`` (the cache was emptied or
filled wholesale): then the view reloads; otherwise it updates the rows in
place (no model reset, so the selection and the scroll position stay).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from desktop.store.changes import Changes
from ui.change_bus import ChangeBus


class LiveUpdates(QObject):
    def __init__(self, view: QWidget, bus: ChangeBus, shows: Callable[[Changes], bool],
                 refresh: Callable[[bool], None]) -> None:
        super().__init__(view)
        self.view = view
        self.shows = shows
        self.refresh = refresh
        self.stale = False
        self._reset = False
        view.installEventFilter(self)
        bus.changed.connect(self._changed)

    def _changed(self, changes: Changes, _initiator: object) -> None:
        if self.shows(changes):
            self.mark(changes.everything)

    def mark(self, reset: bool = False) -> None:
        """Something the view shows changed (told by other than the bus)."""
        self._reset = self._reset or reset
        if self.view.isVisible():
            self.flush()
        else:
            self.stale = True

    def flush(self) -> None:
        """Apply what is waiting now."""
        reset, self._reset, self.stale = self._reset, False, False
        self.refresh(reset)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Show and self.stale:
            self.flush()
        return False
