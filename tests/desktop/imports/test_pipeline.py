"""A pipelined import (checked in a worker process while the parent writes)
leaves the cache, the batch and the rejects file exactly as the serial import
does, and a cancelled one leaves a batch whose undo restores the cache."""

from __future__ import annotations

import csv
import random
import re
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from desktop.imports import batches, importer, pipeline
from desktop.services.container import Services
from desktop.settings import SettingsFile
from desktop.store.changes import Changes
from tests.conftest import FIXED_NOW

ACCOUNTS = ["Account ID", "Account Name", "Type", "Industry", "Billing Street",
            "Billing City", "Billing State/Province", "Billing Zip/Postal Code",
            "Billing Country", "Phone", "Website"]
CONTACTS = ["Contact ID", "Account ID", "Account Name", "First Name", "Last Name", "Title",
            "Email", "Phone", "Mobile", "Mailing Country"]
N = 400  # accounts; three contacts each
CHECK = 70  # rows a chunk: many chunks in a small file
_ID = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}")


def _account(n: int, rng: random.Random) -> dict[str, str]:
    return {"Account ID": f"A{n:05d}", "Account Name": f"{rng.choice('BCDFGKLMPR')}"
            f"{rng.choice('aeiou')}{rng.choice('lmnrst')}ex Farm {n} Inc",
            "Type": rng.choice(("Customer", "Prospect", "")), "Industry": "Agriculture",
            "Billing Street": f"{n} Main St" + ("\nSuite 4" if n % 5 == 0 else ""),
            "Billing City": "Urbana", "Billing State/Province": "IL",
            "Billing Zip/Postal Code": "61801",
            "Billing Country": ("United States", "USA", "US", "")[n % 4],
            "Phone": f"(217) 55{n // 1000 % 10}-{n % 1000:04d}",
            "Website": f"farm{n}.example" if n % 3 else ""}


def _contact(n: int, account: dict[str, str], rng: random.Random) -> dict[str, str]:
    first, last = rng.choice(("Ann", "Bob", "Cleo", "Dev")), rng.choice(("Lee", "Ortiz", "Kim"))
    return {"Contact ID": f"C{n:05d}", "Account ID": account["Account ID"],
            "Account Name": account["Account Name"], "First Name": first, "Last Name": last,
            "Title": "Buyer", "Email": f"{first}.{last}.{n}@mail.example".lower(),
            "Phone": f"(312) 4{n // 1000 % 10}{n // 100 % 10}-{n % 1000:04d}",
            "Mobile": f"(312) 7{n % 10}0-{n % 1000:04d}" if n % 2 else "",
            "Mailing Country": "US"}


def _files(folder: Path) -> tuple[Path, Path, Path, Path]:
    """(seed accounts, seed contacts, accounts, contacts): the big files hold
    every 10th account (and its people) again, bad rows, blank rows and rows
    that duplicate other rows of the same file."""
    rng = random.Random(16)
    seeds: tuple[list[dict[str, str]], list[dict[str, str]]] = ([], [])
    rows: tuple[list[dict[str, str]], list[dict[str, str]]] = ([], [])
    for n in range(N):
        account = _account(n, rng)
        people = [_contact(3 * n + k, account, rng) for k in range(3)]
        if n % 10 == 0:  # cached already, without a website and with another industry
            seeds[0].append({**account, "Website": "", "Industry": "Retail"})
            seeds[1].extend({**p, "Title": ""} for p in people)
        if n % 37 == 5:
            account = {**account, "Phone": "call the office"}  # bad
        if n % 41 == 7:
            account = {**account, "Billing Country": "Atlantis"}  # bad
        rows[0].append(account)
        if n % 29 == 3:  # the same account twice in the file, under another id
            rows[0].append({**account, "Account ID": f"X{n:05d}"})
        for person in people:
            if n % 43 == 9:
                person = {**person, "Account ID": "", "Account Name": "Nobody Ltd"}  # bad
            rows[1].append(person)
        if n % 31 == 2:  # a person twice in the file
            rows[1].append({**people[0], "Contact ID": f"Y{n:05d}"})
    # A cached person's phone with another cached person's email, early (imported
    # as new) and again last: the last must match the cached people, not the
    # early row (the import's own row, with both, would rank first).
    twice = {**rows[1][0], "First Name": "Zed", "Last Name": "Twice",
             "Email": rows[1][1]["Email"]}
    rows[1].insert(2, {**twice, "Contact ID": "Z1"})  # line 4: no choice, so "new"
    rows[1].append({**twice, "Contact ID": "Z2"})
    paths = tuple(folder / n for n in ("seed-a.csv", "seed-c.csv", "a.csv", "c.csv"))
    for path, data, header in zip(paths, (*seeds, *rows), (ACCOUNTS, CONTACTS) * 2,
                                  strict=True):
        with path.open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.DictWriter(out, header, lineterminator="\r\n")
            writer.writeheader()
            for i, row in enumerate(data):
                writer.writerow(row)
                if i % 97 == 50:
                    out.write(",,,\r\n")  # a blank row
    return paths  # type: ignore[return-value]


