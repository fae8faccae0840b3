"""A large import on both cores: a worker process reads and checks the file a
chunk at a time while this process writes the chunk before (issue 16).

The serial path (:func:`desktop.imports.importer.run`) checks every row
against the cache as it was before the import, then writes. The worker keeps
that without holding a read transaction for the whole import (which would
keep SQLite from reusing its WAL: 3 GB of it for 300,000 contacts). It reads
what the checks need in one short snapshot before the first write: the phones
and emails cached, the accounts contacts attach to, the name index of the
duplicate finder, and each table's last rowid. After that it reads only rows
of that snapshot: the finder's exact phone and email lookups are bounded by
those rowids (the rows this import writes come after them), the name index
never learns the new rows, and a match's cached record is not written before
the last chunk (merges come at the end). The rows, rejects, duplicates and
batch come out as the serial path's (``tests/desktop/imports/test_pipeline.py``
compares both row by row).

The worker also makes a contacts or activities file's good rows ready for
SQLite (:mod:`desktop.imports.prepared`: there the writer is the busier
process; an accounts file's rows the parent readies itself). The parent
writes what the worker has checked by then, up to a writer job's worth
(:data:`desktop.imports.writing.TRANSACTION` rows), and asks ``cancelled``
between jobs and between the statements of a job: a cancel stops after the
statement it is on (the worker is ended; it only reads) and leaves a batch
that undo restores.
A process start costs about a second, so files under :data:`PIPELINE_ROWS`
rows, Excel sheets and deals stay on the serial path, and so does any file
while the machine has no idle core (:func:`spare_core`).
"""

from __future__ import annotations

import csv
import io
import multiprocessing
import os
import queue
import traceback
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from desktop.imports import batches, sheets
from desktop.imports.prepared import Prepared
from desktop.imports.writing import TRANSACTION

if TYPE_CHECKING:
    from datetime import datetime

    from desktop.imports.importer import Parsed, Rejected, Result
    from desktop.imports.merging import Match
    from desktop.services.container import Services
    from desktop.store.cipher import CacheKey

PIPELINE_ROWS = 20_000  # smaller files: the serial path (a process start costs more)
CHECK_CHUNK = 10_000  # rows the worker checks per message
FIRST = 2000  # rows of its first message
# Kinds whose rows the worker makes ready for SQLite (desktop.imports.prepared). An
# accounts file keeps the worker the busier process (its names are looked up against
# every cached company), so the writer readies those rows itself.
READIED_BY_WORKER = frozenset({"contacts", "activities"})
KINDS = ("accounts", "contacts", "activities")  # deals create through their service
AHEAD = 4  # checked chunks the worker may queue ahead of the writes (bounds memory)
WAIT = 0.5  # seconds between looks at a silent worker (did it die?)


class Job(NamedTuple):
    """What the worker needs, all of it picklable."""

    cache: Path
    key: CacheKey | None
    region: str
    kind: str
    path: Path
    mapping: str | dict[str, str]
    duplicates: str
    chunk: int
    now: datetime  # the import's stamp on every row
    extra: dict[str, Any]  # what every row gets (its owner or author)


class Checked(NamedTuple):
    """One chunk of the file checked: rows read so far, and this chunk's rows,
    the good ones ready for SQLite (:mod:`desktop.imports.prepared`)."""

    seen: int
    good: Prepared | list[Parsed] | None  # a list where the writer readies them
    rejected: list[Rejected]
    matches: list[Match]


def eligible(kind: str, path: Path, sheet: str | None) -> bool:
    """Whether ``path`` is a CSV file of a ``kind`` the worker can check."""
    return kind in KINDS and sheet is None and not sheets.is_xlsx(path)


def large(path: Path) -> bool:
    """Whether the file has :data:`PIPELINE_ROWS` lines or more and a core is
    spare for the worker: on a machine already busy the worker only adds its
    own start and a second read of the cache (at 20,000 accounts and 60,000
    contacts, load 8 on two cores: 38-43 s serial, 46-50 s pipelined)."""
    with path.open("rb") as data:
        lines = sum(block.count(b"\n") for block in iter(lambda: data.read(1 << 20), b""))
    return lines >= PIPELINE_ROWS and spare_core()


