"""The closed-business sums the triggers keep (``derived_forecast``) stay equal
to a fresh computation over the order lines through every kind of write: new
orders and lines, lines arriving before their order (sync), edits of amounts,
products and headers, cancellations, soft and hard deletes, sync's upserts."""

from __future__ import annotations

import random
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.store import derived_forecast
from desktop.store.store import Store
from tests.bench.forecast_bench import seed_book


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    path = tmp_path / "cache.sqlite3"
    Store(path).close()
    c = sqlite3.connect(path, isolation_level=None)
    c.execute("BEGIN")
    seed_book(c, accounts=120)
    c.execute("COMMIT")
    yield c
    c.close()


def _kept(conn: sqlite3.Connection, table: str, key: str) -> set[tuple[object, ...]]:
    where = "lines != 0" if table == "order_revenue" else "1"
    return set(conn.execute(f"SELECT * FROM {table} WHERE {where} ORDER BY {key}"))  # noqa: S608


_KEPT = (("order_revenue", "1, 2, 3, 4, 5"), ("account_first_orders", "1"), ("won_revenue", "1"))


def _all_kept(conn: sqlite3.Connection) -> list[set[tuple[object, ...]]]:
    return [_kept(conn, table, key) for table, key in _KEPT]


def _fresh(conn: sqlite3.Connection) -> list[set[tuple[object, ...]]]:
    """Rebuild into the live tables inside a savepoint, read, and roll back."""
    conn.execute("SAVEPOINT fresh")
    try:
        for statement in derived_forecast.REBUILD:
            conn.execute(statement)
        return _all_kept(conn)
    finally:
        conn.execute("ROLLBACK TO fresh")
        conn.execute("RELEASE fresh")


def _assert_in_step(conn: sqlite3.Connection) -> None:
    for table, (kept, fresh) in zip([t for t, _k in _KEPT], zip(_all_kept(conn), _fresh(conn),
                                                             strict=True), strict=True):
        assert kept == fresh, table


def _ids(conn: sqlite3.Connection, sql: str) -> list[str]:
    return [r[0] for r in conn.execute(sql)]


def test_sums_start_equal_to_the_lines(conn: sqlite3.Connection) -> None:
    revenue, first, won = _fresh(conn)
    assert len(revenue) > 50 and len(first) > 50 and len(won) > 20
    _assert_in_step(conn)


