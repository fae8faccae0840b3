"""What the server decides, through its HTTP API on SQLite and PostgreSQL:
forged statuses, order numbers, authors and approvals, conflict records and
references across scope are refused or replaced by the server's own values."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal as D
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert

from desktop.domain import wire
from server.app import create_app
from server.config import ServerConfig
from server.rows import table_of
from tests.server import factories
from tests.server.pipeline_rows import create, edit, row

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


class Client:
    """One signed-in user pushing hand-made mutations over HTTP."""

    def __init__(self, http: TestClient, token: str) -> None:
        self.http, self.token, self.client_id, self.seq = http, token, uuid.uuid4().hex, 0

    def _post(self, path: str, body: dict[str, Any]) -> Any:
        body = {"protocol": wire.PROTOCOL_VERSION, "schema": wire.schema_fingerprint(), **body}
        response = self.http.post(path, content=json.dumps(body), headers={
            "authorization": f"Bearer {self.token}", "content-type": "application/json"})
        assert response.status_code == 200, response.text
        return response.json()

    def push(self, *mutations: dict[str, Any]) -> list[dict[str, Any]]:
        numbered = []
        for m in mutations:
            self.seq += 1
            numbered.append({**m, "seq": self.seq})
        return self._post("/v1/push", {"client_id": self.client_id,
                                       "mutations": numbered})["results"]

    def one(self, table: str, values: dict[str, Any]) -> dict[str, Any]:
        return self.push(create(0, table, values))[0]

    def rows(self, table: str) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        cursor = 0
        while True:
            page = self._post("/v1/pull", {"cursor": cursor, "limit": 1000})
            part = page["tables"].get(table) or {"fields": [], "rows": []}
            for values in part["rows"]:
                found = dict(zip(["version", *part["fields"]], values, strict=True))
                del found["version"]
                out[found["id"]] = found
            if not page["more"]:
                return out
            cursor = page["cursor"]


class World:
    def __init__(self, http: TestClient, db: Any) -> None:
        self.db = db
        self.east, self.west = factories.territory(db, "EAST"), factories.territory(db, "WEST")
        self.boss = factories.user(db, "max", "manager", ("EAST",))
        self.ann = factories.user(db, "ann", "rep", ("EAST",), manager=self.boss)
        self.bob = factories.user(db, "bob", "rep", ("WEST",))
        self.as_ann = Client(http, factories.token(db, self.ann))
        self.as_bob = Client(http, factories.token(db, self.bob))
        self.as_boss = Client(http, factories.token(db, self.boss))

    def account(self, who: Client, territory: uuid.UUID) -> dict[str, Any]:
        acc = row("accounts", territory_id=territory)
        assert who.one("accounts", acc)["status"] == "applied"
        return acc


@pytest.fixture
def world(server_url: str) -> Iterator[World]:
    app = create_app(ServerConfig(database_url=server_url))
    with TestClient(app, raise_server_exceptions=False) as http:
        yield World(http, app.state.db)
    app.state.db.dispose()


def _stock(db: Any, on_hand: int) -> str:
    product = uuid.uuid4()
    with db.write() as txn:
        txn.conn.execute(insert(table_of("products")).values(
            id=product, sku=product.hex[:8], name="Film", unit="roll", tax_rate=D(0),
            lead_time_days=1, active=True, created_at=NOW, updated_at=NOW,
            sync_version=txn.next_version()))
        txn.conn.execute(insert(table_of("stock_levels")).values(
            id=uuid.uuid4(), product_id=product, warehouse="RENO", on_hand=D(on_hand),
            reserved=D(0), allocated=D(0), created_at=NOW, updated_at=NOW,
            sync_version=txn.next_version()))
    return product.hex


def _hold(acc: dict[str, Any], product: str, quantity: str, **forged: Any) -> dict[str, Any]:
    return row("stock_requests", account_id=acc["id"], product_id=product, warehouse="RENO",
               quantity=quantity, kind="reserve", **forged)


def test_a_forged_grant_is_decided_as_a_request(world: World) -> None:
    acc = world.account(world.as_ann, world.east)
    product = _stock(world.db, 100)
    real = _hold(acc, product, "60", status="requested", expires_at="2027-01-01 00:00:00.000000")
    forged = _hold(acc, product, "100", expires_at="2001-01-01 00:00:00.000000")
    greedy = _hold(acc, product, "100", reason="ok", expires_at="2027-01-01 00:00:00.000000")
    granted = world.as_ann.one("stock_requests", {**forged, "id": uuid.uuid4().hex,
                                                  "status": "granted"})
    assert granted["status"] == "rejected" and "starts as requested" in granted["reason"]
    for r in (real, forged, greedy):
        assert world.as_ann.one("stock_requests", r)["status"] == "applied"
    got = world.as_ann.rows("stock_requests")
    assert got[real["id"]]["status"] == "granted"
    assert got[forged["id"]]["status"] == "rejected"
    assert "expired" in got[forged["id"]]["reason"]
    assert got[greedy["id"]]["status"] == "rejected"  # only 40 left
    assert "Only 40 available" in got[greedy["id"]]["reason"]
    levels = world.as_ann.rows("stock_levels")
    assert [D(v["reserved"]) for v in levels.values()] == [D(60)]
    # and a later edit cannot grant it either
    regrant = world.as_ann.push(edit(0, "stock_requests", greedy["id"], got[greedy["id"]],
                                     {"status": "granted", "quantity": "1"}))[0]
    assert regrant["status"] == "rejected" and "cannot become granted" in regrant["reason"]
    again = world.as_ann.rows("stock_requests")[greedy["id"]]
    assert (again["status"], D(again["quantity"])) == ("rejected", D(100))


def _order(acc: dict[str, Any], **values: Any) -> dict[str, Any]:
    return row("orders", account_id=acc["id"], provisional_number="ANN-1", status="entered",
               currency="USD", entered_at="2026-11-02 09:00:00.000000", expedite=False,
               **values)


def test_order_numbers_come_from_the_server_and_are_never_reused(world: World) -> None:
    acc = world.account(world.as_ann, world.east)
    forged = _order(acc, number="SO-000002")
    first, second = _order(acc), _order(acc)
    for r in (forged, first, second):
        assert world.as_ann.one("orders", r)["status"] == "applied"
    got = world.as_ann.rows("orders")
    numbers = [got[r["id"]]["number"] for r in (forged, first, second)]
    assert numbers == ["SO-000001", "SO-000002", "SO-000003"]
    world.as_ann.push(edit(0, "orders", first["id"], got[first["id"]], {"number": "SO-9"}))
    assert world.as_ann.rows("orders")[first["id"]]["number"] == "SO-000002"


def _proposal(acc: dict[str, Any], **values: Any) -> dict[str, Any]:
    return row("proposals", account_id=acc["id"], number=uuid.uuid4().hex[:12], **values)


def _line(proposal: dict[str, Any], discount: str, **values: Any) -> dict[str, Any]:
    return row("proposal_lines", proposal_id=proposal["id"], account_id=proposal["account_id"],
               position=1, description="Widget", quantity="10", unit="each",
               unit_price="100", discount_percent=discount, discount_amount="0",
               tax_rate="0", optional=False, **values)


def test_the_author_is_the_pusher_unless_a_manager_acts_for_the_team(world: World) -> None:
    acc = world.account(world.as_ann, world.east)
    forged = _proposal(acc, author_id=world.boss.hex)
    assert world.as_ann.one("proposals", forged)["status"] == "applied"
    for_ann = _proposal(acc, author_id=world.ann.hex)
    assert world.as_boss.one("proposals", for_ann)["status"] == "applied"
    got = world.as_ann.rows("proposals")
    assert got[forged["id"]]["author_id"] == world.ann.hex
    assert got[for_ann["id"]]["author_id"] == world.ann.hex
    world.as_ann.push(edit(0, "proposals", forged["id"], got[forged["id"]],
                           {"author_id": world.boss.hex}))
    assert world.as_ann.rows("proposals")[forged["id"]]["author_id"] == world.ann.hex


def test_a_sent_proposal_stays_within_the_ceiling(world: World) -> None:
    acc = world.account(world.as_ann, world.east)
    draft = _proposal(acc)
    assert world.as_ann.one("proposals", draft)["status"] == "applied"
    assert world.as_ann.push(edit(0, "proposals", draft["id"], draft,
                                  {"status": "sent"}))[0]["status"] == "applied"
    sent = {**draft, "status": "sent"}
    steep = world.as_ann.one("proposal_lines", _line(sent, "90"))
    assert steep["status"] == "rejected" and "approval" in steep["reason"]
    fair = _line(sent, "5")
    assert world.as_ann.one("proposal_lines", fair)["status"] == "applied", fair
    raised = world.as_ann.push(edit(0, "proposal_lines", fair["id"], fair,
                                    {"discount_percent": "50"}))[0]
    assert raised["status"] == "rejected"


def test_a_repriced_line_clears_the_approval(world: World) -> None:
    acc = world.account(world.as_ann, world.east)
    draft = _proposal(acc)
    line = _line(draft, "30")
    assert [r["status"] for r in world.as_ann.push(create(0, "proposals", draft),
                                                   create(0, "proposal_lines", line))] == \
        ["applied", "applied"]
    stored = world.as_boss.rows("proposals")[draft["id"]]
    approve = world.as_boss.push(edit(0, "proposals", draft["id"], stored,
                                      {"approved_by": world.boss.hex}))[0]
    assert approve["status"] == "applied", approve
    assert world.as_ann.rows("proposals")[draft["id"]]["approved_by"] == world.boss.hex
    assert world.as_ann.push(edit(0, "proposal_lines", line["id"], line,
                                  {"discount_percent": "60"}))[0]["status"] == "applied"
    now = world.as_ann.rows("proposals")[draft["id"]]
    assert now["approved_by"] is None
    send = world.as_ann.push(edit(0, "proposals", draft["id"], now, {"status": "sent"}))[0]
    assert send["status"] == "rejected" and "approval" in send["reason"]


def test_a_rep_cannot_write_a_conflict_record(world: World) -> None:
    acc = world.account(world.as_ann, world.east)
    record = row("sync_conflicts", account_id=acc["id"], table_name="accounts",
                 row_id=acc["id"], field="name", kind="field", detected_at=row("accounts")[
                     "created_at"])
    result = world.as_ann.one("sync_conflicts", record)
    assert result["status"] == "rejected", result
    assert result["status"] == "rejected" and "server" in result["reason"]


def test_references_stay_inside_scope_and_account(world: World) -> None:
    mine, other = world.account(world.as_ann, world.east), world.account(world.as_ann, world.east)
    theirs = world.account(world.as_bob, world.west)
    their_proposal = _proposal(theirs)
    their_contact = row("contacts", account_id=theirs["id"])
    their_order = _order(theirs)
    for table, r in (("proposals", their_proposal), ("contacts", their_contact),
                     ("orders", their_order)):
        assert world.as_bob.one(table, r)["status"] == "applied"
    my_proposal = _proposal(other)
    assert world.as_ann.one("proposals", my_proposal)["status"] == "applied"
    cases = {
        "line in their proposal": ("proposal_lines", _line(
            {**their_proposal, "account_id": mine["id"]}, "0"), "outside your territories"),
        "line in my other account's proposal": ("proposal_lines", _line(
            {**my_proposal, "account_id": mine["id"]}, "0"), "belongs to another account"),
        "their contact": ("proposals", _proposal(mine, contact_id=their_contact["id"]),
                          "outside your territories"),
        "their order": ("order_lines", row(
            "order_lines", order_id=their_order["id"], account_id=mine["id"], position=1,
            description="x", quantity="1", unit="each", unit_price="1",
            discount_percent="0", tax_rate="0"), "outside your territories"),
        "nothing": ("interactions", row("interactions", account_id=mine["id"],
                                        contact_id=uuid.uuid4().hex), "not on the server"),
    }
    for name, (table, r, reason) in cases.items():
        result = world.as_ann.one(table, r)
        assert result["status"] == "rejected", name
        assert reason in result["reason"], (name, result["reason"])
    ok = world.as_ann.one("proposal_lines", _line(my_proposal, "0"))
    assert ok["status"] == "applied", ok


def test_coordinates_are_finite_and_in_range(world: World) -> None:
    for latitude in (91.0, -90.5):
        result = world.as_ann.one("accounts", row("accounts", territory_id=world.east,
                                                  latitude=latitude, longitude=0.0))
        assert result["status"] == "rejected" and "between -90 and 90" in result["reason"]
    acc = row("accounts", territory_id=world.east, latitude=0.0, longitude=0.0)
    body = json.dumps({"protocol": wire.PROTOCOL_VERSION, "schema": wire.schema_fingerprint(),
                       "client_id": uuid.uuid4().hex, "mutations": [create(1, "accounts", acc)]})
    body = body.replace('"latitude": 0.0', '"latitude": 1e999')
    response = world.as_ann.http.post("/v1/push", content=body, headers={
        "authorization": f"Bearer {world.as_ann.token}", "content-type": "application/json"})
    assert response.status_code == 200, response.text  # rejected alone, with its reason
    [refused] = response.json()["results"]
    assert refused["status"] == "rejected" and "finite" in refused["reason"]
    edge = world.as_ann.one("accounts", row("accounts", territory_id=world.east,
                                            latitude=-90.0, longitude=180.0))
    assert edge["status"] == "applied"
