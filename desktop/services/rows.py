"""Immutable row objects handed to views (no ORM objects leave the core).

Named tuples rather than dataclasses: they are created as fast and cost far
less to define, which start-up notices.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import NamedTuple


def parse_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value).replace(tzinfo=UTC) if value else None


def parse_uuid(value: str | None) -> uuid.UUID | None:
    return uuid.UUID(hex=value) if value else None


def store_time(value: datetime) -> str:
    """A datetime in the text form SQLAlchemy stores on SQLite (naive UTC)."""
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


class AccountRow(NamedTuple):
    rowid: int
    id: uuid.UUID
    name: str
    kind: str
    status: str
    tier: str | None
    city: str | None
    region: str | None
    country: str
    territory: str | None
    phone: str | None
    last_contact_at: datetime | None
    archived: bool


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
