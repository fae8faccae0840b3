"""``fieldbook-server`` commands, and the HTTP sign-in of a served process."""

from __future__ import annotations

import io
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from server.cli import main


def _url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.sqlite3'}"


def _with_password(monkeypatch: pytest.MonkeyPatch, password: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(password + "\n"))


def test_commands_end_to_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    url = _url(tmp_path)
    assert main(["create-user", "Ann", "--login", "ann", "--role", "rep",
                 "--database-url", url, "--password-stdin"]) == 2
    assert "fieldbook-server migrate" in capsys.readouterr().err
    assert main(["migrate", "--database-url", url]) == 0
    _with_password(monkeypatch, "correct horse")
    assert main(["create-user", "Ann Rep", "--login", "ann", "--role", "rep", "--territory",
                 "EAST", "WEST", "--database-url", url, "--password-stdin"]) == 0
    assert "Created rep ann" in capsys.readouterr().out
    _with_password(monkeypatch, "correct horse")
    assert main(["create-user", "Ann", "--login", "ann", "--role", "rep",
                 "--database-url", url, "--password-stdin"]) == 2
    assert "already exists" in capsys.readouterr().err
    _with_password(monkeypatch, "short")
    assert main(["reset-password", "ann", "--database-url", url, "--password-stdin"]) == 2
    assert "8 characters" in capsys.readouterr().err
    assert main(["revoke-tokens", "nobody", "--database-url", url]) == 2
    assert "no user with the login 'nobody'" in capsys.readouterr().err
    assert main(["revoke-tokens", "ann", "--database-url", url]) == 0
    assert "Revoked 0 session(s)" in capsys.readouterr().out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_served_process_signs_in_and_refuses_bad_passwords(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = _url(tmp_path)
    main(["migrate", "--database-url", url])
    _with_password(monkeypatch, "correct horse")
    main(["create-user", "Ann Rep", "--login", "ann", "--role", "rep", "--territory", "EAST",
          "--database-url", url, "--password-stdin"])
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "server", "serve", "--database-url", url,
                             "--port", str(port)])
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                httpx.get(f"{base}/v1/hello", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.05)
        bad = httpx.post(f"{base}/v1/login", json={"login": "ann", "password": "nope"})
        assert bad.status_code == 401 and bad.json()["detail"] == "Wrong user name or password."
        ok = httpx.post(f"{base}/v1/login", json={"login": "ann", "password": "correct horse",
                                                  "client_name": "test"})
        assert ok.status_code == 200 and ok.json()["user"]["role"] == "rep"
        token = ok.json()["token"]
        pull = {"protocol": 1, "schema": "x", "cursor": 0}
        assert httpx.post(f"{base}/v1/pull", json=pull).status_code == 401
        headers = {"Authorization": f"Bearer {token}"}
        assert httpx.post(f"{base}/v1/pull", json=pull, headers=headers).status_code == 409
        assert httpx.post(f"{base}/v1/logout", headers=headers).status_code == 204
        assert httpx.post(f"{base}/v1/pull", json=pull, headers=headers).status_code == 401
        for _ in range(4):
            httpx.post(f"{base}/v1/login", json={"login": "ann", "password": "guess"})
        limited = httpx.post(f"{base}/v1/login", json={"login": "ann", "password": "x"})
        assert limited.status_code == 429 and limited.headers["Retry-After"] == "300"
    finally:
        proc.terminate()
        proc.wait(10)
