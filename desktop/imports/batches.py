"""Import batches: the ids one import wrote, kept beside the cache
(``<cache>.imports/<batch>.json``), and undoing one in a step.

Undo tombstones exactly those rows through the writer (a sync then deletes
them on the server too); rows the rep edited since are tombstoned as well, and
anything they link to that the batch did not write stays.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from desktop.store.sealed_lines import LineSeal, LineUnreadable, batch_folder

if TYPE_CHECKING:
    from desktop.services.container import Services
    from desktop.store.cipher import CacheKey

CHUNK = 2000


def folder(cache: Path) -> Path:
    return batch_folder(cache)


class Batch:
    """One import's rows. ``<batch>.json`` holds what it is (kind, source, undone);
    ``<batch>.rows`` gets a JSON line per save with the ids, refs and merged
    records added since (a 300,000-row import appends 150 short lines instead of
    rewriting a growing file 150 times; a line cut short by a crash is the last
    and is ignored). Beside an encrypted cache (``key``) both are sealed line by
    line (:mod:`desktop.store.sealed_lines`); plain files still read."""

    def __init__(self, cache: Path, batch_id: str, kind: str, source: str,
                 ids: list[str], refs: dict[str, str], undone: bool = False,
                 merged: dict[str, dict[str, Any]] | None = None,
                 key: CacheKey | None = None) -> None:
        self.cache, self.id, self.kind, self.source = cache, batch_id, kind, source
        self.key = key
        self.ids, self.refs, self.undone = ids, refs, undone
        # Records the import merged into: id (hex) -> the filled fields' values before.
        self.merged: dict[str, dict[str, Any]] = merged or {}
        self._pending: dict[str, Any] = {"ids": list(ids), "refs": dict(refs),
                                         "merged": dict(self.merged)}

    @classmethod
    def start(cls, cache: Path, kind: str, source: Path, key: CacheKey | None = None) -> Batch:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        return cls(cache, f"{stamp}-{kind}-{uuid.uuid4().hex[:6]}", kind, str(source), [], {},
                   key=key)

    @classmethod
    def open(cls, cache: Path, batch_id: str, key: CacheKey | None = None) -> Batch:
        """Raises LookupError for no such batch, LineUnreadable for a sealed one
        opened without the cache's key."""
        path = folder(cache) / f"{batch_id}.json"
        if not path.is_file():
            raise LookupError(f"no import batch {batch_id}")
        seal = LineSeal(key)
        data = json.loads(seal.open(path.read_text(encoding="utf-8").strip(), path.name))
        ids, refs = list(data.get("ids", [])), dict(data.get("refs", {}))
        merged = dict(data.get("merged") or {})
        logged = path.with_suffix(".rows")
        lines = logged.read_text(encoding="utf-8").splitlines() if logged.is_file() else []
        for number, line in enumerate(lines, 1):
            try:
                part = json.loads(seal.open(line, logged.name))
            except (ValueError, LineUnreadable):
                if number < len(lines) and line.startswith("FBL1"):
                    raise  # not the last line: sealed with another key, not cut short
                break  # cut short by a crash
            ids += part["ids"]
            refs.update(part["refs"])
            for hex_id, value in part["merged"].items():
                merged.setdefault(hex_id, value)
        batch = cls(cache, batch_id, data["kind"], data["source"], list(dict.fromkeys(ids)),
                    refs, data.get("undone", False), merged, key=key)
        if not data.get("ids") and not data.get("refs") and not data.get("merged"):
            batch._pending = {"ids": [], "refs": {}, "merged": {}}  # all in the log
        return batch

    def add(self, row_id: uuid.UUID, ref: str) -> None:
        self.add_hex(row_id.hex, ref)

    def add_hex(self, hex_id: str, ref: str) -> None:
        self.ids.append(hex_id)
        self._pending["ids"].append(hex_id)
        if ref:
            self.alias({ref: hex_id})

    def alias(self, refs: dict[str, str]) -> None:
        """Refs (or ``name:`` aliases) that lead to these records from now on."""
        self.refs.update(refs)
        self._pending["refs"].update(refs)

    def merge(self, hex_id: str, before: dict[str, Any]) -> None:
        """A record merged into, with its filled fields' values before (the first kept)."""
        if hex_id not in self.merged:
            self.merged[hex_id] = before
            self._pending["merged"][hex_id] = before

    def save(self) -> None:
        target = folder(self.cache)
        target.mkdir(parents=True, exist_ok=True)
        pending, seal = self._pending, LineSeal(self.key)
        if pending["ids"] or pending["refs"] or pending["merged"]:
            with (target / f"{self.id}.rows").open("a", encoding="utf-8") as log:
                log.write(seal.seal(json.dumps(pending), f"{self.id}.rows") + "\n")
            self._pending = {"ids": [], "refs": {}, "merged": {}}
        tmp = target / f"{self.id}.json.tmp"
        head = json.dumps({"kind": self.kind, "source": self.source, "undone": self.undone})
        tmp.write_text(seal.seal(head, f"{self.id}.json"), encoding="utf-8")
        tmp.replace(target / f"{self.id}.json")


