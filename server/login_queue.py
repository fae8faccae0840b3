"""Sign-ins on one login take turns within a server process.

The rate limit records each attempt as a failure before its password is
checked (``server.auth.sign_in``), so concurrent attempts count one another.
Were two right passwords for one login in flight at once, each would count the
other's reservation; taking turns per login keeps that from refusing a rep who
signs in on several devices at the same moment. Other logins do not wait, and
no database lock is held while a password hash is checked.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class _Turn:
    lock: threading.Lock = field(default_factory=threading.Lock)
    waiting: int = 0


class LoginQueue:
    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._turns: dict[str, _Turn] = {}

    @contextmanager
    def turn(self, login: str, timeout: float) -> Iterator[bool]:
        """Wait (at most ``timeout`` seconds) for this login's turn; yields
        whether it came. Logins nobody waits for are forgotten."""
        with self._guard:
            turn = self._turns.setdefault(login, _Turn())
            turn.waiting += 1
        got = turn.lock.acquire(timeout=timeout)
        try:
            yield got
        finally:
            if got:
                turn.lock.release()
            with self._guard:
                turn.waiting -= 1
                if not turn.waiting:
                    del self._turns[login]
