"""How a view keeps up with the change bus.

A view says which changes it shows and how it refreshes. A change it shows is
applied at once while the view is visible; while it is hidden the view is only
marked stale and refreshes the next time it is shown. ``refresh(reset)`` is
told ``reset=True`` after ``Changes.everything`` (the cache was emptied or
filled wholesale): then the view reloads; otherwise it updates the rows in
place (no model reset, so the selection and the scroll position stay).

A read a view queued may start after the rep has moved on (clicking through
the views queues one each: at a million accounts the pipeline's sums take
3 s, and a search typed in the next view waited for them). ``unless_hidden``
wraps such a read: if the view was hidden by the time the worker starts it,
it does not run, and ``skipped`` marks the view stale, so it reads again
when next shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from desktop.store.changes import Changes
from ui.change_bus import ChangeBus

T = TypeVar("T")


class _Skipped:
    """What a read wrapped by ``unless_hidden`` gives when it did not run."""

    def __repr__(self) -> str:
        return "SKIPPED"


SKIPPED: Any = _Skipped()


class LiveUpdates(QObject):
    def __init__(self, view: QWidget, bus: ChangeBus, shows: Callable[[Changes], bool],
                 refresh: Callable[[bool], None]) -> None:
        super().__init__(view)
        self.view = view
        self.shows = shows
        self.refresh = refresh
        self.stale = False
        self._reset = False
        self.hidden = False  # hidden since it was last shown (read on workers)
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

    def unless_hidden(self, read: Callable[..., T]) -> Callable[..., T]:
        """``read`` for a worker: it gives :data:`SKIPPED` instead of running if the
        view has been hidden since it was queued (a view never shown reads)."""
        def guarded(*args: Any) -> T:
            return SKIPPED if self.hidden else read(*args)
        return guarded

    def skipped(self) -> None:
        """A read of this view did not run (see ``unless_hidden``): all again when shown."""
        self.mark(reset=True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Hide:
            self.hidden = True
        elif event.type() == QEvent.Type.Show:
            self.hidden = False
            if self.stale:
                self.flush()
        return False
