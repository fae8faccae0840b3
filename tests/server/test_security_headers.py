"""Security headers on every kind of answer (``server.security_headers``), on
SQLite and PostgreSQL: JSON, refusals, 413s before the body is read, blob
bytes and /openapi.json."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from desktop.domain import protocol, wire
from server.app import create_app
from server.config import ServerConfig
from tests.server import factories

EXPECTED = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cache-control": "no-store",
    "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
}


@pytest.fixture
def signed(server_url: str) -> Iterator[tuple[TestClient, dict[str, str]]]:
    app = create_app(ServerConfig(database_url=server_url))
    db = app.state.db
    token = factories.token(db, factories.user(db, "ann", "rep", ("EAST",)))
    with TestClient(app, raise_server_exceptions=False) as http:
        yield http, {"authorization": f"Bearer {token}", "content-type": "application/json"}
    db.dispose()


def _versions(**body: Any) -> str:
    return json.dumps({"protocol": wire.PROTOCOL_VERSION, "schema": wire.schema_fingerprint(),
                       **body})


def test_every_answer_carries_the_security_headers(
        signed: tuple[TestClient, dict[str, str]]) -> None:
    http, headers = signed
    data = b"field notes"
    sha = hashlib.sha256(data).hexdigest()
    answers = {
        "hello": (http.get("/v1/hello"), 200),
        "pull": (http.post("/v1/pull", content=_versions(limit=10), headers=headers), 200),
        "no token": (http.post("/v1/pull", content=_versions()), 401),
        "bad json": (http.post("/v1/pull", content=b"{", headers=headers), 400),
        "invalid": (http.post("/v1/pull", content=_versions(cursor=-1), headers=headers), 422),
        "version": (http.post("/v1/pull", content=_versions(protocol=99), headers=headers), 409),
        "too large": (http.post("/v1/push", content=b" " * (protocol.MAX_BODY_BYTES + 1),
                                headers=headers), 413),
        "no route": (http.get("/v1/nowhere"), 404),
        "method": (http.delete("/v1/push"), 405),
        "upload": (http.put(f"/v1/blobs/{sha}", params={"size": len(data), "offset": 0},
                            content=data, headers={
                                **headers, "content-type": "application/octet-stream",
                                "x-chunk-sha256": hashlib.sha256(data).hexdigest()}),
                   200),
        "openapi": (http.get("/openapi.json"), 200),
    }
    for name, (response, status) in answers.items():
        assert response.status_code == status, (name, response.text)
        for header, value in EXPECTED.items():
            assert response.headers.get(header) == value, (name, header, response.headers)
        assert len(response.headers.get_list("cache-control")) == 1, name
    # Content that is absent, or not the caller's, answers 404 under the same headers
    # (the uploader holds what they sent in full: ``server.blobs``).
    content = http.get(f"/v1/blobs/{'0' * 64}/content", headers=headers)
    assert content.status_code == 404
    assert {h: content.headers.get(h) for h in EXPECTED} == EXPECTED


def test_the_docs_page_keeps_its_own_script_policy(
        signed: tuple[TestClient, dict[str, str]]) -> None:
    http, _ = signed
    docs = http.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
    assert "content-security-policy" not in docs.headers  # it loads Swagger UI's scripts
    assert docs.headers["x-frame-options"] == "DENY"
    assert docs.headers["x-content-type-options"] == "nosniff"


def test_even_a_server_failure_carries_them(server_url: str) -> None:
    """A 500 is sent from outside the middleware: it states the headers itself."""
    app = create_app(ServerConfig(database_url=server_url))

    def boom() -> None:
        raise RuntimeError("injected by the test")

    app.add_api_route("/test-boom", boom)
    with TestClient(app, raise_server_exceptions=False) as http:
        failed = http.get("/test-boom")
    app.state.db.dispose()
    assert failed.status_code == 500 and failed.json()["code"] == "server_error"
    assert {h: failed.headers.get(h) for h in EXPECTED} == EXPECTED
