"""Background reads keep one cache connection per thread: a Qt pool thread
runs each task in a fresh Python thread state, and a thread-local connection
was opened anew (and kept, with its 16 MB page cache) for every task; a
50,000-row sync grew the app past 15 GB that way."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QRunnable, QThreadPool

from desktop.store.store import Store


class _Read(QRunnable):
    def __init__(self, store: Store, seen: set[int]) -> None:
        super().__init__()
        self.store, self.seen = store, seen

    def run(self) -> None:
        assert self.store.reads().execute("SELECT 1").fetchone() == (1,)
        self.seen.add(threading.get_ident())


def test_pool_tasks_reuse_their_threads_connection(qapp: object, tmp_path: Path) -> None:
    store = Store(tmp_path / "cache.sqlite3")
    pool = QThreadPool()
    pool.setMaxThreadCount(2)
    seen: set[int] = set()
    try:
        for _ in range(200):
            pool.start(_Read(store, seen))
        pool.waitForDone()
        assert 1 <= len(seen) <= 2
        assert store.open_reads() <= len(seen) + 1  # and the main thread's, if it read
    finally:
        pool.waitForDone()
        store.close()
    assert store.open_reads() == 0


def test_ended_threads_give_their_connection_back(tmp_path: Path) -> None:
    store = Store(tmp_path / "cache.sqlite3")
    try:
        for _ in range(40):
            t = threading.Thread(target=lambda: store.reads().execute("SELECT 1"))
            t.start()
            t.join()
        store.reads()
        # This thread's, and at most the last two (a joined thread may still be exiting).
        assert store.open_reads() <= 3
    finally:
        store.close()