def _cache(folder: Path, seeds: tuple[Path, Path]) -> Services:
    folder.mkdir()
    services = Services.open(folder / "cache.sqlite3", SettingsFile(folder / "settings.json"),
                             clock=lambda: FIXED_NOW)
    for kind, path in zip(("accounts", "contacts"), seeds, strict=True):
        importer.run(services, kind, path, "salesforce", duplicates="new", pipelined=False)
    return services


def _names(services: Services) -> dict[str, str]:
    """Every row id (hex) -> "table#rowid": ids are random, the order is not."""
    conn = services.store.reads()
    return {row_id: f"{table}#{rowid}" for table in ("accounts", "contacts")
            for rowid, row_id in conn.execute(f"SELECT rowid, id FROM {table}")}  # nosec B608 - identifiers from code, values bound


def _plain(value: Any, names: dict[str, str]) -> Any:
    return _ID.sub(lambda m: names.get(m.group().replace("-", ""), "?"), str(value))


def _dump(services: Services, live: bool = False) -> dict[str, list[tuple[Any, ...]]]:
    """Accounts and contacts in order and the outbox's entries, ids named by
    row order (the entries' own stamps, which are the wall clock, left out)."""
    names = _names(services)
    conn = services.store.reads()
    out: dict[str, list[tuple[Any, ...]]] = {}
    where = " WHERE deleted_at IS NULL" if live else ""
    for table in ("accounts", "contacts"):
        cursor = conn.execute(f"SELECT * FROM {table}{where} ORDER BY rowid")  # nosec B608 - identifiers from code, values bound
        columns = [d[0] for d in cursor.description]
        rows = [list(row) for row in cursor]
        if "name_key" in columns:  # numbered by chunks: its place in the order must agree
            at = columns.index("name_key")
            rank = {key: n for n, key in enumerate(sorted(r[at] for r in rows
                                                          if r[at] is not None))}
            for row in rows:
                row[at] = rank.get(row[at])
        out[table] = [tuple(_plain(v, names) for v in row) for row in rows]
    if not live:  # sorted: a merge's unit of work records its rows in the session's order
        out["outbox"] = sorted(tuple(_plain(v, names) for v in row) for row in conn.execute(
            "SELECT table_name, row_id, op, base, changes FROM sync_outbox"))
    return out


def _batch(services: Services, batch_id: str | None) -> tuple[Any, ...]:
    assert batch_id is not None
    names = _names(services)
    batch = batches.Batch.open(services.store.path, batch_id, services.store.key)
    return (batch.kind, [names[i] for i in batch.ids],
            sorted((r, names[i]) for r, i in batch.refs.items()),
            sorted((names[i], v) for i, v in batch.merged.items()))


def _note(into: list[tuple[int, int]], done: int, total: int) -> None:
    into.append((done, total))


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path, Path, Path]:
    return _files(tmp_path)


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(pipeline, "CHECK_CHUNK", CHECK)
    yield


