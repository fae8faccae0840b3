"""A sheet written as CSV (UTF-8 with a BOM, ISO dates) or XLSX (dates and
numbers typed, a bold frozen header), streamed row by row."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

from desktop.exports.lists import Sheet, Value

FORMATS = ("csv", "xlsx")


def _text(value: Value) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    # ISO on purpose, in any locale: a CSV or XLSX cell is read by programs
    # (re-imported, sorted, summed), not only people; the window uses formats.
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def write(sheet: Sheet, fmt: str, out: Path) -> int:
    """Write ``sheet`` to ``out``; the number of data rows."""
    if fmt == "csv":
        count = 0
        with out.open("w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(sheet.headers)
            for row in sheet.rows:
                writer.writerow([_text(v) for v in row])
                count += 1
        return count
    if fmt != "xlsx":
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet.title[:31])
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for text in sheet.headers:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    count = 0
    for row in sheet.rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(ws, value=value)
            if isinstance(value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        ws.append(cells)
        count += 1
    book.save(out)
    return count
