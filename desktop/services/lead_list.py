"""The lead inbox: filtered, sorted, searched, read a keyset page at a time
(like ``account_list``); search goes through the ``lead_search`` FTS index."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, NamedTuple

from desktop.store.store import Store


class LeadSort(StrEnum):
    RECEIVED = "received"  # newest first by default (descending=True)
    COMPANY = "company"
    FIT_SCORE = "fit_score"
    STATUS = "status"


class LeadFilter(NamedTuple):
    text: str = ""
    statuses: frozenset[str] = frozenset()  # empty: every status except converted/merged
    sources: frozenset[str] = frozenset()
    owner_id: uuid.UUID | None = None
    unassigned: bool = False  # only leads with no owner (a manager's inbox)
    event_id: uuid.UUID | None = None
    include_closed: bool = False  # converted and disqualified too
    sort: LeadSort = LeadSort.RECEIVED
    descending: bool = True


class LeadRow(NamedTuple):
    rowid: int
    id: uuid.UUID
    company: str | None
    person: str  # "First Last", may be ""
    phone: str | None  # E.164
    email: str | None
    source: str
    status: str
    fit_score: int
    budget: Decimal | None
    currency: str
    owner: str | None  # the owner's name; None: unassigned
    received_at: datetime


class Cursor(NamedTuple):
    sort_value: Any
    rowid: int


class LeadPage(NamedTuple):
    rows: list[LeadRow]
    next: Cursor | None  # None: the last page


class LeadList:
    def __init__(self, store: Store) -> None:
        self.store = store

    def page(self, flt: LeadFilter, after: Cursor | None = None, limit: int = 200) -> LeadPage:
        raise NotImplementedError

    def count(self, flt: LeadFilter) -> int:
        raise NotImplementedError

    def row(self, lead_id: uuid.UUID) -> LeadRow | None:
        """One lead as the list shows it (None: gone)."""
        raise NotImplementedError
