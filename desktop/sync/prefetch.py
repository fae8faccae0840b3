"""Fetch pull page n+1 while page n is being applied.

The server encodes the next page while the cache writes this one, so an
initial sync takes about as long as the slower of the two, not their sum.
Pages are still applied strictly in order, each with its own cursor.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from typing import Any

Page = dict[str, Any]


class Prefetcher:
    def __init__(self, fetch: Callable[[int], Page], cursor: int, first: Page | None = None,
                 depth: int = 2) -> None:
        """``first``: the page at ``cursor``, already fetched (it is not asked again)."""
        self._fetch = fetch
        self._queue: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(cursor, first), daemon=True,
                                        name="sync-prefetch")
        self._thread.start()

    def _run(self, cursor: int, first: Page | None) -> None:
        try:
            while not self._stop.is_set():
                page, first = (first, None) if first is not None else (self._fetch(cursor), None)
                if not self._put(("page", page)) or not page["more"]:
                    return
                cursor = int(page["cursor"])
        except BaseException as exc:  # noqa: BLE001 - re-raised on the consuming thread
            self._put(("error", exc))

    def _put(self, item: tuple[str, Any]) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def __iter__(self) -> Iterator[Page]:
        while True:
            kind, value = self._queue.get()
            if kind == "error":
                raise value
            yield value
            if not value["more"]:
                return

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)
