"""Reading a CSV file someone exported: its encoding (a BOM, else UTF-8, else
cp1252), its delimiter (``,`` ``;`` or tab), and each record's first line
(a quoted field may span lines)."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name)."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data.decode(name), name
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:  # a byte cp1252 leaves undefined
        return data.decode("latin-1"), "latin-1"


def delimiter(text: str) -> str:
    """The header line's separator: the one of ``,`` ``;`` tab it holds most of
    outside quotes (a sniffer guesses wrong on one-column files)."""
    header = next(iter(text.splitlines()), "")
    counts = {d: 0 for d in (",", ";", "\t")}
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def records(text: str) -> Iterator[tuple[int, list[str]]]:
    """(first line, fields) of each record; line 1 is the header."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text))
    last = 0
    for fields in reader:
        yield last + 1, fields
        last = reader.line_num
