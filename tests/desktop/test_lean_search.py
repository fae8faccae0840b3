"""The account and history indexes without a copy of their text (migration
0014): every kind of edit keeps each index equal to its view, so a word that
left an account no longer finds it and a new one does."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import closing

import pytest

from desktop.services.container import Services
from desktop.services.search import fts_query
from desktop.store import derived


@pytest.fixture
def db(services: Services) -> Iterator[tuple[Services, sqlite3.Connection, list[str]]]:
    ids = []
    for n, name in enumerate(("Harvest Co", "Prairie Implements", "Müller Agrar")):
        acc = services.accounts.create_account({"name": name, "billing_city": "Urbana"}).id
        services.accounts.add_contact(acc, {"first_name": f"Ann{n}", "last_name": "Lee"})
        for subject in ("Quarterly review", f"Freight talk {n}"):
            services.history.log_interaction(acc, {"channel": "phone", "subject": subject,
                                                   "notes": f"walnut{n} silo"})
        ids.append(acc.hex)
    with closing(sqlite3.connect(services.store.path, isolation_level=None)) as conn:
        yield services, conn, ids


def _consistent(conn: sqlite3.Connection) -> None:
    """Each index holds exactly what its view shows (FTS5 checks it with rank 1)."""
    for table in ("account_search", "history_search"):
        conn.execute(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)")
        indexed = {r[0] for r in conn.execute(f"SELECT id FROM {table}_docsize")}
        shown = {r[0] for r in conn.execute(f"SELECT doc FROM {table}_rows")}
        assert indexed == shown, table


def _found(conn: sqlite3.Connection, table: str, text: str) -> set[str]:
    # The account index is keyed by name_key since 0027 (derived_name_order).
    key = "name_key" if table == "account_search" else "rowid"
    return {r[0] for r in conn.execute(
        f"SELECT a.id FROM accounts a WHERE a.{key} IN (SELECT rowid FROM {table} "
        f"WHERE {table} MATCH ?)", (fts_query(text),))}


def test_no_copy_of_the_text(db: tuple[Services, sqlite3.Connection, list[str]]) -> None:
    _services, conn, _ids = db
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "account_search_content" not in tables and "history_search_content" not in tables
    assert {"account_search_rows", "history_search_rows"} <= tables
    _consistent(conn)


def test_every_edit_keeps_the_indexes_right(
        db: tuple[Services, sqlite3.Connection, list[str]]) -> None:
    _services, conn, (harvest, prairie, muller) = db
    assert _found(conn, "account_search", "ann0") == {harvest}
    steps = [
        ("UPDATE accounts SET name = 'Golden Harvest' WHERE id = ?", (harvest,)),
        ("UPDATE contacts SET account_id = ? WHERE account_id = ?", (prairie, harvest)),
        ("UPDATE contacts SET last_name = 'Ng' WHERE account_id = ?", (muller,)),
        ("UPDATE contacts SET deleted_at = '2026-11-20' WHERE first_name = 'Ann1'", ()),
        ("DELETE FROM contacts WHERE account_id = ?", (muller,)),
        ("UPDATE interactions SET notes = 'pecan' WHERE account_id = ? AND subject LIKE 'F%'",
         (harvest,)),
        ("UPDATE interactions SET account_id = ? WHERE account_id = ? AND subject LIKE 'Q%'",
         (muller, prairie)),
        ("UPDATE interactions SET deleted_at = '2026-11-20' WHERE account_id = ? "
         "AND subject LIKE 'Q%'", (harvest,)),
        ("DELETE FROM interactions WHERE account_id = ? AND subject LIKE 'F%'", (prairie,)),
        ("UPDATE accounts SET deleted_at = '2026-11-20' WHERE id = ?", (muller,)),
        ("UPDATE accounts SET deleted_at = NULL WHERE id = ?", (muller,)),
    ]
    for sql, args in steps:
        conn.execute(sql, args)
        _consistent(conn)
    assert _found(conn, "account_search", "golden") == {harvest}
    assert _found(conn, "account_search", "ann0") == {prairie}  # the contact moved
    assert _found(conn, "account_search", "lee") == {prairie}  # Ann0 only: Ann1 gone, Ann2 Ng
    assert _found(conn, "history_search", "walnut0") == set()  # one note changed, one deleted
    assert _found(conn, "history_search", "pecan") == {harvest}
    assert _found(conn, "history_search", "walnut1") == {muller}  # moved, then restored
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("DELETE FROM accounts WHERE id = ?", (muller,))
    _consistent(conn)
    assert _found(conn, "history_search", "walnut1") == set()


def test_a_bulk_load_then_ranged_rebuild(
        db: tuple[Services, sqlite3.Connection, list[str]]) -> None:
    """A first sync: the cache emptied (as "start from the server's data" does),
    rows loaded with the triggers off, an edit once they are back on, then the
    range-by-range rebuild: nothing deleted twice, nothing lost."""
    _services, conn, (harvest, _prairie, _muller) = db
    conn.execute("INSERT INTO derived_suspended(reason) VALUES ('test')")
    for table in ("account_search", "history_search"):
        conn.execute(f"INSERT INTO {table}({table}) VALUES ('delete-all')")
    conn.execute("UPDATE interactions SET notes = 'hazel' WHERE account_id = ?", (harvest,))
    conn.execute("INSERT INTO interactions (id, account_id, channel, direction, occurred_at, "
                 "subject, created_at, updated_at) SELECT ?, account_id, 'phone', 'out', "
                 "occurred_at, 'Almond talk', created_at, updated_at FROM interactions "
                 "LIMIT 1", (uuid.uuid4().hex,))
    conn.execute("DELETE FROM derived_suspended")
    conn.execute("UPDATE accounts SET name = 'Harvest Two' WHERE id = ?", (harvest,))
    for statement in derived.ranged_rebuild():
        conn.execute(statement, (0, 10))
    _consistent(conn)
    assert _found(conn, "history_search", "hazel") == {harvest}
    assert _found(conn, "history_search", "almond") != set()
