"""A server database whose writes commit late, injected by tests (the server reads no hook).

``StallingDatabase`` holds every write transaction that wrote something open
for a while before it commits: a push that has taken its versions and waits,
to provoke late commits, concurrent pullers and kills mid-push. In-process
tests pass it where a ``Database`` goes; a server process runs it with

    python -m tests.server.stalling DATABASE_URL PORT SECONDS
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from server.db import Database, WriteTxn


class StallingDatabase(Database):
    """``before_stamp``: stall a parallel push (PostgreSQL) when its rows are
    written with provisional versions, before it takes the clock, instead."""

    def __init__(self, url: str, stall: Callable[[], None] | float, before_stamp: bool = False,
                 **engine_kwargs: Any) -> None:
        super().__init__(url, **engine_kwargs)
        self.stall = stall if callable(stall) else (lambda: time.sleep(float(stall)))
        self.before_stamp = before_stamp
        # Stalling after the stamp needs a stamp that does not commit.
        self.stamp_commits = before_stamp

    @contextmanager
    def write(self, deferred: bool = False) -> Iterator[WriteTxn]:
        with super().write(deferred) as txn:
            if self.before_stamp:
                stamp = txn.stamp

                def stalled(*args: Any, **kwargs: Any) -> None:
                    if not txn.locked:
                        self.stall()
                    stamp(*args, **kwargs)
                txn.stamp = stalled  # type: ignore[method-assign,assignment]
                yield txn
                return
            start = txn.version
            yield txn
            if txn.version != start:  # it wrote: it has its versions and commits late
                self.stall()


def serve(url: str, port: int, seconds: float) -> None:
    """The server as ``fieldbook-server serve`` runs it, with a stalling database."""
    import uvicorn

    from server.app import create_app
    from server.config import ServerConfig

    app = create_app(ServerConfig(database_url=url))
    app.state.db.dispose()
    app.state.db = StallingDatabase(url, seconds)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", timeout_keep_alive=30)


if __name__ == "__main__":
    serve(sys.argv[1], int(sys.argv[2]), float(sys.argv[3]))
