"""Inputs at and beyond their bounds, through the HTTP API on SQLite and
PostgreSQL (``desktop.domain.bounds``): decimals that do not fit the column are refused,
not rounded; dates in the years 1900-2200; text and JSON of bounded size;
finite numbers only; each bad mutation rejected alone with its reason while the
rest of its batch applies; never a 5xx."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from desktop.domain import bounds, wire
from desktop.domain.schema.base import Money
from server.app import create_app
from server.config import ServerConfig
from tests.server import factories
from tests.server.pipeline_rows import create, row


class Rep:
    """One rep of territory EAST pushing hand-made rows on one account."""

    def __init__(self, http: TestClient, server_url: str) -> None:
        self.http = http
        db = http.app.state.db  # type: ignore[attr-defined]
        self.east = factories.territory(db, "EAST")
        self.token = factories.token(db, factories.user(db, "ann", "rep", ("EAST",)))
        self.account = row("accounts", territory_id=self.east)
        assert self.push(create(1, "accounts", self.account))[0]["status"] == "applied"

    def post(self, path: str, content: str) -> Any:
        return self.http.post(path, content=content, headers={
            "authorization": f"Bearer {self.token}", "content-type": "application/json"})

    def body(self, *mutations: dict[str, Any]) -> str:
        return json.dumps({"protocol": wire.PROTOCOL_VERSION, "schema": wire.schema_fingerprint(),
                           "client_id": uuid.uuid4().hex, "mutations": list(mutations)})

    def push(self, *mutations: dict[str, Any]) -> list[dict[str, Any]]:
        response = self.post("/v1/push", self.body(*mutations))
        assert response.status_code == 200, response.text
        return response.json()["results"]

    def deal(self, seq: int, **values: Any) -> dict[str, Any]:
        return create(seq, "opportunities", row("opportunities", account_id=self.account["id"],
                                                **values))

    def pulled(self, table: str) -> dict[str, dict[str, Any]]:
        content = json.dumps({"protocol": wire.PROTOCOL_VERSION,
                              "schema": wire.schema_fingerprint(), "limit": 5000})
        page = self.post("/v1/pull", content)
        assert page.status_code == 200, page.text
        part = page.json()["tables"].get(table) or {"fields": [], "rows": []}
        return {values[1]: dict(zip(part["fields"], values[1:], strict=True))
                for values in part["rows"]}


@pytest.fixture
def rep(server_url: str) -> Iterator[Rep]:
    app = create_app(ServerConfig(database_url=server_url))
    with TestClient(app, raise_server_exceptions=False) as http:
        yield Rep(http, server_url)
    app.state.db.dispose()


def _outcomes(rep: Rep, field: str, values: list[Any]) -> list[dict[str, Any]]:
    return rep.push(*(rep.deal(i + 1, **{field: v}) for i, v in enumerate(values)))


def test_decimals_fit_the_column_or_are_refused_not_rounded(rep: Rep) -> None:
    assert (Money.PRECISION, Money.SCALE) == (24, 8)  # the schema's one definition
    results = _outcomes(rep, "amount", [
        "1.000000001", "1e309", "9" * 401, "1e16", "-12345678901234567",
        "9999999999999999.99999999", "1.10000000000", "-0.00000001", "0E-1000", "1E+15"])
    reasons = [r.get("reason", "") for r in results[:5]]
    assert [r["status"] for r in results] == ["rejected"] * 5 + ["applied"] * 5, results
    assert "more than 8 decimal places" in reasons[0] and "not rounded" in reasons[0]
    assert all("more than 16 digits before the decimal point" in r for r in reasons[1:5])
    stored = sorted(d["amount"] for d in rep.pulled("opportunities").values())
    assert stored == sorted(["9999999999999999.99999999", "1.1", "-0.00000001", "0",
                             "1000000000000000"])


def test_dates_and_times_in_sane_years(rep: Rep) -> None:
    dates = _outcomes(rep, "close_date", ["1899-12-31", "2201-01-01", "9999-12-31",
                                          "0001-01-01", "1900-01-01", "2200-12-31"])
    assert [r["status"] for r in dates] == ["rejected"] * 4 + ["applied"] * 2, dates
    assert all("close_date must be in the years 1900 to 2200" in r["reason"]
               for r in dates[:4])
    times = _outcomes(rep, "created_at", ["9999-12-31T23:59:59-01:00",
                                          "0001-01-01T00:00:00+01:00",
                                          "2250-06-01 00:00:00.000000",
                                          "2026-11-02T10:00:00+01:00"])
    assert [r["status"] for r in times] == ["rejected"] * 3 + ["applied"], times
    assert all("created_at" in r["reason"] for r in times[:3])
    stamps = {d["created_at"] for d in rep.pulled("opportunities").values()}
    assert "2026-11-02 09:00:00.000000" in stamps  # the offset taken to UTC


def test_text_and_json_sizes_are_bounded(rep: Rep) -> None:
    results = _outcomes(rep, "description", ["x" * (bounds.TEXT_MAX + 1), "x" * bounds.TEXT_MAX])
    assert [r["status"] for r in results] == ["rejected", "applied"], results
    assert f"longer than {bounds.TEXT_MAX} characters" in results[0]["reason"]
    named = _outcomes(rep, "name", ["n" * 201, "n" * 200])  # String(200)
    assert [r["status"] for r in named] == ["rejected", "applied"]
    assert "longer than 200 characters" in named[0]["reason"]
    nested: Any = []
    for _ in range(wire.JSON_DEPTH + 1):
        nested = [nested]
    big = ["t" * 1000] * 101
    accounts = [row("accounts", territory_id=rep.east, tags=tags) for tags in (nested, big)]
    results = rep.push(*(create(i + 1, "accounts", a) for i, a in enumerate(accounts)))
    assert [r["status"] for r in results] == ["rejected", "rejected"], results
    assert f"nested more than {wire.JSON_DEPTH} deep" in results[0]["reason"]
    assert f"longer than {bounds.JSON_MAX} characters as JSON" in results[1]["reason"]


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_numbers_are_finite_even_where_the_json_parser_accepts_them(rep: Rep,
                                                                    literal: str) -> None:
    acc = row("accounts", territory_id=rep.east, latitude=0.0, longitude=0.0)
    body = rep.body(create(1, "accounts", acc)).replace('"latitude": 0.0', f'"latitude": {literal}')
    assert literal in body
    response = rep.post("/v1/push", body)
    assert response.status_code == 200, response.text
    [result] = response.json()["results"]
    assert result["status"] == "rejected" and "finite" in result["reason"], result
    assert acc["id"] not in rep.pulled("accounts")


def test_integers_fit_their_columns(rep: Rep) -> None:
    deal = rep.deal(1)
    assert rep.push(deal)[0]["status"] == "applied"
    lines = [row("opportunity_lines", account_id=rep.account["id"],
                 opportunity_id=deal["id"], position=p)
             for p in (2**31, 2**63, -(2**31) - 1, 10**400, 2**31 - 1)]
    results = rep.push(*(create(i + 1, "opportunity_lines", ln) for i, ln in enumerate(lines)))
    assert [r["status"] for r in results] == ["rejected"] * 4 + ["applied"], results
    assert all("position" in r["reason"] and "out of range" in r["reason"]
               for r in results[:4])


def test_a_poison_mutation_is_rejected_alone(rep: Rep) -> None:
    good, bad, later = (row("opportunities", account_id=rep.account["id"], amount=amount)
                        for amount in ("10", "1.123456789", "20"))
    results = rep.push(*(create(i + 1, "opportunities", r) for i, r in
                         enumerate((good, bad, later))))
    assert [r["status"] for r in results] == ["applied", "rejected", "applied"], results
    assert "decimal places" in results[1]["reason"]
    stored = rep.pulled("opportunities")
    assert {good["id"], later["id"]} <= stored.keys() and bad["id"] not in stored


def test_quantity_times_price_beyond_the_columns_is_no_5xx(rep: Rep) -> None:
    proposal = row("proposals", account_id=rep.account["id"], number="P-9")
    line = row("proposal_lines", proposal_id=proposal["id"], account_id=rep.account["id"],
               position=1, description="Widget", quantity="9999999999999999.99999999",
               unit="each", unit_price="9999999999999999.99999999", discount_percent="99.5",
               discount_amount="0", tax_rate="0", optional=False)
    sent = dict(proposal, status="sent")
    results = rep.push(create(1, "proposals", proposal), create(2, "proposal_lines", line),
                       {**create(3, "proposals", sent), "base": proposal})
    assert [r["status"] for r in results[:2]] == ["applied", "applied"], results
    assert results[2]["status"] == "rejected", results  # a 500 before (InvalidOperation)
    assert "too large to compute" in results[2]["reason"]


def test_two_mutations_with_one_seq_are_refused_whole(rep: Rep) -> None:
    first, second = (row("accounts", territory_id=rep.east) for _ in range(2))
    response = rep.post("/v1/push", rep.body(create(7, "accounts", first),
                                             create(7, "accounts", second)))
    assert response.status_code == 422, response.text  # was a 500 (IntegrityError)
    assert "seq 7 is used twice" in response.json()["detail"]
    assert not {first["id"], second["id"]} & rep.pulled("accounts").keys()
