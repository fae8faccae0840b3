"""Dormant customers: no order in N months and/or no contact in M days.

A customer is an account (not archived, merged or deleted) of kind customer or
with an order. It is dormant by its orders when it has ordered before and its
last order (cancelled ones left out) is older than ``order_months``; by contact
when nothing was logged with it (``last_contact_at``) in ``contact_days``.
``match`` says whether either is enough ("either") or both are needed ("both").
The settings hold the defaults (``dormant_order_months``, ``dormant_contact_days``,
``dormant_match``). A dormant customer that orders again is *reactivated*: an
order after a gap of at least ``order_months`` since the one before (the
closings report counts these with the same months, ``ReportContext.dormant_months``).

One aggregate query reads every customer's facts (last order, its value,
lifetime revenue, last contact) into a snapshot kept until a change to
accounts, orders, their lines or interactions; the list is then filtered,
sorted and paged by key (sort value, id) in memory, so scrolling and re-sorting
never run SQL again.
"""

from __future__ import annotations

import bisect
import calendar
import threading
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any, NamedTuple

from desktop.domain.stored import parse_time
from desktop.session import UserSession
from desktop.store.changes import Changes
from desktop.store.store import Store

TABLES = ("accounts", "orders", "order_lines", "interactions")

_FACTS = (
    "WITH o AS (SELECT o.account_id, max(o.entered_at) AS last_at, am.amount AS last_amount, "
    "o.currency AS last_currency, "
    "sum(CASE WHEN o.currency = :home THEN am.amount END) AS lifetime, count(*) AS orders "
    "FROM orders o JOIN order_amounts am ON am.order_id = o.id "
    "WHERE o.deleted_at IS NULL AND o.status != 'cancelled' GROUP BY o.account_id) "
    "SELECT a.id, a.name, a.segment, a.tier, a.billing_city, a.billing_region, a.owner_id, "
    "a.last_contact_at, o.last_at, o.last_amount, o.last_currency, o.lifetime, "
    "coalesce(o.orders, 0) FROM accounts a LEFT JOIN o ON o.account_id = a.id "
    "WHERE a.deleted_at IS NULL AND NOT a.archived AND a.merged_into_id IS NULL "
    "AND (a.kind = 'customer' OR o.account_id IS NOT NULL)")


class Match(StrEnum):
    EITHER = "either"  # no order in N months, or no contact in M days
    BOTH = "both"  # no order in N months and no contact in M days


class SortKey(StrEnum):
    LAST_ORDER = "last_order"  # longest without an order first
    LAST_CONTACT = "last_contact"
    LIFETIME = "lifetime"  # highest first
    LAST_VALUE = "last_value"  # highest first
    NAME = "name"


class DormantRow(NamedTuple):
    id: uuid.UUID
    name: str
    segment: str | None
    tier: str | None
    city: str | None
    region: str | None
    owner_id: uuid.UUID | None
    last_contact_at: datetime | None
    last_order_at: datetime | None
    last_order_value: float | None
    last_order_currency: str | None
    lifetime_revenue: float  # home currency
    orders: int


@dataclass(frozen=True)
class DormantFilter:
    order_months: int = 12
    contact_days: int = 180
    match: Match = Match.EITHER
    sort: SortKey = SortKey.LAST_ORDER
    descending: bool = False  # against the key's natural order (see SortKey)
    owner_id: uuid.UUID | None = None  # None: every customer in the cache


class Cursor(NamedTuple):
    key: Any
    id: str


class Page(NamedTuple):
    rows: list[DormantRow]
    next: Cursor | None


