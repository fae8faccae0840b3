"""The account list: filtered, sorted, searched, read a page at a time.

Pages use keyset pagination (``after`` the last row's sort value and rowid),
so reading page 500 costs the same as page 1. Every sort key has an index
(migration 0013, :mod:`desktop.store.derived_sorts`) written as the key is
here, and a page walks it (:mod:`desktop.services.keyset_sql`) unless the
filters leave so few accounts that sorting them is cheaper than walking.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from enum import StrEnum
from typing import Any, NamedTuple

from desktop.domain.stored import parse_time, parse_uuid, store_time
from desktop.services.cancel import CancelToken, cancellable
from desktop.services.keyset_sql import Cursor, Keyset, statements
from desktop.services.rows import AccountRow
from desktop.services.search import fts_query, history_terms, searches_history
from desktop.store.derived_name_order import SPILL, spilled
from desktop.store.store import Store

__all__ = ["AccountFilter", "AccountList", "AccountPage", "Cursor", "SortKey"]


class SortKey(StrEnum):
    NAME = "name"
    CITY = "city"
    REGION = "region"
    KIND = "kind"
    STATUS = "status"
    TIER = "tier"
    TERRITORY = "territory"
    LAST_CONTACT = "last_contact"


# Each sort key (never NULL) and the index that holds it in that order.
SORT_SQL: dict[SortKey, tuple[str, str]] = {
    SortKey.NAME: ("a.name COLLATE NOCASE", "ix_accounts_name_nocase"),
    SortKey.CITY: ("coalesce(a.billing_city, '') COLLATE NOCASE", "ix_accounts_sort_city"),
    SortKey.REGION: ("coalesce(a.billing_region, '') COLLATE NOCASE",
                     "ix_accounts_sort_region"),
    SortKey.KIND: ("a.kind", "ix_accounts_sort_kind"),
    SortKey.STATUS: ("a.status", "ix_accounts_sort_status"),
    SortKey.TIER: ("coalesce(a.tier, 'Z')", "ix_accounts_sort_tier"),
    SortKey.TERRITORY: ("a.territory_sort COLLATE NOCASE", "ix_accounts_sort_territory"),
    SortKey.LAST_CONTACT: ("coalesce(a.last_contact_at, '')", "ix_accounts_sort_last_contact"),
}


# A name-sorted search matching at least SCAN_MIN accounts and SCAN_SHARE of all
# walks the name index; one matching EXISTS_SHARE of all tests each account
# directly. Below SCAN_SHARE the matches may sit together in name order (every
# "Westfield ..."), where a walk from "A" would read most of the index.
SCAN_MIN = 1_500
SCAN_SHARE = 0.08
EXISTS_SHARE = 0.4
PLAN_SAMPLE = 2_000  # matches read to choose a plan (see AccountList._plan)


class AccountFilter(NamedTuple):
    """What the account list shows (immutable; ``_replace`` makes a changed copy).

    A named tuple, not a dataclass: defining one costs a quarter of the time at
    start-up, and this one is defined on the way to the first paint."""

    text: str = ""
    include_history: bool = False
    statuses: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    tiers: frozenset[str] = frozenset()
    territory_id: uuid.UUID | None = None
    region: str | None = None
    city: str | None = None
    no_contact_days: int | None = None
    include_archived: bool = False
    sort: SortKey = SortKey.NAME
    descending: bool = False


class AccountPage(NamedTuple):
    rows: list[AccountRow]
    next: Cursor | None  # None: this was the last page


class _Sql:
    """The WHERE clauses and parameters of one query, built up filter by filter."""

    def __init__(self) -> None:
        self.where: list[str] = ["a.deleted_at IS NULL"]
        self.params: dict[str, Any] = {}
        self.walk: bool | None = None  # walk the sort key's index (None: by the filters)
        self.sizes: list[int] = []  # how many accounts each indexed filter leaves
        self.ordered = False  # read through the search index in its (name) order


_COLUMNS = (
    "a.rowid, a.id, a.name, a.kind, a.status, a.tier, a.billing_city, a.billing_region, "
    "a.billing_country, t.name, a.phone, a.last_contact_at, a.archived"
)
_FROM = "FROM accounts a{indexed} LEFT JOIN territories t ON t.id = a.territory_id"
# The search index first, in its rowid (name) order; each match's account by its key.
_ORDERED = ("FROM account_search s CROSS JOIN accounts a INDEXED BY ix_accounts_name_key "
            "LEFT JOIN territories t ON t.id = a.territory_id")


class AccountList:
    def __init__(self, store: Store, clock: Any = None) -> None:
        from desktop.clock import utc_now

        self.store = store
        self.clock = clock or utc_now
        self._sizes: dict[tuple[str, Any], int] = {}  # see _size

    def _where(self, flt: AccountFilter, counting: bool = False) -> _Sql | None:
        """The filter's conditions; ``counting``: for a count (no page plan)."""
        sql = _Sql()
        if not flt.include_archived:
            sql.where.append("a.archived = 0")
        query = fts_query(flt.text)
        if flt.text.strip() and query is None:
            return None  # only punctuation typed: nothing can match
        if query:
            if flt.include_history and searches_history(flt.text):
                # Each word may match the account's details, or (3 letters or more)
                # its history; with only shorter words, the plain search below.
                for n, (term, in_history) in enumerate(history_terms(flt.text)):
                    also = (f" OR a.rowid IN (SELECT rowid FROM history_search WHERE "
                            f"history_search MATCH :t{n})" if in_history else "")
                    sql.where.append(f"(a.name_key IN (SELECT rowid FROM account_search WHERE "
                                     f"account_search MATCH :t{n}){also})")
                    sql.params[f"t{n}"] = term
                sql.walk = False  # the planner weighs the matches against the walk
            elif not counting and self.in_name_order(flt):
                # The index's rowid follows the names: its matches come in name
                # order, and a page stops after its rows (derived_name_order).
                sql.ordered, sql.walk = True, True
                sql.where += ["account_search MATCH :q", "a.name_key = s.rowid"]
                sql.params["q"] = query
            elif not counting and (plan := self._plan(query)) != "sort":
                # Many accounts match (the first letters typed): walk the sort key's
                # index and stop at a page, instead of collecting and sorting every match.
                sql.walk = True
                if plan == "exists":  # nearly all match: test each account directly
                    sql.where.append("EXISTS (SELECT 1 FROM account_search s WHERE "
                                     "s.rowid = a.name_key AND account_search MATCH :q)")
                else:  # many match: collect the matches once, then walk
                    sql.where.append("a.name_key IN (SELECT rowid FROM account_search "
                                     "WHERE account_search MATCH :q)")
                sql.params["q"] = query
            else:
                sql.walk = False
                sql.where.append("a.name_key IN (SELECT rowid FROM account_search "
                                 "WHERE account_search MATCH :q)")
                sql.params["q"] = query
        # Each indexed filter is written as its index is, so that it can also be counted.
        for column, expr, values in (("status", "a.status", flt.statuses),
                                     ("kind", "a.kind", flt.kinds),
                                     ("tier", "coalesce(a.tier, 'Z')", flt.tiers)):
            if values:
                names = [f"{column}{i}" for i in range(len(values))]
                self._add(sql, f"{expr} IN ({', '.join(':' + n for n in names)})",
                          dict(zip(names, sorted(values), strict=True)), counting)
        if flt.territory_id is not None:
            self._add(sql, "a.territory_id = :territory",
                      {"territory": flt.territory_id.hex}, counting)
        if flt.region:
            self._add(sql, "coalesce(a.billing_region, '') COLLATE NOCASE = :region",
                      {"region": flt.region}, counting)
        if flt.city:
            self._add(sql, "coalesce(a.billing_city, '') COLLATE NOCASE = :city",
                      {"city": flt.city}, counting)
        if flt.no_contact_days is not None:
            # Never contacted ('') or not since: a range at the start of the key's index.
            since = self.clock() - timedelta(days=flt.no_contact_days)
            self._add(sql, "coalesce(a.last_contact_at, '') < :since",
                      {"since": store_time(since)}, counting,
                      memo=("no_contact", flt.no_contact_days))
        return sql

    def _add(self, sql: _Sql, condition: str, params: dict[str, Any], counting: bool,
             memo: Any = None) -> None:
        sql.where.append(condition)
        sql.params.update(params)
        if not counting and sql.walk is None:
            sql.sizes.append(self._size(condition, params, memo))

    def _size(self, condition: str, params: dict[str, Any], memo: Any = None) -> int:
        """How many accounts one filter leaves, counted in its index (remembered:
        it only chooses a plan, so a figure a few edits old does no harm)."""
        key = (condition, memo or tuple(sorted(params.items())))
        if key not in self._sizes:
            if len(self._sizes) > 512:
                self._sizes.clear()
            self._sizes[key] = int(self.store.reads().execute(
                f"SELECT count(*) FROM accounts a WHERE {condition}", params).fetchone()[0])  # nosec B608 - identifiers from code, values bound
        return self._sizes[key]

    def _walks(self, sql: _Sql, page_size: int) -> bool:
        """Walk the sort key's index (about ``page_size * total / matches`` rows read
        a page) unless sorting what the narrowest filter leaves reads fewer rows."""
        if sql.walk is not None:
            return sql.walk
        if not sql.sizes:
            return True
        total = max(self._total(), 1)
        matches = float(total)
        for size in sql.sizes:  # as if the filters were independent
            matches *= size / total
        return page_size * total / max(matches, 1.0) <= min(sql.sizes)

    def _total(self) -> int:
        row = self.store.reads().execute("SELECT max(rowid) FROM accounts").fetchone()
        return int(row[0] or 0)

    def in_name_order(self, flt: AccountFilter) -> bool:
        """Whether the filter's pages are read straight from the search index in
        its order: a search by name (not its history) while every account's key
        is in order. Each page then reads about its own rows, however many
        accounts match, so it may be read on the GUI thread in any book."""
        return (flt.sort is SortKey.NAME and fts_query(flt.text) is not None
                and not (flt.include_history and searches_history(flt.text))
                and not spilled(self.store.reads()))

    def book_size(self) -> int:
        """About how many accounts the cache holds (the highest rowid: one seek)."""
        return self._total()

    def _plan(self, query: str) -> str:
        """How to page a search, from how many accounts it matches (measured on
        100,000 accounts: each plan wins in its own band).

        Counting every match costs as much as the page (a tenth of a second for
        "a" at a million accounts), so only the first ``PLAN_SAMPLE`` are read:
        fewer is the exact figure; otherwise how far into the rowids they reach
        gives the share of the book that matches (it only chooses a plan)."""
        conn = self.store.reads()
        seen, reach = conn.execute(
            "SELECT count(*), max(rowid) FROM (SELECT rowid FROM account_search WHERE "
            "account_search MATCH ? LIMIT ?)", (query, PLAN_SAMPLE)).fetchone()
        if seen < SCAN_MIN:
            return "sort"
        total = self._total() or 1
        low, high = conn.execute(  # the index's rowids are the accounts' name keys
            "SELECT min(name_key), max(name_key) FROM accounts WHERE name_key < ?", (SPILL,)
        ).fetchone()
        share = (reach - low) / max(high - low, 1) if low is not None and reach else 1.0
        matches = seen if seen < PLAN_SAMPLE else seen / max(share, 1e-9)
        if matches >= total * EXISTS_SHARE:
            return "exists"
        return "scan" if matches >= total * SCAN_SHARE else "sort"

    def keyset(self, flt: AccountFilter, page_size: int = 200) -> Keyset | None:
        """How the filter's pages are read (None: nothing can match)."""
        sql = self._where(flt)
        if sql is None:
            return None
        if sql.ordered:
            return Keyset("s.rowid", _ORDERED, sql.where, sql.params, True, unique=True)
        key, index = SORT_SQL[flt.sort]
        walk = self._walks(sql, page_size)
        source = _FROM.format(indexed=f" INDEXED BY {index}" if walk else "")
        pinned = bool(flt.sort is SortKey.CITY and flt.city
                      or flt.sort is SortKey.REGION and flt.region)
        return Keyset(key, source, sql.where, sql.params, walk, pinned)

    def page(self, flt: AccountFilter, after: Cursor | None = None, limit: int = 200,
             until: Cursor | None = None) -> AccountPage:
        """The ``limit`` accounts after ``after``; with ``until``, only those up to
        that row (inclusive): a page read again by its range of keys."""
        ks = self.keyset(flt, limit)
        if ks is None:
            return AccountPage([], None)
        conn, rows = self.store.reads(), list[Any]()
        for statement, params in statements(ks, _COLUMNS, flt.descending, after, until):
            rows += conn.execute(statement, {**params, "limit": limit - len(rows)}).fetchall()
            if len(rows) >= limit:
                break
        more = Cursor(rows[-1][-1], rows[-1][0]) if len(rows) == limit else None
        return AccountPage([_account_row(r) for r in rows], more)

    def count(self, flt: AccountFilter, cap: int | None = None,
              cancel: CancelToken | None = None) -> int:
        """Accounts matching the filter; with ``cap``, counting stops there (a
        first figure, "10,000+"). ``cancel`` stops it (raising ``Cancelled``)."""
        sql = self._where(flt, counting=True)
        if sql is None:
            return 0
        match = f"FROM accounts a WHERE {' AND '.join(sql.where)}"
        statement = (f"SELECT count(*) {match}" if cap is None else
                     f"SELECT count(*) FROM (SELECT 1 {match} LIMIT {int(cap)})")
        conn = self.store.reads()
        with cancellable(conn, cancel):
            return int(conn.execute(statement, sql.params).fetchone()[0])


    def count_all(self) -> int:
        """Accounts in the cache, archived ones included."""
        row = self.store.reads().execute(
            "SELECT count(*) FROM accounts WHERE deleted_at IS NULL").fetchone()
        return int(row[0])

    def any_accounts(self) -> bool:
        """Whether the cache holds an account (archived included): stops at the first
        row, where ``count_all`` reads the whole table."""
        row = self.store.reads().execute(
            "SELECT EXISTS (SELECT 1 FROM accounts WHERE deleted_at IS NULL)").fetchone()
        return bool(row[0])

    def territories(self) -> list[tuple[str, str]]:
        """(id, name) of every territory, by name."""
        rows = self.store.reads().execute(
            "SELECT id, name FROM territories WHERE deleted_at IS NULL ORDER BY name").fetchall()
        return [(str(parse_uuid(t[0])), t[1]) for t in rows]

    def regions(self) -> list[tuple[str, str]]:
        """The states/regions accounts are in (scans the accounts: call it off the hot path)."""
        rows = self.store.reads().execute(
            "SELECT DISTINCT billing_region FROM accounts WHERE billing_region IS NOT NULL "
            "AND deleted_at IS NULL ORDER BY 1").fetchall()
        return [(r[0], r[0]) for r in rows]

    def choices(self) -> dict[str, list[tuple[str, str]]]:
        """Values for the filter menus: territories (id, name) and states."""
        return {"territories": self.territories(), "regions": self.regions()}


def _account_row(r: Any) -> AccountRow:
    return AccountRow(
        rowid=r[0], id=uuid.UUID(hex=r[1]), name=r[2], kind=r[3], status=r[4], tier=r[5],
        city=r[6], region=r[7], country=r[8], territory=r[9], phone=r[10],
        last_contact_at=parse_time(r[11]), archived=bool(r[12]),
    )


