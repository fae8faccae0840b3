"""Applying a client's mutations: in its order, exactly once, merged, authorised.

One push request is one write transaction. Each mutation runs in a savepoint:
a rejected one (invalid, not allowed, or failing in the database) is rolled
back alone, recorded with its reason and acknowledged, so it can never wedge
the queue. Results are stored per (client id, seq) in the same transaction, so
a replayed push gets the stored result and changes nothing (invariant 3).
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from desktop.sync import wire
from server.db import Database, WriteTxn
from server.merge import LostValue, Mutation, merge
from server.rows import encode_row, table_of
from server.scope import ACCOUNTS, Scope, scope_of
from server.tables import client_mutations, scope_exits
from server.validate import Invalid, check_changes, decode_row

CHILD_TABLES = ("contacts", "interactions", "follow_ups", "concerns", "sync_conflicts")
CONFLICT_FIELDS = frozenset({"resolved_at", "resolution", "updated_at"})


class ClientIdReused(Exception):
    """The same (client id, seq) came with different content: a cache restored
    from a copy. The client must take a new id; nothing was applied."""


def digest(raw: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(raw, sort_keys=True).encode()).hexdigest()


def push(db: Database, user_id: uuid.UUID, client_id: uuid.UUID, mutations: list[dict[str, Any]],
         now: datetime, stall_seconds: float = 0.0) -> dict[str, Any]:
    results: list[dict[str, Any]] = []
    with db.write() as txn:
        conn = txn.conn
        scope = scope_of(conn, user_id)
        for raw in mutations:
            seq = raw.get("seq")
            if not isinstance(seq, int):
                raise Invalid("every mutation needs an integer seq")
            key = digest(raw)
            stored = conn.execute(
                select(client_mutations.c.digest, client_mutations.c.result).where(
                    client_mutations.c.client_id == client_id, client_mutations.c.seq == seq)
            ).first()
            if stored is not None:
                if stored.digest != key:
                    raise ClientIdReused(f"mutation {seq} was already used for another change")
                results.append({**stored.result, "replayed": True})
                continue
            results.append(_apply_recorded(txn, scope, client_id, raw, key, now))
        if stall_seconds:  # test hook: a transaction that commits late
            time.sleep(stall_seconds)
        head = txn.version
    return {"results": results, "head": head}


def _apply_recorded(txn: WriteTxn, scope: Scope, client_id: uuid.UUID, raw: dict[str, Any],
                    key: str, now: datetime) -> dict[str, Any]:
    conn = txn.conn
    savepoint = conn.begin_nested()
    version_before = txn.version
    try:
        result = _apply(txn, scope, _parse(raw), now)
        savepoint.commit()
    except (Invalid, wire.WireError) as exc:
        savepoint.rollback()
        txn.version = version_before
        result = {"seq": raw["seq"], "status": "rejected", "reason": str(exc)}
    except SQLAlchemyError as exc:
        savepoint.rollback()
        txn.version = version_before
        reason = f"The server could not store this change: {exc.__class__.__name__}"
        result = {"seq": raw["seq"], "status": "rejected", "reason": reason}
    conn.execute(insert(client_mutations).values(
        client_id=client_id, seq=raw["seq"], digest=key, result=result, created_at=now))
    return result


def _parse(raw: dict[str, Any]) -> Mutation:
    op = raw.get("op")
    if op not in ("upsert", "delete"):
        raise Invalid(f"unknown operation {op!r}")
    base, changes = raw.get("base"), raw.get("changes")
    if not isinstance(changes, dict) or (base is not None and not isinstance(base, dict)):
        raise Invalid("changes must be an object")
    try:
        row_id = uuid.UUID(hex=str(raw.get("id"))).hex
    except ValueError:
        raise Invalid("bad row id") from None
    return Mutation(raw["seq"], str(raw.get("table")), row_id, op, base, changes)


def _apply(txn: WriteTxn, scope: Scope, m: Mutation, now: datetime) -> dict[str, Any]:
    conn = txn.conn
    table = wire.tables().get(m.table)
    if table is None:
        raise Invalid(f"unknown table {m.table!r}")
    check_changes(table, m.changes)
    if m.base is not None:
        check_changes(table, m.base)
    t = table_of(m.table)
    found = conn.execute(select(t).where(t.c.id == uuid.UUID(hex=m.row_id))).mappings().first()
    current = encode_row(table, found) if found is not None else None
    _authorise(conn, scope, m, current)
    outcome = merge(current, m)
    version = None
    if outcome.row is not None:
        values = decode_row(table, outcome.row)
        _authorise(conn, scope, m, outcome.row)
        version = txn.next_version()
        if current is None:
            conn.execute(insert(t).values(**values, sync_version=version))
        else:
            changed = {k: v for k, v in values.items() if outcome.row[k] != current.get(k)}
            conn.execute(update(t).where(t.c.id == values["id"])
                         .values(**changed, sync_version=version))
            if m.table == "accounts" and ({"territory_id", "owner_id"} & changed.keys()):
                _left_scope(txn, values["id"], found)
    account_id = _account_of(m.table, outcome.row or current or {})
    for lost in outcome.lost:
        _record_conflict(txn, scope, m, lost, account_id, now)
    return {"seq": m.seq, "status": "applied", "version": version,
            "conflicts": len(outcome.lost)}


def _account_of(table: str, row: dict[str, Any]) -> str | None:
    if table == "accounts":
        return row.get("id")
    return row.get("account_id")


def _authorise(conn: Connection, scope: Scope, m: Mutation, row: dict[str, Any] | None) -> None:
    """Refuse anything outside the user's scope, before and after the change."""
    if row is None or scope.everything:
        return
    if m.table in ("users", "territories"):
        raise Invalid("Only an administrator can change users and territories.")
    if m.table == "sync_conflicts" and not set(m.changes) <= CONFLICT_FIELDS:
        raise Invalid("Conflict records can only be resolved, not edited.")
    if m.table == "accounts":
        territory, owner = row.get("territory_id"), row.get("owner_id")
    else:
        account = row.get("account_id")
        if account is None:
            raise Invalid("This record belongs to no account.")
        a = ACCOUNTS
        found = conn.execute(select(a.c.territory_id, a.c.owner_id)
                             .where(a.c.id == uuid.UUID(hex=str(account)))).first()
        if found is None:
            raise Invalid("The account of this record does not exist on the server.")
        territory, owner = found.territory_id, found.owner_id
    as_uuid = [uuid.UUID(hex=v) if isinstance(v, str) else v for v in (territory, owner)]
    if not scope.allows(as_uuid[0], as_uuid[1]):
        raise Invalid("This account is outside your territories.")


