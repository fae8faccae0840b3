"""The transport's answers are checked against the protocol's models and its
refusals are typed by status and code, against a real server process (and a
scripted one for failures a healthy server never gives)."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from desktop.domain import wire
from desktop.sync.errors import (
    AuthRequired,
    ClientIdReused,
    NotFound,
    Offline,
    RateLimited,
    Refused,
    ServerError,
    SyncError,
    VersionMismatch,
)
from desktop.sync.transport import Transport, error_for
from server.db import Database
from server.users import create_user
from tests.sync.conftest import ServerProcess, free_port

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def _mutation(seq: int, name: str, territory: str) -> dict[str, Any]:
    row: dict[str, Any] = {n: None for n in wire.tables()["accounts"].names}
    row.update(id=uuid.uuid4().hex, name=name, kind="customer", status="active",
               billing_country="US", currency="USD", locale="en_US", tags=[], archived=False,
               territory_id=territory, created_at="2026-11-02 09:00:00.000000",
               updated_at="2026-11-02 09:00:00.000000")
    return {"seq": seq, "table": "accounts", "id": row["id"], "op": "upsert", "base": None,
            "changes": row}


@pytest.fixture
def signed_in(server: ServerProcess, admin_db: Database) -> tuple[Transport, str]:
    create_user(admin_db, name="Ann Rep", email="ann@example.com", login="ann",
                password="correct horse", role="rep", territory_codes=["EAST"],
                manager_login=None, now=NOW)
    transport = Transport(server.url)
    answer = transport.login("ann", "correct horse", "test")
    transport.token = answer["token"]
    hello = transport.hello()
    assert hello["protocol"] == wire.PROTOCOL_VERSION
    page = transport.post("/v1/pull", {"cursor": 0, "limit": 100})
    [territory] = [dict(zip(page["tables"]["territories"]["fields"], row[1:], strict=True))
                   for row in page["tables"]["territories"]["rows"]]
    return transport, territory["id"]


def test_typed_errors_from_a_real_server(server: ServerProcess,
                                         signed_in: tuple[Transport, str]) -> None:
    transport, territory = signed_in
    client_id = uuid.uuid4().hex
    pushed = transport.post("/v1/push", {"client_id": client_id,
                                         "mutations": [_mutation(1, "Acme", territory)]})
    assert [r["status"] for r in pushed["results"]] == ["applied"]

    # 409 with code client_id_reused: the same seq with other content.
    with pytest.raises(ClientIdReused) as reused:
        transport.post("/v1/push", {"client_id": client_id,
                                    "mutations": [_mutation(1, "Other", territory)]})
    assert (reused.value.status, reused.value.code) == (409, "client_id_reused")

    # 422: a chunk that does not fit its blob, refused with the server's reason.
    sha = hashlib.sha256(b"abc").hexdigest()
    with pytest.raises(Refused, match="does not fit the blob's size") as refused:
        transport.put_bytes(f"/v1/blobs/{sha}", b"abcdef", {"size": 3, "offset": 0})
    assert (refused.value.status, refused.value.code) == (422, "refused")

    # 404: no such file is None for get_bytes, NotFound for anything else.
    assert transport.get_bytes(f"/v1/blobs/{sha}/content") is None
    with pytest.raises(NotFound):
        transport.get_json("/v1/blobs/" + "0" * 64 + "/nothing")

    # 401: a token that is not (or no longer) valid.
    stranger = Transport(server.url, "not-a-token")
    with pytest.raises(AuthRequired, match="session has ended") as ended:
        stranger.post("/v1/pull", {"cursor": 0})
    assert (ended.value.status, ended.value.code) == (401, "sign_in")
    stranger.close()
    transport.close()


def test_version_mismatch_is_a_409_with_its_code(server: ServerProcess,
                                                 signed_in: tuple[Transport, str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    transport, _ = signed_in
    monkeypatch.setattr(wire, "PROTOCOL_VERSION", wire.PROTOCOL_VERSION + 1)
    with pytest.raises(VersionMismatch, match="update the app or the server") as mismatch:
        transport.post("/v1/verify", {"deep": False})
    assert (mismatch.value.status, mismatch.value.code) == (409, "protocol")
    transport.close()


def test_too_many_sign_ins_is_a_rate_limit_not_a_sign_in(server: ServerProcess,
                                                         admin_db: Database) -> None:
    create_user(admin_db, name="Max Boss", email="max@example.com", login="max",
                password="correct horse", role="manager", territory_codes=["EAST"],
                manager_login=None, now=NOW)
    transport = Transport(server.url)
    for _ in range(5):
        with pytest.raises(AuthRequired, match="Wrong user name or password"):
            transport.login("max", "wrong", "test")
    with pytest.raises(RateLimited) as limited:
        transport.login("max", "correct horse", "test")
    assert not isinstance(limited.value, AuthRequired)
    assert limited.value.retry_after == 300 and limited.value.status == 429
    assert "300" in str(limited.value) and "429" not in str(limited.value)
    transport.close()


def test_a_request_the_protocol_does_not_allow_is_not_sent(server: ServerProcess) -> None:
    transport = Transport(server.url, "token")
    with pytest.raises(Refused, match="mutations.0.table"):
        transport.post("/v1/push", {"client_id": uuid.uuid4().hex, "mutations": [
            {"seq": 1, "table": "spaceships", "id": uuid.uuid4().hex, "op": "upsert",
             "base": None, "changes": {}}]})
    transport.close()


def test_no_server_is_offline() -> None:
    transport = Transport(f"http://127.0.0.1:{free_port()}", "token")
    with pytest.raises(Offline):
        transport.hello()
    transport.close()


def _scripted(status: int, body: Any, headers: dict[str, str] | None = None) -> Transport:
    """A transport whose server answers every request the same way."""
    transport = Transport("http://127.0.0.1:9", "token")
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    transport._http = httpx.Client(base_url=transport.base_url, transport=httpx.MockTransport(
        lambda _request: httpx.Response(status, content=content, headers=headers)))
    return transport


@pytest.mark.parametrize("status, body, headers, error, status_code", [
    (500, {"detail": "The server failed (KeyError); nothing was applied.",
           "code": "server_error"}, None, ServerError, 500),
    (502, b"<html>Bad Gateway</html>", None, ServerError, 502),
    (503, b"", None, ServerError, 503),
    (413, {"detail": "The request is larger than 16777216 bytes.", "code": "too_large"}, None,
     Refused, 413),
    (400, {"detail": "The body is not valid JSON", "code": "bad_json"}, None, Refused, 400),
    (422, {"detail": [{"loc": ["body"], "msg": "x"}]}, None, Refused, 422),  # older server
    (403, {"detail": "Not yours.", "code": "forbidden"}, None, AuthRequired, 403),
    (429, {"detail": "Slow down.", "code": "rate_limited"}, {"Retry-After": "7"},
     RateLimited, 429),
    (409, {"detail": {"code": "schema", "message": "update"}}, None, VersionMismatch, 409),
    (301, b"", {"Location": "https://elsewhere.example"}, ServerError, 301),
])
def test_each_status_is_its_own_error(status: int, body: Any, headers: dict[str, str] | None,
                                      error: type[SyncError], status_code: int) -> None:
    transport = _scripted(status, body, headers)
    with pytest.raises(error) as raised:
        transport.post("/v1/pull", {"cursor": 0})
    assert type(raised.value) is error and raised.value.status == status_code
    assert str(raised.value).strip()
    assert f"({status})" not in str(raised.value)
    if error is RateLimited:
        assert raised.value.retry_after == 7  # type: ignore[attr-defined]
    transport.close()


@pytest.mark.parametrize("answer", [
    b"not json", b"[]", {"results": "all good"}, {"epoch": "x", "head": 1},
    {"epoch": "0" * 32, "head": 1, "cursor": "nine", "more": False, "scope": "s", "evict": [],
     "tables": {}},
])
def test_an_answer_that_does_not_fit_is_a_server_error(answer: Any) -> None:
    transport = _scripted(200, answer)
    with pytest.raises(ServerError, match="answer"):
        transport.post("/v1/pull", {"cursor": 0})
    transport.close()


def test_error_for_keeps_the_servers_reason() -> None:
    error = error_for(422, {}, json.dumps({"detail": "mutations.0.id: bad", "code": "invalid",
                                           "errors": []}).encode())
    assert isinstance(error, Refused) and "mutations.0.id: bad" in str(error)
    assert error.code == "invalid"
