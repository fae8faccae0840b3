"""Import a CSV export or an Excel sheet into the cache, in chunks, as one batch
that can be undone.

Every row is checked first; good rows are written in chunks
(:mod:`desktop.imports.writing`: each chunk one writer job, so a rep's save
waits at most for one chunk). Bad rows are named by the line they start on (and written to a
rejects CSV with the reason when asked); good rows land even when others are
bad. Likely duplicates of cached records are merged into them, skipped or
imported as new, as the rep chooses (``desktop.imports.merging``). The ids
written are kept in a batch file beside the cache (``<cache>.imports/``), so
:func:`desktop.imports.batches.undo` can tombstone exactly those.
"""

from __future__ import annotations

import csv
import uuid
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from desktop.domain.schema import Account, Contact, Interaction
from desktop.domain.schema.pipeline import Opportunity
from desktop.imports import batches, sheets
from desktop.imports.mappings import fold, load
from desktop.imports.merging import Match
from desktop.imports.rows import Accounts, account_values, activity_values, contact_values
from desktop.imports.writing import write_checked as write_checked
from desktop.services.csv_text import decode, records

if TYPE_CHECKING:
    from desktop.services.container import Services

CHECKED = 500  # rows checked between two ``checked`` reports (and cancel checks)
ENTITIES: dict[str, type[Any]] = {"accounts": Account, "contacts": Contact,
                                  "activities": Interaction, "opportunities": Opportunity}


class Rejected(NamedTuple):
    line: int  # where the record starts in the file (1 = the header)
    reason: str
    raw: list[str]


class Result(NamedTuple):
    kind: str
    rows: int  # data rows read (blank ones skipped)
    imported: int  # written (0 on a dry run)
    rejected: list[Rejected]
    duplicates: list[tuple[int, str]]  # (line, "same phone: account Acme, Urbana")
    skipped: int  # duplicates left out (duplicates="skip")
    columns: dict[str, str]  # header -> field
    ignored: list[str]
    encoding: str
    batch: str | None  # the batch id to undo, None on a dry run or when nothing landed
    cancelled: bool
    matches: tuple[Match, ...] = ()  # the duplicates with what they match, for a choice each
    merged: int = 0  # cached records filled from a duplicate row


class Parsed(NamedTuple):
    line: int
    raw: list[str]
    values: dict[str, Any]
    ref: str


def _read(kind: str, path: Path, mapping: str | Mapping[str, str], sheet: str | None = None
          ) -> tuple[list[str], Iterator[tuple[int, list[str]]], dict[int, str], str]:
    """A CSV file or an Excel workbook's sheet (the first unless named)."""
    table = load(kind, mapping)
    rows: Iterator[tuple[int, list[str]]]
    if sheets.is_xlsx(path):
        rows, encoding = sheets.records(path, sheet), sheets.ENCODING
    else:
        text, encoding = decode(path.read_bytes())
        rows = iter(records(text))
    header = next(rows, (1, []))[1]
    by_index: dict[int, str] = {}
    for i, name in enumerate(header):
        field = table.get(fold(name))
        if field and (field not in by_index.values() or field.endswith("_street")):
            by_index[i] = field
    return header, rows, by_index, encoding


def accounts_index(services: Services) -> Accounts:
    by_name: dict[str, tuple[uuid.UUID, str]] = {}
    by_id: dict[uuid.UUID, str] = {}
    for row_id, name, country in services.store.reads().execute(
            "SELECT id, name, billing_country FROM accounts WHERE deleted_at IS NULL"):
        account = uuid.UUID(row_id)
        by_id[account] = country
        by_name.setdefault(fold(name), (account, country))
    known = batches.refs(services.store.path, "accounts", services.store.key)
    by_ref = {ref: (row_id, by_id[row_id]) for ref, row_id in known.items() if row_id in by_id}
    return Accounts(by_name, by_ref)


def _parse(kind: str, services: Services, header: list[str],
           rows: Iterator[tuple[int, list[str]]], by_index: dict[int, str],
           limit: int | None = None, accounts: Accounts | None = None
           ) -> Iterator[Parsed | Rejected]:
    """Each row checked; ``accounts``: where contacts and activities find
    theirs (read from the cache on the first row unless given)."""
    if accounts is None and kind != "accounts":
        accounts = accounts_index(services)
    seen = 0
    stages: list[Any] = []
    for line, raw in rows:
        if not "".join(raw).strip():  # blank (no cell has more than white space)
            continue
        seen += 1
        if limit is not None and seen > limit:
            return
        if len(raw) > len(header):
            yield Rejected(line, f"{len(raw)} fields where the header has {len(header)} "
                           "(a stray delimiter or quote, or a cell right of the last "
                           "column?)", raw)
            continue
        fields: dict[str, str] = {}
        for i, field in by_index.items():
            cell = raw[i].strip().replace("\r\n", "\n") if i < len(raw) else ""
            if cell:
                fields[field] = f"{fields[field]}, {cell}" if field in fields else cell
        if kind == "accounts":
            values, problems = account_values(fields)
        elif kind == "contacts":
            assert accounts is not None
            values, problems = contact_values(fields, accounts)
        elif kind == "activities":
            assert accounts is not None
            values, problems = activity_values(fields, accounts)
        else:
            from desktop.imports.deals import opportunity_values

            assert accounts is not None
            stages = stages or services.opportunities.stages()
            values, problems = opportunity_values(fields, accounts, stages)
        if problems:
            yield Rejected(line, "; ".join(problems), raw)
        else:
            yield Parsed(line, raw, values, fields.get("ref", ""))


