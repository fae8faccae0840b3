"""Reading the audit log: a row's or an account's entries, within a scope.

The routes (``server.routes_audit``) and the CLI (``server.cli_audit``) read
through here. A caller sees a record's history only while the record itself
is in their scope (the same ``scoped_select`` pull uses); a row under an
account shows only the entries written while it was under that account, so a
contact moved between accounts does not carry its earlier owner's history.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, or_, select

from desktop.domain.schema.entities import User
from server.audit import ACCOUNT_ROWS
from server.rows import scoped_select, table_of
from server.scope import Scope
from server.tables import audit_log

USERS = User.__table__


def visible(conn: Connection, scope: Scope, table: str, row_id: uuid.UUID) \
        -> tuple[bool, uuid.UUID | None]:
    """Whether the row is in scope, and the account it is under now."""
    t = table_of(table)
    columns = [t.c.id] + ([t.c.account_id] if "account_id" in t.c else [])
    found = conn.execute(scoped_select(table, scope).with_only_columns(*columns)
                         .where(t.c.id == row_id)).first()
    if found is None:
        return False, None
    if table == "accounts":
        return True, row_id
    return True, found[1] if len(found) > 1 else None


def entries(conn: Connection, *, table: str | None = None, row_id: uuid.UUID | None = None,
            account_id: uuid.UUID | None = None, since: datetime | None = None,
            under_account: uuid.UUID | None = None, limit: int = 200,
            newest_first: bool = True) -> tuple[list[dict[str, Any]], bool]:
    """Entries in the AuditEntry shape and whether more exist beyond ``limit``."""
    a = audit_log
    query = select(a, USERS.c.name.label("user_name")).outerjoin(USERS, USERS.c.id == a.c.user_id)
    if table is not None:
        query = query.where(a.c.table_name == table, a.c.row_id == row_id)
        if under_account is not None and table in ACCOUNT_ROWS:
            query = query.where(or_(a.c.account_id == under_account, a.c.account_id.is_(None)))
    if account_id is not None:
        query = query.where(a.c.account_id == account_id)
    if since is not None:
        query = query.where(a.c.at >= since)
    query = query.order_by(a.c.id.desc() if newest_first else a.c.id).limit(limit + 1)
    rows = conn.execute(query).mappings().all()
    return [_entry(r) for r in rows[:limit]], len(rows) > limit


def _entry(r: Any) -> dict[str, Any]:
    decided = set(r["decided"] or ())
    return {
        "id": int(r["id"]), "at": r["at"].isoformat(), "version": r["version"],
        "table": r["table_name"], "row_id": r["row_id"].hex,
        "account_id": r["account_id"].hex if r["account_id"] else None,
        "user_id": r["user_id"].hex if r["user_id"] else None, "user_name": r["user_name"],
        "device": r["device"], "device_id": r["device_id"].hex if r["device_id"] else None,
        "op": r["op"],
        "changes": [{"field": k, "old": v[0], "new": v[1], "decided": k in decided}
                    for k, v in (r["changes"] or {}).items()]}
