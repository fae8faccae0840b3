"""While a password is being checked: its attempt already counts, and nothing is locked."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from server import auth
from server.config import ServerConfig
from server.db import Database
from server.login_queue import LoginQueue
from server.tables import login_attempts
from server.users import create_user
from tests.server import factories

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def test_an_attempt_under_check_counts_and_holds_no_lock(server_db: Database,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    create_user(server_db, name="Ann Rep", email="ann@example.com", login="ann",
                password="correct horse", role="rep", territory_codes=["EAST"],
                manager_login=None, now=NOW)
    checking, release = threading.Event(), threading.Event()
    real = auth.verify_password

    def slow(stored: str, password: str) -> bool:
        checking.set()
        assert release.wait(30)
        return real(stored, password)

    monkeypatch.setattr(auth, "verify_password", slow)
    config = ServerConfig(database_url=server_db.url)
    outcome: list[Any] = []

    def sign_in() -> None:
        try:
            outcome.append(auth.sign_in(server_db, config, "ann", "correct horse", "10.0.0.9",
                                        "laptop", NOW, LoginQueue()))
        except Exception as exc:  # noqa: BLE001 - reported on the test's thread
            outcome.append(exc)

    worker = threading.Thread(target=sign_in)
    worker.start()
    try:
        assert checking.wait(30)
        # The attempt is recorded (as a failure until the check says otherwise) ...
        with server_db.read() as conn:
            assert conn.execute(select(login_attempts.c.login, login_attempts.c.ok)).all() \
                == [("ann", False)]
        # ... and writes go on meanwhile: no transaction waits for the hash.
        factories.territory(server_db, "WEST")
    finally:
        release.set()
        worker.join(30)
    assert isinstance(outcome[0], auth.IssuedToken), outcome
    with server_db.read() as conn:
        assert conn.execute(select(login_attempts.c.ok)).scalars().all() == [True]


def test_turns_per_login_do_not_hold_up_other_logins() -> None:
    queue = LoginQueue()
    with queue.turn("ann", 1) as first:
        assert first
        with queue.turn("bob", 1) as other:
            assert other  # another login: no wait
        got: list[bool] = []
        waiter = threading.Thread(target=lambda: got.append(_turn(queue, "ann", 0.2)))
        waiter.start()
        waiter.join(5)
        assert got == [False]  # ann's turn is taken: the wait ends without it
    assert _turn(queue, "ann", 0.2)
    assert queue._turns == {}  # nobody waits: nothing kept


def _turn(queue: LoginQueue, login: str, timeout: float) -> bool:
    with queue.turn(login, timeout) as got:
        return got
