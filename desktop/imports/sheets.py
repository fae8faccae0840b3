"""Excel workbooks (.xlsx) read as a CSV export is: a header row, then records.

The workbook is opened read-only with values only (``openpyxl``), so a large
sheet streams row by row. The first sheet is read unless one is named. The
header is the first row that has a cell (a title row above it is rare in an
export, blank rows above it are not); a record's line is its row number in the
sheet, as the spreadsheet shows it. Cells come back as the text a CSV export
would hold: a date cell as ``2026-11-30`` (with `` 14:05:00`` when it has a
time), a number cell as its digits (``2175550100``, not ``2175550100.0``), so
every check after this is the CSV import's.
"""

from __future__ import annotations

import zipfile
from collections.abc import Generator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

SUFFIXES = (".xlsx", ".xlsm")
ENCODING = "xlsx"  # what a result names as the file's encoding


def is_xlsx(path: Path) -> bool:
    """An .xlsx by its name, or a zip holding a workbook."""
    if path.suffix.lower() in SUFFIXES:
        return True
    try:
        with zipfile.ZipFile(path) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except (OSError, zipfile.BadZipFile):
        return False


def _open(path: Path) -> Any:
    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ValueError(f"cannot read {path.name} as an Excel workbook (.xlsx): "
                         f"{getattr(exc, 'strerror', None) or exc}") from exc


def sheet_names(path: Path) -> list[str]:
    """The workbook's sheets in tab order, read from its index alone (at once,
    however large the sheets); ValueError with the reason when unreadable."""
    from xml.etree import ElementTree

    try:
        with zipfile.ZipFile(path) as archive:
            root = ElementTree.fromstring(archive.read("xl/workbook.xml"))  # nosec B314 - the rep's own file, names only
    except (OSError, zipfile.BadZipFile, KeyError, ElementTree.ParseError) as exc:
        raise ValueError(f"cannot read {path.name} as an Excel workbook (.xlsx): "
                         f"{getattr(exc, 'strerror', None) or exc}") from exc
    return [node.get("name", "") for node in root.iter() if node.tag.endswith("}sheet")]


def text(value: Any) -> str:
    """A cell's value as a CSV export would write it."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return str(value)


def records(path: Path, sheet: str | None = None
            ) -> Generator[tuple[int, list[str]], None, None]:
    """(row number, cells) of the sheet from its header row on, the header first;
    trailing empty cells left out. ValueError for no such sheet or no header."""
    book = _open(path)
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise ValueError(f"{path.name} has no sheet {sheet!r} (it has "
                             f"{', '.join(repr(n) for n in book.sheetnames)})")
        rows = book[sheet] if sheet is not None else book.worksheets[0]
        started = False
        for number, values in enumerate(rows.iter_rows(values_only=True), start=1):
            cells = [text(v) for v in values]
            while cells and not cells[-1].strip():
                cells.pop()
            if not started and not cells:
                continue
            started = True
            yield number, cells
        if not started:
            raise ValueError(f"{path.name} has no header row"
                             + (f" on sheet {sheet!r}" if sheet else ""))
    finally:
        book.close()
