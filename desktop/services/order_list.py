"""The order list, newest first, read a page at a time.

Keyset pages (``after`` the last row's entry time and rowid) walk the
``entered_at`` index, so page 200 of 50,000 orders costs what page 1 does.
Filter by status and amount; search any part of the order number (final or
provisional) or the account's name through the trigram index ``order_search``
(migration 0014), never by reading every order. Each row carries the order's
total, kept by triggers in ``order_amounts``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, NamedTuple

from desktop.services import substring_plans
from desktop.services.search import substring_search
from desktop.services.substring_plans import SearchPlan
from desktop.store.store import Store


@dataclass(frozen=True)
class OrderFilter:
    status: str | None = None  # one of ORDER_STATUSES, or None for all
    text: str = ""  # part of the number or the account's name
    open_only: bool = False  # not delivered, invoiced or cancelled
    min_amount: float | None = None  # the order's total, from
    max_amount: float | None = None  # ... up to (both included)


class OrderRow(NamedTuple):
    rowid: int
    id: uuid.UUID
    number: str  # the final number, or the provisional one until the server confirms
    confirmed: bool
    account: str
    status: str
    expedite: bool
    needed_by: str | None
    entered_at: str  # stored UTC text
    unshipped: bool  # shipped, with something still to ship (a partial shipment)
    amount: float = 0.0  # the total with tax (a list figure: see derived_orders)
    currency: str = "USD"
    account_id: uuid.UUID | None = None


class Cursor(NamedTuple):
    entered_at: str
    rowid: int


class OrderPage(NamedTuple):
    rows: list[OrderRow]
    next: Cursor | None  # None: the last page


# Only shipped orders ask whether anything is left to ship.
_UNSHIPPED = (
    "CASE WHEN o.status = 'shipped' THEN "
    "(SELECT coalesce(sum(CAST(l.quantity AS REAL)), 0) FROM order_lines l "
    " WHERE l.order_id = o.id AND l.deleted_at IS NULL) - "
    "(SELECT coalesce(sum(CAST(j.value AS REAL)), 0) FROM order_events e, json_each(e.shipped) j"
    " WHERE e.order_id = o.id AND e.status = 'shipped' AND e.deleted_at IS NULL) > 1e-9 "
    "ELSE 0 END"
)


_SEARCHED = ("number", "account")  # order_search's columns


class OrderList:
    def __init__(self, store: Store) -> None:
        self.store = store

    def _where(self, flt: OrderFilter, search: SearchPlan | None = None
               ) -> tuple[list[str], dict[str, Any]]:
        """The filter's conditions; the search's as ``search`` plans it (else
        every match as one set: a count)."""
        where: list[str] = ["o.deleted_at IS NULL"]
        params: dict[str, Any] = {}
        if flt.status:
            where.append("o.status = :status")
            params["status"] = flt.status
        if flt.open_only:
            where.append("o.status NOT IN ('delivered', 'invoiced', 'cancelled')")
        if search is not None:
            where += search.conditions
            params.update(search.params)
        elif (found := substring_search("order_search", _SEARCHED, flt.text)) is not None:
            where.append("o." + found[0])
            params.update(found[1])
        if flt.min_amount is not None:
            where.append("coalesce(m.amount, 0) >= :min_amount")
            params["min_amount"] = flt.min_amount
        if flt.max_amount is not None:
            where.append("coalesce(m.amount, 0) <= :max_amount")
            params["max_amount"] = flt.max_amount
        return where, params

    def _statement(self, flt: OrderFilter, after: Cursor | None, limit: int
                   ) -> tuple[str, dict[str, Any]]:
        conn = self.store.reads()
        search = substring_plans.plan(conn, "order_search", _SEARCHED, flt.text, "o")
        where, params = self._where(flt, search)
        if after is not None:
            where.append("(o.entered_at < :after OR (o.entered_at = :after AND o.rowid < :rid))")
            params.update(after=after.entered_at, rid=after.rowid)
        # A search of few matches starts from them (then sorts them); the rest walk
        # the entry-time index newest first and stop at a page (substring_plans).
        walk = search is None or search.walk
        source = "orders o INDEXED BY ix_orders_entered_at" if walk else "orders o"
        return (f"SELECT {_COLUMNS} FROM {source} JOIN accounts a ON a.id = o.account_id "  # nosec B608 - identifiers from code, values bound
                "LEFT JOIN order_amounts m ON m.order_id = o.id "
                f"WHERE {' AND '.join(where)} "
                f"ORDER BY o.entered_at DESC, o.rowid DESC LIMIT {int(limit)}", params)

    def page(self, flt: OrderFilter, after: Cursor | None = None, limit: int = 100
             ) -> OrderPage:
        statement, params = self._statement(flt, after, limit)
        rows = self.store.reads().execute(statement, params).fetchall()
        out = [_row(r) for r in rows]
        more = Cursor(out[-1].entered_at, out[-1].rowid) if len(out) == limit else None
        return OrderPage(out, more)

    def count(self, flt: OrderFilter) -> int:
        where, params = self._where(flt)
        amounts = " LEFT JOIN order_amounts m ON m.order_id = o.id" if (
            flt.min_amount is not None or flt.max_amount is not None) else ""
        row = self.store.reads().execute(
            f"SELECT count(*) FROM orders o{amounts} WHERE {' AND '.join(where)}",  # nosec B608 - identifiers from code, values bound
            params).fetchone()
        return int(row[0])

    def plan(self, flt: OrderFilter) -> list[str]:
        """How SQLite reads a page (EXPLAIN QUERY PLAN's details; tests check it)."""
        statement, params = self._statement(flt, None, 100)
        return [r[3] for r in self.store.reads().execute(
            f"EXPLAIN QUERY PLAN {statement}", params)]

    def get(self, order_id: uuid.UUID) -> OrderRow | None:
        """One order's row (after a step, to refresh the detail pane)."""
        row = self.store.reads().execute(
            f"SELECT {_COLUMNS} FROM orders o JOIN accounts a ON a.id = o.account_id "  # nosec B608 - identifiers from code, values bound
            "LEFT JOIN order_amounts m ON m.order_id = o.id WHERE o.id = ?",
            (order_id.hex,)).fetchone()
        return None if row is None else _row(row)


_COLUMNS = ("o.rowid, o.id, o.number, o.provisional_number, a.name, o.status, o.expedite, "
            f"o.needed_by, o.entered_at, {_UNSHIPPED}, coalesce(m.amount, 0), o.currency, "
            "o.account_id")


def _row(r: Any) -> OrderRow:
    return OrderRow(r[0], uuid.UUID(hex=r[1]), r[2] or r[3], r[2] is not None, r[4], r[5],
                    bool(r[6]), r[7], r[8], bool(r[9]), float(r[10]), r[11],
                    uuid.UUID(hex=r[12]))
