"""The typed protocol on the HTTP routes, on SQLite and PostgreSQL.

Whatever a client sends (no JSON, wrong types, unknown tables or fields,
huge batches, bad ids, dates that do not exist, NUL characters, lone
surrogates, deep nesting), the answer is below 500 and says why, in the
protocol's ErrorBody. /openapi.json describes every body.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.domain import protocol, wire
from server.app import create_app
from server.config import ServerConfig
from server.users import create_user
from tests.server import factories

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
STAMP = "2026-11-02 09:00:00.000000"
SHA = "ab" * 32
SETTINGS = settings(max_examples=150, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


class Api:
    def __init__(self, client: TestClient, token: str, admin_token: str,
                 territory: uuid.UUID) -> None:
        self.client = client
        self.token = token
        self.admin_token = admin_token
        self.territory = territory

    def send(self, method: str, path: str, body: Any = None, *, raw: bytes | None = None,
             headers: dict[str, str] | None = None, signed: bool = True,
             params: dict[str, Any] | None = None) -> Any:
        sent = {"content-type": "application/json"}
        if signed:
            sent["authorization"] = f"Bearer {self.token}"
        sent.update(headers or {})
        content = raw if raw is not None else (
            None if body is None else json.dumps(body, ensure_ascii=True).encode())
        return self.client.request(method, path, content=content, headers=sent, params=params)


@pytest.fixture
def api(server_url: str) -> Iterator[Api]:
    app = create_app(ServerConfig(database_url=server_url))
    db = app.state.db
    tid = factories.territory(db, "EAST")
    uid = factories.user(db, "ann", "rep", ("EAST",))
    create_user(db, name="Max Boss", email="max@example.com", login="max",
                password="correct horse", role="manager", territory_codes=["EAST"],
                manager_login=None, now=NOW)
    admin = factories.user(db, "root", "admin")
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Api(client, factories.token(db, uid), factories.token(db, admin), tid)
    db.dispose()


def versions() -> dict[str, Any]:
    return {"protocol": wire.PROTOCOL_VERSION, "schema": wire.schema_fingerprint()}


def account(territory: uuid.UUID, **values: Any) -> dict[str, Any]:
    row: dict[str, Any] = {name: None for name in wire.tables()["accounts"].names}
    row.update(id=uuid.uuid4().hex, name="Acme", kind="customer", status="active",
               billing_country="US", currency="USD", locale="en_US", tags=[], archived=False,
               territory_id=territory.hex, created_at=STAMP, updated_at=STAMP)
    row.update(values)
    return row


def push_body(territory: uuid.UUID, *rows: dict[str, Any]) -> dict[str, Any]:
    rows = rows or (account(territory),)
    return {**versions(), "client_id": uuid.uuid4().hex, "mutations": [
        {"seq": i + 1, "table": "accounts", "id": row["id"], "op": "upsert", "base": None,
         "changes": row} for i, row in enumerate(rows)]}


def valid_bodies(api: Api) -> dict[str, tuple[str, str, Any]]:
    """route name: (method, path, a body the route accepts)"""
    return {
        "login": ("POST", "/v1/login", {"login": "max", "password": "correct horse",
                                        "client_name": "test"}),
        "push": ("POST", "/v1/push", push_body(api.territory)),
        "pull": ("POST", "/v1/pull", {**versions(), "cursor": 0, "limit": 10}),
        "verify": ("POST", "/v1/verify", {**versions(), "deep": True}),
        "fetch": ("POST", "/v1/fetch", {**versions(), "table": "accounts", "bucket": "a"}),
    }


def assert_refused_well(response: Any) -> dict[str, Any]:
    """Below 500; an error answer is an ErrorBody that says why."""
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        body = protocol.ErrorBody.model_validate_json(response.content)
        assert body.detail.strip()
        return body.model_dump()
    return response.json() if response.content else {}


# -- hostile values -------------------------------------------------------------------
TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=20) | st.sampled_from(
    ["", "\x00", "\ud800", "a" * 5000, "2026-02-31", "2026-13-01 25:61:00", "not-a-uuid",
     "0" * 31, "G" * 32, "NaN", "1e999999", "-0", " ", "accounts", "../../etc", "%s%n",
     "9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+01:00", "2026-11-02 09:00:00.000000"])
NUMBERS = st.integers(min_value=-(2**80), max_value=2**80) | st.floats()  # NaN travels as NaN
SCALARS = st.none() | st.booleans() | NUMBERS | TEXT
JSON = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) |
                    st.dictionaries(TEXT, inner, max_size=4), max_leaves=12)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            yield from _paths(inner, (*prefix, i))


@st.composite
def broken(draw: st.DrawFn, body: Any) -> Any:
    """``body`` with one place replaced, removed, or given an unknown key."""
    body = json.loads(json.dumps(body))
    paths = [p for p in _paths(body) if p]
    path = draw(st.sampled_from(paths))
    parent = body
    for key in path[:-1]:
        parent = parent[key]
    how = draw(st.sampled_from(["replace", "remove", "add"]))
    if how == "replace":
        parent[path[-1]] = draw(JSON)
    elif how == "remove":
        del parent[path[-1]]
    elif isinstance(parent, dict):
        parent[draw(TEXT)] = draw(JSON)
    else:
        parent.append(draw(JSON))
    return body


ROUTES = ["login", "push", "pull", "verify", "fetch"]


@pytest.mark.parametrize("route", ROUTES)
def test_hostile_bodies_get_a_reason_never_a_5xx(api: Api, route: str) -> None:
    method, path, valid = valid_bodies(api)[route]
    assert assert_refused_well(api.send(method, path, valid))  # the valid body is accepted

    @SETTINGS
    @given(body=st.one_of(JSON, broken(valid)))
    def throw(body: Any) -> None:
        assert_refused_well(api.send(method, path, body))

    throw()


SEGMENT = st.sampled_from([SHA, "0" * 64, "A" * 64, "ab", "", "..", "%00", "%2F"]) | \
    st.text("0123456789abcdefgXYZ-%._~", max_size=70)
PARAM = st.integers(min_value=-(2**70), max_value=2**70) | st.sampled_from(
    ["", "1e3", "0x10", "NaN", "-0", " 3", "\u0663"])


@SETTINGS
@given(segment=SEGMENT, size=PARAM, offset=PARAM, data=st.binary(max_size=64),
       method=st.sampled_from(["GET", "PUT"]), content=st.booleans())
def test_hostile_blob_requests(api: Api, segment: str, size: Any, offset: Any, data: bytes,
                               method: str, content: bool) -> None:
    path = f"/v1/blobs/{segment}" + ("/content" if content and method == "GET" else "")
    response = api.send(method, path, raw=data, params={"size": size, "offset": offset},
                        headers={"content-type": "application/octet-stream"})
    assert_refused_well(response)


@SETTINGS
@given(header=st.text(st.characters(min_codepoint=32, max_codepoint=255), max_size=300),
       path=st.sampled_from(["/v1/logout", "/v1/pull", "/v1/push"]))
def test_hostile_tokens(api: Api, header: str, path: str) -> None:
    response = api.client.post(path, content=b"{}", headers={
        "authorization": header.strip().encode("latin-1"), "content-type": "application/json"})
    assert assert_refused_well(response) or response.status_code == 204
    assert response.status_code in (204, 401, 422), response.text


def product() -> dict[str, Any]:
    return {"id": uuid.uuid4().hex, "sku": uuid.uuid4().hex[:12], "name": "Widget",
            "description": None, "unit": "each", "tax_rate": "0.2", "lead_time_days": 3,
            "active": True, "created_at": STAMP, "updated_at": STAMP, "deleted_at": None}


@settings(SETTINGS, max_examples=80)
@given(table=st.sampled_from(["accounts", "products"]), data=st.data())
def test_hostile_values_are_rejected_per_mutation(api: Api, table: str, data: Any) -> None:
    """Values of known fields reach the server's per-mutation checks (and, when
    they pass, the database): the batch is answered (200), a bad change is
    rejected with its reason, never a 5xx. Products need an administrator."""
    values = data.draw(st.dictionaries(st.sampled_from(wire.tables()[table].names), JSON,
                                       min_size=1, max_size=5))
    row = {**(account(api.territory) if table == "accounts" else product()), **values}
    if not isinstance(row["id"], str) or len(row["id"]) != 32:
        row["id"] = uuid.uuid4().hex
    body = {**versions(), "client_id": uuid.uuid4().hex, "mutations": [
        {"seq": 1, "table": table, "id": row["id"], "op": "upsert", "base": None,
         "changes": row}]}
    token = api.token if table == "accounts" else api.admin_token
    response = api.send("POST", "/v1/push", body, headers={"authorization": f"Bearer {token}"})
    answer = assert_refused_well(response)
    for result in answer.get("results", []):
        assert result["status"] == "applied" or result["reason"].strip()
    # Whatever was stored still pulls as valid JSON that fits the protocol.
    page = api.send("POST", "/v1/pull", {**versions(), "limit": 5000},
                    headers={"authorization": f"Bearer {token}"})
    assert page.status_code == 200, page.text
    protocol.PullPage.model_validate_json(page.content)


RAW = [b"", b"{", b"[1, 2", b"\xff\xfe\x00", b"null", b"[]", b"42", b'{"a": NaN}',
       b"[" * 100_000 + b"]" * 100_000, b'"\\ud800"', b'{"limit": 1e999, "cursor": -1e999}']


def test_bodies_that_are_not_objects(api: Api) -> None:
    for route in ROUTES:
        method, path, _ = valid_bodies(api)[route]
        for raw in RAW:
            response = api.send(method, path, raw=raw)
            body = assert_refused_well(response)
            assert response.status_code in (400, 422), (route, raw[:20], body)
        as_text = api.send(method, path, raw=b"{}", headers={"content-type": "text/plain"})
        assert_refused_well(as_text)
        assert as_text.status_code in (400, 422), (route, as_text.text)


def test_the_refusals_name_their_reason(api: Api) -> None:
    tid = api.territory
    cases: list[tuple[dict[str, Any], int, str]] = []
    body = push_body(tid)
    body["mutations"][0]["table"] = "spaceships"
    cases.append((body, 422, "unknown table 'spaceships'"))
    body = push_body(tid)
    body["mutations"][0]["changes"]["warp_factor"] = 9
    cases.append((body, 422, "accounts has no field 'warp_factor'"))
    body = push_body(tid)
    body["mutations"][0]["id"] = "not-a-uuid"
    cases.append((body, 422, "mutations.0.id"))
    body = push_body(tid)
    body["client_id"] = "12345"
    cases.append((body, 422, "client_id"))
    body = push_body(tid)
    body["mutations"][0]["seq"] = "1"
    cases.append((body, 422, "mutations.0.seq"))
    body = push_body(tid)
    body["mutations"] = body["mutations"] * (protocol.MAX_PUSH_MUTATIONS + 1)
    cases.append((body, 422, "at most 500"))
    body = push_body(tid)
    body["sneaky"] = True
    cases.append((body, 422, "sneaky"))
    cases.append(({**versions(), "cursor": -1}, 422, "cursor"))
    cases.append(({**versions(), "cursor": 2**70}, 422, "cursor"))
    cases.append(({**versions(), "limit": "all"}, 422, "limit"))
    for body, status, reason in cases:
        path = "/v1/pull" if "cursor" in body or "limit" in body else "/v1/push"
        response = api.send("POST", path, body)
        assert response.status_code == status, response.text
        error = protocol.ErrorBody.model_validate_json(response.content)
        assert error.code == protocol.ErrorCode.INVALID
        assert reason in error.detail, error.detail
        assert error.errors and error.errors[0].loc[0] == "body"
    bad_json = api.send("POST", "/v1/push", raw=b'{"mutations": [')
    assert bad_json.status_code == 400
    assert bad_json.json()["code"] == "bad_json"


def test_bad_values_are_rejected_with_their_reason(api: Api) -> None:
    tid = api.territory
    rows = [account(tid, created_at="2026-02-31 10:00:00.000000"),
            account(tid, territory_id="not-a-uuid"), account(tid, name="nul\x00byte"),
            account(tid, name="lone \ud800"), account(tid, archived="yes"),
            account(tid, kind="spaceship")]
    answer = api.send("POST", "/v1/push", push_body(tid, *rows))
    assert answer.status_code == 200
    reasons = [r.get("reason") for r in answer.json()["results"]]
    assert all(r is not None for r in reasons), reasons
    assert "created_at" in reasons[0] and "territory_id" in reasons[1]
    assert "NUL" in reasons[2] and "Unicode" in reasons[3] and "archived" in reasons[4]
    assert "spaceship" in reasons[5]


EDGES = [(2**70, "0.2"), (-(2**63) - 1, "0.2"), (2**63, "0.2"), (2**40, "0.2"),
         (1, "1e999999"), (1, "-1e-999999"), (1, "NaN"), (1, "Infinity"), (1, "9" * 5000),
         (1.5, "0.2"), (True, "0.2"), (1, 0.2)]


def test_numbers_at_the_edges_of_their_columns(api: Api) -> None:
    """An administrator's products with numbers no column holds: each rejected
    with a reason (or stored), never a 5xx."""
    rows = [{**product(), "lead_time_days": lead_time, "tax_rate": tax_rate}
            for lead_time, tax_rate in EDGES]
    body = {**versions(), "client_id": uuid.uuid4().hex, "mutations": [
        {"seq": i + 1, "table": "products", "id": row["id"], "op": "upsert", "base": None,
         "changes": row} for i, row in enumerate(rows)]}
    response = api.send("POST", "/v1/push", body,
                        headers={"authorization": f"Bearer {api.admin_token}"})
    results = assert_refused_well(response)["results"]
    assert [r["status"] for r in results[:4]] == ["rejected"] * 4
    assert all("out of range" in r["reason"] for r in results[:4])
    assert all(r["status"] == "applied" or r["reason"].strip() for r in results)


def test_versions_are_checked_before_the_body(api: Api) -> None:
    """Another protocol version hears 'update' (409), even when its body
    would not fit this version's models."""
    body = {"protocol": wire.PROTOCOL_VERSION + 1, "schema": "x", "whatever": [1]}
    response = api.send("POST", "/v1/push", body)
    assert response.status_code == 409
    error = protocol.ErrorBody.model_validate_json(response.content)
    assert error.code == protocol.ErrorCode.PROTOCOL and error.server == wire.PROTOCOL_VERSION
    response = api.send("POST", "/v1/pull", {**versions(), "schema": "0" * 16})
    assert response.status_code == 409 and response.json()["code"] == "schema"
    # Sign-in still comes first.
    assert api.send("POST", "/v1/push", body, signed=False).status_code == 401


