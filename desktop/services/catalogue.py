"""Catalogue search for the proposal editor: as you type, by SKU, name or
description, with the list price and the stock available to promise."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import NamedTuple

from desktop.services.search import fts_query
from desktop.store.store import Store


class ProductRow(NamedTuple):
    id: uuid.UUID
    sku: str
    name: str
    unit: str
    list_price: Decimal | None  # in the currency asked for, for quantity 1
    available: Decimal  # on hand - reserved - allocated, over all warehouses


class Catalogue:
    def __init__(self, store: Store) -> None:
        self.store = store

    def search(self, text: str, currency: str = "USD", limit: int = 50) -> list[ProductRow]:
        reads = self.store.reads()
        query = fts_query(text)
        if query is None:
            rows = reads.execute(
                "SELECT id, sku, name, unit FROM products WHERE active AND deleted_at IS NULL "
                "ORDER BY name COLLATE NOCASE LIMIT ?", (limit,)).fetchall()
        else:
            rows = reads.execute(
                "SELECT p.id, p.sku, p.name, p.unit FROM product_search s "
                "JOIN products p ON p.rowid = s.rowid WHERE product_search MATCH ? "
                "AND p.active AND p.deleted_at IS NULL "
                "ORDER BY p.sku = ? COLLATE NOCASE DESC, p.name COLLATE NOCASE LIMIT ?",
                (query, text.strip(), limit)).fetchall()  # a typed SKU comes first
        if not rows:
            return []
        ids = [r[0] for r in rows]
        marks = ",".join("?" * len(ids))
        prices = dict(reads.execute(
            f"SELECT product_id, unit_price FROM price_entries WHERE product_id IN ({marks}) "  # nosec B608 - identifiers from code, values bound
            "AND currency = ? AND tier IS NULL AND account_id IS NULL AND deleted_at IS NULL "
            "AND CAST(min_quantity AS REAL) <= 1", (*ids, currency)).fetchall())
        available: dict[str, Decimal] = {}
        for pid, on, res, alloc in reads.execute(
                f"SELECT product_id, on_hand, reserved, allocated FROM stock_levels "  # nosec B608 - identifiers from code, values bound
                f"WHERE product_id IN ({marks}) AND deleted_at IS NULL", ids):
            free = Decimal(on) - Decimal(res) - Decimal(alloc)
            available[pid] = available.get(pid, Decimal(0)) + free
        return [ProductRow(uuid.UUID(hex=pid), sku, name, unit,
                           Decimal(prices[pid]) if pid in prices else None,
                           available.get(pid, Decimal(0)))
                for pid, sku, name, unit in rows]