def test_pipelined_and_serial_imports_leave_the_same_cache(
        tmp_path: Path, files: tuple[Path, Path, Path, Path], small_chunks: None) -> None:
    seen: dict[bool, Any] = {}
    for pipelined in (False, True):
        services = _cache(tmp_path / str(pipelined), files[:2])
        try:
            results: list[Any] = []
            reported: list[tuple[int, int]] = []
            for kind, path, policy, choices in (
                    ("accounts", files[2], "merge", None),
                    ("contacts", files[3], "new",
                     {n: "merge" if n % 2 else "skip" for n in range(0, 2000, 3)})):
                rejects = tmp_path / f"{pipelined}-{kind}-rejects.csv"
                # The name index read afresh, as the worker reads it: an index kept
                # current by changes lists a name's rows in the order it learnt them
                # (random ids), so which 12 of 15 "Ann Ortiz" it offers varies.
                services.duplicates.apply(Changes.reset())
                result = importer.run(services, kind, path, "salesforce", duplicates=policy,
                                      choices=choices, rejects=rejects, pipelined=pipelined,
                                      progress=partial(_note, reported))
                results.append((result._replace(batch=None, matches=(), rejected=[]),
                                [(r.line, r.reason, r.raw) for r in result.rejected],
                                [(m.item.ref, m.line, m.reasons, m.label, m.fills,
                                  m.conflicts) for m in result.matches],
                                rejects.read_bytes(), _batch(services, result.batch)))
            seen[pipelined] = (results, _dump(services))
            assert reported and reported[-1][0] == reported[-1][1]
        finally:
            services.close()
    serial, piped = seen[False], seen[True]
    for one, other in zip(serial[0], piped[0], strict=True):
        assert one == other
    accounts, contacts = serial[0][0][0], serial[0][1][0]
    assert accounts.imported > 300 and accounts.merged >= 30 and accounts.rejected == []
    assert len(serial[0][0][1]) >= 15 and len(serial[0][1][1]) >= 20  # rejects compared
    assert contacts.merged >= 15 and contacts.skipped >= 15 and contacts.imported > 1000
    twice = {m[0]: m[3] for m in serial[0][1][2] if m[0] in ("Z1", "Z2")}
    assert len(twice) == 2 and not any("Zed" in label for label in twice.values())
    assert not piped[0][0][0].cancelled
    for table in ("accounts", "contacts", "outbox"):
        assert len(serial[1][table]) == len(piped[1][table])
        for one, other in zip(serial[1][table], piped[1][table], strict=True):
            assert one == other


def test_a_cancelled_pipelined_import_is_undone_exactly(
        tmp_path: Path, files: tuple[Path, Path, Path, Path], small_chunks: None) -> None:
    services = _cache(tmp_path / "cache", files[:2])
    try:
        importer.run(services, "accounts", files[2], "salesforce", duplicates="new",
                     pipelined=False)
        before = _dump(services, live=True)
        asked: list[int] = []

        def cancelled() -> bool:
            asked.append(1)
            return len(asked) > 4

        result = importer.run(services, "contacts", files[3], "salesforce",
                              duplicates="merge", cancelled=cancelled, pipelined=True)
        assert result.cancelled and result.batch is not None
        assert 0 < result.imported < 1000  # stopped after a few chunks of the file
        assert result.rows % CHECK == 0 and result.rows <= 8 * CHECK
        assert _dump(services, live=True) != before
        batches.undo(services, result.batch)
        assert _dump(services, live=True) == before
    finally:
        services.close()


def test_small_files_sheets_and_deals_stay_serial(files: tuple[Path, Path, Path, Path],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    assert pipeline.eligible("contacts", files[3], None)
    assert not pipeline.eligible("opportunities", files[3], None)
    assert not pipeline.eligible("contacts", files[3], "Sheet1")
    assert not pipeline.large(files[3])  # 1,200 rows
    monkeypatch.setattr(pipeline, "PIPELINE_ROWS", 1000)
    assert pipeline.large(files[3]) == pipeline.spare_core()
    assert not pipeline.large(files[2])  # 400 rows
