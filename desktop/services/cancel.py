"""Stopping a read that nobody waits for any more (a count overtaken by the next
keystroke): the reader connection's progress handler checks a token every few
thousand SQLite instructions and aborts the statement once it is cancelled."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from desktop.store.cipher import OperationalError


class Cancelled(Exception):
    """The read was cancelled before it finished; its answer is not wanted."""


class CancelToken:
    """Set from any thread (the GUI's), read by the connection running the query."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


@contextmanager
def cancellable(conn: sqlite3.Connection, token: CancelToken | None,
                every: int = 4000) -> Iterator[None]:
    """Run the block's statements on ``conn`` so that ``token.cancel()`` stops
    them (raising :class:`Cancelled`), and never start once cancelled."""
    if token is None:
        yield
        return
    if token.cancelled:
        raise Cancelled
    conn.set_progress_handler(lambda: 1 if token.cancelled else 0, every)
    try:
        yield
    except OperationalError as exc:
        if token.cancelled:
            raise Cancelled from exc
        raise
    finally:
        conn.set_progress_handler(None, 0)
