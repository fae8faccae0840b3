"""An account's links to other accounts: the broker or partner that brings
its business (``broker_id``) and its parent (``parent_id``, a hierarchy with no
cycles), checked on save and read for the account page."""

from __future__ import annotations

import sqlite3
import uuid
from typing import Any, NamedTuple

from sqlalchemy import text

from desktop.domain.schema import Account
from desktop.domain.schema.enums import AccountKind
from desktop.i18n import _
from desktop.services.validation import ValidationError

BROKER_KINDS = frozenset({AccountKind.BROKER.value, AccountKind.PARTNER.value})
MAX_DEPTH = 50  # a guard: no real hierarchy is this deep

_ANCESTORS = ("WITH RECURSIVE up(id, depth) AS (SELECT :start, 0 UNION ALL "
              "SELECT a.parent_id, up.depth + 1 FROM accounts a JOIN up ON a.id = up.id "
              f"WHERE a.parent_id IS NOT NULL AND up.depth < {MAX_DEPTH}) ")


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


def check_links(session: Any, cleaned: dict[str, Any], account_id: uuid.UUID | None) -> None:
    """Refuse a broker that is not a broker or partner account, and a parent
    that is the account itself or one of its descendants (a cycle)."""
    broker_id = cleaned.get("broker_id")
    if broker_id is not None:
        broker = session.get(Account, broker_id)
        if broker is None or broker.deleted_at is not None or broker_id == account_id:
            raise ValidationError({"broker_id": _("Choose a broker or partner account.")})
        if broker.kind not in BROKER_KINDS:
            raise ValidationError({"broker_id": _(
                "{name} is not a broker or partner.").format(name=broker.name)})
    parent_id = cleaned.get("parent_id")
    if parent_id is None:
        return
    parent = session.get(Account, parent_id)
    if parent is None or parent.deleted_at is not None:
        raise ValidationError({"parent_id": _("Choose an existing account.")})
    if account_id is None:
        return  # a new account has no descendants
    if parent_id == account_id or session.execute(text(
            _ANCESTORS + "SELECT 1 FROM up WHERE id = :me LIMIT 1"),
            {"start": parent_id.hex, "me": account_id.hex}).first() is not None:
        raise ValidationError({"parent_id": _(
            "{name} belongs under this account: it cannot be its parent.").format(
            name=parent.name)})


def hierarchy(conn: sqlite3.Connection, account_id: uuid.UUID) -> Hierarchy:
    ancestors = [_link(r) for r in conn.execute(
        _ANCESTORS + "SELECT a.id, a.name, a.kind, a.billing_city FROM up "
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
