"""Soft holds expire on the server: their quantity comes back when the next
request is applied and when stock is read (pulled), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from decimal import Decimal as D
from typing import Any

from sqlalchemy import insert, select

from desktop.domain import wire
from server import rules
from server.db import Database
from server.pull import pull as pull_page
from server.push import push
from server.rows import table_of
from tests.server import factories
from tests.server.test_push_pull import NOW, STAMP, account, create, rows_of


def _row(table: str, **values: Any) -> dict[str, Any]:
    row = {name: None for name in wire.tables()[table].names}
    row.update(id=uuid.uuid4().hex, created_at=STAMP, updated_at=STAMP, **values)
    return row


def _hold(acc: str, product: str, quantity: str, hours: int) -> dict[str, Any]:
    expires = (NOW + timedelta(hours=hours)).strftime("%Y-%m-%d %H:%M:%S.000000")
    return _row("stock_requests", account_id=acc, product_id=product, warehouse="RENO",
                quantity=quantity, kind="reserve", expires_at=expires, status="requested")


def _setup(db: Database) -> tuple[uuid.UUID, str, str]:
    uid = factories.user(db, "ann", "rep", ("EAST",))
    acc = account(factories.territory(db, "EAST"))
    assert push(db, uid, uuid.uuid4(), [create(1, acc)], NOW)["results"][0]["status"] == "applied"
    product = uuid.uuid4()
    with db.write() as txn:
        txn.conn.execute(insert(table_of("products")).values(
            id=product, sku="SF-1", name="Stretch film", unit="roll", tax_rate=D(0),
            lead_time_days=1, active=True, created_at=NOW, updated_at=NOW,
            sync_version=txn.next_version()))
        txn.conn.execute(insert(table_of("stock_levels")).values(
            id=uuid.uuid4(), product_id=product, warehouse="RENO", on_hand=D(100),
            reserved=D(0), allocated=D(0), created_at=NOW, updated_at=NOW,
            sync_version=txn.next_version()))
    return uid, acc["id"], product.hex


def pull(db: Database, user: uuid.UUID, cursor: int, limit: int, now: Any = NOW
         ) -> dict[str, Any]:
    return json.loads(pull_page(db, user, cursor, limit, now=now))  # type: ignore[no-any-return]


def _reserved(db: Database) -> D:
    stock = table_of("stock_levels")
    with db.read() as conn:
        return D(conn.execute(select(stock.c.reserved)).scalar_one())


def test_an_expired_hold_frees_its_stock_for_the_next_request(server_db: Database) -> None:
    uid, acc, product = _setup(server_db)
    client = uuid.uuid4()
    first = _hold(acc, product, "80", hours=24)
    assert push(server_db, uid, client, [create(1, first, "stock_requests")], NOW)
    assert _reserved(server_db) == 80
    second = _hold(acc, product, "50", hours=48)
    push(server_db, uid, client, [create(2, second, "stock_requests")], NOW + timedelta(hours=1))
    third = _hold(acc, product, "50", hours=72)  # a day later the first hold has lapsed
    push(server_db, uid, client, [create(3, third, "stock_requests")], NOW + timedelta(days=1))
    page = pull(server_db, uid, 0, 1000)
    states = {r["id"]: (r["status"], r["reason"]) for r in rows_of(page, "stock_requests")}
    assert states[first["id"]] == ("expired", "The hold expired and its stock was released.")
    assert states[second["id"]] == ("rejected", "Only 20 available in RENO; 50 requested.")
    assert states[third["id"]] == ("granted", None)
    assert _reserved(server_db) == 50
    late = _hold(acc, product, "1", hours=-1)  # it expired before it reached the server
    push(server_db, uid, client, [create(4, late, "stock_requests")], NOW)
    [row] = [r for r in rows_of(pull(server_db, uid, 0, 1000), "stock_requests")
             if r["id"] == late["id"]]
    assert row["status"] == "rejected" and "expired before" in row["reason"]


def test_reading_stock_releases_lapsed_holds(server_db: Database) -> None:
    uid, acc, product = _setup(server_db)
    hold = _hold(acc, product, "30", hours=2)
    push(server_db, uid, uuid.uuid4(), [create(1, hold, "stock_requests")], NOW)
    cursor = pull(server_db, uid, 0, 1000, now=NOW)["cursor"]
    assert _reserved(server_db) == 30
    assert rules.release_due(server_db, NOW + timedelta(hours=1)) == 0  # not yet
    page = pull(server_db, uid, cursor, 1000, now=NOW + timedelta(hours=3))
    assert [r["status"] for r in rows_of(page, "stock_requests")] == ["expired"]
    assert [r["reserved"] for r in rows_of(page, "stock_levels")] == ["0"]
    assert _reserved(server_db) == 0
