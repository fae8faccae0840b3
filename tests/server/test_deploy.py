"""Running the server for a sales force: /health, request logs, --workers."""

from __future__ import annotations

import json
import logging
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from desktop.domain import wire
from server.app import create_app
from server.cli import main
from server.config import ServerConfig
from server.db import Database
from server.request_log import LOGGER
from tests.server import factories


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[dict[str, object]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(json.loads(record.getMessage()))


@pytest.fixture
def request_lines() -> Iterator[Lines]:
    handler, level = Lines(), LOGGER.level
    LOGGER.addHandler(handler)
    LOGGER.setLevel(logging.INFO)
    yield handler
    LOGGER.removeHandler(handler)
    LOGGER.setLevel(level)


def test_health_checks_the_database(server_url: str) -> None:
    with TestClient(create_app(ServerConfig(database_url=server_url))) as client:
        answer = client.get("/health")
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "ok"
    assert body["db"] == server_url.split(":")[0].split("+")[0]
    assert body["version"] and body["version"] != "unknown"


# The port is chosen when the test runs: a parameter must be the same in every
# pytest-xdist worker's collection.
@pytest.mark.parametrize("url", [
    "sqlite:////nonexistent-folder/fieldbook/server.sqlite3",
    "postgresql+psycopg://postgres@127.0.0.1:{port}/fieldbook?connect_timeout=2",
], ids=["sqlite", "postgresql"])
def test_health_is_503_without_a_database(url: str) -> None:
    url = url.format(port=_free_port())
    with TestClient(create_app(ServerConfig(database_url=url)),
                    raise_server_exceptions=False) as client:
        answer = client.get("/health")
    assert answer.status_code == 503
    assert answer.json()["status"] == "unavailable"
    assert answer.json()["db"] == url.split(":")[0].split("+")[0]


def test_each_request_logs_one_json_line(server_url: str, request_lines: Lines) -> None:
    db = Database(server_url)
    ann = factories.user(db, "ann", "rep", ("EAST",))
    token = factories.token(db, ann)
    db.dispose()
    versions = {"protocol": wire.PROTOCOL_VERSION, "schema": wire.schema_fingerprint()}
    with TestClient(create_app(ServerConfig(database_url=server_url))) as client:
        assert client.get("/v1/hello").status_code == 200
        assert client.post("/v1/pull", json={**versions, "cursor": 0},
                           headers={"Authorization": f"Bearer {token}"}).status_code == 200
        assert client.post("/v1/pull", json={**versions, "cursor": 0},
                           headers={"Authorization": "Bearer wrong"}).status_code == 401
    hello, pulled, refused = request_lines.lines
    assert {k: hello[k] for k in ("method", "path", "status", "user")} == {
        "method": "GET", "path": "/v1/hello", "status": 200, "user": None}
    assert (pulled["method"], pulled["path"], pulled["status"], pulled["user"]) == (
        "POST", "/v1/pull", 200, ann.hex)
    assert (refused["status"], refused["user"]) == (401, None)
    for line in request_lines.lines:
        assert isinstance(line["duration_ms"], float) and line["duration_ms"] > 0


def test_several_workers_need_postgresql(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    assert main(["serve", "--workers", "2", "--database-url", url]) == 2
    err = capsys.readouterr().err
    assert "--workers 2 needs a PostgreSQL database" in err
    assert main(["serve", "--workers", "0", "--database-url", url]) == 2
    assert "at least 1" in capsys.readouterr().err


def test_two_workers_on_postgresql_answer_health(tmp_path: Path) -> None:
    from tests.server.conftest import _migrate, _pg_database

    for url in _pg_database():
        _migrate(url)
        port = _free_port()
        proc = subprocess.Popen([sys.executable, "-m", "server", "serve", "--workers", "2",
                                 "--database-url", url, "--port", str(port)],
                                stderr=subprocess.PIPE)
        try:
            deadline, answer = time.monotonic() + 60, None
            while time.monotonic() < deadline and answer is None:
                try:
                    answer = httpx.get(f"http://127.0.0.1:{port}/health", timeout=2)
                except httpx.HTTPError:
                    assert proc.poll() is None, "the server exited"
                    time.sleep(0.2)
            assert answer is not None and answer.status_code == 200
            assert answer.json()["db"] == "postgresql"
        finally:
            proc.terminate()
            _, err = proc.communicate(timeout=30)
        lines = [json.loads(x) for x in err.decode().splitlines() if x.startswith("{")]
        assert any(x["path"] == "/health" and x["status"] == 200 for x in lines)


def test_workers_share_the_databases_connections(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each of N processes gets 60 / N connections, all kept open once opened
    (none closed after a burst), so ``serve --workers 4`` stays within
    PostgreSQL's default 100."""
    from server.cli import DB_CONNECTIONS
    from server.db import make_engine

    url = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    alone = make_engine(url)
    assert (alone.pool.size(), alone.pool._max_overflow) == (30, 0)  # type: ignore[attr-defined]
    monkeypatch.setenv("FIELDBOOK_DB_CONNECTIONS", str(DB_CONNECTIONS // 4))
    shared = make_engine(url)
    assert (shared.pool.size(), shared.pool._max_overflow) == (15, 0)  # type: ignore[attr-defined]
    alone.dispose()
    shared.dispose()
