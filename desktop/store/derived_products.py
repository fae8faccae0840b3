"""Catalogue search: an FTS5 index over SKU, name and description, kept by
triggers like the account search (so sync and bulk loads keep it right)."""

from __future__ import annotations

from desktop.store.derived import SUSPENDED

# The SKU is indexed whole and split at its dashes ("SF-011-06" and "SF 011 06").
_SELECT = ("SELECT p.rowid, p.sku || ' ' || replace(p.sku, '-', ' '), p.name, "
           "coalesce(p.description, '') FROM products p WHERE p.deleted_at IS NULL")

DDL: list[str] = [
    "CREATE VIRTUAL TABLE product_search USING fts5("
    "sku, name, description, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2')",
    "CREATE INDEX ix_products_name_nocase ON products (name COLLATE NOCASE)",
    f"CREATE TRIGGER products_search_ai AFTER INSERT ON products WHEN {SUSPENDED} "
    f"BEGIN INSERT INTO product_search(rowid, sku, name, description) {_SELECT} "
    "AND p.id = NEW.id; END",
    "CREATE TRIGGER products_search_au AFTER UPDATE OF sku, name, description, deleted_at "
    f"ON products WHEN {SUSPENDED} BEGIN DELETE FROM product_search WHERE rowid = NEW.rowid; "
    f"INSERT INTO product_search(rowid, sku, name, description) {_SELECT} "
    "AND p.id = NEW.id; END",
    f"CREATE TRIGGER products_search_ad AFTER DELETE ON products WHEN {SUSPENDED} "
    "BEGIN DELETE FROM product_search WHERE rowid = OLD.rowid; END",
]

REBUILD: list[str] = [
    "DELETE FROM product_search",
    f"INSERT INTO product_search(rowid, sku, name, description) {_SELECT}",
]
