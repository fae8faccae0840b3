"""Leads, opportunities and the Sales Pipe, quotas, events and merges.

Scope (see ``server.rows``):

* ``opportunity_stages`` and ``lead_score_weights`` are the office's: every
  user reads them, only administrators write them (``fieldbook-server stages``).
* ``opportunities``, their lines and stage changes, and ``record_merges`` belong
  to an account (``account_id``) and travel with it.
* ``leads`` and ``events`` carry ``owner_id`` and ``territory_id``: the owner,
  the owner's manager and admins see them; a lead with no owner (unassigned)
  is seen by the managers of its territory (or of any, when it has none).
  ``event_attendees`` copy their event's owner and territory, so no join decides.
* ``quotas`` carry the rep as ``owner_id``: the rep reads them, the manager sets them.

Amounts are exact decimals in the row's ``currency``. A stage's probability is
a share (0.25 for 25 %).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop.domain.schema.base import SyncedBase
from desktop.domain.schema.enums import (
    AttendeeStatus,
    EventKind,
    ForecastCategory,
    LeadStatus,
    LeadTiming,
    StageKind,
)


class OpportunityStage(SyncedBase):
    """One step of the Sales Pipe, kept by an administrator on the server."""

    __tablename__ = "opportunity_stages"

    key: Mapped[str] = mapped_column(String(24), unique=True)  # "qualify"
    name: Mapped[str] = mapped_column(String(80))
    position: Mapped[int]
    probability: Mapped[Decimal]  # 0..1
    kind: Mapped[str] = mapped_column(String(8), default=StageKind.OPEN.value)
    active: Mapped[bool] = mapped_column(default=True)


class LeadScoreWeight(SyncedBase):
    """How much one trait of a lead adds to its fit score, set by an administrator.

    ``factor`` names the trait: ``source:referral``, ``timing:now``,
    ``has:budget``, ``has:email``, ``has:phone``, ``budget_per_1000`` (points
    for each 1,000 of budget, capped by ``cap``), ... (``desktop.domain.scoring``).
    """

    __tablename__ = "lead_score_weights"

    factor: Mapped[str] = mapped_column(String(40), unique=True)
    weight: Mapped[int]
    cap: Mapped[int | None] = mapped_column(default=None)


class Event(SyncedBase):
    """A trade show, seminar or telemarketing campaign."""

    __tablename__ = "events"

    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    territory_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("territories.id"),
                                                           default=None)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16), default=EventKind.TRADE_SHOW.value)
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    place: Mapped[str | None] = mapped_column(String(200), default=None)
    city: Mapped[str | None] = mapped_column(String(100), default=None)
    cost: Mapped[Decimal] = mapped_column(default=Decimal(0))
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    staff: Mapped[list[str]] = mapped_column(JSON, default=list)  # user ids (hex)
    notes: Mapped[str | None] = mapped_column(Text, default=None)


class Lead(SyncedBase):
    """Someone who may buy, before they are an account: qualified, then converted."""

    __tablename__ = "leads"

    owner_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), default=None,
                                                       index=True)
    territory_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("territories.id"),
                                                           default=None)
    source: Mapped[str] = mapped_column(String(16))  # LeadSource
    # References that may point outside the reader's scope (another territory's
    # broker, an event the rep is not staff of) are plain ids, not foreign keys:
    # a pulled row must apply whether or not its referent is in the cache.
    referrer_contact_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    referrer_account_id: Mapped[uuid.UUID | None] = mapped_column(default=None)  # broker/partner
    event_id: Mapped[uuid.UUID | None] = mapped_column(default=None, index=True)
    company: Mapped[str | None] = mapped_column(String(200), default=None)
    first_name: Mapped[str | None] = mapped_column(String(80), default=None)
    last_name: Mapped[str | None] = mapped_column(String(80), default=None)
    title: Mapped[str | None] = mapped_column(String(120), default=None)
    phone: Mapped[str | None] = mapped_column(String(20), default=None)  # E.164
    email: Mapped[str | None] = mapped_column(String(254), default=None)
    street: Mapped[str | None] = mapped_column(String(200), default=None)
    city: Mapped[str | None] = mapped_column(String(100), default=None)
    region: Mapped[str | None] = mapped_column(String(100), default=None)
    postal_code: Mapped[str | None] = mapped_column(String(20), default=None)
    country: Mapped[str] = mapped_column(String(2), default="US")
    need: Mapped[str | None] = mapped_column(Text, default=None)
    budget: Mapped[Decimal | None] = mapped_column(default=None)
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    timing: Mapped[str] = mapped_column(String(16), default=LeadTiming.UNKNOWN.value)
    fit_score: Mapped[int] = mapped_column(default=0)  # the server recomputes it
    status: Mapped[str] = mapped_column(String(16), default=LeadStatus.NEW.value)
    disqualified_reason: Mapped[str | None] = mapped_column(String(200), default=None)
    received_at: Mapped[datetime] = mapped_column(index=True)
    converted_at: Mapped[datetime | None] = mapped_column(default=None)
    # Set on conversion; plain ids (no foreign key: opportunities name their lead too).
    converted_account_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    converted_contact_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    converted_opportunity_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    merged_into_id: Mapped[uuid.UUID | None] = mapped_column(default=None)  # a merged duplicate
    notes: Mapped[str | None] = mapped_column(Text, default=None)


class EventAttendee(SyncedBase):
    """A contact or a lead at an event (one of the two)."""

    __tablename__ = "event_attendees"

    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("events.id"), index=True)
    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))  # the event's
    territory_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("territories.id"),
                                                           default=None)  # the event's
    contact_id: Mapped[uuid.UUID | None] = mapped_column(default=None, index=True)  # plain id
    lead_id: Mapped[uuid.UUID | None] = mapped_column(default=None, index=True)  # plain id
    status: Mapped[str] = mapped_column(String(16), default=AttendeeStatus.REGISTERED.value)


class Opportunity(SyncedBase):
    """A deal in the Sales Pipe."""

    __tablename__ = "opportunities"

    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"), index=True)
    contact_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("contacts.id"), default=None)
    owner_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), default=None)
    name: Mapped[str] = mapped_column(String(200))
    amount: Mapped[Decimal] = mapped_column(default=Decimal(0))
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    close_date: Mapped[date]
    stage: Mapped[str] = mapped_column(String(24))  # an opportunity_stages key
    probability: Mapped[Decimal | None] = mapped_column(default=None)  # None: the stage's
    forecast_category: Mapped[str] = mapped_column(
        String(16), default=ForecastCategory.PIPELINE.value)
    competitor: Mapped[str | None] = mapped_column(String(120), default=None)
    next_step: Mapped[str | None] = mapped_column(String(200), default=None)
    next_step_on: Mapped[date | None] = mapped_column(default=None)
    source_lead_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    event_id: Mapped[uuid.UUID | None] = mapped_column(default=None)  # plain id
    broker_id: Mapped[uuid.UUID | None] = mapped_column(default=None)  # who brought it; plain id
    outcome: Mapped[str] = mapped_column(String(8), default=StageKind.OPEN.value)  # open|won|lost
    outcome_reason: Mapped[str | None] = mapped_column(String(200), default=None)
    closed_at: Mapped[datetime | None] = mapped_column(default=None)
    stage_changed_at: Mapped[datetime | None] = mapped_column(default=None)
    description: Mapped[str | None] = mapped_column(Text, default=None)

    __table_args__ = (
        Index("ix_opportunities_outcome_close_date", "outcome", "close_date"),
        Index("ix_opportunities_owner_outcome", "owner_id", "outcome"),
        Index("ix_opportunities_outcome_closed_at", "outcome", "closed_at"),  # won in a period
        Index("ix_opportunities_owner_board", "owner_id", "outcome", "stage", "close_date"),
    )


class OpportunityLine(SyncedBase):
    """A product on a deal, priced like a proposal line."""

    __tablename__ = "opportunity_lines"

    opportunity_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("opportunities.id"), index=True)
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"), index=True)
    position: Mapped[int]
    product_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("products.id"), default=None)
    sku: Mapped[str | None] = mapped_column(String(40), default=None)
    description: Mapped[str] = mapped_column(Text)
    quantity: Mapped[Decimal]
    unit: Mapped[str] = mapped_column(String(16), default="each")
    unit_price: Mapped[Decimal]
    discount_percent: Mapped[Decimal] = mapped_column(default=Decimal(0))


class OpportunityStageChange(SyncedBase):
    """One move of a deal between stages: the stage history (immutable once written)."""

    __tablename__ = "opportunity_stage_changes"

    opportunity_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("opportunities.id"), index=True)
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"), index=True)
    from_stage: Mapped[str | None] = mapped_column(String(24), default=None)  # None: created
    to_stage: Mapped[str] = mapped_column(String(24))
    amount: Mapped[Decimal] = mapped_column(default=Decimal(0))
    changed_at: Mapped[datetime]
    changed_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"),
                                                         default=None)  # the server sets it


class Quota(SyncedBase):
    """What a rep is measured against in one period."""

    __tablename__ = "quotas"

    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)  # the rep
    period_kind: Mapped[str] = mapped_column(String(8))  # PeriodKind
    period_start: Mapped[date]  # first day of the month, quarter or year
    metric: Mapped[str] = mapped_column(String(16))  # QuotaMetric
    product_line: Mapped[str | None] = mapped_column(String(80), default=None)  # units only
    target: Mapped[Decimal]
    currency: Mapped[str] = mapped_column(String(3), default="USD")  # revenue only

    __table_args__ = (
        UniqueConstraint("owner_id", "period_kind", "period_start", "metric", "product_line"),
    )


class RecordMerge(SyncedBase):
    """Two duplicates made one: the loser is a tombstone whose ``merged_into_id``
    names the survivor. Kept for the audit trail and for the server, which sends
    any later edit of the loser (or any new row under it) to the survivor."""

    __tablename__ = "record_merges"

    # The survivor's account: the merge travels with it.
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"), index=True)
    table_name: Mapped[str] = mapped_column(String(24))  # accounts | contacts | leads
    survivor_id: Mapped[uuid.UUID]
    loser_id: Mapped[uuid.UUID] = mapped_column(index=True)
    merged_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), default=None)
    merged_at: Mapped[datetime]
    chosen: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # field -> survivor|loser


class SalesMaterial(SyncedBase):
    """A brochure or data sheet in the shared library: bytes are a blob (SHA-256)."""

    __tablename__ = "sales_materials"

    sha256: Mapped[str] = mapped_column(String(64), index=True)
    title: Mapped[str] = mapped_column(String(200))
    file_name: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(80), default="application/pdf")
    size: Mapped[int]
    added_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), default=None)


__all__ = [
    "Event", "EventAttendee", "Lead", "LeadScoreWeight", "Opportunity", "OpportunityLine",
    "OpportunityStage", "OpportunityStageChange", "Quota", "RecordMerge", "SalesMaterial",
]
