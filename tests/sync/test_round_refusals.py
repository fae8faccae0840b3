"""``/v1/round`` against a real server process: every malformed body is a 4xx
with a reason, never a 5xx; a round for another epoch applies nothing."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from desktop.domain import protocol, wire
from desktop.sync.errors import ClientIdReused
from desktop.sync.transport import Transport
from tests.sync.test_transport_errors import _mutation, signed_in  # noqa: F401 - a fixture


def _body(transport: Transport, territory: str, **changes: Any) -> dict[str, Any]:
    hello = transport.hello()
    body = {"protocol": wire.PROTOCOL_VERSION, "schema": wire.schema_fingerprint(),
            "client_id": uuid.uuid4().hex, "mutations": [_mutation(1, "Acme", territory)],
            "epoch": hello["epoch"], "cursor": hello["head"], "limit": 100}
    body.update(changes)
    return body


@pytest.mark.parametrize("change, status", [
    ({"epoch": "zz"}, 422), ({"epoch": None}, 422), ({"cursor": -1}, 422),
    ({"limit": 0}, 422), ({"client_id": "x"}, 422), ({"protocol": -5}, 409),
    ({"schema": "other"}, 409), ({"mutations": "none"}, 422), ({"extra": 1}, 422),
], ids=["epoch-shape", "epoch-null", "cursor", "limit", "client-id", "protocol", "schema",
        "mutations", "extra"])
def test_a_malformed_round_is_refused_with_a_reason(
        signed_in: tuple[Transport, str], change: dict[str, Any], status: int) -> None:  # noqa: F811
    transport, territory = signed_in
    answer = httpx.post(f"{transport.base_url}/v1/round",
                        json=_body(transport, territory, **change),
                        headers={"Authorization": f"Bearer {transport.token}"})
    assert answer.status_code == status, answer.text
    assert protocol.ErrorBody.model_validate_json(answer.content).detail.strip()


def test_a_round_for_another_epoch_applies_nothing(signed_in: tuple[Transport, str]) -> None:  # noqa: F811
    transport, territory = signed_in
    body = _body(transport, territory)
    sent = {k: v for k, v in body.items() if k not in ("protocol", "schema")}
    answer = transport.post("/v1/round", {**sent, "epoch": "0" * 32})
    assert answer == {"stale": True}
    page = transport.post("/v1/pull", {"cursor": 0, "limit": 1000})
    assert "accounts" not in page["tables"]
    answer = transport.post("/v1/round", sent)
    assert [r["status"] for r in answer["push"]["results"]] == ["applied"]
    accounts = answer["page"]["tables"]["accounts"]
    at = 1 + accounts["fields"].index("id")
    assert [row[at] for row in accounts["rows"]] == [sent["mutations"][0]["id"]]
    with pytest.raises(ClientIdReused):  # the same seq with other content
        transport.post("/v1/round", {**sent, "mutations": [_mutation(1, "Other", territory)]})