def listing(cache: Path, key: CacheKey | None = None) -> list[Batch]:
    return [Batch.open(cache, p.stem, key) for p in sorted(folder(cache).glob("*.json"))]


def refs(cache: Path, kind: str, key: CacheKey | None = None) -> dict[str, uuid.UUID]:
    """Source-system id -> our id, from every batch of ``kind`` not undone."""
    out: dict[str, uuid.UUID] = {}
    for batch in listing(cache, key):
        if batch.kind == kind and not batch.undone:
            out.update({ref: uuid.UUID(hex_id) for ref, hex_id in batch.refs.items()})
    return out


def undo(services: Services, batch_id: str,
         progress: Callable[[int, int], None] | None = None) -> int:
    """Tombstone every row the batch wrote and put the records it merged into
    back as they were; the number of rows tombstoned or put back."""
    from desktop.imports.importer import ENTITIES

    batch = Batch.open(services.store.path, batch_id, services.store.key)
    if batch.undone:
        return 0
    entity = ENTITIES[batch.kind]
    now = services.clock()
    done = 0
    for start in range(0, len(batch.ids), CHUNK):
        ids = [uuid.UUID(h) for h in batch.ids[start:start + CHUNK]]

        def job(ids: list[uuid.UUID] = ids) -> Any:
            with services.store.unit_of_work() as uow:
                rows = uow.session.execute(select(entity).where(
                    entity.id.in_(ids), entity.deleted_at.is_(None))).scalars().all()
                if batch.kind == "opportunities":  # and the stage change each one began with
                    from desktop.domain.schema.pipeline import OpportunityStageChange as Move

                    rows = [*rows, *uow.session.execute(select(Move).where(
                        Move.opportunity_id.in_(ids), Move.deleted_at.is_(None))).scalars()]
                for row in rows:
                    row.deleted_at = now
                    row.updated_at = now
                return sum(isinstance(r, entity) for r in rows), uow.commit()

        count, changes = services.store.writer.call(job)
        services.duplicates.apply(changes)
        done += count
        if progress is not None:
            progress(start + len(ids), len(batch.ids))
    if batch.merged:
        from desktop.imports.merging import unmerge_job

        merged = list(batch.merged.items())
        for start in range(0, len(merged), CHUNK):
            part = dict(merged[start:start + CHUNK])

            def put_back(part: dict[str, dict[str, Any]] = part) -> tuple[int, Any]:
                return unmerge_job(services, batch.kind, part)

            count, changes = services.store.writer.call(put_back)
            services.duplicates.apply(changes)
            done += count
    batch.undone = True
    batch.save()
    return done
