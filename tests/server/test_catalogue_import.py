"""Catalogue import from CSV: create, update, and refuse bad files whole."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal as D
from pathlib import Path

import pytest
from sqlalchemy import select

from server.catalogue_import import ImportError_, import_csv
from server.cli import main
from server.db import Database
from server.rows import table_of

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
CSV = """sku,name,description,unit,tax_rate,price,currency,min_quantity,tier,warehouse,on_hand
PW-500,Pallet wrap 500 mm,Stretch film,roll,0.0825,19.90,USD,1,,SPRINGFIELD,1200
PW-500,Pallet wrap 500 mm,Stretch film,roll,0.0825,17.50,USD,100,,,
PW-500,Pallet wrap 500 mm,Stretch film,roll,0.0825,18.90,USD,1,A,,
CB-400,Carton 400 × 300 × 250,Single wall,bundle,0.0825,42,EUR,1,,DALLAS,80
"""


def _prices(db: Database) -> list[tuple[str, D, D, str | None]]:
    t, p = table_of("price_entries"), table_of("products")
    with db.read() as conn:
        rows = conn.execute(select(p.c.sku, t.c.min_quantity, t.c.unit_price, t.c.tier)
                            .join(p, p.c.id == t.c.product_id)).all()
    return sorted((sku, q, price, tier) for sku, q, price, tier in rows)


def test_import_then_update(server_db: Database) -> None:
    result = import_csv(server_db, CSV, NOW)
    assert (result.products_created, result.prices, result.stock) == (2, 4, 2)
    assert _prices(server_db)[0] == ("CB-400", D(1), D(42), None)
    again = import_csv(server_db, CSV.replace("17.50", "16.75"), NOW)
    assert (again.products_created, again.products_updated, again.prices) == (0, 0, 1)
    assert ("PW-500", D(100), D("16.75"), None) in _prices(server_db)
    with server_db.read() as conn:
        versions = conn.execute(select(table_of("products").c.sync_version)).scalars().all()
    assert all(v > 0 for v in versions)  # they sync to every rep


def test_bad_rows_are_named_and_nothing_is_written(server_db: Database) -> None:
    bad = CSV + "XX-1,Broken,,each,0.08,cheap,USD,1,,,\nXX-2,Other,,each,0.08,1,US Dollar,1,,,\n"
    with pytest.raises(ImportError_) as refused:
        import_csv(server_db, bad, NOW)
    assert [p.split(":")[0] for p in refused.value.problems] == ["line 6", "line 7"]
    assert "'US Dollar' is not a currency code" in refused.value.problems[1]
    assert _prices(server_db) == []


def test_cli_imports_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 's.sqlite3'}"
    assert main(["migrate", "--database-url", url]) == 0
    (tmp_path / "catalogue.csv").write_text(CSV, encoding="utf-8")
    assert main(["import-catalogue", str(tmp_path / "catalogue.csv"), "--database-url", url]) == 0
    assert "Products: 2 new" in capsys.readouterr().out
    (tmp_path / "bad.csv").write_text("sku,name\nA,B\n", encoding="utf-8")
    assert main(["import-catalogue", str(tmp_path / "bad.csv"), "--database-url", url]) == 2
    assert "missing columns" in capsys.readouterr().err
