"""The files: the PDF's text holds the totals, the XLSX the same numbers as
numbers, the CSV plain numbers; the CLI writes each format and refuses bad input."""

from __future__ import annotations

import csv
import io
import shutil
import sqlite3
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from desktop.reports import REPORTS, period
from desktop.reports.filters import ReportFilter
from desktop.services.container import Services
from tests.desktop.reports.conftest import ANCHOR

Q4 = period.parse("2026-Q4")


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize("name", list(REPORTS))
def test_each_report_in_three_formats(services: Services, name: str) -> None:
    result = services.reports.run(name, ReportFilter(Q4))
    table = result.tables[0]
    assert table.totals is not None
    text = pdf_text(services.reports.export(result, "pdf"))
    assert result.title in text and "Fieldbook Supply Co." in text
    from desktop.documents.report_pdf import cell_text

    for value, column in zip(table.totals, table.columns, strict=True):
        if value not in (None, ""):
            assert cell_text(value, column.kind.value) in text, (column.key, value)
    book = load_workbook(io.BytesIO(services.reports.export(result, "xlsx")))
    assert book.sheetnames[0] == "Summary" and len(book.sheetnames) == 1 + len(result.tables)
    sheet = book[book.sheetnames[1]]
    assert [c.value for c in sheet[1]] == [c.header for c in table.columns]
    last = [c.value for c in sheet[sheet.max_row]]
    for value, got in zip(table.totals, last, strict=True):
        if isinstance(value, Decimal):
            assert isinstance(got, float | int) and Decimal(str(got)) == value
        elif isinstance(value, int | float):
            assert got == value and not isinstance(got, str)
    assert sheet.max_row == 2 + len(table.rows)
    rows = list(csv.reader(io.StringIO(services.reports.export(result, "csv").decode())))
    header = rows.index([c.header for c in table.columns])
    totals = rows[header + 1 + len(table.rows)]
    assert totals == ["" if v is None else f"{v:f}" if isinstance(v, Decimal) else str(v)
                      for v in table.totals]


def test_money_formats_in_xlsx(services: Services) -> None:
    result = services.reports.run("closings", ReportFilter(Q4))
    sheet = load_workbook(io.BytesIO(services.reports.export(result, "xlsx")))["Closings per rep"]
    revenue = sheet.cell(2, 3)
    assert isinstance(revenue.value, float) and revenue.number_format == "#,##0.00"
    assert sheet.cell(2, 5).number_format == '0.0"%"'
    assert sheet.column_dimensions["A"].width >= 10 and sheet.freeze_panes == "B2"


def test_weekly_pdf_holds_every_part_and_the_flagged_notes(report_db: Path,
                                                           tmp_path: Path) -> None:
    from desktop.settings import SettingsFile

    db = tmp_path / "weekly.sqlite3"
    shutil.copy(report_db, db)
    with sqlite3.connect(db) as conn:
        author = conn.execute("SELECT id FROM users WHERE name = 'Alex Morgan'").fetchone()[0]
        conn.execute(
            "INSERT INTO field_notes (id, author_id, audience, topic, body, noted_at, status, "
            "created_at, updated_at, sync_version) VALUES (?, ?, 'product', "
            "'Pallet wrap tears in the cold', 'Three customers said so this week.', "
            "'2026-12-03 15:00:00.000000', 'open', '2026-12-03 15:00:00.000000', "
            "'2026-12-03 15:00:00.000000', 0)", (uuid.uuid4().hex, author))
    services = Services.open(db, SettingsFile(cache=db), clock=lambda: ANCHOR)
    try:
        data = services.reports.weekly_pdf(ANCHOR.date().replace(day=2))
        closings = services.reports.run("closings", ReportFilter(period.parse("2026-W49")))
    finally:
        services.close()
    text = " ".join(pdf_text(data).split())  # wrapped cells join again
    for part in ("Weekly status report 2026-W49", "Activity", "Closings", "Follow-up",
                 "Adherence to goals", "Pipeline changes", "Field notes",
                 "Pallet wrap tears in the cold"):
        assert part in text, part
    from desktop.documents.report_pdf import cell_text

    assert cell_text(closings.table_named("closings").total("revenue"), "money") in text


def run_cli(*args: str) -> int:
    from ui.cli import main

    return main(["report", *args])


@pytest.mark.parametrize("fmt", ["pdf", "csv", "xlsx"])
def test_cli_writes_each_format(report_db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"closings.{fmt}"
    assert run_cli("closings", "--db", str(report_db), "--period", "2026-Q3", "--rep",
                   "alex.morgan", "--format", fmt, "--out", str(out)) == 0
    data = out.read_bytes()
    assert data[:4] == {"pdf": b"%PDF", "xlsx": b"PK\x03\x04", "csv": b"Clos"}[fmt]


def test_cli_weekly(report_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "week.pdf"
    assert run_cli("weekly", "--db", str(report_db), "--week", "2026-W48", "--out",
                   str(out)) == 0
    assert "Weekly status report 2026-W48" in pdf_text(out.read_bytes())


@pytest.mark.parametrize(("args", "message"), [
    (["trends", "--period", "2026-Q5"], "'2026-Q5' is not a period"),
    (["forecasts", "--period", "2026-Q3"], "there is no report 'forecasts'"),
    (["trends", "--period", "2026-Q3", "--rep", "nobody"], "nobody called 'nobody'"),
    (["weekly", "--format", "csv"], "the format must be pdf"),
])
def test_cli_refuses_with_status_2(report_db: Path, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str], args: list[str],
                                   message: str) -> None:
    out = tmp_path / "x.pdf"
    assert run_cli(*args, "--db", str(report_db), "--out", str(out)) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()
