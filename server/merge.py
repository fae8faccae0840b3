"""Field-level three-way merge of one client mutation into the server's row.

Pure functions on wire-form dicts, so the rules are easy to test on their own:

* a field the client changed and the server did not (server value == the
  client's base) takes the client's value;
* a field both changed differently: the mutation applied later in server order
  wins, and the value it replaces is kept in a conflict record;
* a delete never beats an edit it has not seen: if the row changed since the
  client's snapshot, the row stays and a conflict records the delete;
* an edit to a deleted row restores it, with a conflict record saying so.

Timestamps sent by clients are kept as information only: nothing here compares
clocks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Fields never compared for conflicts: identity, and times set by client clocks.
UNCOMPARED = frozenset({"id", "created_at", "updated_at", "deleted_at"})


@dataclass(frozen=True)
class Mutation:
    seq: int
    table: str
    row_id: str
    op: str  # "upsert" | "delete"
    base: dict[str, Any] | None  # values the client edited against; None: a new row
    changes: dict[str, Any]


@dataclass(frozen=True)
class LostValue:
    field: str  # "*" for the whole row
    kind: str  # field | delete | restored
    kept: Any
    lost: Any


@dataclass
class Outcome:
    row: dict[str, Any] | None  # the row to write; None when nothing changes
    created: bool = False
    lost: list[LostValue] = field(default_factory=list)


def merge(current: dict[str, Any] | None, m: Mutation) -> Outcome:
    if m.op == "delete":
        return _delete(current, m)
    if current is None:
        return Outcome({**(m.base or {}), **m.changes, "id": m.row_id}, created=True)
    row = dict(current)
    lost: list[LostValue] = []
    changed = False
    for name, new in m.changes.items():
        if name in ("id", "created_at"):
            continue
        old = current.get(name)
        if old == new:
            continue
        changed = True
        row[name] = new
        if name in UNCOMPARED or m.base is None:
            continue  # times are information; a base-less upsert restores the client's row
        if m.base.get(name, old) != old:  # the server moved since the client's base
            lost.append(LostValue(name, "field", new, old))
    if current.get("deleted_at") is not None and "deleted_at" not in m.changes and changed:
        row["deleted_at"] = None
        lost.append(LostValue("*", "restored", None, {"deleted_at": current["deleted_at"]}))
    return Outcome(row if changed else None, lost=lost)


def _delete(current: dict[str, Any] | None, m: Mutation) -> Outcome:
    if current is None or current.get("deleted_at") is not None:
        return Outcome(None)
    snapshot = m.base or {}
    edited = sorted(
        n for n, v in snapshot.items() if n not in UNCOMPARED and current.get(n) != v
    )
    if edited:
        # Someone changed the row after this client last saw it: keep the row.
        lost = {"deleted_at": m.changes.get("deleted_at"), "edited": edited}
        return Outcome(None, lost=[LostValue("*", "delete", None, lost)])
    return Outcome({**current, **m.changes})
