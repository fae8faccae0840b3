"""Who may see which rows: a rep their territories and own accounts, a
manager their team's, an admin everything. Checked on every push and pull."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, and_, false, or_, select, true

from desktop.domain.schema.entities import Account, User
from server.tables import logins, user_territories

ACCOUNTS = Account.__table__


@dataclass(frozen=True)
class Scope:
    user_id: uuid.UUID
    role: str
    territory_ids: frozenset[uuid.UUID]
    owner_ids: frozenset[uuid.UUID]
    audiences: frozenset[str] = frozenset()  # the field notes this user reads (users.audiences)

    @property
    def everything(self) -> bool:
        return self.role == "admin"

    def allows(self, territory_id: uuid.UUID | None, owner_id: uuid.UUID | None) -> bool:
        return (self.everything or territory_id in self.territory_ids
                or owner_id in self.owner_ids)

    def account_filter(self, accounts: object = ACCOUNTS) -> ColumnElement[bool]:
        """A WHERE clause on the accounts table (or an alias of it)."""
        if self.everything:
            return true()
        c = accounts.c  # type: ignore[attr-defined]
        parts = []
        if self.territory_ids:
            parts.append(c.territory_id.in_(sorted(self.territory_ids)))
        if self.owner_ids:
            parts.append(c.owner_id.in_(sorted(self.owner_ids)))
        return or_(*parts) if parts else false()

    def allows_owner(self, owner_id: uuid.UUID | None) -> bool:
        """A rep's own plans and trips: the rep, the rep's manager, admins."""
        return self.everything or owner_id in self.owner_ids

    def owner_filter(self, table: object) -> ColumnElement[bool]:
        """A WHERE clause on a table with an ``owner_id`` column."""
        if self.everything:
            return true()
        return table.c.owner_id.in_(sorted(self.owner_ids))  # type: ignore[attr-defined]

    def allows_lead(self, territory_id: uuid.UUID | None, owner_id: uuid.UUID | None) -> bool:
        """A lead: its owner (and the owner's manager, admins); an unassigned
        lead also to the managers of its territory, or to every manager when
        it has no territory. Another rep's lead in the same territory is not
        a rep's to see: leads are assigned, accounts are shared."""
        if self.everything or owner_id in self.owner_ids:
            return True
        return (owner_id is None and self.role == "manager"
                and (territory_id is None or territory_id in self.territory_ids))

    def lead_filter(self, table: object) -> ColumnElement[bool]:
        """The WHERE clause of :meth:`allows_lead` on the leads table."""
        if self.everything:
            return true()
        c = table.c  # type: ignore[attr-defined]
        parts = [c.owner_id.in_(sorted(self.owner_ids))]
        if self.role == "manager":
            covered = [c.territory_id.is_(None)]
            if self.territory_ids:
                covered.append(c.territory_id.in_(sorted(self.territory_ids)))
            parts.append(and_(c.owner_id.is_(None), or_(*covered)))
        return or_(*parts)

    def allows_note(self, territory_id: uuid.UUID | None, author_id: uuid.UUID | None,
                    audience: str | None) -> bool:
        """A field note: its author's team, whoever covers its account's
        territory, and every reader of its audience."""
        return (self.everything or author_id in self.owner_ids
                or territory_id in self.territory_ids or audience in self.audiences)

    def note_filter(self, table: object) -> ColumnElement[bool]:
        """The WHERE clause of :meth:`allows_note` on the field_notes table."""
        if self.everything:
            return true()
        c = table.c  # type: ignore[attr-defined]
        parts = [c.author_id.in_(sorted(self.owner_ids))]
        if self.territory_ids:
            parts.append(c.territory_id.in_(sorted(self.territory_ids)))
        if self.audiences:
            parts.append(c.audience.in_(sorted(self.audiences)))
        return or_(*parts)

    @property
    def fingerprint(self) -> str:
        """Changes when the user's territories, team or note audiences change: the
        client re-reads its scope."""
        text = "|".join([self.role, *sorted(t.hex for t in self.territory_ids),
                         "/", *sorted(o.hex for o in self.owner_ids)])
        if self.audiences:  # without any, the fingerprint it always had
            text += "|audiences:" + ",".join(sorted(self.audiences))
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def scope_of(conn: Connection, user_id: uuid.UUID) -> Scope:
    role = conn.execute(select(logins.c.role).where(logins.c.user_id == user_id)).scalar_one()
    team = {user_id}
    if role == "manager":
        users = User.__table__
        team |= set(conn.execute(select(users.c.id).where(users.c.manager_id == user_id)).scalars())
    territories = set(conn.execute(
        select(user_territories.c.territory_id).where(user_territories.c.user_id.in_(team))
    ).scalars())
    audiences = conn.execute(select(User.__table__.c.audiences)
                             .where(User.__table__.c.id == user_id)).scalar()
    return Scope(user_id, role, frozenset(territories), frozenset(team),
                 frozenset(a for a in audiences or () if isinstance(a, str)))
