"""Real sync: a server process on loopback (SQLite or PostgreSQL) and client caches."""

from __future__ import annotations

import os
import signal
import socket
import ssl
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from desktop.services.accounts import AccountService
from desktop.services.history import HistoryService
from desktop.store.store import Store
from desktop.sync.client import SyncClient
from desktop.sync.transport import Transport
from server.db import Database
from tests.server import factories
from tests.server.conftest import server_db, server_url  # noqa: F401 - shared fixtures


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class ServerProcess:
    """One ``fieldbook-server`` process; tests stop, kill and restart it."""

    db_url: str
    port: int = field(default_factory=free_port)
    env: dict[str, str] = field(default_factory=dict)
    proc: subprocess.Popen[bytes] | None = None
    # HTTPS: (certificate, key, the CA file that signed them) for ``serve --certfile``.
    tls: tuple[str, str, str] | None = None

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def start(self, stall_push: float = 0.0, **env: str) -> ServerProcess:
        """``stall_push``: each push holds its transaction open this many seconds
        before it commits (``tests.server.stalling``, injected, not read by the server)."""
        full = {**os.environ, "FIELDBOOK_DATABASE_URL": self.db_url, **self.env, **env}
        command = [sys.executable, "-m", "server", "serve", "--database-url", self.db_url,
                   "--port", str(self.port)]
        if self.tls:
            command += ["--certfile", self.tls[0], "--keyfile", self.tls[1]]
        if stall_push:
            command = [sys.executable, "-m", "tests.server.stalling", self.db_url,
                       str(self.port), str(stall_push)]
        self.proc = subprocess.Popen(command, env=full)
        verify = ssl.create_default_context(cafile=self.tls[2]) if self.tls else True
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                httpx.get(f"{self.url}/v1/hello", timeout=1, verify=verify).raise_for_status()
                return self
            except httpx.HTTPError:
                if self.proc.poll() is not None:
                    raise RuntimeError("server process exited") from None
                time.sleep(0.05)
        self.kill()  # no server left behind by a test that failed to start it
        raise RuntimeError("server did not start")

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)


@dataclass
class Replica:
    """A rep's laptop: a cache, the services that edit it, and its sync client."""

    path: Path
    user_id: uuid.UUID
    token: str
    server: ServerProcess
    store: Store = field(init=False)
    client: SyncClient = field(init=False)

    def __post_init__(self) -> None:
        self.store = Store(self.path)
        self.client = SyncClient(self.path, Transport(self.server.url, self.token),
                                 user_id=self.user_id.hex, pull_page=50,
                                 writer=self.store.writer)

    @property
    def accounts(self) -> AccountService:
        return AccountService(self.store, user_id=self.user_id)

    @property
    def history(self) -> HistoryService:
        return HistoryService(self.store, user_id=self.user_id)

    def sync(self, **kwargs: object):  # type: ignore[no-untyped-def]
        return self.client.sync(**kwargs)  # type: ignore[arg-type]

    def rows(self, sql: str, *args: object) -> list[tuple[object, ...]]:
        return self.store.reads().execute(sql, args).fetchall()

    def reopen(self) -> None:
        """As after the app was killed: new connections, same file."""
        self.client.close()
        self.store.close()
        self.__post_init__()

    def close(self) -> None:
        self.client.close()
        self.store.close()


@pytest.fixture
def server(server_url: str) -> Iterator[ServerProcess]:  # noqa: F811
    proc = ServerProcess(server_url).start()
    yield proc
    proc.stop()


@pytest.fixture
def admin_db(server_url: str) -> Iterator[Database]:  # noqa: F811
    db = Database(server_url)
    yield db
    db.dispose()


@pytest.fixture
def make_replica(tmp_path: Path, server: ServerProcess, admin_db: Database):  # type: ignore[no-untyped-def]
    made: list[Replica] = []

    def make(login: str, territories: tuple[str, ...] = ("EAST",), role: str = "rep",
             user_id: uuid.UUID | None = None) -> Replica:
        uid = user_id or factories.user(admin_db, login, role, territories)
        replica = Replica(tmp_path / f"{login}-{len(made)}.sqlite3", uid,
                          factories.token(admin_db, uid), server)
        made.append(replica)
        return replica

    yield make
    for replica in made:
        replica.close()


def territory_id(replica: Replica, code: str) -> uuid.UUID:
    row = replica.rows("SELECT id FROM territories WHERE code = ?", code)
    return uuid.UUID(hex=str(row[0][0]))
