"""Excel workbooks (.xlsx) import as their CSV exports do: the first sheet or a
named one, the header found below blank rows, date and number cells as typed."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from desktop.imports import detect, importer, sheets
from desktop.services.container import Services
from ui.cli import main

ACCOUNT_HEADER = ["Account Name", "Type", "Billing City", "Billing Country", "Phone",
                  "Account ID"]
OPPORTUNITY_HEADER = ["Opportunity Name", "Account Name", "Amount", "Close Date", "Stage",
                      "Probability (%)"]


def _workbook(path: Path) -> Path:
    """Sheet "Accounts" (first): a blank row above the header, a phone typed as a
    number, an empty row, a bad row (a phone no one can dial) and a cell right of
    the last column. Sheet "Deals": amounts as number cells, close dates as date
    cells, one without a date."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Accounts"
    sheet.append([])  # row 1: blank
    sheet.append(ACCOUNT_HEADER)  # row 2
    sheet.append(["Acme Feed & Seed", "Customer - Direct", "Urbana", "United States",
                  2175550100, "A-1"])  # row 3: the phone a number cell
    sheet.append([])  # row 4: empty
    sheet.append(["Prairie Tractors", "Prospect", "Champaign", "USA", "217-555-0101",
                  "A-2"])  # row 5
    sheet.append(["Bad Phone Inc", "Customer", "Decatur", "US", "call me maybe",
                  "A-3"])  # row 6: bad
    sheet.append(["Overflow Ltd", "Customer", "Peoria", "US", "", "A-4", "", "stray"])  # 7
    deals = book.create_sheet("Deals")
    deals.append(OPPORTUNITY_HEADER)
    deals.append(["Spring seed order", "Acme Feed & Seed", 12500.5, date(2027, 3, 31),
                  "Proposal/Price Quote", 60])
    deals.append(["Tractor fleet", "Prairie Tractors", 98000, datetime(2027, 6, 30, 0, 0),
                  "Closed Won", 100])
    deals.append(["No date deal", "Prairie Tractors", 100, None, "Prospecting", 10])
    book.save(path)
    return path


def test_cells_read_as_a_csv_export_writes_them() -> None:
    assert sheets.text(2175550100) == "2175550100"
    assert sheets.text(2175550100.0) == "2175550100"
    assert sheets.text(12500.5) == "12500.5"
    assert sheets.text(datetime(2027, 3, 31)) == "2027-03-31"
    assert sheets.text(datetime(2027, 3, 31, 14, 5)) == "2027-03-31 14:05:00"
    assert sheets.text(date(2027, 3, 31)) == "2027-03-31"
    assert (sheets.text(None), sheets.text(True)) == ("", "TRUE")


def test_the_first_sheet_imports_and_bad_rows_are_named_by_their_row(
        services: Services, tmp_path: Path) -> None:
    path = _workbook(tmp_path / "Accounts.xlsx")
    assert sheets.sheet_names(path) == ["Accounts", "Deals"]
    columns = detect.read_columns(path)
    assert columns.header == ACCOUNT_HEADER and columns.encoding == "xlsx"
    assert columns.samples[0][4] == "2175550100"
    assert detect.detect(columns.header).kind == "accounts"
    rejects = tmp_path / "rejects.csv"
    result = importer.run(services, "accounts", path, "salesforce", rejects=rejects)
    assert result.rows == 4 and result.imported == 2 and result.encoding == "xlsx"
    reasons = {r.line: r.reason for r in result.rejected}
    assert set(reasons) == {6, 7}  # the sheet's row numbers
    assert "Phone" in reasons[6] and "right of the last column" in reasons[7]
    assert rejects.read_text(encoding="utf-8-sig").splitlines()[1].startswith("6,")
    rows = services.store.reads().execute(
        "SELECT name, phone, billing_country FROM accounts WHERE deleted_at IS NULL "
        "ORDER BY name").fetchall()
    assert rows == [("Acme Feed & Seed", "+12175550100", "US"),
                    ("Prairie Tractors", "+12175550101", "US")]


def test_a_chosen_sheet_lands_dates_and_numbers_as_typed(services: Services,
                                                         tmp_path: Path) -> None:
    path = _workbook(tmp_path / "Export.xlsx")
    importer.run(services, "accounts", path, "salesforce")
    assert detect.read_columns(path, sheet="Deals").header == OPPORTUNITY_HEADER
    shown = importer.preview(services, "opportunities", path, "salesforce", sheet="Deals")
    assert [line for line, _v in shown] == [2, 3, 4]
    result = importer.run(services, "opportunities", path, "salesforce", sheet="Deals")
    assert result.imported == 2 and [r.line for r in result.rejected] == [4]
    assert "close date" in result.rejected[0].reason
    deals = {name: (amount, close) for name, amount, close in services.store.reads().execute(
        "SELECT name, amount, close_date FROM opportunities WHERE deleted_at IS NULL")}
    assert {n: (Decimal(str(a)), c) for n, (a, c) in deals.items()} == {
        "Spring seed order": (Decimal("12500.5"), "2027-03-31"),
        "Tractor fleet": (Decimal("98000"), "2027-06-30")}
    with pytest.raises(ValueError, match="no sheet 'Nope'"):
        importer.run(services, "opportunities", path, "salesforce", sheet="Nope")


def test_an_empty_workbook_and_a_broken_one_say_why(tmp_path: Path) -> None:
    empty = tmp_path / "empty.xlsx"
    Workbook().save(empty)
    with pytest.raises(ValueError, match="no header row"):
        detect.read_columns(empty)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(ValueError, match="cannot read broken.xlsx"):
        detect.read_columns(broken)
    assert not sheets.is_xlsx(tmp_path / "plain.csv")


def test_the_command_line_reads_a_workbook_and_a_named_sheet(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "c.sqlite3"
    path = _workbook(tmp_path / "Export.xlsx")
    base = ["--db", str(db), "--mapping", "salesforce"]
    assert main(["import", "accounts", str(path), *base]) == 1  # bad rows named
    out, err = capsys.readouterr()
    assert "imported 2 accounts of 4 row(s) (xlsx); 2 rejected" in out
    assert f"{path}:6: Phone" in err
    assert main(["import", "opportunities", str(path), *base, "--sheet", "Deals"]) == 1
    assert "imported 2 opportunities of 3 row(s)" in capsys.readouterr().out
    live = "SELECT count(*) FROM opportunities WHERE deleted_at IS NULL"
    assert sqlite3.connect(db).execute(live).fetchone() == (2,)
