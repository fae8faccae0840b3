"""Catalogue import from CSV (``fieldbook-server import-catalogue``).

Columns: ``sku, name, description, unit, tax_rate, price, currency`` and
optionally ``min_quantity, tier, warehouse, on_hand``. A row creates or
updates a product (by SKU), one price entry (by product, currency, minimum
quantity and tier) and, with a warehouse, its stock on hand. Every row is
checked first: one bad row writes nothing, and each bad row is named.
"""

from __future__ import annotations

import csv
import io
import uuid
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from sqlalchemy import insert, select, update

from server.db import Database, WriteTxn
from server.rows import table_of

REQUIRED = ("sku", "name", "unit", "tax_rate", "price", "currency")


class ImportResult(NamedTuple):
    products_created: int
    products_updated: int
    prices: int
    stock: int


class ImportError_(ValueError):
    """The file has bad rows; ``problems`` lists them by line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems[:5]) + (" …" if len(problems) > 5 else ""))
        self.problems = problems


def _decimal(row: dict[str, str], field: str, default: str | None = None) -> Decimal:
    text = (row.get(field) or default or "").strip()
    value = Decimal(text)
    if not value.is_finite() or value < 0:
        raise InvalidOperation(field)
    return value


def parse(text: str) -> list[dict[str, Any]]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise ImportError_([f"missing columns: {', '.join(missing)}"])
    rows, problems = [], []
    for line, row in enumerate(reader, start=2):
        try:
            if not (row["sku"] or "").strip() or not (row["name"] or "").strip():
                raise ValueError("sku and name are required")
            currency = row["currency"].strip().upper()
            if len(currency) != 3 or not currency.isalpha():
                raise ValueError(f"{row['currency']!r} is not a currency code")
            tier = (row.get("tier") or "").strip().upper() or None
            if tier not in (None, "A", "B", "C"):
                raise ValueError(f"tier must be A, B or C, not {tier!r}")
            rows.append({
                "sku": row["sku"].strip(), "name": row["name"].strip(),
                "description": (row.get("description") or "").strip() or None,
                "unit": row["unit"].strip() or "each",
                "tax_rate": _decimal(row, "tax_rate"), "price": _decimal(row, "price"),
                "currency": currency, "min_quantity": _decimal(row, "min_quantity", "1"),
                "tier": tier, "warehouse": (row.get("warehouse") or "").strip() or None,
                "on_hand": _decimal(row, "on_hand", "0")})
        except (ValueError, InvalidOperation, KeyError) as exc:
            problems.append(f"line {line}: {exc or 'not a number'}")
    if problems:
        raise ImportError_(problems)
    return rows


def import_csv(db: Database, text: str, now: datetime) -> ImportResult:
    rows = parse(text)
    created = updated = prices = stock = 0
    products = table_of("products")
    with db.write() as txn:
        for row in rows:
            found = txn.conn.execute(select(products).where(
                products.c.sku == row["sku"])).mappings().first()
            fields = {k: row[k] for k in ("name", "description", "unit", "tax_rate")}
            if found is None:
                product_id = uuid.uuid4()
                txn.conn.execute(insert(products).values(
                    id=product_id, sku=row["sku"], lead_time_days=0, active=True,
                    created_at=now, updated_at=now, sync_version=txn.next_version(), **fields))
                created += 1
            else:
                product_id = found["id"]
                if any(found[k] != v for k, v in fields.items()):
                    txn.conn.execute(update(products).where(products.c.id == product_id).values(
                        updated_at=now, sync_version=txn.next_version(), **fields))
                    updated += 1
            prices += _upsert_price(txn, product_id, row, now)
            if row["warehouse"]:
                stock += _upsert_stock(txn, product_id, row, now)
    return ImportResult(created, updated, prices, stock)


def _upsert_price(txn: WriteTxn, product_id: uuid.UUID, row: dict[str, Any],
                  now: datetime) -> int:
    t = table_of("price_entries")
    found = txn.conn.execute(select(t.c.id, t.c.unit_price).where(
        t.c.product_id == product_id, t.c.currency == row["currency"],
        t.c.min_quantity == row["min_quantity"], t.c.account_id.is_(None),
        t.c.tier.is_(None) if row["tier"] is None else t.c.tier == row["tier"])).first()
    if found is None:
        txn.conn.execute(insert(t).values(
            id=uuid.uuid4(), product_id=product_id, currency=row["currency"],
            min_quantity=row["min_quantity"], unit_price=row["price"], tier=row["tier"],
            created_at=now, updated_at=now, sync_version=txn.next_version()))
        return 1
    if found.unit_price != row["price"]:
        txn.conn.execute(update(t).where(t.c.id == found.id).values(
            unit_price=row["price"], updated_at=now, sync_version=txn.next_version()))
        return 1
    return 0


def _upsert_stock(txn: WriteTxn, product_id: uuid.UUID, row: dict[str, Any],
                  now: datetime) -> int:
    t = table_of("stock_levels")
    found = txn.conn.execute(select(t.c.id, t.c.on_hand).where(
        t.c.product_id == product_id, t.c.warehouse == row["warehouse"])).first()
    if found is None:
        txn.conn.execute(insert(t).values(
            id=uuid.uuid4(), product_id=product_id, warehouse=row["warehouse"],
            on_hand=row["on_hand"], reserved=Decimal(0), allocated=Decimal(0),
            created_at=now, updated_at=now, sync_version=txn.next_version()))
        return 1
    if found.on_hand != row["on_hand"]:
        txn.conn.execute(update(t).where(t.c.id == found.id).values(
            on_hand=row["on_hand"], updated_at=now, sync_version=txn.next_version()))
        return 1
    return 0
