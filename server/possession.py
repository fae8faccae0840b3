"""Blobs by possession, on push: a row may name a blob (an attachment, a sales
material) only if the pusher sent that blob's whole content (``server.blobs``
records them as its holder) or may already see a row that names it (an
attachment in their scope, or the shared sales-materials library). Otherwise
knowing a SHA-256 would be enough to read another territory's file: the
attachment would make its bytes visible to whoever may see the new row.

Checked on a new row and whenever the SHA-256 changes; an administrator may
name any blob. The app uploads a file before it pushes the row that names it.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Connection, select

from server.blobs import holds
from server.merge import Mutation
from server.rows import scoped_select, table_of
from server.scope import Scope
from server.validate import Invalid

NAMING_TABLES = ("attachments", "sales_materials")


def check(batch: Any, m: Mutation, current: dict[str, Any] | None,
          row: dict[str, Any]) -> None:
    """Refuse a row naming a blob the pusher neither sent nor may see."""
    if m.table not in NAMING_TABLES or batch.scope.everything:
        return
    sha = row.get("sha256")
    if not isinstance(sha, str) or (current is not None and current.get("sha256") == sha):
        return
    conn = batch.txn.conn
    if holds(conn, sha, batch.scope.user_id) or named_in_sight(conn, batch.scope, sha,
                                                               uuid.UUID(hex=m.row_id)):
        return
    raise Invalid("sha256 names a file you have not uploaded in full and cannot see "
                  "attached anywhere; upload it first.")


def named_in_sight(conn: Connection, scope: Scope, sha: str,
                   besides: uuid.UUID | None = None) -> bool:
    """An attachment in ``scope`` or a live sales material (other than the row
    ``besides``) names the blob: the same rule for reading a blob and naming it."""
    t, shared = table_of("attachments"), table_of("sales_materials")
    query = scoped_select("attachments", scope).with_only_columns(t.c.id).where(
        t.c.sha256 == sha)
    library = select(shared.c.id).where(shared.c.sha256 == sha, shared.c.deleted_at.is_(None))
    if besides is not None:
        query, library = query.where(t.c.id != besides), library.where(shared.c.id != besides)
    return conn.execute(query.limit(1)).first() is not None or \
        conn.execute(library.limit(1)).first() is not None