def spare_core() -> bool:
    """Whether the last minute left a core idle (yes where the system does not say)."""
    cores = os.cpu_count() or 1
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):  # Windows
        return cores > 1
    return cores > 1 and load <= cores - 1


class _Reader:
    """The part of :class:`Services` the checks use: the store and the finder."""

    def __init__(self, job: Job) -> None:
        from desktop.services.duplicates import DuplicateFinder
        from desktop.store.store import Store

        self.store = Store(job.cache, migrate_on_open=False, key=job.key)
        self.duplicates = DuplicateFinder(self.store, job.region)


def check(job: Job, out: Any) -> None:
    """The worker: ``("ready", header, columns, ignored, encoding)``, then a
    :class:`Checked` a chunk, then ``("done",)`` on ``out`` (``("error", text)``
    if it fails). What the checks read before "ready" is one snapshot."""
    from desktop.imports import importer, merging
    from desktop.imports.prepared import prepare

    try:
        reader = _Reader(job)
        services = cast("Services", reader)
        header, rows, by_index, encoding = importer._read(job.kind, job.path, job.mapping)
        conn = reader.store.reads()
        conn.execute("BEGIN")
        reader.duplicates.upto = {table: conn.execute(
            f"SELECT coalesce(max(rowid), 0) FROM {table}").fetchone()[0]  # nosec B608 - identifiers from code, values bound
            for table in ("accounts", "contacts", "leads")}
        cached = None
        if job.duplicates != "ignore" and job.kind in ("accounts", "contacts"):
            cached = merging.known(services)
            reader.duplicates.build(people_only=job.kind == "contacts")  # contacts: names only
        accounts = importer.accounts_index(services) if job.kind != "accounts" else None
        conn.execute("COMMIT")
        items = importer._parse(job.kind, services, header, rows, by_index, accounts=accounts)
        out.put(("ready", header, {header[i]: f for i, f in by_index.items()},
                 [h for i, h in enumerate(header) if i not in by_index and h.strip()],
                 encoding))
        table = importer.ENTITIES[job.kind].__table__
        dialect = reader.store.engine.dialect

        def ready(good: list[Parsed]) -> Prepared | list[Parsed] | None:
            if job.kind not in READIED_BY_WORKER:
                return [p._replace(raw=[]) for p in good]  # only values and ref are written
            return prepare(table, [(p.line, p.ref, {**job.extra, **p.values}) for p in good],
                           job.now, dialect) if good else None

        good: list[Parsed] = []
        chunk = Checked(0, None, [], [])
        send_at = min(job.chunk, FIRST)  # a small first message: the writes start sooner
        for seen, item in enumerate(items, start=1):
            if isinstance(item, importer.Rejected):
                chunk.rejected.append(item)
            else:
                match = merging.find(services, job.kind, item, cached) \
                    if cached is not None else None
                if match is not None:
                    chunk.matches.append(match)
                else:
                    good.append(item)
            if seen == send_at:
                out.put(chunk._replace(seen=seen, good=ready(good)))
                good, chunk = [], Checked(seen, None, [], [])
                send_at += job.chunk
        last = chunk.seen + len(good) + len(chunk.rejected) + len(chunk.matches)
        if last > chunk.seen:
            out.put(chunk._replace(seen=last, good=ready(good)))
        out.put(("done",))
    except BaseException:  # noqa: BLE001 - the parent raises it
        out.put(("error", traceback.format_exc()))


def count_rows(path: Path) -> int:
    """The file's data rows that are not blank (what the check will read)."""
    from desktop.services.csv_text import decode, delimiter

    text = decode(path.read_bytes())[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text))
    next(reader, None)
    return sum(1 for fields in reader if "".join(fields).strip())


