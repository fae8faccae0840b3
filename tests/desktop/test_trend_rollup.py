"""The trends report's sums the triggers keep (``derived_trends``) stay equal
to a fresh computation over the order lines through every kind of write: lines
and orders edited, moved, cancelled and deleted, lines arriving before their
order and orders before their account (sync), accounts changing segment,
state, territory, tier or owner, products changing line, arriving and leaving."""

from __future__ import annotations

import random
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.store import derived_trends
from desktop.store.store import Store
from tests.bench.forecast_bench import seed_book

_TABLES = sorted(derived_trends.TABLES)
_STAMP = "2026-{:02d}-{:02d} 10:00:00.000000"


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    path = tmp_path / "cache.sqlite3"
    Store(path).close()
    c = sqlite3.connect(path, isolation_level=None)
    c.execute("BEGIN")
    seed_book(c, accounts=120)
    territories = [uuid.uuid4().hex for _ in range(3)]
    c.executemany("INSERT INTO territories (id, code, name, created_at, updated_at) "
                  "VALUES (?, ?, ?, '2026-01-01', '2026-01-01')",
                  [(t, f"T{n}", f"T{n}") for n, t in enumerate(territories)])
    rng = random.Random(3)
    for (account,) in c.execute("SELECT id FROM accounts").fetchall():
        _reshape(c, rng, account, territories)
    c.execute("COMMIT")
    yield c
    c.close()


def _reshape(c: sqlite3.Connection, rng: random.Random, account: str,
             territories: list[str]) -> None:
    c.execute("UPDATE accounts SET segment = ?, billing_region = ?, territory_id = ?, tier = ? "
              "WHERE id = ?", (rng.choice(("Retail", "Wholesale", None)),
                               rng.choice(("OH", "TX", None)),
                               rng.choice([*territories, None]), rng.choice(("A", "B", None)),
                               account))


def _copy_account(conn: sqlite3.Connection, source: str, new: str, owner: str) -> None:
    """A new account like ``source``: another id and owner, retail in Ohio, tier C."""
    own = {"id": "?", "owner_id": "?", "segment": "'Retail'", "billing_region": "'OH'",
           "tier": "'C'", "name_key": "NULL"}  # its name key: the trigger's to give
    columns = [r[1] for r in conn.execute("PRAGMA table_info(accounts)")]
    picks = ", ".join(own.get(c, c) for c in columns)
    conn.execute(f"INSERT INTO accounts ({', '.join(columns)}) SELECT {picks} "  # noqa: S608
                 "FROM accounts WHERE id = ?", (new, owner, source))


def _kept(conn: sqlite3.Connection) -> list[set[tuple[object, ...]]]:
    return [set(conn.execute(f"SELECT * FROM {t} WHERE lines != 0"))  # noqa: S608
            for t in _TABLES]


def _fresh(conn: sqlite3.Connection) -> list[set[tuple[object, ...]]]:
    """Rebuild into the live tables inside a savepoint, read, and roll back."""
    conn.execute("SAVEPOINT fresh")
    try:
        for statement in derived_trends.REBUILD:
            conn.execute(statement)
        return _kept(conn)
    finally:
        conn.execute("ROLLBACK TO fresh")
        conn.execute("RELEASE fresh")


def _assert_in_step(conn: sqlite3.Connection) -> None:
    for table, kept, fresh in zip(_TABLES, _kept(conn), _fresh(conn), strict=True):
        assert kept == fresh, table


def _ids(conn: sqlite3.Connection, sql: str) -> list[str]:
    return [r[0] for r in conn.execute(sql)]


def test_sums_start_equal_to_the_lines(conn: sqlite3.Connection) -> None:
    trend, by_account = _fresh(conn)
    assert len(trend) > 50 and len(by_account) > 50
    # every line counted once: the lines summed equal the lines that count
    counted = conn.execute(
        "SELECT count(*) FROM order_lines l JOIN orders o ON o.id = l.order_id "
        "JOIN accounts a ON a.id = o.account_id WHERE o.deleted_at IS NULL "
        "AND o.status != 'cancelled' AND l.deleted_at IS NULL").fetchone()[0]
    for table in _TABLES:
        assert conn.execute(f"SELECT sum(lines) FROM {table}").fetchone()[0] == counted  # noqa: S608
    _assert_in_step(conn)


