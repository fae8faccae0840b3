"""What an event brought in, for the Events view: the deals it sourced (named
by ``opportunities.event_id``, or made from one of the event's leads) and its
leads, whatever their status. Reads only; the return on the event (money
against cost) is :meth:`desktop.services.events.EventService.return_on`."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import NamedTuple

from desktop.store.store import Store


class SourcedDeal(NamedTuple):
    id: uuid.UUID
    name: str
    account_id: uuid.UUID
    account: str
    stage: str
    outcome: str  # open | won | lost
    amount: Decimal
    currency: str
    close_date: date


class SourcedLead(NamedTuple):
    id: uuid.UUID
    company: str
    person: str
    source: str
    status: str
    received_at: datetime


class EventSources:
    def __init__(self, store: Store) -> None:
        self.store = store

    def deals(self, event_id: uuid.UUID) -> list[SourcedDeal]:
        """The event's deals: open ones first, then by close date."""
        rows = self.store.reads().execute(
            "SELECT o.id, o.name, o.account_id, a.name, o.stage, o.outcome, o.amount, "
            "o.currency, o.close_date FROM opportunities o "
            "JOIN accounts a ON a.id = o.account_id "
            "WHERE o.deleted_at IS NULL AND (o.event_id = :e OR o.source_lead_id IN "
            " (SELECT id FROM leads WHERE event_id = :e AND deleted_at IS NULL)) "
            "ORDER BY o.outcome != 'open', o.close_date, o.id", {"e": event_id.hex}).fetchall()
        return [SourcedDeal(uuid.UUID(hex=r[0]), r[1], uuid.UUID(hex=r[2]), r[3], r[4], r[5],
                            Decimal(str(r[6])), r[7], date.fromisoformat(r[8])) for r in rows]

    def leads(self, event_id: uuid.UUID) -> list[SourcedLead]:
        """The event's leads, newest first."""
        rows = self.store.reads().execute(
            "SELECT id, coalesce(company, ''), trim(coalesce(first_name, '') || ' ' || "
            "coalesce(last_name, '')), source, status, received_at FROM leads "
            "WHERE event_id = ? AND deleted_at IS NULL ORDER BY received_at DESC, id",
            (event_id.hex,)).fetchall()
        return [SourcedLead(uuid.UUID(hex=r[0]), r[1], r[2], r[3], r[4],
                            datetime.fromisoformat(r[5])) for r in rows]
