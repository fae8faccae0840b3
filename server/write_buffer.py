"""A push's row writes held back and sent together.

A push of 100 edits used to send 100 UPDATEs, one round trip each (a third of
the request). Here consecutive writes of one shape (the same statement, the
same columns) wait and go as one executemany, which psycopg sends in one
pipeline. Any other statement on the connection sends them first (a
``before_execute`` listener), so every read, lock, savepoint or version step
sees the writes before it exactly as if they had gone at once; only where a
database error surfaces moves, to the next statement (``server.push`` redoes
the batch carefully on any database error in the fast path).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, event


class WriteBuffer:
    """Writes on ``conn`` waiting to be sent; :meth:`close` sends the rest."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._key: tuple[Any, ...] | None = None
        self._statement: Any = None
        self._params: list[dict[str, Any]] = []
        self._sending = False
        event.listen(conn, "before_execute", self._before)

    def add(self, key: tuple[Any, ...], statement: Any, params: dict[str, Any]) -> None:
        """Queue ``statement`` with ``params``; ``key`` names its shape (the
        statement and the sorted parameter names)."""
        if key != self._key:
            self.flush()
            self._key, self._statement = key, statement
        self._params.append(params)

    def flush(self) -> None:
        """Send what waits, as one statement (executemany when several)."""
        if not self._params:
            return
        statement, params = self._statement, self._params
        self._key, self._statement, self._params = None, None, []
        self._sending = True
        try:
            self.conn.execute(statement, params if len(params) > 1 else params[0])
        finally:
            self._sending = False

    def discard(self) -> None:
        """Forget what waits (the transaction is being redone)."""
        self._key, self._statement, self._params = None, None, []

    def close(self) -> None:
        """Send what waits and stop listening."""
        try:
            self.flush()
        finally:
            event.remove(self.conn, "before_execute", self._before)

    def _before(self, *_args: Any) -> None:
        if self._params and not self._sending:
            self.flush()
