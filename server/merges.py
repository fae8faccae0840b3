"""Merges as a synced operation: the server sends everything that still names a
merged-away record (a "loser") on to the record it was merged into.

A client merges two accounts, contacts or leads by tombstoning the loser with
``merged_into_id`` (and moving the children it holds). Other reps may still
hold the loser, offline. So, on every push:

* the loser's ``merged_into_id`` arriving is the merge: the server checks the
  survivor (exists, in scope, no cycle), records it in ``merged_records``,
  moves every row that names the loser - including those the merging client
  never had - to the survivor with new versions, and carries edits of the
  loser the merging client had not seen onto the survivor (field by field: a
  field the survivor still holds as the merging client saw it takes the edit,
  any other keeps the survivor's value and the edit goes to a conflict record);
* a later edit of the loser is applied to the survivor instead (the usual
  field-level merge against its base), and the loser is re-versioned so the
  editor's next pull brings its tombstone; a delete of the loser is a no-op;
* any reference to a loser in an incoming row (``account_id``, ``contact_id``,
  a lead id, a broker ...) is rewritten to the survivor, following chains.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import insert, select, update

from desktop.domain import wire
from desktop.domain.schema.base import account_children
from server.merge import UNCOMPARED, LostValue, Mutation
from server.rows import table_of
from server.tables import merged_records
from server.validate import Invalid

if TYPE_CHECKING:
    from collections.abc import Callable

MERGEABLE = ("accounts", "contacts", "leads")
MAX_HOPS = 32
# Never sent on to the survivor: identity, the tombstone itself, server decisions.
NOT_CARRIED = UNCOMPARED | {"merged_into_id", "fit_score"}


class BatchLike(Protocol):
    rows: dict[tuple[str, str], dict[str, Any] | None]
    memo: dict[str, Any]  # per push: read once, forgotten when a mutation is rolled back
    audit: list[dict[str, Any]]  # the push's audit entries (server.audit)

    @property
    def txn(self) -> Any: ...

    def current(self, table: str, row_id: str) -> dict[str, Any] | None: ...


@dataclass
class Arrival:
    """A merge arriving: the loser's tombstone naming its survivor."""

    table: str
    loser: str
    survivor: str
    carried: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # field: (seen, server)


@dataclass
class Routed:
    mutation: Mutation | None  # None: nothing to apply (the loser is a tombstone already)
    redirected_from: str | None = None  # the loser whose edit went to the survivor
    arrival: Arrival | None = None


@cache
def references() -> dict[str, tuple[tuple[str, str], ...]]:
    """Mergeable table -> every (table, column) that names one of its rows."""
    tables = wire.tables()
    contact_cols = [(n, "contact_id") for n, t in tables.items() if "contact_id" in t.kinds]
    return {
        "accounts": (*[(n, "account_id") for n in account_children()],
                     ("accounts", "parent_id"), ("accounts", "broker_id"),
                     ("orders", "broker_id"), ("opportunities", "broker_id"),
                     ("leads", "referrer_account_id"), ("leads", "converted_account_id")),
        "contacts": (*contact_cols, ("leads", "referrer_contact_id"),
                     ("leads", "converted_contact_id")),
        "leads": (("opportunities", "source_lead_id"), ("event_attendees", "lead_id")),
    }


@cache
def columns_of(table: str) -> tuple[tuple[str, str], ...]:
    """(column, mergeable table it names) for every reference column of ``table``."""
    return tuple((column, target) for target, refs in references().items()
                 for name, column in refs if name == table)


def _merged(batch: BatchLike) -> dict[tuple[str, str], str]:
    if "merged" not in batch.memo:
        batch.memo["merged"] = {(r.table_name, r.loser_id.hex): r.survivor_id.hex
                                for r in batch.txn.conn.execute(select(merged_records))}
    return batch.memo["merged"]


def resolve(batch: BatchLike, table: str, row_id: str) -> str:
    """The record ``row_id`` ended up in, following merges (itself if never merged)."""
    merged = _merged(batch)
    seen = {row_id}
    while (nxt := merged.get((table, row_id))) is not None:
        if nxt in seen or len(seen) > MAX_HOPS:
            raise Invalid(f"The merges of this {table[:-1]} go round in a circle.")
        seen.add(nxt)
        row_id = nxt
    return row_id


def rewrite_refs(batch: BatchLike, table: str, row: dict[str, Any],
                 named: set[str] | None = None) -> None:
    """Point ``row``'s references (those in ``named``, or all) at survivors, in place."""
    if not _merged(batch):
        return
    for column, target in columns_of(table):
        value = row.get(column)
        if isinstance(value, str) and (named is None or column in named):
            row[column] = resolve(batch, target, value)


def route(batch: BatchLike, m: Mutation,
          authorise: Callable[[str, dict[str, Any]], None]) -> Routed:
    """Where a mutation of a mergeable table really goes (see the module's doc)."""
    if m.table not in MERGEABLE:
        return Routed(m)
    current = batch.current(m.table, m.row_id)
    if current is None:
        if m.changes.get("merged_into_id") is not None:
            raise Invalid("A record that was merged away must already be on the server.")
        return Routed(m)
    target, incoming = current.get("merged_into_id"), m.changes.get("merged_into_id")
    if target is None:
        if incoming is None:
            return Routed(m)
        return _arrival(batch, m, current, str(incoming), authorise)
    if "merged_into_id" in m.changes and (
            incoming is None or resolve(batch, m.table, str(incoming))
            != resolve(batch, m.table, str(target))):
        raise Invalid(f"This {m.table[:-1]} was already merged into another one; "
                      "merge with that one instead.")
    if m.op == "delete" or m.base is None or "merged_into_id" in m.changes:
        return Routed(None)  # a tombstone already (or the same merge twice)
    survivor = resolve(batch, m.table, str(target))
    changes = {k: v for k, v in m.changes.items() if k not in NOT_CARRIED or k == "updated_at"}
    if not changes:
        return Routed(None)
    base = {k: v for k, v in m.base.items() if k in changes}
    return Routed(Mutation(m.seq, m.table, survivor, "upsert", base, changes),
                  redirected_from=m.row_id)


