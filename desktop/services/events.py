"""Events (trade shows, seminars, telemarketing campaigns): create, edit, staff,
attendees, and the return on each.

Attendees copy their event's owner and territory (the server's scope reads
them without a join), and follow the event when it changes hands. The return
on an event: the deals it sourced (``opportunities.event_id``, or a lead of the
event that became the deal) - open ones as pipeline and weighted pipeline,
won ones as revenue - against its cost: ``roi = (won - cost) / cost``. Money
in another currency than the event's is reported apart, not converted.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import select

from desktop.domain import forecast_math as fm
from desktop.domain.codes import currency_code
from desktop.domain.money import round_money
from desktop.domain.schema import User
from desktop.domain.schema.enums import AttendeeStatus, EventKind
from desktop.domain.schema.pipeline import Event, EventAttendee
from desktop.i18n import _
from desktop.services.base import Saved, Service
from desktop.services.forecast_sql import stage_basis_points
from desktop.services.validation import ValidationError
from desktop.store.changes import Changes

_TEXTS = {"name": 200, "place": 200, "city": 100, "notes": 20_000}
EDITABLE = frozenset({*_TEXTS, "kind", "starts_on", "ends_on", "cost", "currency", "staff",
                      "owner_id", "territory_id"})


class EventRow(NamedTuple):
    id: uuid.UUID
    name: str
    kind: str
    starts_on: date
    ends_on: date
    place: str | None
    city: str | None
    cost: Decimal
    currency: str
    staff: list[uuid.UUID]
    attendees: int


class AttendeeRow(NamedTuple):
    id: uuid.UUID
    contact_id: uuid.UUID | None
    lead_id: uuid.UUID | None
    name: str  # the contact's or the lead's
    company: str  # the contact's account, or the lead's company
    status: str


class EventReturn(NamedTuple):
    cost: Decimal
    currency: str
    leads: int  # leads of the event
    converted_leads: int
    open_deals: int
    pipeline: Decimal  # open sourced deals' amounts, in ``currency``
    weighted: Decimal
    won_deals: int
    won: Decimal  # won sourced deals' amounts
    others: dict[str, Decimal]  # pipeline and won in other currencies, not converted

    @property
    def roi(self) -> Decimal | None:
        """(won - cost) / cost; None when the event cost nothing."""
        return (self.won - self.cost) / self.cost if self.cost else None


class EventService(Service):
    def create(self, values: Mapping[str, Any]) -> Saved:
        """``name``, ``starts_on`` (required), ``ends_on`` (the start by
        default), ``kind``, ``place``, ``city``, ``cost``, ``currency``,
        ``staff`` (user ids), ``owner_id`` and ``territory_id`` (the rep's by default)."""
        cleaned = _clean(values, creating=True)
        with self.store.unit_of_work() as uow:
            me = uow.session.get(User, self.user_id) if self.user_id else None
            cleaned.setdefault("owner_id", self.user_id)
            cleaned.setdefault("territory_id", me.territory_id if me else None)
            if cleaned["owner_id"] is None:
                raise ValidationError({"owner_id": _("Sign in first: an event has an owner.")})
            event = self._new(Event, **cleaned)
            uow.session.add(event)
            return Saved(event.id, uow.commit())

    def update(self, event_id: uuid.UUID, values: Mapping[str, Any]) -> Changes:
        """Edit fields (only those given); attendees follow a new owner or territory."""
        cleaned = _clean(values)
        with self.store.unit_of_work() as uow:
            s = uow.session
            event = self._get(s, Event, event_id)
            if "ends_on" in cleaned or "starts_on" in cleaned:
                starts = cleaned.get("starts_on", event.starts_on)
                if cleaned.get("ends_on", event.ends_on) < starts:
                    raise ValidationError({"ends_on": _("The event ends before it starts.")})
            self._apply(event, cleaned)
            for attendee in self._attendees(s, event.id):
                self._apply(attendee, {"owner_id": event.owner_id,
                                       "territory_id": event.territory_id})
            return uow.commit()

    def set_staff(self, event_id: uuid.UUID, user_ids: Sequence[uuid.UUID]) -> Changes:
        return self.update(event_id, {"staff": list(user_ids)})

    def add_attendee(self, event_id: uuid.UUID, *, contact_id: uuid.UUID | None = None,
                     lead_id: uuid.UUID | None = None,
                     status: str = AttendeeStatus.REGISTERED.value) -> Saved:
        """A contact or a lead (one of the two) at the event; once only."""
        if (contact_id is None) == (lead_id is None):
            raise ValidationError({"attendee": _("Choose a contact or a lead.")})
        _check_status(status)
        with self.store.unit_of_work() as uow:
            s = uow.session
            event = self._get(s, Event, event_id)
            for existing in self._attendees(s, event.id):
                if (existing.contact_id, existing.lead_id) == (contact_id, lead_id):
                    raise ValidationError({"attendee": _("Already on the list.")})
            attendee = self._new(EventAttendee, event_id=event.id, owner_id=event.owner_id,
                                 territory_id=event.territory_id, contact_id=contact_id,
                                 lead_id=lead_id, status=status)
            s.add(attendee)
            return Saved(attendee.id, uow.commit())

    def set_attendee_status(self, attendee_id: uuid.UUID, status: str) -> Changes:
        _check_status(status)
        with self.store.unit_of_work() as uow:
            self._apply(self._get(uow.session, EventAttendee, attendee_id), {"status": status})
            return uow.commit()

    def remove_attendee(self, attendee_id: uuid.UUID) -> Changes:
        with self.store.unit_of_work() as uow:
            attendee = self._get(uow.session, EventAttendee, attendee_id)
            self._apply(attendee, {"deleted_at": self.clock()})
            return uow.commit()

    def rows(self) -> list[EventRow]:
        """Every event: those not over yet first (soonest first), then past ones
        (latest first)."""
        today = self.clock().date().isoformat()
        rows = self.store.reads().execute(
            "SELECT e.id, e.name, e.kind, e.starts_on, e.ends_on, e.place, e.city, e.cost, "
            "e.currency, e.staff, (SELECT count(*) FROM event_attendees t "
            " WHERE t.event_id = e.id AND t.deleted_at IS NULL) "
            "FROM events e WHERE e.deleted_at IS NULL "
            "ORDER BY e.ends_on < ?, CASE WHEN e.ends_on < ? THEN '' ELSE e.starts_on END, "
            "e.starts_on DESC, e.name", (today, today)).fetchall()
        import json

        return [EventRow(uuid.UUID(hex=r[0]), r[1], r[2], date.fromisoformat(r[3]),
                         date.fromisoformat(r[4]), r[5], r[6], Decimal(str(r[7])), r[8],
                         [uuid.UUID(hex=u) for u in json.loads(r[9] or "[]")], r[10])
                for r in rows]

    def attendees(self, event_id: uuid.UUID) -> list[AttendeeRow]:
        rows = self.store.reads().execute(
            "SELECT t.id, t.contact_id, t.lead_id, "
            "coalesce(c.first_name || ' ' || c.last_name, "
            " trim(coalesce(l.first_name, '') || ' ' || coalesce(l.last_name, '')), ''), "
            "coalesce(a.name, l.company, ''), t.status FROM event_attendees t "
            "LEFT JOIN contacts c ON c.id = t.contact_id "
            "LEFT JOIN accounts a ON a.id = c.account_id "
            "LEFT JOIN leads l ON l.id = t.lead_id "
            "WHERE t.event_id = ? AND t.deleted_at IS NULL ORDER BY 4, 1",
            (event_id.hex,)).fetchall()
        return [AttendeeRow(uuid.UUID(hex=r[0]), uuid.UUID(hex=r[1]) if r[1] else None,
                            uuid.UUID(hex=r[2]) if r[2] else None, r[3], r[4], r[5])
                for r in rows]

    def return_on(self, event_id: uuid.UUID) -> EventReturn:
        """Sourced pipeline and won revenue against the event's cost."""
        conn = self.store.reads()
        row = conn.execute("SELECT cost, currency FROM events WHERE id = ?",
                           (event_id.hex,)).fetchone()
        if row is None:
            raise ValidationError({"event": _("That record no longer exists.")})
        cost, currency = Decimal(str(row[0])), row[1]
        leads, converted = conn.execute(
            "SELECT count(*), count(converted_opportunity_id) FROM leads "
            "WHERE event_id = ? AND deleted_at IS NULL", (event_id.hex,)).fetchone()
        deals = conn.execute(
            "SELECT o.outcome, o.currency, o.stage, o.amount, o.probability "
            "FROM opportunities o WHERE o.deleted_at IS NULL AND (o.event_id = :e OR o.id IN "
            "(SELECT converted_opportunity_id FROM leads WHERE event_id = :e "
            " AND deleted_at IS NULL) OR o.source_lead_id IN "
            "(SELECT id FROM leads WHERE event_id = :e AND deleted_at IS NULL))",
            {"e": event_id.hex}).fetchall()
        stage_bp = stage_basis_points(conn)
        counts = {"open": 0, "won": 0}
        sums: dict[tuple[str, str], Decimal] = {}
        for outcome, cur, stage, amount, own in deals:
            if outcome not in counts:
                continue
            counts[outcome] += 1
            value = Decimal(str(amount))
            sums[outcome, cur] = sums.get((outcome, cur), Decimal(0)) + value
            if outcome == "open":
                share = (Decimal(str(own)) if own not in (None, "")
                         else Decimal(stage_bp.get(stage, 0)) / fm.PROB_SCALE)
                sums["weighted", cur] = sums.get(("weighted", cur), Decimal(0)) + value * share
        others: dict[str, Decimal] = {}
        for (kind, cur), value in sums.items():
            if cur != currency and kind != "weighted":
                others[cur] = others.get(cur, Decimal(0)) + value

        def mine(kind: str) -> Decimal:
            return round_money(sums.get((kind, currency), Decimal(0)), currency)

        return EventReturn(cost, currency, leads, converted, counts["open"], mine("open"),
                           mine("weighted"), counts["won"], mine("won"), others)

    def _attendees(self, s: Any, event_id: uuid.UUID) -> list[EventAttendee]:
        return list(s.execute(select(EventAttendee).where(
            EventAttendee.event_id == event_id, EventAttendee.deleted_at.is_(None))).scalars())


def _check_status(status: str) -> None:
    if status not in {m.value for m in AttendeeStatus}:
        raise ValidationError({"status": _("'{v}' is not an attendee status.").format(v=status)})


def _clean(values: Mapping[str, Any], *, creating: bool = False) -> dict[str, Any]:
    extra = set(values) - EDITABLE
    if extra:
        raise ValueError(f"not editable on Event: {sorted(extra)}")
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}
    for name, limit in _TEXTS.items():
        if name in values:
            text = (values[name] or "").strip() or None
            if text is not None and len(text) > limit:
                errors[name] = _("At most {limit} characters.").format(limit=limit)
            out[name] = text
    if (creating or "name" in values) and not out.get("name"):
        errors["name"] = _("Name the event.")
    if "kind" in values or creating:
        kind = values.get("kind") or EventKind.TRADE_SHOW.value
        if kind not in {k.value for k in EventKind}:
            errors["kind"] = _("'{v}' is not a kind of event.").format(v=kind)
        out["kind"] = kind
    for name in ("starts_on", "ends_on"):
        if name in values:
            if not isinstance(values[name], date):
                errors[name] = _("Give a date.")
            out[name] = values[name]
    if creating:
        if "starts_on" not in out:
            errors["starts_on"] = _("Give a date.")
        out.setdefault("ends_on", out.get("starts_on"))
        starts, ends = out.get("starts_on"), out.get("ends_on")
        if isinstance(starts, date) and isinstance(ends, date) and ends < starts:
            errors["ends_on"] = _("The event ends before it starts.")
    if "cost" in values:
        try:
            cost = Decimal(str(values["cost"] or 0).strip())
            if not cost.is_finite() or cost < 0:
                raise ValueError(cost)
            out["cost"] = cost
        except (ArithmeticError, ValueError):
            errors["cost"] = _("The cost is a number, zero or more.")
    if "currency" in values:
        out["currency"] = currency_code(values["currency"])
        if out["currency"] is None:
            errors["currency"] = _("Use a three-letter currency code (USD, EUR).")
    if "staff" in values:
        staff = list(values["staff"] or [])
        if not all(isinstance(u, uuid.UUID) for u in staff):
            errors["staff"] = _("Choose people from the list.")
        out["staff"] = sorted({u.hex for u in staff if isinstance(u, uuid.UUID)})
    for name in ("owner_id", "territory_id"):
        if name in values:
            out[name] = values[name]
    if errors:
        raise ValidationError(errors)
    return {k: v for k, v in out.items() if v is not None} if creating else out
