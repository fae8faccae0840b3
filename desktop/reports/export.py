"""A report as a file: CSV (plain numbers), XLSX (numbers as numbers, one sheet
per table) or PDF (``desktop.documents.report_pdf``: charts and tables)."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from desktop.i18n import _
from desktop.reports.result import Cell, ColumnKind, ReportResult, Table

if TYPE_CHECKING:
    from desktop.documents.model import Branding

FORMATS = {ColumnKind.MONEY: "#,##0.00", ColumnKind.PERCENT: '0.0"%"',
           ColumnKind.NUMBER: "#,##0.0##", ColumnKind.INT: "#,##0",
           ColumnKind.DATE: "yyyy-mm-dd"}


def render(result: ReportResult, fmt: str, branding: Branding | None = None) -> bytes:
    if fmt == "csv":
        return to_csv(result).encode("utf-8")
    if fmt == "xlsx":
        return to_xlsx(result)
    if fmt == "pdf":
        from desktop.documents.report_pdf import render as pdf

        return pdf(result, branding)
    raise ValueError(_("Unknown format {fmt!r}: choose pdf, csv or xlsx.").format(fmt=fmt))


def plain(value: Cell) -> str:
    """A cell as CSV text: numbers without grouping or currency, dates in ISO."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def to_csv(result: ReportResult) -> str:
    """Each table: its title, a header row, the rows, the totals, a blank line."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([result.title, result.subtitle])
    for figure in result.figures:
        writer.writerow([figure.label, plain(figure.value)])
    for table in result.tables:
        writer.writerow([])
        writer.writerow([table.title])
        writer.writerow([c.header for c in table.columns])
        for row in table.rows:
            writer.writerow([plain(v) for v in row])
        if table.totals is not None:
            writer.writerow([plain(v) for v in table.totals])
    return out.getvalue()


def to_xlsx(result: ReportResult) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    summary = book.active
    assert summary is not None
    summary.title = _sheet_name(_("Summary"), set())
    summary.append([result.title])
    summary["A1"].font = Font(bold=True, size=14)
    summary.append([result.subtitle])
    summary.append([])
    for figure in result.figures:
        summary.append([figure.label, _xl(figure.value)])
        cell = summary.cell(summary.max_row, 2)
        if figure.kind in FORMATS:
            cell.number_format = FORMATS[figure.kind]
    for note in result.notes:
        summary.append([])
        summary.append([note])
    summary.column_dimensions["A"].width = 34
    summary.column_dimensions["B"].width = 18
    names = {summary.title}
    for table in result.tables:
        _sheet(book.create_sheet(_sheet_name(table.title, names)), table, Font)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet(sheet: Any, table: Table, font: Any) -> None:
    from openpyxl.utils import get_column_letter

    bold = font(bold=True)
    sheet.append([c.header for c in table.columns])
    for cell in sheet[1]:
        cell.font = bold
    rows = [*table.rows, *([table.totals] if table.totals is not None else [])]
    for row in rows:
        sheet.append([_xl(v) for v in row])
    if table.totals is not None:
        for cell in sheet[sheet.max_row]:
            cell.font = bold
    for n, column in enumerate(table.columns, start=1):
        if column.kind in FORMATS:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=n, max_col=n):
                cell.number_format = FORMATS[column.kind]
        longest = max([len(column.header), *(len(plain(r[n - 1])) for r in rows)], default=8)
        sheet.column_dimensions[get_column_letter(n)].width = min(max(10, longest + 3), 48)
    sheet.freeze_panes = "B2"


def _xl(value: Cell) -> Any:
    """Numbers stay numbers (money as a float of its cents), text stays text."""
    if isinstance(value, Decimal):
        return float(value)
    return value


def _sheet_name(title: str, taken: set[str]) -> str:
    """A unique sheet name within Excel's 31 characters and without []:*?/\\."""
    name = "".join(" " if c in "[]:*?/\\" else c for c in title)[:31].strip() or "Sheet"
    base, n = name, 2
    while name in taken:
        suffix = f" {n}"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    taken.add(name)
    return name
