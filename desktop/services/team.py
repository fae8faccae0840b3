"""Who is working and whom they manage: what decides the manager-only parts of
the lead inbox and the capture dialog (the owner field, Assign, the
unassigned-leads filter). Read from the cached ``users`` rows at call time, so
signing in as someone else is seen at once."""

from __future__ import annotations

import uuid
from typing import NamedTuple

from desktop.domain.schema.enums import UserRole
from desktop.session import UserSession
from desktop.store.store import Store


class Member(NamedTuple):
    id: uuid.UUID
    name: str


class Team:
    def __init__(self, store: Store, session: UserSession) -> None:
        self.store = store
        self.session = session

    def role(self) -> str | None:
        """The current user's role (None: nobody signed in, or not in the cache)."""
        user = self.session.user_id
        if user is None:
            return None
        row = self.store.reads().execute(
            "SELECT role FROM users WHERE id = ? AND deleted_at IS NULL", (user.hex,)).fetchone()
        return str(row[0]) if row else None

    def is_manager(self) -> bool:
        return self.role() in (UserRole.MANAGER.value, UserRole.ADMIN.value)

    def members(self) -> list[Member]:
        """Whom the current user may give work to: the people they manage (for an
        admin, everyone), themselves first."""
        user = self.session.user_id
        if user is None:
            return []
        admin = self.role() == UserRole.ADMIN.value
        rows = self.store.reads().execute(
            "SELECT id, name FROM users WHERE deleted_at IS NULL AND "
            "(id = :me OR manager_id = :me OR :admin) ORDER BY id != :me, name COLLATE NOCASE",
            {"me": user.hex, "admin": admin}).fetchall()
        return [Member(uuid.UUID(hex=r[0]), r[1]) for r in rows]

    def names(self) -> dict[uuid.UUID, str]:
        """Every user in the cache by id (to show an owner's name, not an id)."""
        rows = self.store.reads().execute("SELECT id, name FROM users").fetchall()
        return {uuid.UUID(hex=r[0]): r[1] for r in rows}
