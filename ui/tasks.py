"""Work off the GUI thread, results back on it.

``TaskRunner.run`` executes ``fn`` on a worker and calls ``on_success`` or
``on_failure`` on the GUI thread. Workers never touch widgets and never open
dialogs; progress goes through ``report`` (thread-safe) to a GUI callback.
Tests use :class:`ImmediateRunner`, which runs tasks on the spot.

Lanes: a task runs in the ``MAIN`` lane (previews, a solve, the reads a view
waits for) unless it names ``BACKGROUND`` (counting every match of a large
book, seconds at a million accounts): that lane has a thread of its own, at
low priority, so a count never delays what the rep is waiting for.
``REPORTS``: a report over the whole book (tens of seconds at a million
accounts) has a lane of its own too, so a search typed while it runs does not
wait for it, nor a count for it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThread, QThreadPool, Signal

Progress = Callable[[int, int], None]
MAIN = "main"
BACKGROUND = "background"
REPORTS = "reports"
# The page for what the rep just typed starts before loads queued earlier (the
# views a rep clicked through each queue a read: seconds at a million accounts).
TYPED = 1


class _Relay(QObject):
    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[Progress], Any], relay: _Relay) -> None:
        super().__init__()
        self.fn = fn
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.fn(self.relay.progressed.emit)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread
            self.relay.failed.emit(exc)
        else:
            self.relay.succeeded.emit(result)


def _while_alive(owner: QObject, callback: Callable[[Any], None]) -> Callable[[Any], None]:
    def call(value: Any) -> None:
        if shiboken6.isValid(owner):
            callback(value)
    return call


class TaskRunner(QObject):
    """One worker thread per lane (the main one, and one for background reads)."""

    def __init__(self, parent: QObject | None = None, threads: int = 1) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(threads)
        self._lanes: dict[str, QThreadPool] = {MAIN: self.pool}
        self._live: set[_Relay] = set()

    def _pool(self, lane: str) -> QThreadPool:
        pool = self._lanes.get(lane)
        if pool is None:
            pool = self._lanes[lane] = QThreadPool(self)
            pool.setMaxThreadCount(1)
            pool.setThreadPriority(QThread.Priority.LowPriority)
        return pool

    def run(
        self,
        fn: Callable[[Progress], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None],
        on_progress: Progress | None = None,
        *,
        lane: str = MAIN,
        owner: QObject | None = None,
        priority: int = 0,
    ) -> None:
        """``owner``: the widget the answer is for; once it is deleted (its dialog
        closed while the task ran) the answer is dropped instead of touching it.
        A bound method of a QObject as ``on_success`` names its owner itself.
        ``priority``: queued tasks of a higher one start first (``TYPED``)."""
        bound_to = getattr(on_success, "__self__", None)
        if owner is None and isinstance(bound_to, QObject):
            owner = bound_to
        if owner is not None:
            on_success = _while_alive(owner, on_success)
            on_failure = _while_alive(owner, on_failure)
        relay = _Relay()  # lives on the GUI thread: its signals are queued there
        self._live.add(relay)
        relay.succeeded.connect(on_success)
        relay.failed.connect(on_failure)
        if on_progress is not None:
            relay.progressed.connect(on_progress)
        relay.succeeded.connect(lambda _r: self._live.discard(relay))
        relay.failed.connect(lambda _e: self._live.discard(relay))
        self._pool(lane).start(_Job(fn, relay), priority)

    def wait(self, msecs: int = -1) -> bool:
        return all([pool.waitForDone(msecs) for pool in list(self._lanes.values())])


class ImmediateRunner(TaskRunner):
    """Runs each task at once on the calling thread (tests)."""

    def run(
        self,
        fn: Callable[[Progress], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None],
        on_progress: Progress | None = None,
        *,
        lane: str = MAIN,
        owner: QObject | None = None,
        priority: int = 0,
    ) -> None:
        try:
            result = fn(on_progress or (lambda _d, _t: None))
        except Exception as exc:  # noqa: BLE001
            on_failure(exc)
        else:
            on_success(result)