def test_sizes_and_paths(api: Api) -> None:
    huge = api.send("POST", "/v1/push", raw=b" " * (protocol.MAX_BODY_BYTES + 1))
    assert huge.status_code == 413 and huge.json()["code"] == "too_large"

    def chunked() -> Iterator[bytes]:
        for _ in range(20):
            yield b" " * (1 << 20)

    streamed = api.client.post("/v1/push", content=chunked(), headers={
        "authorization": f"Bearer {api.token}", "content-type": "application/json"})
    assert streamed.status_code == 413 and streamed.json()["code"] == "too_large"
    for method, path, params in (
            ("GET", "/v1/blobs/nothex", None), ("GET", "/v1/blobs/" + "A" * 64, None),
            ("GET", "/v1/blobs/%00" + "a" * 63 + "/content", None),
            ("PUT", f"/v1/blobs/{SHA}", {"size": -1, "offset": 0}),
            ("PUT", f"/v1/blobs/{SHA}", {"size": 2**70, "offset": 0}),
            ("PUT", f"/v1/blobs/{SHA}", {"size": "ten", "offset": 0}),
            ("PUT", f"/v1/blobs/{SHA}", {"size": 3, "offset": 2**65}),
            ("PUT", f"/v1/blobs/{SHA}", {"size": 3, "offset": 1}),
            ("PUT", f"/v1/blobs/{SHA}", None)):
        response = api.send(method, path, raw=b"abc", params=params)
        error = assert_refused_well(response)
        assert 400 <= response.status_code < 500, (path, params, error)
    missing = api.send("GET", f"/v1/blobs/{SHA}/content")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    assert api.send("GET", "/v1/nowhere").json()["code"] == "not_found"
    assert api.send("DELETE", "/v1/push").json()["code"] == "method_not_allowed"


