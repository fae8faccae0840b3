"""The audit log through the server's HTTP API on SQLite and PostgreSQL: a push
records who, from which device, when, and each changed field's old and new
value; the audit API answers only within the caller's scope; the CLI prints
an account's log; the prune job keeps recent replay results and drops old ones."""

from __future__ import annotations

import hashlib
import json
import secrets
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, insert, select

from server import cli, devices
from server.app import create_app
from server.config import ServerConfig
from server.push import push
from server.retention import prune
from server.tables import audit_log, client_mutations, tokens
from tests.server import factories
from tests.server.pipeline_rows import create, edit, row
from tests.server.test_server_decides import Client


def _device(db: Any, user: uuid.UUID, name: str) -> uuid.UUID:
    with db.plain() as conn:
        return devices.register(conn, user, name, "127.0.0.1", datetime.now(UTC))


def _token(db: Any, user: uuid.UUID, device: str) -> str:
    """A session as a sign-in from ``device`` leaves it."""
    raw = secrets.token_urlsafe(32)
    device_id = _device(db, user, device)
    with db.plain() as conn:
        conn.execute(insert(tokens).values(
            token_hash=hashlib.sha256(raw.encode()).hexdigest(), user_id=user,
            client_name=device, created_at=datetime.now(UTC), device_id=device_id,
            expires_at=datetime.now(UTC) + timedelta(days=1)))
    return raw


class World:
    def __init__(self, http: TestClient, db: Any) -> None:
        self.http, self.db = http, db
        self.east, self.west = factories.territory(db, "EAST"), factories.territory(db, "WEST")
        self.ann = factories.user(db, "ann", "rep", ("EAST",))
        self.bob = factories.user(db, "bob", "rep", ("WEST",))
        self.admin = factories.user(db, "root", "admin")
        self.tokens = {"ann": _token(db, self.ann, "Ann's laptop"),
                       "bob": _token(db, self.bob, "Bob's tablet"),
                       "root": _token(db, self.admin, "office")}
        self.as_ann = Client(http, self.tokens["ann"])
        self.as_bob = Client(http, self.tokens["bob"])

    def audit(self, who: str, **params: str) -> Any:
        return self.http.get("/v1/audit", params=params,
                             headers={"authorization": f"Bearer {self.tokens[who]}"})


@pytest.fixture
def world(server_url: str) -> Iterator[World]:
    app = create_app(ServerConfig(database_url=server_url))
    with TestClient(app, raise_server_exceptions=False) as http:
        yield World(http, app.state.db)
    app.state.db.dispose()


