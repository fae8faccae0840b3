"""The audit log: who changed which field of which row, from which device, when.

``record`` runs at the end of each applied mutation (``server.push._apply``)
and only queues the entry on the push's batch; ``flush`` writes the batch's
entries with one executemany after the loop, so the push path pays a dict
comparison per mutation and one statement per push. A rejected mutation's
entry is dropped with it. Values are the wire form the row travels in, so
they are JSON as they are. Client clock fields (``created_at``,
``updated_at``) are left out: the entry's ``at`` is the server's time.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, insert, select

from server.merge import Mutation
from server.rows import ACCOUNT_TABLES
from server.tables import audit_log, devices

SKIPPED = frozenset({"id", "created_at", "updated_at"})
# Rows whose history travels with an account (``--account`` and ``?account=``).
ACCOUNT_ROWS = frozenset(ACCOUNT_TABLES) | {"accounts"}


def record(entries: list[dict[str, Any]], m: Mutation, before: dict[str, Any] | None,
           after: dict[str, Any], version: int | None) -> None:
    """Queue the entry of one applied mutation: each field whose value moved,
    and which of them the server decided (differ from what the client sent)."""
    if before is None:
        changes = {k: [None, v] for k, v in after.items() if v is not None and k not in SKIPPED}
        op = "create"
    else:
        changes = {k: [before.get(k), v] for k, v in after.items()
                   if k not in SKIPPED and before.get(k) != v}
        was, now = before.get("deleted_at"), after.get("deleted_at")
        op = "delete" if was is None and now is not None else \
            "restore" if was is not None and now is None else "update"
    if not changes:
        return
    sent = m.changes if before is not None else {**(m.base or {}), **m.changes}
    decided = sorted(k for k in changes if k not in sent or sent[k] != after.get(k))
    entries.append({
        "version": version, "table_name": m.table, "row_id": uuid.UUID(hex=m.row_id),
        "account_id": _account(m.table, after), "seq": m.seq, "op": op, "changes": changes,
        "decided": decided or None})


def _account(table: str, row: dict[str, Any]) -> uuid.UUID | None:
    if table not in ACCOUNT_ROWS:
        return None
    value = row.get("id") if table == "accounts" else row.get("account_id")
    return uuid.UUID(hex=value) if isinstance(value, str) else None


def device_name(conn: Connection, device_id: uuid.UUID | None) -> str | None:
    """The device's name as it is now (a device renamed or revoked later keeps
    its name in the entries): read before a push takes the version clock."""
    return None if device_id is None else conn.execute(
        select(devices.c.name).where(devices.c.id == device_id)).scalar()


def flush(conn: Connection, entries: Sequence[dict[str, Any]], user_id: uuid.UUID,
          client_id: uuid.UUID, device_id: uuid.UUID | None, name: str | None,
          now: datetime) -> None:
    """Write one push's entries in one statement, with the device's ``name``."""
    if not entries:
        return
    conn.execute(insert(audit_log), [
        {**e, "user_id": user_id, "client_id": client_id, "device_id": device_id,
         "device": name, "at": now} for e in entries])


def server_write(conn: Connection, table: str, row_id: uuid.UUID, changes: dict[str, list[Any]],
                 version: int, now: datetime, account_id: uuid.UUID | None = None) -> None:
    """An entry for a row the server changed on its own (stock held for a request,
    an expired hold given back): no user, no device, every field decided."""
    conn.execute(insert(audit_log).values(
        version=version, table_name=table, row_id=row_id, account_id=account_id, op="update",
        changes={k: [_plain(old), _plain(new)] for k, (old, new) in changes.items()},
        decided=sorted(changes), at=now))


def _plain(value: Any) -> Any:
    """Decimals as the text the wire carries them in."""
    return f"{value.normalize():f}" if isinstance(value, Decimal) else value
