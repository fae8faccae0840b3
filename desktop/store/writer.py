"""The one writer of the cache.

Every write (a rep's save, a pulled page, sync bookkeeping, demo data) runs as
a job of one writer, so SQLite never sees two writers fight over its lock and
the GUI thread never waits on one. In the app the writer is a thread of its
own (:class:`ThreadWriter`) that owns the write connections; a rep's job goes
ahead of sync's queued chunks, so a save waits at most for the chunk being
written. Scripts and tests use :class:`ImmediateWriter`, which runs each job on
the calling thread, one at a time.

Two connections, both used only inside jobs: the ORM engine's (foreign keys
on; services' units of work) and a plain sqlite3 one for sync's bulk pages
(foreign keys off: a child may arrive a page before its updated parent).
"""

from __future__ import annotations

import itertools
import queue
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any, TypeVar

from desktop.store import pragmas
from desktop.store.cipher import CacheKey, connect

T = TypeVar("T")

USER = 0  # a rep's edit: goes first
SYNC = 1  # a chunk of a sync: behind any waiting edit


class Writer:
    """What both writers share: the bulk connection and ``transaction``."""

    def __init__(self, path: Path, key: CacheKey | None = None) -> None:
        self.path = path
        self.key = key
        self._raw: sqlite3.Connection | None = None
        self._inside = threading.local()

    def inside(self) -> bool:
        """Whether the calling code runs as one of this writer's jobs."""
        return bool(getattr(self._inside, "depth", 0))

    def submit(self, fn: Callable[[], T], priority: int = USER) -> Future[T]:
        raise NotImplementedError

    def waiting(self) -> bool:
        """Whether another job waits for the writer (a long job then commits and yields)."""
        return False

    def call(self, fn: Callable[[], T], priority: int = SYNC) -> T:
        """Run ``fn`` as a job and wait for its result (never from the GUI thread)."""
        if self.inside():
            return fn()
        return self.submit(fn, priority).result()

    def transaction(self, fn: Callable[[sqlite3.Connection], T], priority: int = SYNC) -> T:
        """``fn(conn)`` inside one ``BEGIN IMMEDIATE`` on the bulk connection."""
        def job() -> T:
            conn = self._bulk()
            conn.execute("BEGIN IMMEDIATE")
            try:
                result = fn(conn)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
            return result
        return self.call(job, priority)

    def _bulk(self) -> sqlite3.Connection:
        if self._raw is None:
            self._raw = connect(self.path, self.key, isolation_level=None,
                                check_same_thread=False, timeout=30)
            pragmas.apply(self._raw)
            self._raw.execute("PRAGMA foreign_keys=OFF")
            self._raw.execute("PRAGMA cache_size=-131072")  # pages and index builds
        return self._raw

    def _run(self, fn: Callable[[], T]) -> T:
        self._inside.depth = getattr(self._inside, "depth", 0) + 1
        try:
            return fn()
        finally:
            self._inside.depth -= 1

    def _settle(self, fn: Callable[[], T], future: Future[T]) -> None:
        """Run ``fn`` as a job here and now; its result or exception goes to ``future``."""
        try:
            future.set_result(self._run(fn))
        except BaseException as exc:  # noqa: BLE001 - handed to whoever reads the future
            future.set_exception(exc)

    def close(self) -> None:
        if self._raw is not None:
            self._raw.close()
            self._raw = None


class ImmediateWriter(Writer):
    """Runs each job at once on the calling thread, one job at a time."""

    def __init__(self, path: Path, key: CacheKey | None = None) -> None:
        super().__init__(path, key)
        self._lock = threading.RLock()
        self._waiters = 0  # other threads blocked on the lock
        self._count = threading.Lock()

    def submit(self, fn: Callable[[], T], priority: int = USER) -> Future[T]:
        future: Future[T] = Future()
        if self.inside():
            self._settle(fn, future)
            return future
        with self._count:
            self._waiters += 1
        with self._lock:
            with self._count:
                self._waiters -= 1
            self._settle(fn, future)
        return future

    def waiting(self) -> bool:
        return self._waiters > 0


class ThreadWriter(Writer):
    """A thread that runs every write, the rep's edits before sync's chunks."""

    def __init__(self, path: Path, key: CacheKey | None = None) -> None:
        super().__init__(path, key)
        self._queue: queue.PriorityQueue[tuple[int, int, Any]] = queue.PriorityQueue()
        self._order = itertools.count()
        self._thread = threading.Thread(target=self._loop, name="fieldbook-writer", daemon=True)
        self._closed = False
        self._thread.start()

    def submit(self, fn: Callable[[], T], priority: int = USER) -> Future[T]:
        future: Future[T] = Future()
        if self._closed:
            future.set_exception(RuntimeError("the cache is closed"))
            return future
        if self.inside():  # a job that writes more runs it in place
            self._settle(fn, future)
            return future
        self._queue.put((priority, next(self._order), (fn, future)))
        return future

    def waiting(self) -> bool:
        return not self._queue.empty()

    def _loop(self) -> None:
        while True:
            _priority, _n, item = self._queue.get()
            if item is None:
                break
            fn, future = item
            if future.set_running_or_notify_cancel():
                self._settle(fn, future)
        super().close()

    def close(self) -> None:
        """Finish the queued jobs, then stop the thread and close its connection."""
        if self._closed:
            return
        self._closed = True
        self._queue.put((2, next(self._order), None))
        self._thread.join()
