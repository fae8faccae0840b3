"""Immutable row objects handed to views (no ORM objects leave the core): the
account list's row and the conversions every row type uses. The account page's
rows are in ``detail_rows``: defining them costs start-up time the first paint
does not need.

Named tuples rather than dataclasses: they are created as fast and cost far
less to define, which start-up notices.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
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