def _left_scope(txn: WriteTxn, account_id: uuid.UUID, before: Any) -> None:
    """Record where the account was, and re-version its rows so that whoever
    can now see it downloads all of them."""
    conn = txn.conn
    conn.execute(insert(scope_exits).values(
        version=txn.next_version(), account_id=account_id,
        old_territory_id=before["territory_id"], old_owner_id=before["owner_id"]))
    for name in CHILD_TABLES:
        t = table_of(name)
        ids = conn.execute(select(t.c.id).where(t.c.account_id == account_id)
                           .order_by(t.c.id)).scalars().all()
        for row_id in ids:
            conn.execute(update(t).where(t.c.id == row_id).values(sync_version=txn.next_version()))


def _record_conflict(txn: WriteTxn, scope: Scope, m: Mutation, lost: LostValue,
                     account_id: str | None, now: datetime) -> None:
    t = table_of("sync_conflicts")
    txn.conn.execute(insert(t).values(
        id=uuid.uuid4(), account_id=uuid.UUID(hex=account_id) if account_id else None,
        table_name=m.table, row_id=uuid.UUID(hex=m.row_id), field=lost.field, kind=lost.kind,
        kept_value=lost.kept, lost_value=lost.lost, kept_by=scope.user_id, lost_by=None,
        detected_at=now, created_at=now, updated_at=now, deleted_at=None,
        sync_version=txn.next_version()))
