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
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any, NamedTuple

from desktop.session import UserSession
from desktop.store.changes import Changes
from desktop.store.store import Store

TABLES = ("accounts", "orders", "order_lines", "interactions")

# Every order's facts in table order (one pass, no index walk with a row lookup
# per order); its amount from the maintained ``order_amounts``.
_ORDERS = ("SELECT o.account_id, o.entered_at, o.currency, am.amount FROM orders o "
           "JOIN order_amounts am ON am.order_id = o.id "
           "WHERE o.deleted_at IS NULL AND o.status != 'cancelled'")
_ACCOUNTS = ("SELECT id, name, segment, tier, billing_city, billing_region, owner_id, "
             "last_contact_at, kind FROM accounts "
             "WHERE deleted_at IS NULL AND NOT archived AND merged_into_id IS NULL")


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
        conn = self.store.reads()
        last: dict[str, tuple[str, str, float]] = {}  # account -> (entered, currency, amount)
        lifetime: dict[str, float] = {}
        count: dict[str, int] = {}
        for account, entered, currency, amount in conn.execute(_ORDERS):
            count[account] = count.get(account, 0) + 1
            if currency == home:
                lifetime[account] = lifetime.get(account, 0.0) + amount
            seen = last.get(account)
            if seen is None or entered > seen[0]:
                last[account] = (entered, currency, amount)
        rows = []
        for a in conn.execute(_ACCOUNTS):
            order = last.get(a[0])
            if order is None and a[8] != "customer":
                continue  # neither a customer nor ever ordered
            rows.append(DormantRow(
                uuid.UUID(hex=a[0]), a[1], a[2], a[3], a[4], a[5],
                uuid.UUID(hex=a[6]) if a[6] else None, _when(a[7]),
                _when(order[0]) if order else None, order[2] if order else None,
                order[1] if order else None, lifetime.get(a[0], 0.0), count.get(a[0], 0)))
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
        return _test(flt, today)(row)

    def _order(self, flt: DormantFilter) -> tuple[list[tuple[Any, str]], list[DormantRow]]:
        today = self.session.clock().date()
        facts = self.facts()
        with self._lock:
            mark = (flt, today, self._generation)
            if self._sorted is not None and self._sorted[0] == mark:
                return self._sorted[1], self._sorted[2]
        dormant = _test(flt, today)
        rows = [r for r in facts if dormant(r)
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


def _test(flt: DormantFilter, today: date) -> Callable[[DormantRow], bool]:
    """Whether a customer is dormant under ``flt`` on ``today`` (cut-offs made once)."""
    order_cut = datetime.combine(months_before(today, flt.order_months), time(), UTC)
    contact_cut = datetime.combine(today - timedelta(days=flt.contact_days), time(), UTC)
    both = flt.match is Match.BOTH

    def dormant(row: DormantRow) -> bool:
        by_order = row.last_order_at is not None and row.last_order_at < order_cut
        by_contact = row.last_contact_at is None or row.last_contact_at < contact_cut
        return by_order and by_contact if both else by_order or by_contact

    return dormant


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


def _when(stored: str | None) -> datetime | None:
    """A stored UTC time ("2026-11-24 02:00:00.000000") as an aware datetime."""
    return datetime.fromisoformat(stored).replace(tzinfo=UTC) if stored else None
