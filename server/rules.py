"""Decisions only the server can make, taken as a row arrives (under the
write lock, so in arrival order and without races between processes):

* an order gets its final number (any number a client sent is dropped
  first: ``server.trust``);
* a stock request is granted against the server's stock, which it then holds,
  or rejected with the reason and what is available. The row is stored either
  way: the rep sees the outcome, and the order it belongs to is never lost;
* a granted soft hold (a reservation) past its expiry gives its quantity back
  and becomes "expired". That is decided whenever requests are applied and
  whenever stock is read (``release_expired``): no background job is needed.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, select, update

from server.audit import server_write
from server.db import Database, WriteTxn
from server.rows import table_of


def on_create(txn: WriteTxn, table: str, values: dict[str, Any],
              now: datetime | None = None) -> dict[str, Any]:
    if table == "orders" and not values.get("number"):
        return {**values, "number": _next_order_number(txn)}
    if table == "stock_requests" and values.get("status", "requested") == "requested":
        now = now or datetime.now(UTC)
        release_expired(txn, now, values["product_id"], values["warehouse"])
        expires = values.get("expires_at")
        if values.get("kind") == "reserve" and expires is not None and _aware(expires) <= now:
            return {**values, "status": "rejected",
                    "reason": "The hold had expired before it reached the server."}
        return {**values, **_decide(txn, values, now)}
    return values


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def release_expired(txn: WriteTxn, now: datetime, product_id: Any = None,
                    warehouse: str | None = None) -> int:
    """Give back the quantity of every granted hold past its expiry (for one
    product and warehouse, or all); returns how many were released."""
    requests, stock = table_of("stock_requests"), table_of("stock_levels")
    query = select(requests.c.id, requests.c.product_id, requests.c.warehouse,
                   requests.c.quantity, requests.c.account_id).where(
        requests.c.kind == "reserve", requests.c.status == "granted",
        requests.c.expires_at.isnot(None), requests.c.expires_at <= now,
        requests.c.deleted_at.is_(None))
    if product_id is not None:
        query = query.where(requests.c.product_id == product_id,
                            requests.c.warehouse == warehouse)
    expired = txn.conn.execute(query.order_by(requests.c.sync_version)).all()
    for rid, pid, house, quantity, account in expired:
        level = txn.conn.execute(select(stock.c.id, stock.c.reserved).where(
            stock.c.product_id == pid, stock.c.warehouse == house,
            stock.c.deleted_at.is_(None))).first()
        if level is not None:
            left = max(level.reserved - Decimal(quantity), Decimal(0))
            txn.conn.execute(update(stock).where(stock.c.id == level.id).values(
                reserved=left, sync_version=txn.next_version()))
            server_write(txn.conn, "stock_levels", level.id,
                         {"reserved": [level.reserved, left]}, txn.version, now)
        reason = "The hold expired and its stock was released."
        txn.conn.execute(update(requests).where(requests.c.id == rid).values(
            status="expired", reason=reason, sync_version=txn.next_version()))
        server_write(txn.conn, "stock_requests", rid, {"status": ["granted", "expired"],
                                                       "reason": [None, reason]},
                     txn.version, now, account)
    return len(expired)


def holds_due(now: datetime) -> Select[Any]:
    """A SELECT of one expired hold, if any (``release_due`` then has work)."""
    requests = table_of("stock_requests")
    return (select(requests.c.id).where(
        requests.c.kind == "reserve", requests.c.status == "granted",
        requests.c.expires_at.isnot(None), requests.c.expires_at <= now,
        requests.c.deleted_at.is_(None)).limit(1))


def release_due(db: Database, now: datetime) -> int:
    """Before stock is read: release expired holds, writing only if there are any."""
    with db.read() as conn:
        if conn.execute(holds_due(now)).first() is None:
            return 0
    with db.write() as txn:
        return release_expired(txn, now)


def _next_order_number(txn: WriteTxn) -> str:
    """One more than the highest number given: under the write lock (no two
    pushes race), and never a reuse (orders are soft-deleted, never removed)."""
    orders = table_of("orders")
    given = txn.conn.execute(
        select(orders.c.number).where(orders.c.number.like("SO-%"))
        .order_by(func.length(orders.c.number).desc(), orders.c.number.desc()).limit(50)
    ).scalars()
    highest = max((int(n[3:]) for n in given if n[3:].isdigit()), default=0)
    return f"SO-{highest + 1:06d}"


def _decide(txn: WriteTxn, request: dict[str, Any], now: datetime) -> dict[str, Any]:
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
    server_write(txn.conn, "stock_levels", level["id"],
                 {column: [level[column], level[column] + quantity]}, txn.version, now)
    return {"status": "granted", "reason": None}
