"""Synced entities. Later issues add opportunities, products, proposals,
orders and call plans beside these, each a ``SyncedBase`` that refers to an
account (and optionally a contact) the same way interactions do."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.domain.schema.base import SyncedBase
from desktop.domain.schema.enums import (
    AccountStatus,
    ConcernStatus,
    Direction,
    UserRole,
)


class Territory(SyncedBase):
    __tablename__ = "territories"

    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    region: Mapped[str | None] = mapped_column(String(120), default=None)


class User(SyncedBase):
    """A rep, manager or admin. Accounts, interactions and follow-ups point here."""

    __tablename__ = "users"

    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    role: Mapped[str] = mapped_column(String(16), default=UserRole.REP.value)
    territory_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("territories.id"), default=None
    )
    manager_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), default=None)
    # The largest discount (a share of the line, 0-1) this rep gives without a
    # manager's approval; None: the company default (desktop.domain.approval).
    discount_ceiling: Mapped[Decimal | None] = mapped_column(default=None)
    # Which flagged field notes this person reads besides their scope's
    # (product, marketing, support, management): see desktop/domain/schema/team.py.
    audiences: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")


class Account(SyncedBase):
    __tablename__ = "accounts"

    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default=AccountStatus.ACTIVE.value)
    industry: Mapped[str | None] = mapped_column(String(80), default=None)
    segment: Mapped[str | None] = mapped_column(String(80), default=None)
    tier: Mapped[str | None] = mapped_column(String(1), default=None)

    billing_street: Mapped[str | None] = mapped_column(String(200), default=None)
    billing_city: Mapped[str | None] = mapped_column(String(100), default=None)
    billing_region: Mapped[str | None] = mapped_column(String(100), default=None)
    billing_postal_code: Mapped[str | None] = mapped_column(String(20), default=None)
    billing_country: Mapped[str] = mapped_column(String(2), default="US")
    shipping_street: Mapped[str | None] = mapped_column(String(200), default=None)
    shipping_city: Mapped[str | None] = mapped_column(String(100), default=None)
    shipping_region: Mapped[str | None] = mapped_column(String(100), default=None)
    shipping_postal_code: Mapped[str | None] = mapped_column(String(20), default=None)
    shipping_country: Mapped[str | None] = mapped_column(String(2), default=None)
    latitude: Mapped[float | None] = mapped_column(default=None)
    longitude: Mapped[float | None] = mapped_column(default=None)
    geo_source: Mapped[str | None] = mapped_column(String(8), default=None)  # server|zip|manual
    # {"mon": [["08:00", "12:00"], ["13:00", "17:00"]], ...} in the account's local
    # time; None: the default hours setting. A day left out is closed.
    opening_hours: Mapped[dict[str, list[list[str]]] | None] = mapped_column(
        JSON(none_as_null=True), default=None)

    phone: Mapped[str | None] = mapped_column(String(20), default=None)  # E.164
    website: Mapped[str | None] = mapped_column(String(200), default=None)
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    locale: Mapped[str] = mapped_column(String(16), default="en_US")
    owner_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), default=None)
    territory_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("territories.id"), default=None
    )
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    notes: Mapped[str | None] = mapped_column(Text, default=None)
    archived: Mapped[bool] = mapped_column(default=False)
    # Links to other accounts: plain ids (either may be outside the reader's scope).
    broker_id: Mapped[uuid.UUID | None] = mapped_column(default=None)  # brings its business
    parent_id: Mapped[uuid.UUID | None] = mapped_column(default=None, index=True)  # hierarchy
    merged_into_id: Mapped[uuid.UUID | None] = mapped_column(default=None)  # a merged duplicate

    # Derived from interactions by a trigger in the local store; not synced.
    last_contact_at: Mapped[datetime | None] = mapped_column(default=None, info={"local": True})
    last_visit_at: Mapped[datetime | None] = mapped_column(default=None, info={"local": True})

    contacts: Mapped[list[Contact]] = relationship(back_populates="account", viewonly=True)

    __table_args__ = (
        Index("ix_accounts_territory_id", "territory_id"),
        Index("ix_accounts_owner_id", "owner_id"),
        Index("ix_accounts_latitude_longitude", "latitude", "longitude"),
    )


class Contact(SyncedBase):
    __tablename__ = "contacts"
    bulk = True

    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"), index=True)
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    title: Mapped[str | None] = mapped_column(String(120), default=None)
    role: Mapped[str | None] = mapped_column(String(24), default=None)
    work_phone: Mapped[str | None] = mapped_column(String(20), default=None)  # E.164
    mobile_phone: Mapped[str | None] = mapped_column(String(20), default=None)  # E.164
    email: Mapped[str | None] = mapped_column(String(254), default=None)
    alt_email: Mapped[str | None] = mapped_column(String(254), default=None)
    preferred_channel: Mapped[str | None] = mapped_column(String(16), default=None)
    do_not_contact: Mapped[bool] = mapped_column(default=False)
    notes: Mapped[str | None] = mapped_column(Text, default=None)
    archived: Mapped[bool] = mapped_column(default=False)
    merged_into_id: Mapped[uuid.UUID | None] = mapped_column(default=None)  # a merged duplicate

    account: Mapped[Account] = relationship(back_populates="contacts", viewonly=True)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Interaction(SyncedBase):
    """One entry of the contact history: a call, email, visit, note, ..."""

    __tablename__ = "interactions"
    bulk = True

    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"))
    contact_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("contacts.id"), default=None, index=True
    )
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), default=None)
    channel: Mapped[str] = mapped_column(String(16))
    direction: Mapped[str] = mapped_column(String(3), default=Direction.OUTBOUND.value)
    occurred_at: Mapped[datetime]
    duration_minutes: Mapped[int | None] = mapped_column(default=None)
    subject: Mapped[str] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text, default=None)
    outcome: Mapped[str | None] = mapped_column(String(200), default=None)

    __table_args__ = (Index("ix_interactions_account_occurred", "account_id", "occurred_at"),)


class FollowUp(SyncedBase):
    __tablename__ = "follow_ups"
    bulk = True

    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"), index=True)
    contact_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("contacts.id"), default=None)
    interaction_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("interactions.id"), default=None
    )
    assignee_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), default=None)
    # Who handed it to the assignee (a task for a colleague); the server decides it.
    assigned_by: Mapped[uuid.UUID | None] = mapped_column(default=None)  # a user id
    title: Mapped[str] = mapped_column(String(200))
    due_date: Mapped[date]
    notes: Mapped[str | None] = mapped_column(Text, default=None)
    done_at: Mapped[datetime | None] = mapped_column(default=None)

    __table_args__ = (Index("ix_follow_ups_due_date", "due_date"),
                      Index("ix_follow_ups_assignee_due", "assignee_id", "due_date"))

    @property
    def done(self) -> bool:
        return self.done_at is not None


class Concern(SyncedBase):
    """A concern the client raised: opened, worked on, resolved."""

    __tablename__ = "concerns"
    bulk = True

    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"), index=True)
    contact_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("contacts.id"), default=None)
    title: Mapped[str] = mapped_column(String(200))
    details: Mapped[str | None] = mapped_column(Text, default=None)
    opened_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16), default=ConcernStatus.OPEN.value)
    resolution: Mapped[str | None] = mapped_column(Text, default=None)
    resolved_at: Mapped[datetime | None] = mapped_column(default=None)


class SyncConflict(SyncedBase):
    """A value that lost a merge, kept so that nobody's edit disappears.

    Created only by the server while merging; clients resolve it (keep mine,
    keep theirs, edit), and the resolution syncs like any other edit.
    """

    __tablename__ = "sync_conflicts"
    bulk = True

    account_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("accounts.id"), default=None, index=True
    )
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[uuid.UUID]
    field: Mapped[str] = mapped_column(String(64))  # "*" for the whole row (delete vs edit)
    kind: Mapped[str] = mapped_column(String(16))  # field | delete | restored
    kept_value: Mapped[object | None] = mapped_column(JSON, default=None)
    lost_value: Mapped[object | None] = mapped_column(JSON, default=None)
    kept_by: Mapped[uuid.UUID | None] = mapped_column(default=None)
    lost_by: Mapped[uuid.UUID | None] = mapped_column(default=None)
    detected_at: Mapped[datetime]
    resolved_at: Mapped[datetime | None] = mapped_column(default=None)
    resolution: Mapped[str | None] = mapped_column(String(16), default=None)


from desktop.domain.schema import (  # noqa: E402,F401 - more tables
    busy,
    orders,
    pipeline,
    planning,
    sales,
    sync_tables,
    team,
)