def test_every_kind_of_write_keeps_the_sums(conn: sqlite3.Connection) -> None:
    rng = random.Random(11)
    orders = _ids(conn, "SELECT id FROM orders ORDER BY id")
    lines = _ids(conn, "SELECT id FROM order_lines ORDER BY id")
    accounts = _ids(conn, "SELECT id FROM accounts ORDER BY id")
    users = _ids(conn, "SELECT id FROM users ORDER BY id")
    products = _ids(conn, "SELECT id FROM products ORDER BY id")
    territories = _ids(conn, "SELECT id FROM territories ORDER BY id")
    for step in range(260):
        kind = step % 13
        o, line = rng.choice(orders), rng.choice(lines)
        if kind == 0:
            conn.execute("UPDATE order_lines SET quantity = ?, unit_price = ?, "
                         "discount_percent = ? WHERE id = ?",
                         (str(rng.randrange(1, 9)), f"{rng.randrange(1, 999) / 10}",
                          str(rng.choice((0, 5, 12.5))), line))
        elif kind == 1:
            conn.execute("UPDATE order_lines SET product_id = ?, deleted_at = ? WHERE id = ?",
                         (rng.choice([*products, None]),
                          rng.choice((None, None, "2026-12-01 00:00:00.000000")), line))
        elif kind == 2:
            conn.execute("UPDATE orders SET status = ?, currency = ? WHERE id = ?",
                         (rng.choice(("cancelled", "entered", "shipped")),
                          rng.choice(("USD", "USD", "EUR")), o))
        elif kind == 3:
            conn.execute("UPDATE orders SET author_id = ?, deleted_at = ? WHERE id = ?",
                         (rng.choice([*users, None]),
                          rng.choice((None, None, "2026-12-01 00:00:00.000000")), o))
        elif kind == 4:
            conn.execute("UPDATE orders SET entered_at = ?, account_id = ? WHERE id = ?",
                         (_STAMP.format(rng.randrange(1, 13), rng.randrange(1, 29)),
                          rng.choice(accounts), o))
        elif kind == 5:  # an account re-segmented, moved, re-tiered
            _reshape(conn, rng, rng.choice(accounts), territories)
        elif kind == 6:  # an account changes hands (its orders without an author follow)
            conn.execute("UPDATE accounts SET owner_id = ? WHERE id = ?",
                         (rng.choice(users), rng.choice(accounts)))
        elif kind == 7:  # a product changes line
            conn.execute("UPDATE products SET product_line = ? WHERE id = ?",
                         (rng.choice(("Seeds", "Tools", None)), rng.choice(products)))
        elif kind == 8 and len(lines) > 10:
            conn.execute("DELETE FROM order_lines WHERE id = ?", (line,))
            lines.remove(line)
        elif kind == 9 and len(orders) > 10:  # an eviction: lines first, then the order
            conn.execute("DELETE FROM order_lines WHERE order_id = ?", (o,))
            conn.execute("DELETE FROM orders WHERE id = ?", (o,))
            orders.remove(o)
            lines = _ids(conn, "SELECT id FROM order_lines ORDER BY id")
        elif kind == 10:  # sync: a line, its order, then its (new) account, upserted
            oid, lid, aid = uuid.uuid4().hex, uuid.uuid4().hex, uuid.uuid4().hex
            conn.execute("PRAGMA foreign_keys = OFF")  # the order before its account
            conn.execute(
                "INSERT INTO order_lines (id, order_id, account_id, position, product_id, sku, "
                "description, quantity, unit, unit_price, discount_percent, tax_rate, "
                "created_at, updated_at) VALUES (?, ?, ?, 1, ?, 'S', 'Item', '3', 'each', "
                "'12.5', '5', '0', '2026-11-01', '2026-11-01') ON CONFLICT(id) DO UPDATE "
                "SET quantity = excluded.quantity", (lid, oid, aid, rng.choice(products)))
            conn.execute(
                "INSERT INTO orders (id, account_id, author_id, provisional_number, status, "
                "currency, entered_at, expedite, created_at, updated_at) VALUES "
                "(?, ?, ?, ?, 'entered', 'USD', ?, 0, '2026-11-01', '2026-11-01')",
                (oid, aid, rng.choice([*users, None]), f"T-{step}",
                 _STAMP.format(rng.randrange(1, 13), 15)))
            _copy_account(conn, rng.choice(accounts), aid, rng.choice(users))
            conn.execute("PRAGMA foreign_keys = ON")
            orders.append(oid)
            lines.append(lid)
            accounts.append(aid)
        elif kind == 11:  # a product arrives after its lines, another leaves
            pid = uuid.uuid4().hex
            conn.execute("PRAGMA foreign_keys = OFF")
            conn.execute("UPDATE order_lines SET product_id = ? WHERE id = ?", (pid, line))
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("INSERT INTO products (id, sku, name, unit, tax_rate, product_line, "
                         "lead_time_days, active, created_at, updated_at) VALUES "
                         "(?, ?, 'New', 'each', '0', 'Seeds', 0, 1, '2026-01-01', '2026-01-01')",
                         (pid, f"N-{step}"))
            products.append(pid)
        else:
            gone = rng.choice(products)
            conn.execute("PRAGMA foreign_keys = OFF")
            conn.execute("DELETE FROM products WHERE id = ?", (gone,))
            conn.execute("PRAGMA foreign_keys = ON")
            products.remove(gone)
        if step % 20 == 19:
            _assert_in_step(conn)
    _assert_in_step(conn)