def _arrival(batch: BatchLike, m: Mutation, current: dict[str, Any], incoming: str,
             authorise: Callable[[str, dict[str, Any]], None]) -> Routed:
    if m.changes.get("deleted_at") is None and current.get("deleted_at") is None:
        raise Invalid("A merged record must be a tombstone: set deleted_at with merged_into_id.")
    survivor = resolve(batch, m.table, incoming)
    if survivor == m.row_id:
        raise Invalid(f"A {m.table[:-1]} cannot be merged into itself.")
    row = batch.current(m.table, survivor)
    if row is None or row.get("deleted_at") is not None:
        raise Invalid(f"The {m.table[:-1]} it was merged into is not on the server.")
    authorise(m.table, row)
    seen = m.base or {}
    carried = {f: (seen[f], current.get(f)) for f in seen
               if f not in NOT_CARRIED and f in current and current.get(f) != seen[f]}
    changes = {**m.changes, "merged_into_id": survivor}
    base = {k: current.get(k) for k in changes}
    return Routed(Mutation(m.seq, m.table, m.row_id, "upsert", base, changes),
                  arrival=Arrival(m.table, m.row_id, survivor, carried))


def after_write(batch: BatchLike, routed: Routed) -> list[tuple[Mutation, LostValue]]:
    """Once the routed mutation is stored: re-version a redirected loser, or
    complete an arriving merge. Returns conflicts to record (on the survivor)."""
    txn = batch.txn
    if routed.mutation is not None and routed.redirected_from is not None:
        t = table_of(routed.mutation.table)
        txn.conn.execute(update(t).where(t.c.id == uuid.UUID(hex=routed.redirected_from))
                         .values(sync_version=txn.next_version()))
    a = routed.arrival
    if a is None:
        return []
    loser, survivor = uuid.UUID(hex=a.loser), uuid.UUID(hex=a.survivor)
    txn.conn.execute(insert(merged_records).values(
        table_name=a.table, loser_id=loser, survivor_id=survivor, version=txn.version))
    _merged(batch)[(a.table, a.loser)] = a.survivor
    seq = routed.mutation.seq if routed.mutation is not None else 0
    for name, column in references()[a.table]:
        t = table_of(name)
        owner = t.c.id if name == "accounts" else t.c.get("account_id")
        query = select(t.c.id, owner if owner is not None else t.c.id).where(
            t.c[column] == loser)
        if name == a.table:
            query = query.where(t.c.id != survivor)  # never a record naming itself
        for row_id, account in txn.conn.execute(query.order_by(t.c.id)).all():
            version = txn.next_version()
            txn.conn.execute(update(t).where(t.c.id == row_id).values(
                {column: survivor, "sync_version": version}))
            batch.rows.pop((name, row_id.hex), None)
            if column == "account_id":
                account = survivor
            batch.audit.append(moved_entry(
                name, row_id, account if owner is not None else None, seq, version,
                {column: [a.loser, a.survivor]}))
    return _carry(batch, a, seq)


def moved_entry(table: str, row_id: uuid.UUID, account: uuid.UUID | None, seq: int,
                version: int, changes: dict[str, list[Any]]) -> dict[str, Any]:
    """The audit entry of a row the merge changed: the merging user's change,
    every field decided by the server's merge rule."""
    return {"version": version, "table_name": table, "row_id": row_id,
            "account_id": account, "seq": seq, "op": "update", "changes": changes,
            "decided": sorted(changes)}


def _carry(batch: BatchLike, a: Arrival, seq: int) -> list[tuple[Mutation, LostValue]]:
    """Edits of the loser the merging client had not seen, onto the survivor."""
    row = batch.current(a.table, a.survivor)
    if not a.carried or row is None:
        return []
    kinds = wire.tables()[a.table].kinds
    taken: dict[str, Any] = {}
    lost: list[tuple[Mutation, LostValue]] = []
    for name, (seen, value) in sorted(a.carried.items()):
        if row.get(name) is None or row.get(name) == seen:
            taken[name] = value
        else:
            marker = Mutation(0, a.table, a.survivor, "upsert", {name: seen}, {name: value})
            lost.append((marker, LostValue(name, "field", row.get(name), value)))
    if taken:
        t = table_of(a.table)
        txn = batch.txn
        version = txn.next_version()
        txn.conn.execute(update(t).where(t.c.id == uuid.UUID(hex=a.survivor)).values(
            {**{k: wire.decode(kinds[k], v, k) for k, v in taken.items()},
             "sync_version": version}))
        batch.rows[(a.table, a.survivor)] = {**row, **taken}
        account = a.survivor if a.table == "accounts" else row.get("account_id")
        batch.audit.append(moved_entry(
            a.table, uuid.UUID(hex=a.survivor),
            uuid.UUID(hex=account) if isinstance(account, str) else None, seq, version,
            {k: [row.get(k), v] for k, v in taken.items()}))
    return lost
