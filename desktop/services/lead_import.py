"""Web inquiries from a CSV file (web forms, Salesforce Web-to-Lead, HubSpot).

Headers are matched by name (``First Name``, ``FirstName``, ``first_name`` ...);
the encoding (UTF-8 with or without BOM, else cp1252) and the delimiter (``,``
or ``;``) are detected. Every bad row is named by its line; nothing is written
when any row is bad. Duplicates of existing leads and accounts are reported,
not refused.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple


class BadRow(NamedTuple):
    line: int  # the file's line where the record starts (1 = the header)
    reason: str


class DuplicateNote(NamedTuple):
    line: int
    what: str  # "same email as lead Jane Doe (Acme)"


class ImportReport(NamedTuple):
    rows: int  # data rows read
    imported: int  # leads written (0 on a dry run or when any row is bad)
    bad: list[BadRow]
    duplicates: list[DuplicateNote]
    columns: dict[str, str]  # file header -> lead field
    ignored: list[str]  # headers not used
    dry_run: bool

    @property
    def ok(self) -> bool:
        return not self.bad


def import_leads(services: Any, path: Path, *, dry_run: bool = False,
                 source: str = "web") -> ImportReport:
    """Read ``path``, check every row, and (unless ``dry_run`` or any row is
    bad) write all leads in one unit of work."""
    raise NotImplementedError