def _account_with_contact(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    acc = row("accounts", territory_id=w.east, name="Acme")
    contact = row("contacts", account_id=acc["id"], first_name="Ada")
    results = w.as_ann.push(create(0, "accounts", acc), create(0, "contacts", contact))
    assert [r["status"] for r in results] == ["applied", "applied"]
    return acc, contact


def test_a_push_records_who_device_and_each_fields_old_and_new_value(world: World) -> None:
    acc, contact = _account_with_contact(world)
    [result] = world.as_ann.push(edit(0, "accounts", acc["id"], acc,
                                      {"name": "Acme Ltd", "phone": "555-0100"}))
    assert result["status"] == "applied"
    answer = world.audit("ann", table="accounts", id=acc["id"])
    assert answer.status_code == 200, answer.text
    entries = answer.json()["entries"]
    assert [e["op"] for e in entries] == ["update", "create"]  # newest first
    latest = entries[0]
    assert (latest["user_name"], latest["device"], latest["version"]) == \
        ("Ann", "Ann's laptop", result["version"])
    assert latest["device_id"] is not None
    assert {c["field"]: (c["old"], c["new"]) for c in latest["changes"]} == {
        "name": ("Acme", "Acme Ltd"), "phone": (None, "555-0100")}
    created = {c["field"]: c["new"] for c in entries[1]["changes"]}
    assert created["name"] == "Acme" and created["territory_id"] == world.east.hex
    assert "updated_at" not in created  # client clocks are not audited
    # the account's log also holds its contact's creation
    everything = world.audit("ann", account=acc["id"]).json()["entries"]
    assert sorted((e["table"], e["op"]) for e in everything) == [
        ("accounts", "create"), ("accounts", "update"), ("contacts", "create")]
    assert contact["id"] in {e["row_id"] for e in everything}


def test_a_rejected_mutation_leaves_no_entry_and_server_decisions_are_marked(
        world: World) -> None:
    acc, _contact = _account_with_contact(world)
    foreign = row("accounts", territory_id=world.west, name="Theirs")
    ok = row("contacts", account_id=acc["id"], first_name="Bo")
    results = world.as_ann.push(create(0, "accounts", foreign), create(0, "contacts", ok))
    assert [r["status"] for r in results] == ["rejected", "applied"]
    with world.db.read() as conn:
        tables = conn.execute(select(audit_log.c.table_name, audit_log.c.row_id)).all()
    assert uuid.UUID(hex=foreign["id"]) not in {r for _t, r in tables}
    assert uuid.UUID(hex=ok["id"]) in {r for _t, r in tables}
    # an order number is the server's: the entry says so
    order = row("orders", account_id=acc["id"], provisional_number="ANN-1", status="entered",
                currency="USD", entered_at="2026-11-02 09:00:00.000000", expedite=False,
                number="FORGED-1")
    assert world.as_ann.one("orders", order)["status"] == "applied"
    [entry] = world.audit("ann", table="orders", id=order["id"]).json()["entries"]
    number = next(c for c in entry["changes"] if c["field"] == "number")
    assert number["decided"] is True and number["new"] not in (None, "FORGED-1")
    assert not next(c for c in entry["changes"] if c["field"] == "currency")["decided"]


def test_the_audit_api_answers_only_within_the_callers_scope(world: World) -> None:
    acc, contact = _account_with_contact(world)
    for params in ({"table": "accounts", "id": acc["id"]}, {"account": acc["id"]},
                   {"table": "contacts", "id": contact["id"]}):
        other = world.audit("bob", **params)
        assert other.status_code == 404, other.text
        assert "entries" not in other.json()
        assert world.audit("ann", **params).status_code == 200
        assert world.audit("root", **params).json()["entries"]  # an admin sees all
    unknown = world.audit("ann", table="accounts", id=uuid.uuid4().hex)
    assert unknown.status_code == 404
    for bad in ({}, {"table": "accounts"}, {"table": "nope", "id": acc["id"]},
                {"account": "xyz"}, {"account": acc["id"], "table": "accounts", "id": acc["id"]}):
        assert world.audit("ann", **bad).status_code == 422, bad
    assert world.http.get("/v1/audit", params={"account": acc["id"]}).status_code == 401


def test_the_cli_prints_an_accounts_log_since_a_date(world: World, server_url: str,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    acc = row("accounts", territory_id=world.east, name="Acme")
    client = uuid.uuid4()
    then, now = datetime(2026, 1, 5, 9, tzinfo=UTC), datetime.now(UTC)
    old_laptop = _device(world.db, world.ann, "old laptop")
    assert push(world.db, world.ann, client, [create(1, "accounts", acc)], then,
                device_id=old_laptop)["results"][0]["status"] == "applied"
    moved = edit(2, "accounts", acc["id"], acc, {"name": "Acme Two"})
    assert push(world.db, world.ann, client, [moved], now,
                device_id=_device(world.db, world.ann, "new laptop"))[
        "results"][0]["status"] == "applied"
    assert cli.main(["audit", "--database-url", server_url, "--account", acc["id"]]) == 0
    text = capsys.readouterr().out
    assert "by Ann on old laptop" in text and "by Ann on new laptop" in text
    assert text.index("old laptop") < text.index("new laptop")  # oldest first
    assert 'name: "Acme" -> "Acme Two"' in text
    assert cli.main(["audit", "--database-url", server_url, "--account", acc["id"],
                     "--since", "2026-06-01", "--format", "json"]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert [(e["op"], e["device"]) for e in entries] == [("update", "new laptop")]
    assert entries[0]["changes"] == [{"field": "name", "old": "Acme", "new": "Acme Two",
                                      "decided": False}]
    assert cli.main(["audit", "--database-url", server_url, "--account", "nope"]) == 2
    assert "not an id" in capsys.readouterr().err


def test_prune_removes_old_replay_results_and_keeps_recent_ones(
        world: World, server_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    client = uuid.uuid4()
    now = datetime.now(UTC)
    old_acc = row("accounts", territory_id=world.east)
    new_acc = row("accounts", territory_id=world.east)
    old = [create(1, "accounts", old_acc)]
    recent = [create(2, "accounts", new_acc)]
    assert push(world.db, world.ann, client, old, now - timedelta(days=120))["results"][0][
        "version"]
    assert push(world.db, world.ann, client, recent, now - timedelta(days=10))["results"][0][
        "version"]
    assert cli.main(["prune", "--database-url", server_url, "--days", "30"]) == 0
    assert "Removed 1 replay result(s) older than 30 days" in capsys.readouterr().out
    with world.db.read() as conn:
        kept = conn.execute(select(client_mutations.c.seq)).scalars().all()
        audited = conn.execute(select(func.count()).select_from(audit_log)).scalar_one()
    assert kept == [2]
    assert audited == 2  # the audit log is kept unless asked
    # a replay of the pruned push is answered, not applied a second time
    again = push(world.db, world.ann, client, old, now)["results"][0]
    assert (again["status"], again["replayed"], again["version"]) == ("applied", True, None)
    kept_replay = push(world.db, world.ann, client, recent, now)["results"][0]
    assert kept_replay["replayed"] is True and kept_replay["version"] is not None
    with world.db.read() as conn:
        assert conn.execute(select(func.count()).select_from(audit_log)).scalar_one() == 2
    done = prune(world.db, now, 365, audit_days=60)
    assert (done.replays, done.audit) == (0, 1)
    assert cli.main(["prune", "--database-url", server_url, "--days", "0"]) == 2


def test_stock_the_server_holds_for_a_request_is_audited_as_the_servers(world: World) -> None:
    from tests.server.test_server_decides import _hold, _stock

    acc, _contact = _account_with_contact(world)
    product = _stock(world.db, 100)
    hold = _hold(acc, product, "60", status="requested", expires_at="2027-01-01 00:00:00.000000")
    assert world.as_ann.one("stock_requests", hold)["status"] == "applied"
    level = next(iter(world.as_ann.rows("stock_levels")))
    [entry] = world.audit("ann", table="stock_levels", id=level).json()["entries"]
    assert (entry["user_id"], entry["device"], entry["op"]) == (None, None, "update")
    assert entry["changes"] == [{"field": "reserved", "old": "0", "new": "60",
                                 "decided": True}]
    [request] = world.audit("ann", table="stock_requests", id=hold["id"]).json()["entries"]
    status = next(c for c in request["changes"] if c["field"] == "status")
    assert (status["new"], status["decided"]) == ("granted", True)


def test_prune_drops_uploads_abandoned_a_week_ago_and_keeps_fresh_ones(
        world: World, server_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    from server.tables import blob_uploads
    now = datetime.now(UTC)
    with world.db.plain() as conn:
        for offset, age in ((0, timedelta(days=8)), (0, timedelta(hours=1))):
            data = secrets.token_bytes(16)
            conn.execute(insert(blob_uploads).values(
                sha256=hashlib.sha256(data).hexdigest(), user_id=world.ann, offset=offset,
                size=64, data=data, created_at=now - age))
    assert cli.main(["prune", "--database-url", server_url]) == 0
    assert "1 abandoned upload chunk(s) removed" in capsys.readouterr().out
    with world.db.read() as conn:
        left = conn.execute(select(blob_uploads.c.created_at)).scalars().all()
    assert len(left) == 1 and left[0] > now - timedelta(days=1)
