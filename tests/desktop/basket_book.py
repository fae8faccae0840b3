"""A hand-made book for cross-sell and dormant-customer tests: accounts with
known baskets (product lines bought) and known order and contact dates, written
with plain SQL so the expected figures are worked out by hand, not by the code
under test.

Retail / A (9 baskets): a1 {F,T}, a2 {F,T}, a3 {F,T,G}, a4 {F}, a5 {T}, a6 {F,G},
a7 {G}, a8 {B} (and a cancelled order of T), a9 {F,T,B}; a10 has no order.
Retail / B (3 baskets): b1 {B,G}, b2 {B,G}, b3 {B}.
F = Film, T = Tape, G = Gloves, B = Boxes.
"""

from __future__ import annotations

import sqlite3
import uuid
from datetime import date

from desktop.services.container import Services

LINES = {"F": "Film", "T": "Tape", "G": "Gloves", "B": "Boxes"}
BASKETS: dict[str, tuple[str, str, str]] = {  # name -> (tier, lines, kind)
    "a1": ("A", "FT", "customer"), "a2": ("A", "FT", "customer"),
    "a3": ("A", "FTG", "customer"), "a4": ("A", "F", "customer"),
    "a5": ("A", "T", "customer"), "a6": ("A", "FG", "customer"),
    "a7": ("A", "G", "customer"), "a8": ("A", "B", "customer"),
    "a9": ("A", "FTB", "customer"), "a10": ("A", "", "customer"),
    "b1": ("B", "BG", "customer"), "b2": ("B", "BG", "customer"), "b3": ("B", "B", "customer"),
}
NOW = "2026-01-01 00:00:00.000000"


def _id() -> str:
    return uuid.uuid4().hex


def add_account(conn: sqlite3.Connection, name: str, *, tier: str | None = "A",
                segment: str | None = "Retail", kind: str = "customer",
                last_contact: str | None = None, archived: bool = False) -> str:
    account = _id()
    conn.execute(
        "INSERT INTO accounts (id, name, status, kind, segment, tier, billing_country, "
        "currency, locale, tags, archived, created_at, updated_at, last_contact_at) VALUES "
        "(?, ?, 'active', ?, ?, ?, 'US', 'USD', 'en_US', '[]', ?, ?, ?, ?)",
        (account, name, kind, segment, tier, int(archived), NOW, NOW, last_contact))
    return account


def add_products(conn: sqlite3.Connection) -> dict[str, str]:
    """One product per line letter; returns letter -> product id."""
    products = {}
    for letter, line in LINES.items():
        products[letter] = _id()
        conn.execute("INSERT INTO products (id, sku, name, unit, tax_rate, product_line, "
                     "lead_time_days, active, created_at, updated_at) VALUES "
                     "(?, ?, ?, 'each', '0', ?, 0, 1, ?, ?)",
                     (products[letter], f"SKU-{letter}", f"{line} item", line, NOW, NOW))
    return products


def add_order(conn: sqlite3.Connection, account: str, lines: list[tuple[str | None, str]],
              *, entered: str = "2026-06-01 10:00:00.000000", status: str = "confirmed",
              currency: str = "USD") -> tuple[str, list[str]]:
    """An order of ``lines`` as (product id, unit price) at quantity 1; returns
    the order's id and its lines' ids."""
    order = _id()
    conn.execute("INSERT INTO orders (id, account_id, provisional_number, status, currency, "
                 "entered_at, expedite, created_at, updated_at) VALUES "
                 "(?, ?, ?, ?, ?, ?, 0, ?, ?)",
                 (order, account, f"P-{order[:6]}", status, currency, entered, NOW, NOW))
    ids = []
    for position, (product, price) in enumerate(lines, 1):
        ids.append(_id())
        conn.execute("INSERT INTO order_lines (id, order_id, account_id, position, product_id, "
                     "description, quantity, unit, unit_price, discount_percent, tax_rate, "
                     "created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'Item', '1', 'each', ?, "
                     "'0', '0', ?, ?)", (ids[-1], order, account, position, product, price,
                                          NOW, NOW))
    return order, ids


def basket_book(services: Services) -> dict[str, str]:
    """Write the baskets of the module docstring; returns name -> account id (hex),
    and the products under their letters."""

    def write(conn: sqlite3.Connection) -> dict[str, str]:
        products = add_products(conn)
        names: dict[str, str] = dict(products)
        for name, (tier, letters, kind) in BASKETS.items():
            names[name] = add_account(conn, name, tier=tier, kind=kind)
            if letters:
                add_order(conn, names[name], [(products[x], "10") for x in letters])
        add_order(conn, names["a8"], [(products["T"], "10")], status="cancelled")
        return names

    return services.store.writer.transaction(write)


def day(text: str) -> str:
    """A date as the cache stores a time at 10:00 that day."""
    return f"{date.fromisoformat(text).isoformat()} 10:00:00.000000"
