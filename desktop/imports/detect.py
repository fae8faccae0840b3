"""What a file is before it is imported: its columns, which CRM wrote it, what
it holds, and the column -> field mapping to start from (the window's wizard
shows that mapping for the rep to change).

Sage CRM prefixes its columns with the table (``Comp_``, ``Pers_``, ``Comm_``,
``Oppo_``, ``Addr_``, ``CmLi_``); a file whose headers the presets know
otherwise is taken as Salesforce's; a file they barely know is "another CRM"
and the rep maps it by hand.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from desktop.imports import sheets
from desktop.imports.mappings import KINDS, PRESETS, fold
from desktop.services.csv_text import decode, records

HEAD = 1 << 20  # bytes read to show the columns: a large file opens at once
_SAGE_PREFIXES = ("comp_", "pers_", "comm_", "oppo_", "addr_", "cmli_")
SALESFORCE, SAGE, OTHER = "salesforce", "sage", "other"


class Columns(NamedTuple):
    header: list[str]
    encoding: str
    samples: list[list[str]]  # the first data rows, for the rep to recognise columns


class Detected(NamedTuple):
    product: str  # salesforce, sage or other
    kind: str  # accounts, contacts, activities or opportunities
    known: int  # how many columns the kind's presets name


def read_columns(path: Path, samples: int = 3, sheet: str | None = None) -> Columns:
    """The header and first rows; ValueError with a reason a rep can act on when
    the file cannot be one (unreadable, empty, no header, not text). An Excel
    workbook's ``sheet`` (the first unless named)."""
    if sheets.is_xlsx(path):
        return _sheet_columns(path, samples, sheet)
    try:
        with path.open("rb") as f:
            data = f.read(HEAD + 1)
    except OSError as exc:
        raise ValueError(f"cannot read {path.name}: {exc.strerror or exc}") from exc
    if not data.strip():
        raise ValueError(f"{path.name} is empty")
    wide = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))  # (UTF-32 LE too)
    if (b"\x00" in data[:4096] and not wide) or data.startswith(b"PK\x03\x04"):
        raise ValueError(f"{path.name} is not a CSV file or an Excel workbook (save it "
                         "from the spreadsheet as .xlsx or CSV, UTF-8)")
    if len(data) > HEAD and not wide:  # whole lines only (no character cut in two)
        data = data[:data.rfind(b"\n", 0, HEAD) + 1] or data[:HEAD]
    elif len(data) > HEAD:
        data = data[:HEAD - HEAD % 4]
    text, encoding = decode(data)
    rows = iter(records(text))
    header = next(rows, (1, []))[1]
    if not any(h.strip() for h in header):
        raise ValueError(f"{path.name} has no header row")
    return Columns(header, encoding, _first_rows(rows, samples))


def _first_rows(rows: Iterator[tuple[int, list[str]]], samples: int) -> list[list[str]]:
    first = []
    for _line, raw in rows:
        if any(cell.strip() for cell in raw):
            first.append(raw)
        if len(first) >= samples:
            break
    return first


def _sheet_columns(path: Path, samples: int, sheet: str | None) -> Columns:
    rows = sheets.records(path, sheet)  # a generator: closed at the end
    try:
        header = next(rows)[1]
        return Columns(header, sheets.ENCODING, _first_rows(rows, samples))
    except StopIteration:
        raise ValueError(f"{path.name} has no header row") from None
    finally:
        rows.close()


def is_vcard(path: Path) -> bool:
    """A .vcf by its name, or a file that starts as one does."""
    if path.suffix.lower() in (".vcf", ".vcard"):
        return True
    try:
        with path.open("rb") as f:
            head = f.read(64)
    except OSError:
        return False
    return head.lstrip(codecs.BOM_UTF8 + b" \r\n\t").upper().startswith(b"BEGIN:VCARD")


def detect(header: list[str]) -> Detected:
    """The kind whose presets name the most columns, and the product."""
    folded = [fold(h) for h in header]
    scores = {kind: sum(1 for f in folded if f in PRESETS[kind]) for kind in KINDS}
    kind = max(KINDS, key=lambda k: scores[k])  # ties: the first, accounts
    known = scores[kind]
    if known < 2:
        return Detected(OTHER, kind, known)
    sage = sum(1 for h in header if h.strip().lower().startswith(_SAGE_PREFIXES))
    return Detected(SAGE if sage * 2 >= len([h for h in header if h.strip()]) else SALESFORCE,
                    kind, known)


def initial_mapping(kind: str, header: list[str]) -> dict[str, str]:
    """Header -> field as an import would read it ('' for a column left out): a
    field named twice goes to the first column (streets excepted, joined)."""
    table = PRESETS[kind]
    out: dict[str, str] = {}
    taken: set[str] = set()
    for name in header:
        field = table.get(fold(name), "")
        if field and field in taken and not field.endswith("_street"):
            field = ""
        out[name] = field
        taken.add(field)
    return out


def fields(kind: str) -> list[str]:
    """The fields a column can land in for ``kind``, sorted."""
    return sorted(set(PRESETS[kind].values()))
