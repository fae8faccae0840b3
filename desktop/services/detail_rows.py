"""The account page's rows: contacts, history entries, follow-ups, concerns
(see ``rows`` for why these are named tuples, and apart)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import NamedTuple


class ContactRow(NamedTuple):
    id: uuid.UUID
    name: str
    title: str | None
    role: str | None
    work_phone: str | None
    mobile_phone: str | None
    email: str | None
    preferred_channel: str | None
    do_not_contact: bool
    archived: bool


class TimelineEntry(NamedTuple):
    rowid: int
    id: uuid.UUID
    occurred_at: datetime
    channel: str
    direction: str
    duration_minutes: int | None
    subject: str
    notes: str | None
    outcome: str | None
    contact_name: str | None
    author_name: str | None


class FollowUpRow(NamedTuple):
    id: uuid.UUID
    account_id: uuid.UUID
    account_name: str
    title: str
    due_date: date
    done: bool
    notes: str | None


class ConcernRow(NamedTuple):
    id: uuid.UUID
    title: str
    details: str | None
    status: str
    opened_at: datetime
    resolution: str | None
