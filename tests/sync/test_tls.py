"""HTTPS without a proxy: ``fieldbook-server serve --certfile --keyfile`` and an app
that verifies the certificate (a CA file from the settings, else the system's store).

The certificates come from ``trustme``: a throwaway CA that no system trusts,
which is exactly a small deployment's own CA.
"""

from __future__ import annotations

import ssl
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import trustme
from sqlalchemy import select

from desktop.services.accounts import AccountService
from desktop.settings import SettingsFile
from desktop.store.store import Store
from desktop.sync.client import SyncClient
from desktop.sync.service import SyncService
from desktop.sync.tls import UntrustedServer
from desktop.sync.transport import Transport
from server.cli import main
from server.db import Database
from server.tables import tokens
from server.users import create_user
from tests.server import factories
from tests.sync.conftest import ServerProcess
from tests.sync.test_service import MemoryTokens


def _issue(ca: trustme.CA, folder: Path) -> tuple[str, str]:
    cert = ca.issue_cert("127.0.0.1", "localhost")
    cert_file, key_file = folder / "server.pem", folder / "server.key"
    cert.cert_chain_pems[0].write_to_path(str(cert_file))
    for extra in cert.cert_chain_pems[1:]:
        extra.write_to_path(str(cert_file), append=True)
    cert.private_key_pem.write_to_path(str(key_file))
    return str(cert_file), str(key_file)


@pytest.fixture
def ca_file(tmp_path: Path) -> Iterator[tuple[trustme.CA, str]]:
    ca = trustme.CA()
    path = tmp_path / "company-ca.pem"
    ca.cert_pem.write_to_path(str(path))
    yield ca, str(path)


@pytest.fixture
def tls_server(server_url: str, tmp_path: Path,
               ca_file: tuple[trustme.CA, str]) -> Iterator[ServerProcess]:
    cert, key = _issue(ca_file[0], tmp_path)
    proc = ServerProcess(server_url, tls=(cert, key, ca_file[1])).start()
    yield proc
    proc.stop()


def _client(path: Path, server: ServerProcess, db: Database, login: str,
            ca: str | None) -> tuple[Store, SyncClient]:
    uid = factories.user(db, login, "rep", ("EAST",))
    store = Store(path)
    return store, SyncClient(path, Transport(server.url, factories.token(db, uid), ca_file=ca),
                             user_id=uid.hex, writer=store.writer)


def _east(store: Store) -> uuid.UUID:
    found = store.reads().execute("SELECT id FROM territories WHERE code = 'EAST'").fetchone()
    return uuid.UUID(hex=str(found[0]))


def test_an_app_with_the_ca_file_syncs_over_https(tls_server: ServerProcess, admin_db: Database,
                                                  ca_file: tuple[trustme.CA, str],
                                                  tmp_path: Path) -> None:
    store, client = _client(tmp_path / "ann.sqlite3", tls_server, admin_db, "ann", ca_file[1])
    try:
        client.sync()
        AccountService(store, user_id=uuid.UUID(hex=client.user_id)).create_account(
            {"name": "Over TLS", "kind": "customer", "territory_id": _east(store)})
        assert client.sync().pushed == 1
    finally:
        client.transport.close()
        client.close()
        store.close()
    with admin_db.read() as conn:
        names = conn.execute(select(_accounts().c.name)).scalars().all()
    assert names == ["Over TLS"]
    answer = httpx.get(f"{tls_server.url}/v1/hello",
                       verify=ssl.create_default_context(cafile=ca_file[1]))
    assert answer.headers["strict-transport-security"] == "max-age=31536000"


def test_without_the_ca_file_the_app_refuses_and_sends_nothing(
        tls_server: ServerProcess, admin_db: Database, tmp_path: Path) -> None:
    store, client = _client(tmp_path / "bob.sqlite3", tls_server, admin_db, "bob", None)
    try:
        with pytest.raises(UntrustedServer) as refused:
            client.sync()
    finally:
        client.transport.close()
        client.close()
        store.close()
    message = str(refused.value)
    assert "certificate is not trusted" in message and "nothing was sent" in message
    assert "CA file in the sync settings" in message
    assert "self-signed" in message or "unable to get local issuer" in message


