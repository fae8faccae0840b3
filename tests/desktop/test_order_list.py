"""The order list a page at a time: newest first, keyset pages that neither
skip nor repeat, the status filter and the search by number or account."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

from desktop.services.container import Services
from desktop.services.order_list import OrderFilter

STATUSES = ("entered", "confirmed", "shipped", "delivered", "cancelled")


def bulk_orders(path: Path, account: uuid.UUID, count: int, *, start: int = 0) -> None:
    """``count`` orders straight into the cache (several share an entry time)."""
    rows = []
    for n in range(start, start + count):
        stamp = f"2026-{1 + n // 2800 % 12:02d}-{1 + n // 100 % 28:02d} 09:{n % 60:02d}:00.000000"
        rows.append((uuid.uuid4().hex, account.hex, f"P-AR-{n:05d}",
                     f"SO-{n:06d}" if n % 3 else None, STATUSES[n % 5], "USD", stamp,
                     1 if n % 7 == 0 else 0, stamp, stamp))
    conn = sqlite3.connect(path)
    with conn:
        conn.executemany("INSERT INTO orders (id, account_id, provisional_number, number, "
                         "status, currency, entered_at, expedite, created_at, updated_at) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.close()


def test_pages_walk_every_order_once_newest_first(services: Services) -> None:
    account = services.accounts.create_account({"name": "Keller Industrial"}).id
    other = services.accounts.create_account({"name": "Northwind Foods"}).id
    bulk_orders(services.store.path, account, 230)
    bulk_orders(services.store.path, other, 20, start=230)
    listing = services.order_list
    seen, cursor = [], None
    while True:
        page = listing.page(OrderFilter(), cursor, limit=40)
        seen.extend(page.rows)
        if page.next is None:
            break
        cursor = page.next
    assert len(seen) == 250 == len({r.id for r in seen}) == listing.count(OrderFilter())
    keys = [(r.entered_at, r.rowid) for r in seen]
    assert keys == sorted(keys, reverse=True)
    assert seen[0].confirmed == (seen[0].number.startswith("SO-"))
    shipped = listing.page(OrderFilter(status="shipped"), None, 500).rows
    assert len(shipped) == 50 and {r.status for r in shipped} == {"shipped"}
    open_ = listing.count(OrderFilter(open_only=True))
    assert open_ == 150  # entered, confirmed, shipped
    assert [r.number for r in listing.page(OrderFilter(text="SO-000010"), None).rows] == [
        "SO-000010"]
    assert [r.number for r in listing.page(OrderFilter(text="p-ar-00009"), None).rows] == [
        "P-AR-00009"]  # provisional, any case
    assert listing.count(OrderFilter(text="northwind")) == 20
    assert listing.count(OrderFilter(text="50%")) == 0  # LIKE wildcards are literal
