"""What the server checks and decides on team work as it arrives: tasks handed
to a colleague (``follow_ups.assignee_id``) and flagged field notes.

Tasks: the assignee must cover the follow-up's account (their territories,
their own accounts, a manager's team's, or an administrator); ``assigned_by``
is decided here: the pusher when the assignee changes to someone else, None
when a rep takes the task back, and kept otherwise.

Field notes: seen and answered by the author's team, whoever covers the
account's territory and every reader of the note's audience
(``Scope.allows_note``). The author is whoever sends the note (another user's
id is refused), the territory is the account's, and ``responded_by`` /
``responded_at`` are the pusher and the server's clock whenever the status or
the response changes. Only the author (or an administrator) changes what a note
says; its author and account never change.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select

from desktop.domain import wire
from desktop.domain.schema.enums import NoteAudience, NoteStatus
from server.merge import Mutation
from server.rows import table_of
from server.scope import scope_of
from server.validate import Invalid

TABLES = frozenset({"follow_ups", "field_notes"})
NOTE_TEXT = frozenset({"topic", "body", "audience", "interaction_id"})
NOTE_FIXED = ("author_id", "about_account_id")
ANSWER = ("status", "response")


def _uuid(value: Any) -> uuid.UUID | None:
    return uuid.UUID(hex=value) if isinstance(value, str) else None


def authorise_note(batch: Any, m: Mutation, row: dict[str, Any]) -> None:
    """Who may write a note (checked on the stored row and on the merged one)."""
    scope = batch.scope
    if scope.everything:
        return
    stored = batch.current("field_notes", m.row_id)
    # A new note's author is the pusher, whatever it says (``check`` refuses another's).
    author = _uuid(row.get("author_id")) if stored is not None else scope.user_id
    if not scope.allows_note(_uuid(row.get("territory_id")), author, row.get("audience")):
        raise Invalid("This field note is for other people.")


def check(batch: Any, m: Mutation, current: dict[str, Any] | None,
          row: dict[str, Any]) -> None:
    """Refuse a task or note the rules do not allow (see the module's doc)."""
    if m.table == "follow_ups":
        _task(batch, current, row)
    elif m.table == "field_notes":
        _note(batch, m, current, row)


def _task(batch: Any, current: dict[str, Any] | None, row: dict[str, Any]) -> None:
    assignee = row.get("assignee_id")
    if not isinstance(assignee, str) or (current is not None
                                         and current.get("assignee_id") == assignee):
        return
    users = table_of("users")
    found = batch.txn.conn.execute(select(users.c.name, users.c.deleted_at).where(
        users.c.id == uuid.UUID(hex=assignee))).first()
    if found is None or found.deleted_at is not None:
        raise Invalid("The task is assigned to someone who is not a user.")
    account = batch.current("accounts", str(row.get("account_id")))
    if account is None:
        raise Invalid("The account of this task does not exist on the server.")
    if assignee == batch.scope.user_id.hex:
        return  # the pusher's own scope was checked with the account
    theirs = scope_of(batch.txn.conn, uuid.UUID(hex=assignee))
    if not theirs.allows(_uuid(account.get("territory_id")), _uuid(account.get("owner_id"))):
        raise Invalid(f"{found.name} does not cover this account: a task goes to someone "
                      "who works its territory.")


def _note(batch: Any, m: Mutation, current: dict[str, Any] | None,
          row: dict[str, Any]) -> None:
    scope = batch.scope
    if row.get("audience") not in {a.value for a in NoteAudience}:
        raise Invalid(f"{row.get('audience')!r} is not an audience for field notes.")
    if row.get("status") not in {s.value for s in NoteStatus}:
        raise Invalid(f"{row.get('status')!r} is not a status of a field note.")
    author = m.changes.get("author_id")
    if current is None:
        if author is not None and author != scope.user_id.hex:
            raise Invalid("A field note's author is whoever sends it, not another user.")
        account_id = row.get("about_account_id")
        if isinstance(account_id, str):
            account = batch.current("accounts", account_id)
            if account is None:
                raise Invalid("The account of this note does not exist on the server.")
            if not scope.allows(_uuid(account.get("territory_id")),
                                _uuid(account.get("owner_id"))):
                raise Invalid("This account is outside your territories.")
        return
    for field in NOTE_FIXED:
        if field in m.changes and m.changes[field] != current.get(field):
            raise Invalid("A field note's author and account cannot be changed.")
    said = {k for k in NOTE_TEXT if k in m.changes and m.changes[k] != current.get(k)}
    if said and not scope.everything and current.get("author_id") != scope.user_id.hex:
        raise Invalid("Only the note's author can change what it says.")


def decide(batch: Any, table: str, current: dict[str, Any] | None, values: dict[str, Any],
           now: datetime) -> dict[str, Any]:
    """The fields the server sets on this row (Python values; empty if none)."""
    out: dict[str, Any] = {}
    me = batch.scope.user_id
    if table == "follow_ups":
        assignee = values.get("assignee_id")
        before = current.get("assignee_id") if current is not None else None
        if current is None or (assignee.hex if assignee else None) != before:
            out["assigned_by"] = me if assignee is not None and assignee != me else None
        else:
            out["assigned_by"] = _uuid(current.get("assigned_by"))
    elif table == "field_notes":
        if current is None:
            out["author_id"] = me
            account = values.get("about_account_id")
            found = batch.current("accounts", account.hex) if account else None
            out["territory_id"] = _uuid(found.get("territory_id")) if found else None
            if values.get("response") or values.get("status") != NoteStatus.OPEN.value:
                out["responded_by"], out["responded_at"] = me, now
            else:
                out["responded_by"] = out["responded_at"] = None
        else:
            out["territory_id"] = _uuid(current.get("territory_id"))
            answered = any(_text(values.get(k)) != _text(current.get(k)) for k in ANSWER)
            if answered:
                out["responded_by"], out["responded_at"] = me, now
            else:
                out["responded_by"] = _uuid(current.get("responded_by"))
                kept = current.get("responded_at")
                out["responded_at"] = (wire.decode("datetime", kept, "responded_at")
                                       if kept else None)
    return {k: v for k, v in out.items() if values.get(k) != v}


def _text(value: Any) -> Any:
    return value or None
