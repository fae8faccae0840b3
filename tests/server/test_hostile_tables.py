"""Hostile values in every synced table, on SQLite and PostgreSQL: a rep and an
administrator push rows (new, edited, deleted) with up to three fields replaced
by values at and beyond every bound. Each mutation is applied or rejected with
a reason, never a 5xx, and whatever was stored still pulls as valid JSON."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.domain import protocol, wire
from server.app import create_app
from server.config import ServerConfig
from tests.server import factories
from tests.server.pipeline_rows import create, row

EXAMPLES = 200
VALUES = (st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats()
          | st.text(max_size=10) | st.lists(st.integers(), max_size=3)
          | st.dictionaries(st.text(max_size=3), st.integers(), max_size=2)
          | st.sampled_from(["", "0", "-1", "1e999", "NaN", "2026-02-31", "9999-12-31",
                             "1899-12-31", "a" * 32, "0" * 32, "99999999999999999",
                             "0.000000001", "2026-11-02 09:00:00.000000", "requested",
                             "granted", "sent", "approved", "won", "lost", "draft", "open"]))


class Pusher:
    def __init__(self, http: TestClient) -> None:
        db = http.app.state.db  # type: ignore[attr-defined]
        self.http = http
        self.east = factories.territory(db, "EAST")
        self.tokens = [factories.token(db, factories.user(db, "ann", "rep", ("EAST",))),
                       factories.token(db, factories.user(db, "root", "admin"))]
        self.account = row("accounts", territory_id=self.east)
        self.stored: dict[str, dict[str, Any]] = {}  # a row per table that was applied

    def post(self, path: str, body: dict[str, Any], who: int) -> Any:
        content = json.dumps({"protocol": wire.PROTOCOL_VERSION,
                              "schema": wire.schema_fingerprint(), **body})
        return self.http.post(path, content=content, headers={
            "authorization": f"Bearer {self.tokens[who]}", "content-type": "application/json"})

    def push(self, mutation: dict[str, Any], who: int) -> Any:
        return self.post("/v1/push", {"client_id": uuid.uuid4().hex,
                                      "mutations": [mutation]}, who)


@pytest.fixture
def pusher(server_url: str) -> Iterator[Pusher]:
    app = create_app(ServerConfig(database_url=server_url))
    with TestClient(app, raise_server_exceptions=False) as http:
        made = Pusher(http)
        assert made.push(create(1, "accounts", made.account), 0).status_code == 200
        yield made
    app.state.db.dispose()


def test_hostile_values_in_every_table(pusher: Pusher) -> None:
    outcomes: dict[str, int] = {"applied": 0, "rejected": 0}

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(table=st.sampled_from(list(wire.tables())), data=st.data(), who=st.integers(0, 1),
           how=st.sampled_from(["create", "edit", "delete"]))
    def throw(table: str, data: Any, who: int, how: str) -> None:
        names = wire.tables()[table].names
        fresh = row(table, **({"account_id": pusher.account["id"]} if "account_id" in names
                              else {}))
        base = pusher.stored.get(table, fresh) if how != "create" else fresh
        values = data.draw(st.dictionaries(st.sampled_from(names), VALUES, max_size=3))
        sent = {**base, **values}
        if not (isinstance(sent["id"], str) and len(sent["id"]) == 32
                and set(sent["id"]) <= set("0123456789abcdef")):
            sent["id"] = uuid.uuid4().hex
        mutation = {**create(1, table, sent), "op": "delete" if how == "delete" else "upsert",
                    "base": None if how == "create" else base}
        response = pusher.push(mutation, who)
        assert response.status_code < 500, (table, values, response.text)
        if response.status_code != 200:
            assert protocol.ErrorBody.model_validate_json(response.content).detail
            return
        [result] = response.json()["results"]
        outcomes[result["status"]] += 1
        if result["status"] == "applied":
            pusher.stored[table] = sent
        else:
            assert result["reason"].strip()

    throw()
    assert outcomes["applied"] > 0 and outcomes["rejected"] > 0, outcomes
    for who in (0, 1):
        page = pusher.post("/v1/pull", {"limit": 5000}, who)
        assert page.status_code == 200, page.text
        protocol.PullPage.model_validate_json(page.content)
