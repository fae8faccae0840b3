"""Lists written to CSV and XLSX reopen with the same values."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.exports.files import write
from desktop.exports.lists import LISTS, sheet
from desktop.imports import importer
from desktop.services.account_list import AccountFilter
from desktop.services.container import Services
from tests.desktop.imports import samples as s
from ui.cli import main


@pytest.fixture
def book(services: Services, tmp_path: Path) -> Services:
    for kind, data in (("accounts", s.SF_ACCOUNTS_BYTES), ("contacts", s.SF_CONTACTS_BYTES),
                       ("activities", s.SF_TASKS.encode())):
        path = tmp_path / f"{kind}.csv"
        path.write_bytes(data)
        importer.run(services, kind, path, "salesforce")
    return services


@pytest.mark.parametrize("name", LISTS)
def test_xlsx_reopens_with_the_same_values(book: Services, tmp_path: Path, name: str) -> None:
    expected = list(sheet(book, name).rows)
    out = tmp_path / f"{name}.xlsx"
    assert write(sheet(book, name), "xlsx", out) == len(expected)
    ws = load_workbook(out).active
    assert ws is not None
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert rows[0] == sheet(book, name).headers
    assert rows[1:] == expected
    if name != "follow-ups":
        assert expected  # the sample book has rows for every list but follow-ups


def test_values_and_filters(book: Services, tmp_path: Path) -> None:
    history = list(sheet(book, "history").rows)
    assert [(r[0], r[1], r[4]) for r in history] == [
        ("Prairie Tractors", datetime(2026, 12, 2), "Demo visit"),
        ("Acme Feed & Seed", datetime(2026, 11, 30), "Call about spring order")]
    partners = list(sheet(book, "accounts", AccountFilter(kinds=frozenset({"partner"}))).rows)
    assert [r[0] for r in partners] == ["Café Müller GmbH"]
    contacts = list(sheet(book, "contacts").rows)
    assert [r[:3] for r in contacts] == [["Acme Feed & Seed", "Jane", "Doe"],
                                         ["Café Müller GmbH", "Jürgen", "Weiß"],
                                         ["Prairie Tractors", "Ann", "Lee"]]


def test_export_command_csv(book: Services, tmp_path: Path,
                            capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "acc.csv"
    db = book.store.path
    assert main(["export", "accounts", "--db", str(db), "--out", str(out),
                 "--kind", "prospect"]) == 0
    assert "wrote 1 accounts row(s)" in capsys.readouterr().out
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0][:3] == ["Name", "Kind", "Status"]
    assert rows[1][:2] == ["Prairie Tractors", "prospect"]
    assert main(["export", "contacts", "--db", str(db), "--out", str(tmp_path / "c.txt")]) == 2