def test_a_certificate_from_another_ca_is_refused(tls_server: ServerProcess,
                                                  admin_db: Database, tmp_path: Path) -> None:
    other = tmp_path / "other-ca.pem"
    trustme.CA().cert_pem.write_to_path(str(other))
    store, client = _client(tmp_path / "cy.sqlite3", tls_server, admin_db, "cy", str(other))
    try:
        with pytest.raises(UntrustedServer, match="checked against the certificate authority"):
            client.sync()
    finally:
        client.transport.close()
        client.close()
        store.close()
    with pytest.raises(UntrustedServer, match="cannot be used"):
        Transport(tls_server.url, "token", ca_file=str(tmp_path / "missing.pem"))


def test_sign_in_keeps_the_ca_file_in_the_settings(tls_server: ServerProcess,
                                                    admin_db: Database,
                                                    ca_file: tuple[trustme.CA, str],
                                                    tmp_path: Path) -> None:
    create_user(admin_db, name="Dee Rep", email="dee@example.com", login="dee",
                password="correct horse", role="rep", territory_codes=["EAST"],
                manager_login=None, now=datetime.now(UTC))
    settings_file = SettingsFile(tmp_path / "dee.settings.json")
    store = Store(tmp_path / "dee.sqlite3")
    service = SyncService(store, settings_file.load(), settings_file, MemoryTokens())
    try:
        with pytest.raises(UntrustedServer):
            service.sign_in(tls_server.url, "dee", "correct horse")
        with admin_db.read() as conn:  # the password never reached the server
            assert conn.execute(select(tokens.c.token_hash)).all() == []
        service.sign_in(tls_server.url, "dee", "correct horse", ca_file=ca_file[1])
        assert SettingsFile(tmp_path / "dee.settings.json").load().sync_ca_file == ca_file[1]
        assert service.sync().pulled >= 1  # the territory at least: with the saved CA file
        service.settings.sync_ca_file = None  # as if the file had been cleared by hand
        with pytest.raises(UntrustedServer):
            service.sync()
    finally:
        store.close()


def test_serve_refuses_a_half_or_broken_tls_pair(tmp_path: Path,
                                                 ca_file: tuple[trustme.CA, str],
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    from tests.server.conftest import _migrate

    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    _migrate(url)
    cert, key = _issue(ca_file[0], tmp_path)
    assert main(["serve", "--database-url", url, "--certfile", cert]) == 2
    assert "--certfile and --keyfile go together" in capsys.readouterr().err
    assert main(["serve", "--database-url", url, "--certfile", cert,
                 "--keyfile", str(tmp_path / "nope.key")]) == 2
    assert "nope.key: no such file" in capsys.readouterr().err
    other_key = tmp_path / "other.key"
    trustme.CA().issue_cert("127.0.0.1").private_key_pem.write_to_path(str(other_key))
    assert main(["serve", "--database-url", url, "--certfile", cert,
                 "--keyfile", str(other_key)]) == 2
    assert "cannot be used together" in capsys.readouterr().err


def _accounts() -> Any:
    from server.rows import table_of

    return table_of("accounts")


def test_two_workers_serve_https_on_postgresql(tmp_path: Path,
                                               ca_file: tuple[trustme.CA, str]) -> None:
    from tests.server.conftest import _migrate, _pg_database
    from tests.sync.conftest import free_port

    cert, key = _issue(ca_file[0], tmp_path)
    trusted = ssl.create_default_context(cafile=ca_file[1])
    for url in _pg_database():
        _migrate(url)
        port = free_port()
        proc = subprocess.Popen([sys.executable, "-m", "server", "serve", "--workers", "2",
                                 "--database-url", url, "--port", str(port),
                                 "--certfile", cert, "--keyfile", key])
        try:
            deadline, answer = time.monotonic() + 60, None
            while time.monotonic() < deadline and answer is None:
                try:
                    answer = httpx.get(f"https://127.0.0.1:{port}/health", timeout=2,
                                       verify=trusted)
                except httpx.ConnectError:
                    assert proc.poll() is None, "the server exited"
                    time.sleep(0.2)
            assert answer is not None and answer.status_code == 200
            assert answer.json()["db"] == "postgresql"
            assert answer.headers["strict-transport-security"] == "max-age=31536000"
            with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
                httpx.get(f"https://127.0.0.1:{port}/health", timeout=5)  # certifi's CAs
        finally:
            proc.terminate()
            proc.wait(30)
