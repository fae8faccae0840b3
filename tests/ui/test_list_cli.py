"""``fieldbook proposals|orders|trips|plans list``, ``shipping pdf|csv`` and
``order status-pdf``, through the command's entry point on a demo book."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from ui.cli import main


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("lists") / "demo.sqlite3"
    assert main(["demo-data", "--db", str(db), "--accounts", "60", "--seed", "7"]) == 0
    return db


def live(db: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize(("name", "table", "key"), [
    ("proposals", "proposals", "number"), ("orders", "orders", "number"),
    ("trips", "trips", "name"), ("plans", "action_plans", "name")])
def test_lists_as_json_hold_every_row_with_its_id(demo: Path, capsys: Any, name: str,
                                                  table: str, key: str) -> None:
    capsys.readouterr()
    assert main([name, "list", "--db", str(demo), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    expected = {r[0] for r in live(demo, f"SELECT id FROM {table} WHERE deleted_at IS NULL")}
    assert expected, f"the demo book has no {name}"
    assert {r["id"] for r in rows} == expected
    assert all(r[key] for r in rows)


def test_the_text_list_is_a_table_newest_first(demo: Path, capsys: Any) -> None:
    capsys.readouterr()
    assert main(["proposals", "list", "--db", str(demo)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["id", "number", "revision", "status", "account", "issued_on",
                                "amount", "currency"]
    newest = live(demo, "SELECT number FROM proposals WHERE deleted_at IS NULL "
                        "ORDER BY issued_on DESC, rowid DESC LIMIT 1")[0][0]
    assert newest in lines[1]
    assert len(lines) == 1 + len(live(demo, "SELECT id FROM proposals WHERE deleted_at IS NULL"))


def test_shipping_csv_and_pdf(demo: Path, tmp_path: Path, capsys: Any) -> None:
    out_csv, out_pdf = tmp_path / "ship.csv", tmp_path / "ship.pdf"
    assert main(["shipping", "csv", "--db", str(demo), "--out", str(out_csv)]) == 0
    rows = list(csv.DictReader(io.StringIO(out_csv.read_text(encoding="utf-8"))))
    assert rows and {"ship_date", "account", "order", "sku"} <= set(rows[0])
    assert main(["shipping", "pdf", "--db", str(demo), "--out", str(out_pdf)]) == 0
    text = "".join(page.extract_text() for page in PdfReader(out_pdf).pages)
    assert "Shipping schedule" in text and rows[0]["order"] in text


def test_order_status_pdf_by_number_or_id(demo: Path, tmp_path: Path, capsys: Any) -> None:
    order_id, number, account = live(
        demo, "SELECT o.id, coalesce(o.number, o.provisional_number), a.name FROM orders o "
              "JOIN accounts a ON a.id = o.account_id WHERE o.deleted_at IS NULL LIMIT 1")[0]
    for which in (number, order_id):
        out = tmp_path / f"{which}.pdf"
        assert main(["order", "status-pdf", which, "--db", str(demo), "--out", str(out)]) == 0
        text = "".join(page.extract_text() for page in PdfReader(out).pages)
        assert number in text and account.split()[0] in text
    assert main(["order", "status-pdf", "SO-NOPE", "--db", str(demo),
                 "--out", str(tmp_path / "x.pdf")]) == 2
    assert "no order SO-NOPE" in capsys.readouterr().err


def test_a_missing_cache_is_refused(tmp_path: Path, capsys: Any) -> None:
    assert main(["orders", "list", "--db", str(tmp_path / "none.sqlite3")]) == 2
    assert "no cache at" in capsys.readouterr().err
