"""The catalogue, price lists, stock, and proposals with their lines.

Catalogue rows (products, price entries without an account, stock) are the
office's: every rep reads them, only administrators change them. Account price
entries, proposals and their lines belong to an account and travel with it
(each carries ``account_id`` so the server can scope it).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop.domain.schema.base import SyncedBase


class Product(SyncedBase):
    __tablename__ = "products"

    sku: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text, default=None)
    unit: Mapped[str] = mapped_column(String(16), default="each")
    tax_rate: Mapped[Decimal] = mapped_column(default=Decimal(0))  # 0.19 for 19 %
    lead_time_days: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)
    product_line: Mapped[str | None] = mapped_column(String(80), default=None)  # quotas, reports


class PriceEntry(SyncedBase):
    """A price from ``min_quantity`` up: the list price (no tier, no account),
    a tier's list, or one account's own price."""

    __tablename__ = "price_entries"

    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("products.id"), index=True)
    currency: Mapped[str] = mapped_column(String(3))
    min_quantity: Mapped[Decimal] = mapped_column(default=Decimal(1))
    unit_price: Mapped[Decimal]
    tier: Mapped[str | None] = mapped_column(String(1), default=None)
    account_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("accounts.id"), default=None, index=True)


class StockLevel(SyncedBase):
    """The last known stock of a product in one warehouse."""

    __tablename__ = "stock_levels"

    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("products.id"))
    warehouse: Mapped[str] = mapped_column(String(40))
    on_hand: Mapped[Decimal] = mapped_column(default=Decimal(0))
    reserved: Mapped[Decimal] = mapped_column(default=Decimal(0))
    allocated: Mapped[Decimal] = mapped_column(default=Decimal(0))

    __table_args__ = (UniqueConstraint("product_id", "warehouse"),)

    @property
    def available(self) -> Decimal:
        return self.on_hand - self.reserved - self.allocated


class Proposal(SyncedBase):
    """A quote or proposal; a sent revision is frozen, changes make a new one."""

    __tablename__ = "proposals"

    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"), index=True)
    contact_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("contacts.id"), default=None)
    opportunity_id: Mapped[uuid.UUID | None] = mapped_column(default=None, index=True)
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), default=None)
    number: Mapped[str] = mapped_column(String(32))  # rep prefix + sequence: unique offline
    revision: Mapped[int] = mapped_column(default=1)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    title: Mapped[str] = mapped_column(String(200), default="Proposal")
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    issued_on: Mapped[date]
    valid_until: Mapped[date]
    cover_letter: Mapped[str | None] = mapped_column(Text, default=None)
    summary: Mapped[str | None] = mapped_column(Text, default=None)
    clauses: Mapped[list[str]] = mapped_column(JSON, default=list)  # clause library keys
    approved_by: Mapped[uuid.UUID | None] = mapped_column(default=None)  # over the ceiling
    sent_at: Mapped[datetime | None] = mapped_column(default=None)

    __table_args__ = (UniqueConstraint("number", "revision"),)


class ProposalLine(SyncedBase):
    __tablename__ = "proposal_lines"

    proposal_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("proposals.id"))
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"), index=True)
    position: Mapped[int]
    product_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("products.id"), default=None)
    sku: Mapped[str | None] = mapped_column(String(40), default=None)
    description: Mapped[str] = mapped_column(Text)
    quantity: Mapped[Decimal]
    unit: Mapped[str] = mapped_column(String(16), default="each")
    unit_price: Mapped[Decimal]
    discount_percent: Mapped[Decimal] = mapped_column(default=Decimal(0))
    discount_amount: Mapped[Decimal] = mapped_column(default=Decimal(0))
    tax_rate: Mapped[Decimal] = mapped_column(default=Decimal(0))
    optional: Mapped[bool] = mapped_column(default=False)
    ship_date: Mapped[date | None] = mapped_column(default=None)

    __table_args__ = (Index("ix_proposal_lines_proposal_position", "proposal_id", "position"),)


class Attachment(SyncedBase):
    """A file that belongs to an account's record: the exact PDF that was sent,
    a brochure. The bytes are a content-addressed blob (SHA-256), immutable,
    uploaded in resumable chunks and stored once however often attached."""

    __tablename__ = "attachments"

    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"), index=True)
    record_table: Mapped[str] = mapped_column(String(40))  # "proposals", ...
    record_id: Mapped[uuid.UUID]
    kind: Mapped[str] = mapped_column(String(24))  # sent-proposal | brochure | ...
    file_name: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(80), default="application/pdf")
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int]
