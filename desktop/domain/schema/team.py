"""Feedback from the field: notes a rep flags for product, marketing, support or
management, with a topic, read by the people of that audience.

Scope (see ``server.rows``): a note is seen by its author's team, by whoever
covers the account it is about, and by every user whose ``users.audiences``
names its audience. The account is a plain id (``about_account_id``), not a
foreign key: a reader in another territory receives the note without the account.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.domain.schema.base import SyncedBase
from desktop.domain.schema.enums import NoteStatus


class FieldNote(SyncedBase):
    __tablename__ = "field_notes"

    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"),
                                                        default=None)  # the server sets it
    territory_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("territories.id"),
                                                           default=None)  # the account's
    about_account_id: Mapped[uuid.UUID | None] = mapped_column(default=None, index=True)
    interaction_id: Mapped[uuid.UUID | None] = mapped_column(default=None)  # plain id
    audience: Mapped[str] = mapped_column(String(16))  # NoteAudience
    topic: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)
    noted_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16), default=NoteStatus.OPEN.value)
    response: Mapped[str | None] = mapped_column(Text, default=None)
    responded_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), default=None)
    responded_at: Mapped[datetime | None] = mapped_column(default=None)

    __table_args__ = (Index("ix_field_notes_audience_noted", "audience", "noted_at"),)


__all__ = ["FieldNote"]