def test_sign_in_refusals_are_typed(api: Api) -> None:
    for _ in range(5):
        wrong = api.send("POST", "/v1/login", {"login": "max", "password": "wrong"},
                         signed=False)
        assert wrong.status_code == 401 and wrong.json()["code"] == "sign_in"
    limited = api.send("POST", "/v1/login", {"login": "max", "password": "wrong"}, signed=False)
    assert limited.status_code == 429
    error = protocol.ErrorBody.model_validate_json(limited.content)
    assert error.code == protocol.ErrorCode.RATE_LIMITED
    assert error.retry_after and limited.headers["Retry-After"] == str(error.retry_after)
    expired = api.send("POST", "/v1/pull", {**versions()}, headers={"authorization": "Bearer x"})
    assert expired.status_code == 401 and expired.json()["code"] == "sign_in"


def test_answers_fit_their_models(api: Api) -> None:
    login = api.send("POST", "/v1/login", {"login": "max", "password": "correct horse"},
                     signed=False)
    protocol.LoginResponse.model_validate_json(login.content)
    protocol.Hello.model_validate_json(api.send("GET", "/v1/hello").content)
    pushed = protocol.PushResponse.model_validate_json(
        api.send("POST", "/v1/push", push_body(api.territory)).content)
    assert [r.status for r in pushed.results] == ["applied"]
    page = protocol.PullPage.model_validate_json(
        api.send("POST", "/v1/pull", {**versions(), "limit": 100}).content)
    assert len(page.tables["accounts"].rows) == 1
    protocol.VerifyResponse.model_validate_json(
        api.send("POST", "/v1/verify", {**versions(), "deep": True}).content)
    for ids_only in (True, False):
        fetched = api.send("POST", "/v1/fetch", {**versions(), "table": "accounts",
                                                  "bucket": "0", "ids_only": ids_only})
        protocol.ANSWERS["/v1/fetch"].validate_json(fetched.content)
    protocol.BlobStatus.model_validate_json(api.send("GET", f"/v1/blobs/{SHA}").content)


