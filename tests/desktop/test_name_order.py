"""The account index keyed by a number in name order (migration 0027,
desktop/store/derived_name_order.py): every way an account arrives or is
renamed keeps the keys in name order (after a repair where a write found no
room), the index equal to its view, and a search's pages in name order read
straight from the index."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from contextlib import closing

import pytest

from desktop.services.account_list import AccountFilter
from desktop.services.container import Services
from desktop.store import derived_name_order as order
from desktop.store.uow import UnitOfWork


@pytest.fixture
def conn(services: Services) -> Iterator[sqlite3.Connection]:
    with closing(sqlite3.connect(services.store.path, isolation_level=None)) as c:
        yield c


def _in_order(conn: sqlite3.Connection) -> None:
    """Keys rise with (name NOCASE, rowid), none spilled or missing, and the
    index holds exactly what its view shows."""
    keys = [r[0] for r in conn.execute(
        f"SELECT name_key FROM accounts ORDER BY {order.ORDER}")]
    assert None not in keys
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert max(keys) < order.SPILL
    conn.execute("INSERT INTO account_search(account_search, rank) VALUES ('integrity-check', 1)")
    indexed = {r[0] for r in conn.execute("SELECT id FROM account_search_docsize")}
    shown = {r[0] for r in conn.execute("SELECT doc FROM account_search_rows")}
    assert indexed == shown


def _names(services: Services, text: str, descending: bool = False, page: int = 7) -> list[str]:
    """Every match, page after page, as the list reads them."""
    flt = AccountFilter(text=text, descending=descending)
    out, after = [], None
    while True:
        got = services.account_list.page(flt, after=after, limit=page)
        out += [r.name for r in got.rows]
        if got.next is None:
            return out
        after = got.next


def _fold(name: str) -> str:
    return name.translate(str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                                        "abcdefghijklmnopqrstuvwxyz"))


def test_a_new_account_takes_a_key_between_its_neighbours(services: Services,
                                                         conn: sqlite3.Connection) -> None:
    rng = random.Random(3)
    names = [f"{rng.choice(['Acme', 'acme', 'Birch', 'Cedar', 'Émile'])} {rng.randrange(999)}"
             for _ in range(60)]
    for name in names:
        services.accounts.create_account({"name": name, "billing_city": "Urbana"})
    assert not order.spilled(conn)
    _in_order(conn)


def test_names_in_order_spill_and_a_repair_puts_them_back(
        services: Services, conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch) -> None:
    """Forty accounts each just after the one before halve one gap until it is
    gone: the rest spill, the search still lists them by name (sorting its
    matches), and a repair numbers them all in order again. (A save repairs in
    its own transaction; a sync page, as here, after the pull.)"""
    monkeypatch.setattr(UnitOfWork, "_keep_name_order", lambda _self: None)
    services.accounts.create_account({"name": "Zeta Farms"})
    made = [services.accounts.create_account({"name": f"Northwind {n:03d}"}).id
            for n in range(40)]
    assert order.spilled(conn)
    expected = sorted(f"Northwind {n:03d}" for n in range(40))
    assert _names(services, "north") == expected  # right while spilled
    monkeypatch.undo()
    assert services.keep_name_order() > 0
    assert not order.needs_repair(conn)
    _in_order(conn)
    assert _names(services, "north") == expected
    assert _names(services, "north", descending=True) == expected[::-1]
    assert len(made) == 40


def test_a_rename_moves_the_account_and_its_document(services: Services,
                                                     conn: sqlite3.Connection) -> None:
    ids = [services.accounts.create_account({"name": n}).id
           for n in ("Alder", "Birch", "Cedar", "Dogwood")]
    services.accounts.update_account(ids[0], {"name": "Elm"})
    _in_order(conn)
    assert _names(services, "e") == ["Elm"]
    assert [r.name for r in services.account_list.page(AccountFilter(text="d")).rows] == \
        ["Dogwood"]
    services.accounts.update_account(ids[3], {"billing_city": "Peoria"})  # no rename: key kept
    _in_order(conn)


def test_a_search_pages_in_name_order_from_the_index(services: Services,
                                                     conn: sqlite3.Connection) -> None:
    rng = random.Random(11)
    for n in range(120):
        prefix = rng.choice(["North", "north", "Nor", "Oak", "Pine"])
        services.accounts.create_account({"name": f"{prefix} {rng.randrange(10_000)} {n}"})
    services.keep_name_order()
    _in_order(conn)
    everyone = [r[0] for r in conn.execute("SELECT name FROM accounts")]
    nor = sorted((n for n in everyone if _fold(n).startswith("nor")), key=_fold)
    got = _names(services, "nor")
    assert [_fold(n) for n in got] == [_fold(n) for n in nor]
    assert [_fold(n) for n in _names(services, "nor", descending=True)] == \
        [_fold(n) for n in nor][::-1]
    # The page is read from the index in its order: no sort of the matches.
    ks = services.account_list.keyset(AccountFilter(text="nor"))
    assert ks is not None and ks.key == "s.rowid"
    plan = " | ".join(r[3] for r in conn.execute(
        f"EXPLAIN QUERY PLAN SELECT a.name {ks.source} WHERE {' AND '.join(ks.where)} "
        f"ORDER BY {ks.key} LIMIT 50", ks.params))
    assert "VIRTUAL TABLE INDEX" in plan and "TEMP B-TREE" not in plan, plan


def test_repair_makes_room_where_a_run_has_none(services: Services,
                                                conn: sqlite3.Connection) -> None:
    """Accounts whose neighbours sit one apart (no room at all) widen the run
    into their neighbours, whose documents move with them."""
    for n in range(30):
        services.accounts.create_account({"name": f"Row {n:02d}"})
    services.keep_name_order()
    with conn:  # squeeze the keys together, then let three arrive unnumbered between
        conn.execute("INSERT INTO derived_suspended(reason) VALUES ('test')")
        rows = [r[0] for r in conn.execute(f"SELECT rowid FROM accounts ORDER BY {order.ORDER}")]
        conn.execute("INSERT INTO account_search(account_search) VALUES ('delete-all')")
        conn.execute("UPDATE accounts SET name_key = NULL")
        for n, rowid in enumerate(rows):
            conn.execute("UPDATE accounts SET name_key = ? WHERE rowid = ?", (n, rowid))
        conn.execute("INSERT INTO account_search(account_search) VALUES ('rebuild')")
        conn.execute("DELETE FROM derived_suspended")
    for name in ("Row 05a", "Row 05b", "Row 05c"):  # each save repairs before it commits
        services.accounts.create_account({"name": name})
    assert not order.needs_repair(conn)
    _in_order(conn)
    moved = conn.execute("SELECT count(*) FROM accounts WHERE name LIKE 'Row __' AND "
                         "name_key != CAST(substr(name, 5) AS INTEGER)").fetchone()[0]
    assert moved >= 2  # neighbours made room, their documents with them
    assert _names(services, "row 05") == ["Row 05", "Row 05a", "Row 05b", "Row 05c"]
