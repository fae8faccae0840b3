"""Feedback from the field: a rep flags a note for product, marketing, support
or management with a topic (from the account page, or after logging an
interaction); the people of that audience read it, acknowledge it, answer it
and close it.

The cache holds the notes the server lets this user see (their team's, their
territories' accounts', their audiences'). ``author_id``, ``territory_id`` and
``responded_by`` are set here as the server will decide them (the author is
whoever writes it, the territory the account's, the responder whoever answers),
so lists are right before the next sync; the server's values win. Reads are
plain SQL (``ix_field_notes_audience_noted``)."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any, NamedTuple

from desktop.domain.schema.enums import NoteAudience, NoteStatus
from desktop.domain.stored import parse_time
from desktop.i18n import _
from desktop.services.base import Saved, Service
from desktop.services.validation import ValidationError
from desktop.store.changes import Changes

TOPIC_MAX = 120


class NoteRow(NamedTuple):
    id: uuid.UUID
    audience: str
    topic: str
    body: str
    status: str
    noted_at: datetime
    author_id: uuid.UUID | None
    author: str
    account_id: uuid.UUID | None
    account_name: str  # empty when the account is outside the reader's cache
    response: str | None
    responded_by: str
    responded_at: datetime | None


_SELECT = ("SELECT n.id, n.audience, n.topic, n.body, n.status, n.noted_at, n.author_id, "
           "coalesce(u.name, ''), n.about_account_id, coalesce(a.name, ''), n.response, "
           "coalesce(r.name, ''), n.responded_at FROM field_notes n "
           "LEFT JOIN users u ON u.id = n.author_id "
           "LEFT JOIN accounts a ON a.id = n.about_account_id "
           "LEFT JOIN users r ON r.id = n.responded_by ")


def _row(r: Any) -> NoteRow:
    noted = parse_time(r[5])
    assert noted is not None  # the column is NOT NULL
    return NoteRow(uuid.UUID(hex=r[0]), r[1], r[2], r[3], r[4], noted,
                   uuid.UUID(hex=r[6]) if r[6] else None, r[7],
                   uuid.UUID(hex=r[8]) if r[8] else None, r[9], r[10], r[11],
                   parse_time(r[12]) if r[12] else None)


class FieldNoteService(Service):
    def flag(self, account_id: uuid.UUID | None, audience: str, topic: str, body: str,
             interaction_id: uuid.UUID | None = None) -> Saved:
        """A note for ``audience`` about the account (or about nothing in particular)."""
        from desktop.domain.schema import Account
        from desktop.domain.schema.team import FieldNote

        errors: dict[str, str] = {}
        if audience not in {a.value for a in NoteAudience}:
            errors["audience"] = _("Choose who the note is for.")
        if not topic.strip():
            errors["topic"] = _("Give the note a topic.")
        elif len(topic.strip()) > TOPIC_MAX:
            errors["topic"] = _("Keep the topic under {n} characters.").format(n=TOPIC_MAX)
        if not body.strip():
            errors["body"] = _("Say what you heard or saw.")
        if errors:
            raise ValidationError(errors)
        with self.store.unit_of_work() as uow:
            territory = None
            if account_id is not None:
                territory = self._get(uow.session, Account, account_id).territory_id
            row = self._new(FieldNote, author_id=self.user_id, territory_id=territory,
                            about_account_id=account_id, interaction_id=interaction_id,
                            audience=audience, topic=topic.strip(), body=body.strip(),
                            noted_at=self.clock(), status=NoteStatus.OPEN.value)
            uow.session.add(row)
            return Saved(row.id, uow.commit())

    def acknowledge(self, note_id: uuid.UUID) -> Changes:
        return self._answer(note_id, NoteStatus.ACKNOWLEDGED, None)

    def respond(self, note_id: uuid.UUID, response: str, *, close: bool = False) -> Changes:
        if not response.strip():
            raise ValidationError({"response": _("Write the answer first.")})
        status = NoteStatus.CLOSED if close else NoteStatus.ACKNOWLEDGED
        return self._answer(note_id, status, response.strip())

    def close(self, note_id: uuid.UUID) -> Changes:
        return self._answer(note_id, NoteStatus.CLOSED, None)

    def reopen(self, note_id: uuid.UUID) -> Changes:
        return self._answer(note_id, NoteStatus.OPEN, None)

    def _answer(self, note_id: uuid.UUID, status: NoteStatus, response: str | None) -> Changes:
        from desktop.domain.schema.team import FieldNote

        with self.store.unit_of_work() as uow:
            row = self._get(uow.session, FieldNote, note_id)
            values: dict[str, Any] = {"status": status.value}
            if response is not None:
                values["response"] = response
            if any(getattr(row, k) != v for k, v in values.items()):
                values.update(responded_by=self.user_id, responded_at=self.clock())
                self._apply(row, values)
            return uow.commit()

    # -- reads -----------------------------------------------------------------
    def my_audiences(self) -> list[str]:
        """The audiences the current user reads (``users.audiences``)."""
        if self.user_id is None:
            return []
        row = self.store.reads().execute("SELECT audiences FROM users WHERE id = ?",
                                         (self.user_id.hex,)).fetchone()
        try:
            found = json.loads(row[0]) if row and row[0] else []
        except ValueError:
            return []
        return [a for a in found if isinstance(a, str)]

    def for_me(self, *, include_closed: bool = False, limit: int = 200) -> list[NoteRow]:
        """Notes flagged for my audiences, newest first."""
        audiences = self.my_audiences()
        if not audiences:
            return []
        marks = ", ".join("?" * len(audiences))
        closed = "" if include_closed else "AND n.status != 'closed' "
        rows = self.store.reads().execute(
            _SELECT + f"WHERE n.audience IN ({marks}) AND n.deleted_at IS NULL {closed}"
            "ORDER BY n.noted_at DESC, n.id LIMIT ?", (*audiences, limit)).fetchall()
        return [_row(r) for r in rows]

    def written(self, *, limit: int = 200) -> list[NoteRow]:
        """Notes I flagged, newest first, with their answers."""
        if self.user_id is None:
            return []
        rows = self.store.reads().execute(
            _SELECT + "WHERE n.author_id = ? AND n.deleted_at IS NULL "
            "ORDER BY n.noted_at DESC, n.id LIMIT ?", (self.user_id.hex, limit)).fetchall()
        return [_row(r) for r in rows]

    def about(self, account_id: uuid.UUID) -> list[NoteRow]:
        """The notes about one account (``ix_field_notes_about_account_id``)."""
        rows = self.store.reads().execute(
            _SELECT + "WHERE n.about_account_id = ? AND n.deleted_at IS NULL "
            "ORDER BY n.noted_at DESC, n.id", (account_id.hex,)).fetchall()
        return [_row(r) for r in rows]

    def get(self, note_id: uuid.UUID) -> NoteRow | None:
        row = self.store.reads().execute(_SELECT + "WHERE n.id = ?", (note_id.hex,)).fetchone()
        return _row(row) if row else None
