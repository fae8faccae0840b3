"""Immutable row objects handed to views (no ORM objects leave the core): the
account list's row. Stored values are decoded by ``desktop.domain.stored``. The
account page's rows are in ``detail_rows``: defining them costs start-up time the
first paint does not need.

Named tuples rather than dataclasses: they are created as fast and cost far
less to define, which start-up notices.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import NamedTuple


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
