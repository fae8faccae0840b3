"""Decisions only the server can make, taken as a row arrives (under the
write lock, so in arrival order and without races between processes):

* an order gets its final number;
* a stock request is granted against the server's stock, which it then holds,
  or rejected with the reason and what is available. The row is stored either
  way: the rep sees the outcome, and the order it belongs to is never lost.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, update

from server.db import WriteTxn
from server.rows import table_of


def on_create(txn: WriteTxn, table: str, values: dict[str, Any]) -> dict[str, Any]:
    if table == "orders" and not values.get("number"):
        return {**values, "number": _next_order_number(txn)}
    if table == "stock_requests" and values.get("status", "requested") == "requested":
        return {**values, **_decide(txn, values)}
    return values


def _next_order_number(txn: WriteTxn) -> str:
    orders = table_of("orders")
    count = txn.conn.execute(select(func.count()).select_from(orders)
                             .where(orders.c.number.isnot(None))).scalar_one()
    return f"SO-{count + 1:06d}"


def _decide(txn: WriteTxn, request: dict[str, Any]) -> dict[str, Any]:
    stock = table_of("stock_levels")
    level = txn.conn.execute(select(stock).where(
        stock.c.product_id == request["product_id"], stock.c.warehouse == request["warehouse"],
        stock.c.deleted_at.is_(None))).mappings().first()
    quantity = Decimal(request["quantity"])
    if level is None:
        return {"status": "rejected",
                "reason": f"The product is not stocked in {request['warehouse']}."}
    available = level["on_hand"] - level["reserved"] - level["allocated"]
    if quantity <= 0 or quantity > available:
        return {"status": "rejected",
                "reason": f"Only {available.normalize():f} available in {request['warehouse']}; "
                          f"{quantity.normalize():f} requested."}
    column = "reserved" if request["kind"] == "reserve" else "allocated"
    txn.conn.execute(update(stock).where(stock.c.id == level["id"]).values(
        {column: level[column] + quantity, "sync_version": txn.next_version()}))
    return {"status": "granted", "reason": None}
