"""Writes and slow reads off the GUI thread, with Anki's shape:

    ops.write(lambda: services.accounts.update(...), parent=self) \
       .success(self._saved).failure(self._show_errors).run()

A write runs as a job of the store's one writer; its result comes back on the
GUI thread. A result that carries :class:`Changes` (a ``Changes``, or anything
with a ``changes`` attribute such as ``Saved``) is published on the change bus
before ``success`` runs, so views update the rows it touched. With no
``failure`` callback a failure is shown in a message box (and logged); a
failure is never dropped. Widgets are touched only in the callbacks, which run
on the GUI thread; the job itself must not touch them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, Generic, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from desktop.i18n import _
from desktop.services.base import NotFound
from desktop.services.validation import ValidationError
from desktop.store.changes import Changes
from desktop.store.store import Store
from desktop.store.writer import USER
from ui.change_bus import ChangeBus
from ui.prompts import Prompts
from ui.tasks import MAIN, TaskRunner

if TYPE_CHECKING:
    from ui.undo import UndoStack

T = TypeVar("T")
log = logging.getLogger(__name__)


def changes_of(result: object) -> Changes:
    """The change record a service's result carries, if any."""
    if isinstance(result, Changes):
        return result
    carried = getattr(result, "changes", None)
    return carried if isinstance(carried, Changes) else Changes()


def explain(exc: BaseException) -> str:
    """What the rep reads: a service's own message, or a plain apology."""
    if isinstance(exc, ValidationError):
        return "\n".join(exc.errors.values()) or str(exc)
    if isinstance(exc, NotFound | PermissionError | ValueError):
        return str(exc)
    return _("Something went wrong and nothing was saved: {error}").format(
        error=str(exc) or type(exc).__name__)


class _Relay(QObject):
    """Lives on the GUI thread; a signal emitted from the writer is queued to it."""

    done = Signal(object)


class Operation(Generic[T]):
    def __init__(self, ops: Operations, fn: Callable[[], T], parent: QWidget | None,
                 initiator: object | None, title: str) -> None:
        self._ops = ops
        self._fn = fn
        self._parent = parent
        self._initiator = initiator if initiator is not None else parent
        self._title = title
        self._success: Callable[[T], None] | None = None
        self._failure: Callable[[BaseException], None] | None = None

    def success(self, callback: Callable[[T], None]) -> Operation[T]:
        self._success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> Operation[T]:
        """Handle a failure yourself (e.g. messages under the fields)."""
        self._failure = callback
        return self

    def run(self) -> None:
        relay = _Relay()
        self._ops._live.add(relay)
        relay.done.connect(lambda future: self._finish(relay, future))
        future = self._ops.store.writer.submit(self._fn, USER)
        future.add_done_callback(relay.done.emit)

    def _finish(self, relay: _Relay, future: Future[T]) -> None:
        self._ops._live.discard(relay)
        exc = future.exception()
        if exc is not None:
            self._ops.failed(exc, self._parent, self._title, self._failure)
            return
        result = future.result()
        self._ops.bus.publish(changes_of(result), self._initiator)
        if self._success is not None:
            self._success(result)


class Operations:
    """Built once by the app and passed to every view and dialog that writes."""

    def __init__(self, store: Store, bus: ChangeBus, prompts: Prompts,
                 reads: TaskRunner | None = None) -> None:
        self.store = store
        self.bus = bus
        self.prompts = prompts
        self.reads = reads or TaskRunner()
        self._live: set[_Relay] = set()
        self._undo: UndoStack | None = None

    @property
    def undo(self) -> UndoStack:
        """The app's undo stack: ``ops.undo.push(text, inverse)`` after a one-click
        destructive write (see :mod:`ui.undo`)."""
        if self._undo is None:
            from ui.undo import UndoStack

            self._undo = UndoStack(self)
        return self._undo

    def write(self, fn: Callable[[], T], *, parent: QWidget | None = None,
              initiator: object | None = None, title: str | None = None) -> Operation[T]:
        """A write as a job of the store's writer; ``initiator`` defaults to ``parent``."""
        return Operation(self, fn, parent, initiator, title or _("Not saved"))

    def query(self, fn: Callable[[], T], on_result: Callable[[T], None],
              parent: QWidget | None = None, lane: str = MAIN, priority: int = 0) -> None:
        """A slow read on the read pool (``lane``, ``priority``: see
        :mod:`ui.tasks`); a failure is shown, never dropped."""
        self.reads.run(lambda _report: fn(), on_result,
                       lambda exc: self.failed(exc, parent, _("Could not load"), None),
                       lane=lane, priority=priority)

    def failed(self, exc: BaseException, parent: QWidget | None, title: str,
               handler: Callable[[BaseException], None] | None) -> None:
        if not isinstance(exc, ValidationError | NotFound):
            log.error("operation failed", exc_info=exc)
        if handler is not None:
            handler(exc)
        else:
            self.prompts.error(parent, title, explain(exc))