def test_openapi_shows_real_schemas() -> None:
    app = create_app(ServerConfig(database_url="sqlite://"))
    spec = TestClient(app).get("/openapi.json").json()
    schemas = spec["components"]["schemas"]

    def resolved(schema: dict[str, Any]) -> dict[str, Any]:
        ref = schema.get("$ref")
        return schemas[ref.rsplit("/", 1)[1]] if ref else schema

    def body_of(path: str, method: str = "post") -> dict[str, Any]:
        return resolved(spec["paths"][path][method]["requestBody"]["content"]
                        ["application/json"]["schema"])

    def answer_of(path: str, method: str = "post", status: str = "200") -> dict[str, Any]:
        return resolved(spec["paths"][path][method]["responses"][status]["content"]
                        ["application/json"]["schema"])

    for path in ("/v1/push", "/v1/pull", "/v1/login", "/v1/verify", "/v1/fetch"):
        request = body_of(path)
        assert request["properties"] and request["additionalProperties"] is False, path
        assert {"protocol", "schema"} <= set(request["properties"]) or path == "/v1/login"
        assert answer_of(path, status="422")["properties"]["detail"]["type"] == "string"
    assert set(answer_of("/v1/login")["properties"]) == {"token", "expires_at", "user"}
    assert {"results", "head"} <= set(answer_of("/v1/push")["properties"])
    page = answer_of("/v1/pull")
    assert {"cursor", "more", "tables", "evict"} <= set(page["properties"])
    rows = resolved(page["properties"]["tables"]["additionalProperties"])
    assert rows["properties"]["rows"]["items"]["type"] == "array"
    mutation = schemas["Mutation"]
    assert "accounts" in mutation["properties"]["table"]["enum"]
    assert mutation["properties"]["id"]["pattern"] == "^[0-9a-f]{32}$"
    assert body_of("/v1/push")["properties"]["mutations"]["maxItems"] == \
        protocol.MAX_PUSH_MUTATIONS
    assert set(answer_of("/v1/hello", "get")["properties"]) >= {"protocol", "schema", "head"}
    assert "properties" in answer_of("/v1/blobs/{sha}", "get")
    assert answer_of("/v1/push", status="409")["properties"]["code"]
    assert answer_of("/v1/login", status="429")
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            for status, answer in operation["responses"].items():
                for content in answer.get("content", {}).values():
                    schema = resolved(content.get("schema", {}))
                    assert schema != {}, (path, method, status)
