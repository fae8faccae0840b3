"""Sign-ins at the same moment, over HTTP against a real server process.

Each test lines its threads up on a barrier, so the requests reach the server
together: simultaneous correct sign-ins all succeed (SQLite answered five of
six with 500, "database is locked"), and simultaneous wrong passwords pass the
rate limit no more often than it allows (all 15 used to reach the password
check). Malformed sign-ins are refused with a 4xx and count as failures.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from server.config import ServerConfig
from server.db import Database
from server.tables import login_attempts, tokens
from server.users import create_user
from tests.sync.conftest import ServerProcess

LIMIT = ServerConfig(database_url="").login_failures_per_login  # what the server runs with
PASSWORD = "correct horse battery"


@pytest.fixture
def ann(admin_db: Database) -> str:
    create_user(admin_db, name="Ann Rep", email="ann@example.com", login="ann",
                password=PASSWORD, role="rep", territory_codes=["EAST"], manager_login=None,
                now=datetime.now(UTC))
    return "ann"


def _together(server: ServerProcess, bodies: list[Any]) -> list[httpx.Response]:
    """POST every body to /v1/login at once, one thread and connection each."""
    barrier = threading.Barrier(len(bodies))
    answers: list[httpx.Response | None] = [None] * len(bodies)

    def send(i: int) -> None:
        with httpx.Client(base_url=server.url, timeout=60) as http:
            barrier.wait()
            if isinstance(bodies[i], bytes):
                answers[i] = http.post("/v1/login", content=bodies[i],
                                       headers={"content-type": "application/json"})
            else:
                answers[i] = http.post("/v1/login", json=bodies[i])

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(bodies))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert all(a is not None for a in answers), "a sign-in did not come back"
    return [a for a in answers if a is not None]


def _attempts(db: Database, login: str | None = None) -> int:
    query = select(func.count()).select_from(login_attempts)
    if login is not None:
        query = query.where(login_attempts.c.login == login)
    with db.read() as conn:
        return int(conn.execute(query).scalar_one())


def test_six_simultaneous_correct_sign_ins_all_succeed(server: ServerProcess, admin_db: Database,
                                                        ann: str) -> None:
    body = {"login": ann, "password": PASSWORD, "client_name": "laptop"}
    answers = _together(server, [body] * 6)
    assert [a.status_code for a in answers] == [200] * 6, [a.text for a in answers]
    assert len({a.json()["token"] for a in answers}) == 6
    with admin_db.read() as conn:
        assert conn.execute(select(func.count()).select_from(tokens)).scalar_one() == 6


def test_fifteen_simultaneous_wrong_passwords_meet_the_limit(server: ServerProcess,
                                                             admin_db: Database,
                                                             ann: str) -> None:
    body = {"login": ann, "password": "wrong guess", "client_name": "x"}
    answers = _together(server, [body] * 15)
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [401] * LIMIT + [429] * (15 - LIMIT)
    for refused in (a for a in answers if a.status_code == 429):
        assert int(refused.headers["retry-after"]) > 0
        assert refused.json()["code"] == "rate_limited"
    # Only the attempts that reached the password check were recorded.
    assert _attempts(admin_db, ann) == LIMIT
    right = httpx.post(f"{server.url}/v1/login", json={"login": ann, "password": PASSWORD})
    assert right.status_code == 429  # the limit holds for the right password too


MALFORMED: list[Any] = [
    b'{"login": "ann", "password": "\\ud800 lone surrogate"}',
    {"login": "ann", "password": 12345678},  # a number, not text
    {"login": "ann", "password": "x" * 5000},  # beyond the protocol's 1,024 characters
    {"login": "ann", "password": PASSWORD, "client_name": ["a", "list"]},
    {"login": "ann", "password": PASSWORD, "admin": True},  # an unknown key
]


def test_malformed_sign_ins_get_4xx_and_count_against_the_limit(server: ServerProcess,
                                                                admin_db: Database,
                                                                ann: str) -> None:
    assert len(MALFORMED) == LIMIT
    answers = _together(server, MALFORMED)
    assert [a.status_code for a in answers] == [422] * LIMIT, [a.text for a in answers]
    assert _attempts(admin_db, ann) == LIMIT
    right = httpx.post(f"{server.url}/v1/login", json={"login": ann, "password": PASSWORD})
    assert right.status_code == 429 and right.headers["retry-after"] == "300"


def test_unreadable_sign_ins_count_for_the_address(server: ServerProcess,
                                                   admin_db: Database) -> None:
    bodies: list[Any] = [
        b'{"login": "\\ud800", "password": "x"}',  # a login with a lone surrogate
        b'{"login": ["a"], "password": "x"}',  # a login that is a list
        b'{"login": "' + b"a" * 100_000 + b'", "password": "x"}',  # a huge login
        b"not json at all",
        b'"a string"',
    ]
    answers = _together(server, bodies)
    assert all(400 <= a.status_code < 500 for a in answers), [a.text for a in answers]
    assert sorted({a.json()["code"] for a in answers}) == ["bad_json", "invalid"]
    assert _attempts(admin_db) == len(bodies)
    with admin_db.read() as conn:
        logins = sorted(conn.execute(select(login_attempts.c.login)).scalars())
        remotes = set(conn.execute(select(login_attempts.c.remote)).scalars())
        failed = conn.execute(select(func.count()).select_from(login_attempts)
                              .where(login_attempts.c.ok.is_(False))).scalar_one()
    assert remotes == {"127.0.0.1"} and failed == len(bodies)
    assert logins == ["", "", "", "?", "a" * 120]  # stored as text any database keeps
