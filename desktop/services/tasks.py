"""Tasks: follow-ups handed to a colleague. A task is a follow-up whose
``assignee_id`` is someone other than whoever handed it over (``assigned_by``).

The server decides ``assigned_by`` (the pusher, when the assignee changes) and
refuses an assignee who does not cover the account; the cache sets the same
values at once, so "tasks I gave" shows before the next sync. Who covers an
account is known here only from the cached ``users`` rows (a user's home
territory, the account's owner, their managers): the choice offered is that,
and the server, which knows every territory of every user, has the last word.
Lists read plain SQL through ``ix_follow_ups_assignee_due``.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from typing import Any, NamedTuple

from desktop.i18n import _
from desktop.services.base import Saved, Service
from desktop.services.team import Member
from desktop.services.validation import ValidationError
from desktop.store.changes import Changes


class TaskRow(NamedTuple):
    id: uuid.UUID
    account_id: uuid.UUID
    account_name: str
    title: str
    due_date: date
    assignee_id: uuid.UUID | None
    assignee: str
    assigned_by: uuid.UUID | None
    assigned_by_name: str
    done: bool
    notes: str | None


_SELECT = ("SELECT f.id, f.account_id, a.name, f.title, f.due_date, f.assignee_id, "
           "coalesce(u.name, ''), f.assigned_by, coalesce(b.name, ''), f.done_at IS NOT NULL, "
           "f.notes FROM follow_ups f "
           "JOIN accounts a ON a.id = f.account_id "
           "LEFT JOIN users u ON u.id = f.assignee_id LEFT JOIN users b ON b.id = f.assigned_by ")


def task_row(r: Any) -> TaskRow:
    return TaskRow(uuid.UUID(hex=r[0]), uuid.UUID(hex=r[1]), r[2], r[3], date.fromisoformat(r[4]),
                   uuid.UUID(hex=r[5]) if r[5] else None, r[6],
                   uuid.UUID(hex=r[7]) if r[7] else None, r[8], bool(r[9]), r[10])


class TaskService(Service):
    def candidates(self, account_id: uuid.UUID) -> list[Member]:
        """Colleagues who cover the account as far as the cache knows: whoever has
        its territory, its owner, and their managers; never the current user."""
        me = self.user_id.hex if self.user_id else ""
        rows = self.store.reads().execute(
            "WITH acc AS (SELECT territory_id, owner_id FROM accounts WHERE id = :a), "
            "covering AS (SELECT u.id, u.manager_id FROM users u, acc WHERE u.deleted_at IS NULL "
            "AND (u.territory_id = acc.territory_id OR u.id = acc.owner_id)) "
            "SELECT id, name FROM users WHERE deleted_at IS NULL AND id != :me AND "
            "(id IN (SELECT id FROM covering) OR id IN (SELECT manager_id FROM covering)) "
            "ORDER BY name COLLATE NOCASE", {"a": account_id.hex, "me": me}).fetchall()
        return [Member(uuid.UUID(hex=r[0]), r[1]) for r in rows]

    def assign(self, follow_up_id: uuid.UUID, assignee_id: uuid.UUID) -> Changes:
        """Hand a follow-up to ``assignee_id`` (back to me: it is mine again)."""
        from desktop.domain.schema import FollowUp

        self._check_user(assignee_id)
        with self.store.unit_of_work() as uow:
            row = self._get(uow.session, FollowUp, follow_up_id)
            if row.assignee_id != assignee_id:
                self._apply(row, {"assignee_id": assignee_id,
                                  "assigned_by": self._giver(assignee_id)})
            return uow.commit()

    def add(self, account_id: uuid.UUID, values: Mapping[str, Any],
            assignee_id: uuid.UUID, *, interaction_id: uuid.UUID | None = None) -> Saved:
        """A new follow-up on the account, handed to ``assignee_id`` at once;
        ``interaction_id``: the interaction of that account it follows from
        ("Flag for…" right after logging it)."""
        from desktop.domain.schema import Account, FollowUp, Interaction
        from desktop.services.history import HistoryService

        follow = HistoryService(self.store, session=self.session)._clean_follow_up(values)
        self._check_user(assignee_id)
        with self.store.unit_of_work() as uow:
            account = self._get(uow.session, Account, account_id)
            contact_id = None
            if interaction_id is not None:
                source = uow.session.get(Interaction, interaction_id)
                if (source is None or source.deleted_at is not None
                        or source.account_id != account.id):
                    raise ValidationError({"interaction_id": _(
                        "That interaction is not on this account.")})
                contact_id = source.contact_id
            row = self._new(FollowUp, account_id=account.id, assignee_id=assignee_id,
                            assigned_by=self._giver(assignee_id), interaction_id=interaction_id,
                            contact_id=contact_id, **follow)
            uow.session.add(row)
            return Saved(row.id, uow.commit())

    def for_me(self, *, limit: int = 200) -> list[TaskRow]:
        """Open tasks colleagues gave me, soonest due first."""
        if self.user_id is None:
            return []
        rows = self.store.reads().execute(
            _SELECT + "WHERE f.assignee_id = :me AND f.assigned_by IS NOT NULL "
            "AND f.assigned_by != :me AND f.done_at IS NULL AND f.deleted_at IS NULL "
            "ORDER BY f.due_date, f.id LIMIT :limit",
            {"me": self.user_id.hex, "limit": limit}).fetchall()
        return [task_row(r) for r in rows]

    def given(self, *, include_done: bool = False, limit: int = 500) -> list[TaskRow]:
        """Tasks I handed to colleagues (read by each colleague's index range)."""
        if self.user_id is None:
            return []
        done = "" if include_done else "AND f.done_at IS NULL "
        rows = self.store.reads().execute(
            _SELECT + "WHERE f.assignee_id IN (SELECT id FROM users WHERE id != :me) "
            f"AND f.assigned_by = :me {done}AND f.deleted_at IS NULL "
            "ORDER BY f.due_date, f.id LIMIT :limit",
            {"me": self.user_id.hex, "limit": limit}).fetchall()
        return [task_row(r) for r in rows]

    def team(self, until: date, *, limit: int = 500) -> list[TaskRow]:
        """A manager's view: the open follow-ups and tasks of the people they
        manage, due on or before ``until``."""
        if self.user_id is None:
            return []
        rows = self.store.reads().execute(
            _SELECT + "WHERE f.assignee_id IN (SELECT id FROM users WHERE manager_id = :me "  # nosec B608 - identifiers from code, values bound
            "AND deleted_at IS NULL) AND f.due_date <= :until AND f.done_at IS NULL "
            "AND f.deleted_at IS NULL ORDER BY f.due_date, u.name, f.id LIMIT :limit",
            {"me": self.user_id.hex, "until": until.isoformat(), "limit": limit}).fetchall()
        return [task_row(r) for r in rows]

    def _giver(self, assignee_id: uuid.UUID) -> uuid.UUID | None:
        """``assigned_by`` as the server will decide it: me, unless it is mine."""
        return self.user_id if assignee_id != self.user_id else None

    def _check_user(self, user_id: uuid.UUID) -> None:
        found = self.store.reads().execute(
            "SELECT 1 FROM users WHERE id = ? AND deleted_at IS NULL", (user_id.hex,)).fetchone()
        if found is None:
            raise ValidationError({"assignee_id": _("Choose a colleague to give it to.")})
