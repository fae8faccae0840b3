"""An account's links (broker, parent, children, clients) read on the plain
sqlite3 connection: the account page reads them right after the first paint,
before SQLAlchemy is loaded (the checks on save are in ``account_links``)."""

from __future__ import annotations

import sqlite3
import uuid
from typing import TYPE_CHECKING, Any, NamedTuple

from desktop.domain.schema.enums import AccountKind

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

BROKER_KINDS = frozenset({AccountKind.BROKER.value, AccountKind.PARTNER.value})
MAX_DEPTH = 50  # a guard: no real hierarchy is this deep

_ANCESTORS = ("WITH RECURSIVE up(id, depth) AS (SELECT :start, 0 UNION ALL "
              "SELECT a.parent_id, up.depth + 1 FROM accounts a JOIN up ON a.id = up.id "
              f"WHERE a.parent_id IS NOT NULL AND up.depth < {MAX_DEPTH}) ")


def is_under(session: Session, account_id: uuid.UUID, ancestor_id: uuid.UUID) -> bool:
    """True when ``ancestor_id`` is ``account_id`` or above it (its parent, the
    parent's parent...): making ``account_id`` its parent would close a loop.
    (On save, in the unit of work; SQLAlchemy is imported only then.)"""
    from sqlalchemy import text

    return account_id == ancestor_id or session.execute(text(
        _ANCESTORS + "SELECT 1 FROM up WHERE id = :me LIMIT 1"),
        {"start": account_id.hex, "me": ancestor_id.hex}).first() is not None


class Link(NamedTuple):
    id: uuid.UUID
    name: str
    kind: str
    city: str | None


class Hierarchy(NamedTuple):
    ancestors: list[Link]  # the parent first, then its parent, up to the top
    children: list[Link]  # accounts whose parent this is, by name
    broker: Link | None  # who brings its business
    clients: list[Link]  # for a broker or partner: the accounts it brings, by name


def hierarchy(conn: sqlite3.Connection, account_id: uuid.UUID) -> Hierarchy:
    ancestors = [_link(r) for r in conn.execute(
        _ANCESTORS + "SELECT a.id, a.name, a.kind, a.billing_city FROM up "  # nosec B608 - identifiers from code, values bound
        "JOIN accounts a ON a.id = up.id WHERE up.depth > 0 AND a.deleted_at IS NULL "
        "ORDER BY up.depth", {"start": account_id.hex})]
    if any(a.id == account_id for a in ancestors):  # a cycle from sync: stop before it
        ancestors = ancestors[:[a.id for a in ancestors].index(account_id)]
    children = [_link(r) for r in conn.execute(
        "SELECT id, name, kind, billing_city FROM accounts WHERE parent_id = ? "
        "AND deleted_at IS NULL ORDER BY name COLLATE NOCASE", (account_id.hex,))]
    row = conn.execute(
        "SELECT b.id, b.name, b.kind, b.billing_city FROM accounts a "
        "JOIN accounts b ON b.id = a.broker_id AND b.deleted_at IS NULL WHERE a.id = ?",
        (account_id.hex,)).fetchone()
    clients = [_link(r) for r in conn.execute(
        "SELECT id, name, kind, billing_city FROM accounts WHERE broker_id = ? "
        "AND deleted_at IS NULL ORDER BY name COLLATE NOCASE", (account_id.hex,))]
    return Hierarchy(ancestors, children, _link(row) if row else None, clients)


def _link(row: Any) -> Link:
    return Link(uuid.UUID(hex=row[0]), row[1], row[2], row[3])
