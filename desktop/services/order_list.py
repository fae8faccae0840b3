"""The order list, newest first, read a page at a time.

Keyset pages (``after`` the last row's entry time and rowid) walk the
``entered_at`` index, so page 200 of 50,000 orders costs what page 1 does.
Filter by status; search by order number (final or provisional) or account.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, NamedTuple

from desktop.store.store import Store


@dataclass(frozen=True)
class OrderFilter:
    status: str | None = None  # one of ORDER_STATUSES, or None for all
    text: str = ""  # part of the number or the account's name
    open_only: bool = False  # not delivered, invoiced or cancelled


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


class OrderList:
    def __init__(self, store: Store) -> None:
        self.store = store

    def _where(self, flt: OrderFilter) -> tuple[list[str], dict[str, Any]]:
        where, params = ["o.deleted_at IS NULL"], {}
        if flt.status:
            where.append("o.status = :status")
            params["status"] = flt.status
        if flt.open_only:
            where.append("o.status NOT IN ('delivered', 'invoiced', 'cancelled')")
        text = flt.text.strip()
        if text:
            escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            where.append("(o.number LIKE :q ESCAPE '\\' OR o.provisional_number LIKE :q "
                         "ESCAPE '\\' OR a.name LIKE :q ESCAPE '\\')")
            params["q"] = f"%{escaped}%"
        return where, params

    def page(self, flt: OrderFilter, after: Cursor | None = None, limit: int = 100
             ) -> OrderPage:
        where, params = self._where(flt)
        if after is not None:
            where.append("(o.entered_at < :after OR (o.entered_at = :after AND o.rowid < :rid))")
            params.update(after=after.entered_at, rid=after.rowid)
        rows = self.store.reads().execute(
            "SELECT o.rowid, o.id, o.number, o.provisional_number, a.name, o.status, "
            f"o.expedite, o.needed_by, o.entered_at, {_UNSHIPPED} "
            "FROM orders o INDEXED BY ix_orders_entered_at "
            "JOIN accounts a ON a.id = o.account_id "
            f"WHERE {' AND '.join(where)} "
            f"ORDER BY o.entered_at DESC, o.rowid DESC LIMIT {int(limit)}", params).fetchall()
        out = [OrderRow(r[0], uuid.UUID(hex=r[1]), r[2] or r[3], r[2] is not None, r[4], r[5],
                        bool(r[6]), r[7], r[8], bool(r[9])) for r in rows]
        more = Cursor(out[-1].entered_at, out[-1].rowid) if len(out) == limit else None
        return OrderPage(out, more)

    def count(self, flt: OrderFilter) -> int:
        where, params = self._where(flt)
        join = " JOIN accounts a ON a.id = o.account_id" if "q" in params else ""
        row = self.store.reads().execute(
            f"SELECT count(*) FROM orders o{join} WHERE {' AND '.join(where)}", params).fetchone()
        return int(row[0])

    def get(self, order_id: uuid.UUID) -> OrderRow | None:
        """One order's row (after a step, to refresh the detail pane)."""
        row = self.store.reads().execute(
            "SELECT o.rowid, o.id, o.number, o.provisional_number, a.name, o.status, "
            f"o.expedite, o.needed_by, o.entered_at, {_UNSHIPPED} FROM orders o "
            "JOIN accounts a ON a.id = o.account_id WHERE o.id = ?", (order_id.hex,)).fetchone()
        if row is None:
            return None
        return OrderRow(row[0], uuid.UUID(hex=row[1]), row[2] or row[3], row[2] is not None,
                        row[4], row[5], bool(row[6]), row[7], row[8], bool(row[9]))