def preview(services: Services, kind: str, path: Path, mapping: str | Mapping[str, str],
            limit: int = 10, sheet: str | None = None
            ) -> list[tuple[int, dict[str, Any] | str]]:
    """The first ``limit`` rows as they will land: (line, values) or (line, reason)."""
    header, rows, by_index, _enc = _read(kind, path, mapping, sheet)
    return [(p.line, p.values if isinstance(p, Parsed) else p.reason)
            for p in _parse(kind, services, header, rows, by_index, limit)]


def duplicate(services: Services, kind: str, values: dict[str, Any]) -> str | None:
    """ "same phone: Acme Feed & Seed, Urbana" for the best cached record of any
    kind the values may duplicate (the vCard import's check), or None."""
    if kind == "accounts":
        fields = {k: values.get(k) for k in ("name", "phone", "billing_country")}
    elif kind == "contacts":
        fields = {k: values.get(k) for k in ("first_name", "last_name", "work_phone",
                                             "mobile_phone", "email")}
    else:
        return None
    found = services.duplicates.candidates(kind, fields, limit=1)
    return f"{found[0].reasons()}: {found[0].label}" if found else None


def run(services: Services, kind: str, path: Path, mapping: str | Mapping[str, str], *,
        dry_run: bool = False, rejects: Path | None = None, duplicates: str = "report",
        choices: Mapping[int, str] | None = None,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        checked: Callable[[int], None] | None = None,
        keep: list[Parsed] | None = None, sheet: str | None = None,
        pipelined: bool | None = None) -> Result:
    """Import ``path`` as ``kind`` rows. A row likely duplicating a cached record
    of its kind is merged into it, skipped or imported as new (``duplicates``:
    ``merge``, ``skip``, ``new`` or its older name ``report``; ``choices``
    overrides it per line), or ``ignore`` (no lookup: fastest).
    ``checked`` hears how many rows were checked every :data:`CHECKED` rows,
    and ``cancelled`` is asked as often while checking (a large file takes a
    while): cancelled then, nothing is written. A dry run given ``keep`` puts
    the rows that are no duplicates there, for :func:`write_checked` (the
    duplicates are in the result's ``matches``). An Excel workbook reads its
    ``sheet``, the first unless named (:mod:`desktop.imports.sheets`).
    A large CSV file is checked in a worker process while this one writes
    (:mod:`desktop.imports.pipeline`; ``pipelined`` forces the choice)."""
    from desktop.imports import merging, pipeline

    if kind not in ENTITIES:
        raise ValueError(f"kind must be one of {', '.join(ENTITIES)}")
    if duplicates != "ignore":
        merging.choice(duplicates)
    if not dry_run and pipeline.eligible(kind, path, sheet) and (
            pipelined if pipelined is not None else pipeline.large(path)):
        return pipeline.run(services, kind, path, mapping, rejects=rejects,
                            duplicates=duplicates, choices=choices, progress=progress,
                            cancelled=cancelled, checked=checked)
    header, rows, by_index, encoding = _read(kind, path, mapping, sheet)
    columns = {header[i]: f for i, f in by_index.items()}
    ignored = [h for i, h in enumerate(header) if i not in by_index and h.strip()]
    good: list[Parsed] = []
    rejected: list[Rejected] = []
    matches: list[Match] = []
    cached = merging.known(services) if duplicates != "ignore" and kind in (
        "accounts", "contacts") else None
    for seen, item in enumerate(_parse(kind, services, header, rows, by_index), start=1):
        if seen % CHECKED == 0:
            if checked is not None:
                checked(seen)
            if cancelled is not None and cancelled():
                return Result(kind, seen, 0, rejected, [], 0, columns, ignored,
                              encoding, None, True)
        if isinstance(item, Rejected):
            rejected.append(item)
            continue
        match = merging.find(services, kind, item, cached) if cached is not None else None
        if match is not None:
            matches.append(match)
        else:
            good.append(item)
    skipped = merging.resolve(matches, duplicates, choices)[2] if matches else 0
    if rejects is not None:
        _write_rejects(rejects, header, rejected)
    checked_result = Result(kind, len(good) + len(rejected) + len(matches), 0, rejected,
                            [(m.line, f"{m.reasons}: {m.label}") for m in matches], skipped,
                            columns, ignored, encoding, None, False, tuple(matches))
    if dry_run:
        if keep is not None:
            keep.extend(good)
        return checked_result
    return write_checked(services, checked_result, good, path, progress, cancelled,
                         duplicates=duplicates, choices=choices)


def _write_rejects(path: Path, header: list[str], rejected: list[Rejected]) -> None:
    """The bad rows as the file had them, after their line and reason (UTF-8 with
    a BOM, so a spreadsheet opens it right)."""
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["line", "reason", *header])
        for bad in rejected:
            writer.writerow([bad.line, bad.reason, *bad.raw])
