"""Catalogue search by SKU, name and description, with price and stock."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

from desktop.demo.generator import generate
from desktop.services.catalogue import Catalogue
from desktop.store.store import Store


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    s = Store(tmp_path_factory.mktemp("cat") / "c.sqlite3")
    generate(s, accounts=50, seed=5)
    return s


def test_search_by_words_in_any_order_and_by_sku(store: Store) -> None:
    catalogue = Catalogue(store)
    hits = catalogue.search("pack 24 stretch")
    assert hits and all("Stretch film" in h.name and "pack of 24" in h.name for h in hits)
    by_sku = catalogue.search("SF 011")
    assert by_sku and all(h.sku.startswith("SF-011") for h in by_sku)
    assert catalogue.search("SF-011-06")[0].sku == "SF-011-06"
    assert catalogue.search("zzzz") == []


def test_rows_carry_list_price_and_free_stock(store: Store) -> None:
    row = Catalogue(store).search("SF-011-01")[0]
    assert row.sku == "SF-011-01"
    reads = store.reads()
    price = reads.execute("SELECT unit_price FROM price_entries e JOIN products p ON p.id = "
                          "e.product_id WHERE p.sku = 'SF-011-01' AND tier IS NULL AND "
                          "min_quantity = '1'").fetchone()[0]
    free = reads.execute("SELECT sum(on_hand - reserved - allocated) FROM stock_levels s JOIN "
                         "products p ON p.id = s.product_id WHERE p.sku = 'SF-011-01'").fetchone()
    assert row.list_price == D(price) and row.available == D(free[0]) and row.unit == "roll"
    assert Catalogue(store).search("SF-011-01", currency="EUR")[0].list_price is None


def test_empty_search_lists_by_name(store: Store, tmp_path: Path) -> None:
    rows = Catalogue(store).search("", limit=5)
    assert len(rows) == 5 and [r.name for r in rows] == sorted((r.name for r in rows),
                                                               key=str.casefold)
