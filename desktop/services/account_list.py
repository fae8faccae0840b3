"""The account list: filtered, sorted, searched, read a page at a time.

Pages use keyset pagination (``after`` the last row's sort value and rowid),
so reading page 500 costs the same as page 1.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from enum import StrEnum
from typing import Any, NamedTuple

from desktop.domain.stored import parse_time, parse_uuid, store_time
from desktop.services.rows import AccountRow
from desktop.services.search import fts_query, fts_terms
from desktop.store.store import Store


class SortKey(StrEnum):
    NAME = "name"
    CITY = "city"
    REGION = "region"
    KIND = "kind"
    STATUS = "status"
    TIER = "tier"
    TERRITORY = "territory"
    LAST_CONTACT = "last_contact"


_SORT_SQL: dict[SortKey, str] = {
    SortKey.NAME: "a.name COLLATE NOCASE",
    SortKey.CITY: "coalesce(a.billing_city, '') COLLATE NOCASE",
    SortKey.REGION: "coalesce(a.billing_region, '') COLLATE NOCASE",
    SortKey.KIND: "a.kind",
    SortKey.STATUS: "a.status",
    SortKey.TIER: "coalesce(a.tier, 'Z')",
    SortKey.TERRITORY: "coalesce(t.name, '') COLLATE NOCASE",
    SortKey.LAST_CONTACT: "coalesce(a.last_contact_at, '')",
}


# A name-sorted search matching at least SCAN_MIN accounts and SCAN_SHARE of all
# walks the name index; one matching EXISTS_SHARE of all tests each account
# directly. Below SCAN_SHARE the matches may sit together in name order (every
# "Westfield ..."), where a walk from "A" would read most of the index.
SCAN_MIN = 1_500
SCAN_SHARE = 0.08
EXISTS_SHARE = 0.4


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


class Cursor(NamedTuple):
    """Where the previous page ended."""

    sort_value: Any
    rowid: int


class AccountPage(NamedTuple):
    rows: list[AccountRow]
    next: Cursor | None  # None: this was the last page


class _Sql:
    """The WHERE clauses and parameters of one query, built up filter by filter."""

    def __init__(self) -> None:
        self.where: list[str] = ["a.deleted_at IS NULL"]
        self.params: dict[str, Any] = {}
        self.name_index = False  # drive the query by the name index


_COLUMNS = (
    "a.rowid, a.id, a.name, a.kind, a.status, a.tier, a.billing_city, a.billing_region, "
    "a.billing_country, t.name, a.phone, a.last_contact_at, a.archived"
)
_FROM = "FROM accounts a LEFT JOIN territories t ON t.id = a.territory_id"
_FROM_NAME_ORDER = (
    "FROM accounts a INDEXED BY ix_accounts_name_nocase "
    "LEFT JOIN territories t ON t.id = a.territory_id"
)


class AccountList:
    def __init__(self, store: Store, clock: Any = None) -> None:
        from desktop.clock import utc_now

        self.store = store
        self.clock = clock or utc_now

    def _where(self, flt: AccountFilter) -> _Sql | None:
        sql = _Sql()
        if not flt.include_archived:
            sql.where.append("a.archived = 0")
        query = fts_query(flt.text)
        if flt.text.strip() and query is None:
            return None  # only punctuation typed: nothing can match
        if query:
            if flt.include_history:
                # Each word may match the account's details or its history.
                for n, term in enumerate(fts_terms(flt.text)):
                    sql.where.append(
                        f"a.rowid IN (SELECT rowid FROM account_search WHERE account_search "
                        f"MATCH :t{n} UNION SELECT rowid FROM history_search "
                        f"WHERE history_search MATCH :t{n})")
                    sql.params[f"t{n}"] = term
            elif flt.sort is SortKey.NAME and (plan := self._plan(query)) != "sort":
                # Many accounts match (the first letters typed): walk the name index
                # and stop at a page, instead of collecting and sorting every match.
                sql.name_index = True
                if plan == "exists":  # nearly all match: test each account directly
                    sql.where.append("EXISTS (SELECT 1 FROM account_search s WHERE "
                                     "s.rowid = a.rowid AND account_search MATCH :q)")
                else:  # many match: collect the matches once, then walk
                    sql.where.append("a.rowid IN (SELECT rowid FROM account_search "
                                     "WHERE account_search MATCH :q)")
                sql.params["q"] = query
            else:
                sql.where.append("a.rowid IN (SELECT rowid FROM account_search "
                                 "WHERE account_search MATCH :q)")
                sql.params["q"] = query
        for column, values in (("status", flt.statuses), ("kind", flt.kinds), ("tier", flt.tiers)):
            if values:
                names = [f"{column}{i}" for i in range(len(values))]
                sql.where.append(f"a.{column} IN ({', '.join(':' + n for n in names)})")
                sql.params.update(zip(names, sorted(values), strict=True))
        if flt.territory_id is not None:
            sql.where.append("a.territory_id = :territory")
            sql.params["territory"] = flt.territory_id.hex
        if flt.region:
            sql.where.append("a.billing_region = :region COLLATE NOCASE")
            sql.params["region"] = flt.region
        if flt.city:
            sql.where.append("a.billing_city = :city COLLATE NOCASE")
            sql.params["city"] = flt.city
        if flt.no_contact_days is not None:
            since = self.clock() - timedelta(days=flt.no_contact_days)
            sql.where.append("(a.last_contact_at IS NULL OR a.last_contact_at < :since)")
            sql.params["since"] = store_time(since)
        return sql

    def _plan(self, query: str) -> str:
        """How to page a name-sorted search, from how many accounts it matches
        (measured on 100,000 accounts: each plan wins in its own band)."""
        conn = self.store.reads()
        matches = conn.execute("SELECT count(*) FROM account_search WHERE account_search "
                               "MATCH ?", (query,)).fetchone()[0]
        if matches < SCAN_MIN:
            return "sort"
        total = conn.execute("SELECT max(rowid) FROM accounts").fetchone()[0] or 1
        if matches >= total * EXISTS_SHARE:
            return "exists"
        return "scan" if matches >= total * SCAN_SHARE else "sort"

    def page(self, flt: AccountFilter, after: Cursor | None = None, limit: int = 200
             ) -> AccountPage:
        sql = self._where(flt)
        if sql is None:
            return AccountPage([], None)
        key = _SORT_SQL[flt.sort]
        op, order = ("<", "DESC") if flt.descending else (">", "ASC")
        if after is not None:
            sql.where.append(f"({key} {op} :after OR ({key} = :after AND a.rowid {op} :after_id))")
            sql.params.update(after=after.sort_value, after_id=after.rowid)
        source = _FROM_NAME_ORDER if sql.name_index else _FROM
        statement = (
            f"SELECT {_COLUMNS}, {key} {source} WHERE {' AND '.join(sql.where)} "
            f"ORDER BY {key} {order}, a.rowid {order} LIMIT {int(limit)}"
        )
        rows = self.store.reads().execute(statement, sql.params).fetchall()
        more = Cursor(rows[-1][-1], rows[-1][0]) if len(rows) == limit else None
        return AccountPage([_account_row(r) for r in rows], more)

    def count(self, flt: AccountFilter) -> int:
        sql = self._where(flt)
        if sql is None:
            return 0
        join = _FROM if flt.sort is SortKey.TERRITORY else "FROM accounts a"
        statement = f"SELECT count(*) {join} WHERE {' AND '.join(sql.where)}"
        return int(self.store.reads().execute(statement, sql.params).fetchone()[0])

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


