"""Orders, their lines and status timeline, and stock requests.

An order made offline carries a provisional number; the server gives it the
final one when it arrives. Stock requests (a soft reservation for a quote, a
hard allocation for an order line) are decided by the server against its
stock, in the order they arrive: one that no longer fits comes back rejected
with the reason, and the order itself is never lost.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.domain.schema.base import SyncedBase

ORDER_STATUSES = ("entered", "confirmed", "reserved", "allocated", "picked", "shipped",
                  "delivered", "invoiced", "cancelled")


class Order(SyncedBase):
    __tablename__ = "orders"

    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"), index=True)
    proposal_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("proposals.id"),
                                                          default=None)
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), default=None)
    provisional_number: Mapped[str] = mapped_column(String(32))  # made offline
    number: Mapped[str | None] = mapped_column(String(32), default=None)  # from the server
    status: Mapped[str] = mapped_column(String(16), default="entered")
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    entered_at: Mapped[datetime] = mapped_column(index=True)  # the list pages by it
    expedite: Mapped[bool] = mapped_column(default=False)
    expedite_reason: Mapped[str | None] = mapped_column(Text, default=None)
    needed_by: Mapped[date | None] = mapped_column(default=None)
    notes: Mapped[str | None] = mapped_column(Text, default=None)
    opportunity_id: Mapped[uuid.UUID | None] = mapped_column(default=None, index=True)
    broker_id: Mapped[uuid.UUID | None] = mapped_column(default=None)  # attribution; plain id


class OrderLine(SyncedBase):
    __tablename__ = "order_lines"

    order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("orders.id"), index=True)
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"), index=True)
    position: Mapped[int]
    product_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("products.id"), default=None)
    sku: Mapped[str | None] = mapped_column(String(40), default=None)
    description: Mapped[str] = mapped_column(Text)
    quantity: Mapped[Decimal]
    unit: Mapped[str] = mapped_column(String(16), default="each")
    unit_price: Mapped[Decimal]
    discount_percent: Mapped[Decimal] = mapped_column(default=Decimal(0))
    tax_rate: Mapped[Decimal] = mapped_column(default=Decimal(0))
    ship_date: Mapped[date | None] = mapped_column(default=None)


class OrderEvent(SyncedBase):
    """One step of an order's timeline. A shipment names its carrier, tracking
    number and ship date, and what it carried ({order line id hex: quantity}):
    several shipments may each carry part of the order."""

    __tablename__ = "order_events"

    order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("orders.id"), index=True)
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime]
    carrier: Mapped[str | None] = mapped_column(String(60), default=None)
    tracking_number: Mapped[str | None] = mapped_column(String(80), default=None)
    note: Mapped[str | None] = mapped_column(Text, default=None)
    ship_date: Mapped[date | None] = mapped_column(default=None)
    shipped: Mapped[dict[str, str] | None] = mapped_column(JSON(none_as_null=True),
                                                             default=None)


class StockRequest(SyncedBase):
    """Reserve (soft, expiring) or allocate (hard) stock; the server decides."""

    __tablename__ = "stock_requests"

    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"), index=True)
    order_line_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("order_lines.id"),
                                                            default=None)
    proposal_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("proposals.id"),
                                                          default=None)
    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("products.id"))
    warehouse: Mapped[str] = mapped_column(String(40))
    quantity: Mapped[Decimal]
    kind: Mapped[str] = mapped_column(String(8))  # reserve | allocate
    expires_at: Mapped[datetime | None] = mapped_column(default=None)
    # requested | granted | rejected | expired (a soft hold past expires_at, released)
    status: Mapped[str] = mapped_column(String(12), default="requested")
    reason: Mapped[str | None] = mapped_column(Text, default=None)