def test_every_kind_of_write_keeps_the_sums(conn: sqlite3.Connection) -> None:
    rng = random.Random(7)
    orders = _ids(conn, "SELECT id FROM orders ORDER BY id")
    lines = _ids(conn, "SELECT id FROM order_lines ORDER BY id")
    accounts = _ids(conn, "SELECT id FROM accounts ORDER BY id")
    users = _ids(conn, "SELECT id FROM users ORDER BY id")
    products = _ids(conn, "SELECT id FROM products ORDER BY id")
    deals = _ids(conn, "SELECT id FROM opportunities ORDER BY id")
    stamp = "2026-{:02d}-{:02d} 10:00:00.000000"
    for step in range(240):
        kind = step % 15
        o, line = rng.choice(orders), rng.choice(lines)
        if kind == 0:
            conn.execute("UPDATE order_lines SET quantity = ?, unit_price = ? WHERE id = ?",
                         (str(rng.randrange(1, 9)), f"{rng.randrange(1, 999) / 10}", line))
        elif kind == 1:
            conn.execute("UPDATE order_lines SET product_id = ? WHERE id = ?",
                         (rng.choice([*products, None]), line))
        elif kind == 2:
            conn.execute("UPDATE orders SET status = ? WHERE id = ?",
                         (rng.choice(("cancelled", "entered", "shipped")), o))
        elif kind == 3:
            conn.execute("UPDATE orders SET author_id = ? WHERE id = ?",
                         (rng.choice([*users, None]), o))
        elif kind == 4:
            conn.execute("UPDATE orders SET entered_at = ?, account_id = ? WHERE id = ?",
                         (stamp.format(rng.randrange(1, 13), rng.randrange(1, 29)),
                          rng.choice(accounts), o))
        elif kind == 5:
            conn.execute("UPDATE order_lines SET deleted_at = ? WHERE id = ?",
                         (rng.choice((None, "2026-12-01 00:00:00.000000")), line))
        elif kind == 6:
            conn.execute("UPDATE orders SET deleted_at = ? WHERE id = ?",
                         (rng.choice((None, "2026-12-01 00:00:00.000000")), o))
        elif kind == 7 and len(lines) > 10:
            conn.execute("DELETE FROM order_lines WHERE id = ?", (line,))
            lines.remove(line)
        elif kind == 8 and len(orders) > 10:  # an eviction: lines first, then the order
            conn.execute("DELETE FROM order_lines WHERE order_id = ?", (o,))
            conn.execute("DELETE FROM orders WHERE id = ?", (o,))
            orders.remove(o)
            lines = _ids(conn, "SELECT id FROM order_lines ORDER BY id")
        elif kind == 9:  # sync: a line before its order, then the order, both upserted
            oid, lid = uuid.uuid4().hex, uuid.uuid4().hex
            account = rng.choice(accounts)
            conn.execute(
                "INSERT INTO order_lines (id, order_id, account_id, position, product_id, sku, "
                "description, quantity, unit, unit_price, discount_percent, tax_rate, "
                "created_at, updated_at) VALUES (?, ?, ?, 1, ?, 'S', 'Item', '3', 'each', "
                "'12.5', '5', '0', '2026-11-01', '2026-11-01') ON CONFLICT(id) DO UPDATE "
                "SET quantity = excluded.quantity", (lid, oid, account, rng.choice(products)))
            for _ in range(2):
                conn.execute(
                    "INSERT INTO orders (id, account_id, author_id, provisional_number, status, "
                    "currency, entered_at, expedite, created_at, updated_at) VALUES "
                    "(?, ?, ?, ?, 'entered', 'USD', ?, 0, '2026-11-01', '2026-11-01') "
                    "ON CONFLICT(id) DO UPDATE SET status = excluded.status, "
                    "author_id = excluded.author_id, entered_at = excluded.entered_at",
                    (oid, account, rng.choice([*users, None]), f"T-{step}",
                     stamp.format(rng.randrange(1, 13), 15)))
            orders.append(oid)
            lines.append(lid)
        elif kind == 10:
            conn.execute("UPDATE orders SET currency = ? WHERE id = ?",
                         (rng.choice(("USD", "EUR")), o))
        elif kind == 11:  # a deal won, lost or reopened, or its amount or owner changed
            conn.execute("UPDATE opportunities SET outcome = ?, closed_at = ?, amount = ?, "
                         "owner_id = ? WHERE id = ?",
                         (rng.choice(("won", "lost", "open")),
                          stamp.format(rng.randrange(1, 13), 3), f"{rng.randrange(1, 9999)}.5",
                          rng.choice(users), rng.choice(deals)))
        elif kind == 12:  # an order names a deal, or no longer does
            conn.execute("UPDATE orders SET opportunity_id = ? WHERE id = ?",
                         (rng.choice([*deals[:40], None]), o))
        elif kind == 13:  # an account changes hands, is created later, or is deleted
            conn.execute("UPDATE accounts SET owner_id = ?, created_at = ?, deleted_at = ? "
                         "WHERE id = ?", (rng.choice(users), stamp.format(rng.randrange(1, 13), 9),
                                          rng.choice((None, None, "2026-12-01")),
                                          rng.choice(accounts)))
        else:  # a deal deleted outright (an eviction)
            gone = rng.choice(deals)
            conn.execute("DELETE FROM opportunities WHERE id = ?", (gone,))
            deals.remove(gone)
        if step % 20 == 19:
            _assert_in_step(conn)
    _assert_in_step(conn)
