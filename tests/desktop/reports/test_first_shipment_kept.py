"""The first shipment day the triggers keep on each order line (migration 0022,
``derived_delivery``) equals the one computed here from the shipment steps'
JSON, after random edits of steps and lines (seeded), and after a rebuild."""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Connection, text

from desktop.demo.generator import generate
from desktop.store import derived_delivery
from desktop.store.store import Store

STAMP = "2026-11-01 00:00:00.000000"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    made = Store(tmp_path / "book.sqlite3")
    generate(made, accounts=40, seed=5, anchor=datetime(2026, 12, 7, tzinfo=UTC))
    yield made
    made.close()


def _expected(conn: Connection) -> dict[str, str | None]:
    """Each line's earliest ship date among its order's live shipped steps naming it."""
    first: dict[tuple[str, str], str] = {}
    for order, shipped, day in conn.execute(text(
            "SELECT order_id, shipped, ship_date FROM order_events "
            "WHERE status = 'shipped' AND deleted_at IS NULL")):
        try:
            named = json.loads(shipped) if shipped else {}
        except ValueError:
            named = {}
        if day is None or not isinstance(named, dict):
            continue
        for line in named:
            if (order, line) not in first or day < first[order, line]:
                first[order, line] = day
    return {lid: first.get((oid, lid)) for lid, oid in conn.execute(
        text("SELECT id, order_id FROM order_lines"))}


def _kept(conn: Connection) -> dict[str, str | None]:
    return dict(conn.execute(text("SELECT id, first_shipped_on FROM order_lines")).all())


def _edit(conn: Connection, rng: random.Random) -> None:
    """One random write to the shipment steps or the lines, as a sync might make."""
    orders = [r[0] for r in conn.execute(text("SELECT id FROM orders ORDER BY id"))]
    order = rng.choice(orders)
    lines = [r[0] for r in conn.execute(
        text("SELECT id FROM order_lines WHERE order_id = :o ORDER BY id"), {"o": order})]
    events = [r[0] for r in conn.execute(
        text("SELECT id FROM order_events WHERE status = 'shipped' ORDER BY id"))]
    day = (date(2026, 1, 1) + timedelta(days=rng.randrange(330))).isoformat()
    kind = rng.randrange(8)
    if kind == 0 or not events:  # a new shipment naming some of the order's lines
        named = {line: "1" for line in rng.sample(lines, k=rng.randint(0, len(lines)))}
        conn.execute(text(
            "INSERT INTO order_events (id, order_id, account_id, status, at, created_at, "
            "updated_at, sync_version, ship_date, shipped) SELECT :id, id, account_id, "
            ":status, :at, :at, :at, 0, :day, :shipped FROM orders WHERE id = :o"),
            {"id": uuid.uuid4().hex, "o": order, "at": STAMP, "day": day,
             "status": rng.choice(["shipped", "shipped", "confirmed"]),
             "shipped": json.dumps(named)})
        return
    event = rng.choice(events)
    if kind == 1:
        conn.execute(text("UPDATE order_events SET ship_date = :d WHERE id = :e"),
                     {"d": day, "e": event})
    elif kind == 2:
        conn.execute(text("UPDATE order_events SET deleted_at = CASE WHEN deleted_at IS NULL "
                          "THEN :at END WHERE id = :e"), {"at": STAMP, "e": event})
    elif kind == 3:
        conn.execute(text("UPDATE order_events SET status = 'delivered' WHERE id = :e"),
                     {"e": event})
    elif kind == 4:
        conn.execute(text("DELETE FROM order_events WHERE id = :e"), {"e": event})
    elif kind == 5:
        conn.execute(text("UPDATE order_events SET shipped = :s WHERE id = :e"),
                     {"s": rng.choice(["not json", "{}", json.dumps(dict.fromkeys(lines, "2"))]),
                      "e": event})
    elif kind == 6 and lines:  # a line moves to another order
        conn.execute(text("UPDATE order_lines SET order_id = :o WHERE id = :l"),
                     {"o": rng.choice(orders), "l": rng.choice(lines)})
    elif lines:  # a new line on an order that may have shipped already
        _copy_line(conn, lines[0])


def _copy_line(conn: Connection, line: str) -> None:
    columns = [r[1] for r in conn.execute(text("PRAGMA table_info(order_lines)"))
               if r[1] not in derived_delivery.COLUMNS and r[1] != "open_ship_date"]
    listed = ", ".join(columns)
    picked = ", ".join(":id" if c == "id" else c for c in columns)
    conn.execute(text(f"INSERT INTO order_lines ({listed}) SELECT {picked} "  # noqa: S608
                      "FROM order_lines WHERE id = :l"), {"id": uuid.uuid4().hex, "l": line})


def test_the_kept_first_shipment_follows_random_edits(store: Store) -> None:
    rng = random.Random(22)
    with store.engine.begin() as conn:
        start = _kept(conn)
        assert start == _expected(conn)
        assert any(v is not None for v in start.values())  # the demo ships
        for _n in range(300):
            _edit(conn, rng)
        kept = _kept(conn)
        assert kept == _expected(conn)
        assert kept != start
        conn.execute(text("UPDATE order_lines SET first_shipped_on = '1999-01-01'"))
        for statement in derived_delivery.REBUILD:
            conn.execute(text(statement))
        assert _kept(conn) == kept