def run(services: Services, kind: str, path: Path, mapping: str | Mapping[str, str], *,
        rejects: Path | None = None, duplicates: str = "report",
        choices: Mapping[int, str] | None = None,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        checked: Callable[[int], None] | None = None) -> Result:
    """:func:`desktop.imports.importer.run` (not a dry run) of a CSV file,
    checked in a worker process while the chunk before is written."""
    from desktop.imports import importer, merging, writing

    now = services.clock()
    user = services.session.user_id
    job = Job(services.store.path, services.store.key, services.duplicates.home_region,
              kind, path, mapping if isinstance(mapping, str) else dict(mapping), duplicates,
              CHECK_CHUNK, now, writing.extra_values(kind, user))
    context = multiprocessing.get_context("spawn")  # the parent has threads: no fork
    out = context.Queue(maxsize=AHEAD)
    worker = context.Process(target=check, args=(job, out), name="fieldbook-import-check",
                             daemon=True)
    worker.start()
    try:
        total = count_rows(path)  # while the worker starts
        _ready, header, columns, ignored, encoding = _take(out, worker)
        policy = "new" if duplicates == "ignore" else duplicates
        rejected: list[Rejected] = []
        matches: list[Match] = []
        merges: list[Match] = []
        batch: batches.Batch | None = None
        seen = written = skipped = 0
        stopped = False
        ended = False
        while not ended:
            rows: list[Prepared] = []
            for message in _messages(out, worker, TRANSACTION):  # what is checked, a job's worth
                if not isinstance(message, Checked):
                    ended = True
                    break
                seen = message.seen
                rejected += message.rejected
                matches += message.matches
                new, merge, skip = merging.resolve(message.matches, policy, choices)
                merges += merge
                skipped += skip
                mine = sorted([*message.good, *new] if isinstance(message.good, list)
                              else new, key=lambda p: p.line)
                if isinstance(message.good, Prepared):
                    rows.append(message.good)
                if mine:  # duplicates kept as new, or a kind the worker leaves to the writer
                    rows.append(writing.prepared_here(services, kind, mine, now, job.extra))
            if checked is not None:
                checked(seen)
            if cancelled is not None and cancelled():
                stopped = True
                break
            if rows:
                batch = batch or batches.Batch.start(services.store.path, kind, path,
                                                     services.store.key)
                more, stopped = writing.write_prepared(services, _joined(rows), batch,
                                                       cancelled)
                written += more
                if stopped:
                    break
            if progress is not None:
                progress(seen, max(total, seen))
        merged = 0
        if merges and not stopped:
            batch = batch or batches.Batch.start(services.store.path, kind, path,
                                                 services.store.key)
            merged, stopped = writing.merge_rows(services, kind, merges, batch, progress,
                                                 cancelled, seen, seen + len(merges), False)
        if batch is not None:
            batch.save()
        if written or merged:
            writing.reindex(services)
    finally:
        if worker.is_alive():  # a cancel, or an error here: it only reads
            worker.terminate()
        worker.join()
        out.close()
    if rejects is not None:
        importer._write_rejects(rejects, header, rejected)
    landed = bool(written or merged)
    return importer.Result(kind, seen, written, rejected,
                           [(m.line, f"{m.reasons}: {m.label}") for m in matches], skipped,
                           columns, ignored, encoding, batch.id if batch and landed else None,
                           stopped, tuple(matches), merged)


def _joined(parts: list[Prepared]) -> Prepared:
    """The parts as one, in file order."""
    from desktop.imports.prepared import combine

    joined = parts[0]
    for part in parts[1:]:
        joined = combine(joined, part)
    return joined


def _messages(out: Any, worker: Any, rows: int) -> Iterator[Any]:
    """The worker's next message, then those already waiting, up to ``rows``
    checked rows (one writer job's worth) or the end."""
    message = _take(out, worker)
    yield message
    count = _size(message) if isinstance(message, Checked) else rows
    while count < rows:
        try:
            message = out.get_nowait()
        except queue.Empty:
            return
        yield _unless_failed(message)
        if not isinstance(message, Checked):
            return
        count += _size(message)


def _size(message: Checked) -> int:
    good = message.good
    return (0 if good is None else len(good) if isinstance(good, list) else len(good.ids)) \
        + len(message.matches)


def _take(out: Any, worker: Any) -> Any:
    """The worker's next message; RuntimeError if it failed or died."""
    while True:
        try:
            message = out.get(timeout=WAIT)
        except queue.Empty:
            if not worker.is_alive():
                raise RuntimeError(f"the import's check stopped (exit {worker.exitcode})"
                                   ) from None
            continue
        return _unless_failed(message)


def _unless_failed(message: Any) -> Any:
    """``message``, or RuntimeError with the worker's traceback if it is its failure."""
    if isinstance(message, tuple) and message and message[0] == "error":
        raise RuntimeError(f"the import's check failed:\n{message[1]}")
    return message
