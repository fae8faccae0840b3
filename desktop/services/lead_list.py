"""The lead inbox: filtered, sorted, searched, read a keyset page at a time
(like ``account_list``); search goes through the ``lead_search`` FTS index.

Newest first by default. Merged and deleted leads never show; converted and
disqualified ones only when asked for (``include_closed``) or filtered by status.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, NamedTuple

from desktop.domain.stored import parse_time
from desktop.services.search import fts_query
from desktop.store.store import Store


class LeadSort(StrEnum):
    RECEIVED = "received"
    COMPANY = "company"
    FIT_SCORE = "fit_score"
    STATUS = "status"


_SORT_SQL: dict[LeadSort, str] = {
    LeadSort.RECEIVED: "l.received_at",
    LeadSort.COMPANY: "l.company COLLATE NOCASE",  # no company (NULL) sorts first
    LeadSort.FIT_SCORE: "l.fit_score",
    LeadSort.STATUS: "l.status",
}
CLOSED = ("converted", "disqualified")


class LeadFilter(NamedTuple):
    text: str = ""
    statuses: frozenset[str] = frozenset()  # empty: the open ones (or all with include_closed)
    sources: frozenset[str] = frozenset()
    owner_id: uuid.UUID | None = None
    unassigned: bool = False  # only leads with no owner (a manager's inbox)
    event_id: uuid.UUID | None = None
    include_closed: bool = False  # converted and disqualified too
    sort: LeadSort = LeadSort.RECEIVED
    descending: bool = True  # newest (highest score, last company) first


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
    city: str | None


class Cursor(NamedTuple):
    sort_value: Any
    rowid: int


class LeadPage(NamedTuple):
    rows: list[LeadRow]
    next: Cursor | None  # None: the last page


_COLUMNS = (
    "l.rowid, l.id, l.company, trim(coalesce(l.first_name, '') || ' ' || "
    "coalesce(l.last_name, '')), l.phone, l.email, l.source, l.status, l.fit_score, l.budget, "
    "l.currency, u.name, l.received_at, l.city"
)
_FROM = "FROM leads l LEFT JOIN users u ON u.id = l.owner_id"


class LeadList:
    def __init__(self, store: Store) -> None:
        self.store = store

    def _where(self, flt: LeadFilter) -> tuple[list[str], dict[str, Any]] | None:
        where = ["l.deleted_at IS NULL", "l.merged_into_id IS NULL"]
        params: dict[str, Any] = {}
        query = fts_query(flt.text)
        if flt.text.strip() and query is None:
            return None  # only punctuation typed
        if query:
            where.append("l.rowid IN (SELECT rowid FROM lead_search WHERE lead_search MATCH :q)")
            params["q"] = query
        if flt.statuses:
            _in(where, params, "l.status", "st", flt.statuses)
        elif not flt.include_closed:
            where.append("l.status NOT IN ('converted', 'disqualified')")
        if flt.sources:
            _in(where, params, "l.source", "src", flt.sources)
        if flt.unassigned:
            where.append("l.owner_id IS NULL")
        elif flt.owner_id is not None:
            where.append("l.owner_id = :owner")
            params["owner"] = flt.owner_id.hex
        if flt.event_id is not None:
            where.append("l.event_id = :event")
            params["event"] = flt.event_id.hex
        return where, params

    def page(self, flt: LeadFilter, after: Cursor | None = None, limit: int = 200) -> LeadPage:
        built = self._where(flt)
        if built is None:
            return LeadPage([], None)
        where, params = built
        key = _SORT_SQL[flt.sort]
        op, order = ("<", "DESC") if flt.descending else (">", "ASC")
        if after is not None:
            where.append(_after(key, op, after.sort_value is None))
            params.update(after=after.sort_value, after_id=after.rowid)
        statement = (f"SELECT {_COLUMNS}, {key} {_FROM} WHERE {' AND '.join(where)} "
                     f"ORDER BY {key} {order}, l.rowid {order} LIMIT {int(limit)}")
        rows = self.store.reads().execute(statement, params).fetchall()
        more = Cursor(rows[-1][-1], rows[-1][0]) if len(rows) == limit else None
        return LeadPage([_row(r) for r in rows], more)

    def count(self, flt: LeadFilter) -> int:
        built = self._where(flt)
        if built is None:
            return 0
        where, params = built
        statement = f"SELECT count(*) FROM leads l WHERE {' AND '.join(where)}"
        return int(self.store.reads().execute(statement, params).fetchone()[0])

    def row(self, lead_id: uuid.UUID) -> LeadRow | None:
        """One lead as the list shows it (None: gone or merged away)."""
        found = self.store.reads().execute(
            f"SELECT {_COLUMNS} {_FROM} WHERE l.id = ? AND l.deleted_at IS NULL "
            "AND l.merged_into_id IS NULL", (lead_id.hex,)).fetchone()
        return _row(found) if found else None

    def owners(self) -> list[tuple[str, str]]:
        """(id, name) of every user, by name: the assign menu and the owner filter."""
        rows = self.store.reads().execute(
            "SELECT id, name FROM users WHERE deleted_at IS NULL ORDER BY name").fetchall()
        return [(str(uuid.UUID(hex=r[0])), r[1]) for r in rows]


def _after(key: str, op: str, null: bool) -> str:
    """Rows past the cursor; NULLs (a lead with no company) sort lowest."""
    if not null:
        tail = f" OR {key} IS NULL" if op == "<" else ""
        return (f"({key} {op} :after OR ({key} = :after AND l.rowid {op} :after_id){tail})")
    if op == ">":
        return f"({key} IS NOT NULL OR l.rowid > :after_id)"
    return f"({key} IS NULL AND l.rowid < :after_id)"


def _in(where: list[str], params: dict[str, Any], column: str, prefix: str,
        values: frozenset[str]) -> None:
    names = [f"{prefix}{i}" for i in range(len(values))]
    where.append(f"{column} IN ({', '.join(':' + n for n in names)})")
    params.update(zip(names, sorted(values), strict=True))


def _row(r: Any) -> LeadRow:
    received = parse_time(r[12])
    assert received is not None
    return LeadRow(
        rowid=r[0], id=uuid.UUID(hex=r[1]), company=r[2], person=r[3], phone=r[4], email=r[5],
        source=r[6], status=r[7], fit_score=int(r[8]),
        budget=None if r[9] in (None, "") else Decimal(str(r[9])), currency=r[10], owner=r[11],
        received_at=received, city=r[13])
