"""Writes the outbox entry of every edit in the same transaction as the edit.

Hooked into each unit of work's flush: for every synced row created or
changed, one ``sync_outbox`` row holds the new values and the values they
replaced (the base for the server's three-way merge). Setting ``deleted_at``
is a delete, carrying the whole row as the client saw it, so the server can
tell whether someone edited it since (invariants 1, 6 and 8).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, inspect
from sqlalchemy.orm import Session

from desktop.clock import utc_now
from desktop.domain import wire
from desktop.domain.schema.base import SyncedBase
from desktop.domain.schema.sync_tables import outbox


def outbox_rows(session: Session, objects: list[SyncedBase]) -> list[dict[str, Any]]:
    rows = []
    for obj in objects:
        table = wire.tables()[obj.__tablename__]
        state = inspect(obj)
        if obj in session.new:
            changes = {n: wire.encode(k, getattr(obj, n)) for n, k in table.fields}
            rows.append(_entry(obj, "upsert", None, changes))
            continue
        base: dict[str, Any] = {}
        changes = {}
        for name, kind in table.fields:
            history = state.attrs[name].history
            if history.has_changes():
                old = history.deleted[0] if history.deleted else None
                base[name] = wire.encode(kind, old)
                changes[name] = wire.encode(kind, getattr(obj, name))
        if not changes:
            continue
        if changes.get("deleted_at") is not None and base.get("deleted_at") is None:
            snapshot = {n: wire.encode(k, getattr(obj, n)) for n, k in table.fields}
            snapshot.update(base)  # the row as it was before this edit
            rows.append(_entry(obj, "delete", snapshot, changes))
        else:
            rows.append(_entry(obj, "upsert", base, changes))
    return rows


def _entry(obj: SyncedBase, op: str, base: dict[str, Any] | None,
           changes: dict[str, Any]) -> dict[str, Any]:
    return {"table_name": obj.__tablename__, "row_id": obj.id, "op": op, "base": base,
            "changes": changes, "created_at": utc_now()}


def record(session: Session, objects: list[SyncedBase]) -> None:
    rows = outbox_rows(session, objects)
    if rows:
        session.connection().execute(insert(outbox), rows)