class DormantList:
    def __init__(self, store: Store, session: UserSession) -> None:
        self.store = store
        self.session = session
        self._lock = threading.Lock()
        self._facts: list[DormantRow] | None = None
        self._generation = 0
        self._sorted: tuple[tuple[DormantFilter, date, int], list[tuple[Any, str]],
                            list[DormantRow]] | None = None

    def default_filter(self) -> DormantFilter:
        s = self.session.settings
        return DormantFilter(s.dormant_order_months, s.dormant_contact_days,
                             Match(s.dormant_match) if s.dormant_match in set(Match)
                             else Match.EITHER)

    # -- reading ----------------------------------------------------------------------
    def facts(self) -> list[DormantRow]:
        """Every customer's facts (one query, then kept until a change)."""
        with self._lock:
            if self._facts is not None:
                return self._facts
            generation = self._generation
        home = self.session.settings.home_currency
        rows = [_row(r) for r in self.store.reads().execute(_FACTS, {"home": home})]
        with self._lock:
            if generation == self._generation:
                self._facts = rows
        return rows

    def rows(self, flt: DormantFilter) -> list[DormantRow]:
        """The dormant customers, in the filter's order."""
        return self._order(flt)[1]

    def count(self, flt: DormantFilter) -> int:
        return len(self.rows(flt))

    def page(self, flt: DormantFilter, after: Cursor | None, size: int) -> Page:
        """``size`` rows after ``after`` (a keyset cursor: the last row's sort key and id)."""
        keys, rows = self._order(flt)
        start = 0 if after is None else bisect.bisect_right(keys, (after.key, after.id))
        chunk = rows[start:start + size]
        end = start + len(chunk)
        nxt = Cursor(*keys[end - 1]) if chunk and end < len(rows) else None
        return Page(chunk, nxt)

    def is_dormant(self, row: DormantRow, flt: DormantFilter, today: date) -> bool:
        order_cut = months_before(today, flt.order_months).isoformat()
        contact_cut = date.fromordinal(today.toordinal() - flt.contact_days).isoformat()
        by_order = row.orders > 0 and row.last_order_at is not None and (
            row.last_order_at.date().isoformat() < order_cut)
        by_contact = row.last_contact_at is None or (
            row.last_contact_at.date().isoformat() < contact_cut)
        if flt.match is Match.BOTH:
            return by_order and by_contact
        return by_order or by_contact

    def _order(self, flt: DormantFilter) -> tuple[list[tuple[Any, str]], list[DormantRow]]:
        today = self.session.clock().date()
        facts = self.facts()
        with self._lock:
            mark = (flt, today, self._generation)
            if self._sorted is not None and self._sorted[0] == mark:
                return self._sorted[1], self._sorted[2]
        rows = [r for r in facts if self.is_dormant(r, flt, today)
                and (flt.owner_id is None or r.owner_id == flt.owner_id)]
        keyed = sorted(((_key(r, flt), r.id.hex), r) for r in rows)
        keys, ordered = [k for k, _r in keyed], [r for _k, r in keyed]
        with self._lock:
            self._sorted = (mark, keys, ordered)
        return keys, ordered

    # -- keeping up -------------------------------------------------------------------
    def shows(self, changes: Changes) -> bool:
        return changes.everything or changes.touches(*TABLES)

    def apply(self, changes: Changes) -> None:
        """Forget the snapshot when a change could move a customer in or out."""
        if self.shows(changes):
            self.clear()

    def clear(self) -> None:
        with self._lock:
            self._generation += 1
            self._facts, self._sorted = None, None


def months_before(day: date, months: int) -> date:
    """The same day ``months`` earlier (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def _key(row: DormantRow, flt: DormantFilter) -> Any:
    """The sort value (ascending); ``descending`` flips it. Missing values last."""
    sign = -1 if flt.descending else 1
    if flt.sort is SortKey.NAME:
        text = row.name.casefold()
        return text if not flt.descending else tuple(-ord(c) for c in text)
    if flt.sort is SortKey.LIFETIME:
        return -sign * row.lifetime_revenue
    if flt.sort is SortKey.LAST_VALUE:
        return (row.last_order_value is None, -sign * (row.last_order_value or 0.0))
    when = row.last_order_at if flt.sort is SortKey.LAST_ORDER else row.last_contact_at
    stamp = when.timestamp() if when is not None else None
    # Never ordered / never contacted: the longest without, so first ascending.
    return (0, 0.0) if stamp is None and not flt.descending else (
        (1, sign * stamp) if stamp is not None else (2, 0.0))


def _row(r: Any) -> DormantRow:
    return DormantRow(uuid.UUID(hex=r[0]), r[1], r[2], r[3], r[4], r[5],
                      uuid.UUID(hex=r[6]) if r[6] else None, parse_time(r[7]), parse_time(r[8]),
                      r[9], r[10], float(r[11] or 0.0), int(r[12]))
