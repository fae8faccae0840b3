"""Writing the rows an import checked: in writer jobs of up to :data:`TRANSACTION`
rows, a statement a :data:`CHUNK` (a job yields to a rep's save after the
statement it is on, :mod:`desktop.imports.bulk`), as one batch that
:func:`desktop.imports.batches.undo` undoes, the duplicates merged as chosen.

An import of more than :data:`BIG` rows leaves the duplicate finder's name
index alone while it writes and drops it at the end, to be read again once on
its next use (one read of every name instead of re-reading each chunk's rows
into it); until then a lookup misses the rows this import wrote.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.imports import batches
from desktop.imports.bulk import bulk_insert

if TYPE_CHECKING:
    from desktop.imports.importer import Parsed, Result
    from desktop.imports.merging import Match
    from desktop.imports.prepared import Prepared
    from desktop.services.container import Services

CHUNK = 2000  # rows a statement (deals: a writer job)
TRANSACTION = 10 * CHUNK  # rows a writer job at most (accounts, contacts, activities)
BIG = 10 * CHUNK


def write_checked(services: Services, result: Result, good: list[Parsed], path: Path,
                  progress: Callable[[int, int], None] | None = None,
                  cancelled: Callable[[], bool] | None = None, *,
                  duplicates: str = "skip", choices: Mapping[int, str] | None = None
                  ) -> Result:
    """Write the rows a dry run kept, without checking them again (the window's
    wizard: its check is the dry run), as one batch, and each of the result's
    duplicates as chosen (``choices`` per line, else ``duplicates``);
    ``result`` with what landed."""
    from desktop.imports import merging

    policy = "new" if duplicates == "ignore" else duplicates
    new, merges, skipped = merging.resolve(list(result.matches), policy, choices)
    rows = sorted([*good, *new], key=lambda p: p.line)
    result = result._replace(skipped=skipped)
    if not rows and not merges:
        return result
    batch = batches.Batch.start(services.store.path, result.kind, path,
                                services.store.key)
    total = len(rows) + len(merges)
    refresh = total <= BIG
    written, stopped = write_rows(services, result.kind, rows, batch, progress, cancelled,
                                  total, refresh=refresh)
    merged = 0
    if merges and not stopped:
        merged, stopped = merge_rows(services, result.kind, merges, batch, progress,
                                     cancelled, written, total, refresh)
    batch.save()
    if not refresh:
        reindex(services)
    landed = bool(written or merged)
    return result._replace(imported=written, merged=merged,
                           batch=batch.id if landed else None, cancelled=stopped)


def merge_rows(services: Services, kind: str, merges: list[Match], batch: batches.Batch,
               progress: Callable[[int, int], None] | None,
               cancelled: Callable[[], bool] | None, done: int, total: int, refresh: bool
               ) -> tuple[int, bool]:
    """Merge the duplicates chosen so, a chunk per writer job."""
    from desktop.imports import merging

    now = services.clock()
    merged = 0
    for start in range(0, len(merges), CHUNK):
        if cancelled is not None and cancelled():
            return merged, True
        chunk = merges[start:start + CHUNK]

        def job(chunk: list[Match] = chunk) -> tuple[dict[str, Any], int, Any]:
            return merging.merge_job(services, kind, chunk, now)

        before, count, changes = services.store.writer.call(job)
        if refresh:
            services.duplicates.apply(changes)
        for match in chunk:
            if kind == "accounts":
                batch.alias(merging.aliases(match))
        for hex_id, values in before.items():
            batch.merge(hex_id, values)
        merged += count
        batch.save()
        if progress is not None:
            progress(done + start + len(chunk), total)
    return merged, False


def write_rows(services: Services, kind: str, good: list[Parsed], batch: batches.Batch,
               progress: Callable[[int, int], None] | None,
               cancelled: Callable[[], bool] | None, total: int | None = None, *,
               refresh: bool = True, now: Any = None) -> tuple[int, bool]:
    """Write ``good`` in writer jobs (each recorded in ``batch``; accounts,
    contacts and activities many pieces to a job, see
    :mod:`desktop.imports.bulk`), the duplicate finder's index updated after
    each unless ``refresh`` is false; ``now`` stamps the rows (the clock's time
    unless given: a pipelined import stamps all its chunks alike, as one call
    does)."""
    from desktop.imports.importer import ENTITIES

    entity = ENTITIES[kind]
    now = services.clock() if now is None else now
    extra = extra_values(kind, services.session.user_id)
    written = 0
    while written < len(good):
        if cancelled is not None and cancelled():
            return written, True
        if kind == "opportunities":  # the service writes each deal's first stage change
            chunk = good[written:written + CHUNK]

            def create(chunk: list[Parsed] = chunk) -> Any:
                saved = [services.opportunities.create(item.values) for item in chunk]
                changes = saved[0].changes
                for one in saved[1:]:
                    changes = changes.merged(one.changes)
                return [s.id for s in saved], changes

            rows, changes = services.store.writer.call(create)
        else:
            rows, changes = bulk_insert(
                services, entity, [{**extra, **item.values}
                                   for item in good[written:written + TRANSACTION]],
                now, piece=CHUNK, stop=cancelled)
        if refresh:
            services.duplicates.apply(changes)
        for item, row_id in zip(good[written:], rows, strict=False):
            batch.add(row_id, item.ref)
        written += len(rows)
        batch.save()
        if progress is not None:
            progress(written, len(good) if total is None else total)
    return written, False


def extra_values(kind: str, user: Any) -> dict[str, Any]:
    """What every imported row of ``kind`` gets: the rep as owner or author."""
    return {"owner_id": user} if kind == "accounts" else (
        {"author_id": user} if kind == "activities" else {})


def prepared_here(services: Services, kind: str, rows: list[Parsed], now: Any,
                  extra: dict[str, Any]) -> Prepared:
    """Rows made ready for SQLite in this process (the check worker readies the rest)."""
    from desktop.imports.importer import ENTITIES
    from desktop.imports.prepared import prepare

    return prepare(ENTITIES[kind].__table__, [(p.line, p.ref, {**extra, **p.values})
                                              for p in rows],
                   now, services.store.engine.dialect)


def write_prepared(services: Services, ready: Prepared, batch: batches.Batch,
                   cancelled: Callable[[], bool] | None) -> tuple[int, bool]:
    """Insert rows a worker made ready, in writer jobs of up to :data:`TRANSACTION`
    rows (each recorded in ``batch``); (rows written, whether cancelled)."""
    from desktop.imports.bulk import insert_prepared

    written = 0
    while written < len(ready.ids):
        if cancelled is not None and cancelled():
            return written, True
        part = ready.part(written, written + TRANSACTION)
        done = insert_prepared(services, part, piece=CHUNK, stop=cancelled)
        for hex_id, ref in zip(part.ids[:done], part.refs[:done], strict=True):
            batch.add_hex(hex_id, ref)
        written += done
        batch.save()
    return written, False


def reindex(services: Services) -> None:
    """After a big import: the finder's name index dropped, to be read again on
    its next use (a form warms it off the GUI thread as it opens; a lookup
    builds it). Reading it here kept the import 4-6 s longer for an index the
    next form or import may not need."""
    from desktop.store.changes import Changes

    services.duplicates.apply(Changes.reset())
