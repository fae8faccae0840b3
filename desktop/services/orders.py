"""Orders: from an accepted proposal in one step, or entered directly, with a
provisional number until the server gives the final one; the status timeline
(only the steps ``order_flow`` allows), partial shipments, expediting."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from sqlalchemy import func, select

from desktop.domain import pricing, proposal_states, stored
from desktop.domain.order_flow import allowed_steps, state_label
from desktop.domain.schema import Account, User
from desktop.domain.schema.orders import ORDER_STATUSES, Order, OrderEvent, OrderLine, StockRequest
from desktop.domain.schema.sales import PriceEntry, Product, Proposal, ProposalLine
from desktop.i18n import _
from desktop.services.base import Saved, Service
from desktop.services.proposals import advance_opportunity, number_prefix
from desktop.services.validation import ValidationError
from desktop.store.changes import Changes


class LineRow(NamedTuple):
    id: uuid.UUID
    position: int
    sku: str
    description: str
    quantity: Decimal
    unit: str
    shipped: Decimal

    @property
    def remaining(self) -> Decimal:
        return max(self.quantity - self.shipped, Decimal(0))


class EventRow(NamedTuple):
    at: datetime
    status: str
    carrier: str | None
    tracking_number: str | None
    note: str | None
    ship_date: date | None
    shipped: dict[str, str]  # order line id hex -> quantity


class OrderService(Service):
    def accept(self, proposal_id: uuid.UUID) -> Changes:
        """The customer said yes to a sent proposal."""
        with self.store.unit_of_work() as uow:
            proposal = self._get(uow.session, Proposal, proposal_id)
            if proposal.status not in proposal_states.ACCEPTABLE:
                raise ValidationError({"status": _("Only a sent proposal can be accepted.")})
            self._apply(proposal, {"status": proposal_states.ACCEPTED})
            advance_opportunity(self, uow.session, proposal, order_placed=False)
            return uow.commit()

    def from_proposal(self, proposal_id: uuid.UUID) -> Saved:
        """One step from an accepted proposal to an order with the same lines
        (optional items left out)."""
        with self.store.unit_of_work() as uow:
            s = uow.session
            proposal = self._get(s, Proposal, proposal_id)
            if proposal.status != proposal_states.ACCEPTED:
                raise ValidationError({"status": _("Accept the proposal first.")})
            order = self._order(s, proposal.account_id, proposal.currency, proposal.id,
                                opportunity_id=proposal.opportunity_id)
            lines = s.execute(select(ProposalLine).where(
                ProposalLine.proposal_id == proposal.id, ProposalLine.deleted_at.is_(None),
                ProposalLine.optional.is_(False)).order_by(ProposalLine.position)).scalars()
            for n, line in enumerate(lines, start=1):
                s.add(self._new(OrderLine, order_id=order.id, account_id=order.account_id,
                                position=n, product_id=line.product_id, sku=line.sku,
                                description=line.description, quantity=line.quantity,
                                unit=line.unit, unit_price=line.unit_price,
                                discount_percent=line.discount_percent, tax_rate=line.tax_rate,
                                ship_date=line.ship_date))
            s.add(self._event(order, "entered", note=_("From proposal {n} rev {r}").format(
                n=proposal.number, r=proposal.revision)))
            advance_opportunity(self, s, proposal, order_placed=True)
            return Saved(order.id, uow.commit())

    def create(self, account_id: uuid.UUID, lines: Sequence[Mapping[str, Any]],
               ship_date: date | None = None, notes: str = "") -> Saved:
        """An order entered directly: ``lines`` of ``product_id`` and ``quantity``,
        priced from the account's lists like a proposal line."""
        if not lines:
            raise ValidationError({"lines": _("Add at least one product.")})
        with self.store.unit_of_work() as uow:
            s = uow.session
            account = self._get(s, Account, account_id)
            order = self._order(s, account.id, account.currency, None, notes=notes.strip() or None)
            for n, values in enumerate(lines, start=1):
                product = self._get(s, Product, values["product_id"])
                quantity = _quantity(values.get("quantity"), f"quantity_{n}")
                entries = [pricing.PriceEntry(e.product_id.hex, e.currency, e.min_quantity,
                                              e.unit_price, e.account_id.hex if e.account_id
                                              else None, e.tier)
                           for e in s.execute(select(PriceEntry).where(
                               PriceEntry.product_id == product.id,
                               PriceEntry.deleted_at.is_(None))).scalars()]
                try:
                    price = pricing.unit_price(product.id.hex, quantity, account.currency, None,
                                               entries, account_id=account.id.hex,
                                               tier=account.tier)
                except pricing.PricingError as exc:
                    raise ValidationError({f"quantity_{n}": f"{product.sku}: {exc}"}) from None
                s.add(self._new(OrderLine, order_id=order.id, account_id=account.id,
                                position=n, product_id=product.id, sku=product.sku,
                                description=product.name, quantity=quantity, unit=product.unit,
                                unit_price=price, tax_rate=product.tax_rate,
                                ship_date=ship_date))
            s.add(self._event(order, "entered", note=_("Entered directly")))
            return Saved(order.id, uow.commit())

    def lines(self, order_id: uuid.UUID) -> list[LineRow]:
        """The order's lines with what has shipped of each so far."""
        shipped = self._shipped(order_id)
        rows = self.store.reads().execute(
            "SELECT id, position, coalesce(sku, ''), description, quantity, unit "
            "FROM order_lines WHERE order_id = ? AND deleted_at IS NULL ORDER BY position",
            (order_id.hex,)).fetchall()
        return [LineRow(uuid.UUID(hex=i), p, sku, d, Decimal(q), u, shipped.get(i, Decimal(0)))
                for i, p, sku, d, q, u in rows]

    def events(self, order_id: uuid.UUID) -> list[EventRow]:
        names = ["at", "status", "carrier", "tracking_number", "note", "ship_date", "shipped"]
        rows = self.store.reads().execute(
            f"SELECT {', '.join(names)} FROM order_events "  # nosec B608 - identifiers from code, values bound
            "WHERE order_id = ? AND deleted_at IS NULL ORDER BY at, rowid",
            (order_id.hex,)).fetchall()
        read = stored.reader("order_events", names)
        out = []
        for row in rows:
            at, status, carrier, tracking, note, ship_date, shipped = read(row)
            out.append(EventRow(at, status, carrier, tracking, note, ship_date, shipped or {}))
        return out

    def next_steps(self, order_id: uuid.UUID) -> tuple[str, ...]:
        """The steps the window offers for this order now."""
        row = self.store.reads().execute("SELECT status FROM orders WHERE id = ?",
                                         (order_id.hex,)).fetchone()
        if row is None:
            return ()
        return allowed_steps(row[0], any(line.remaining for line in self.lines(order_id)))

    def advance(self, order_id: uuid.UUID, status: str, *, carrier: str | None = None,
                tracking_number: str | None = None, note: str | None = None,
                ship_date: date | None = None,
                quantities: Mapping[uuid.UUID, Any] | None = None) -> Changes:
        """A step of the timeline, if it may follow the current one. A shipment
        carries ``quantities`` per line (all that remains when None)."""
        if status not in ORDER_STATUSES:
            raise ValidationError({"status": _("Unknown order status.")})
        lines = self.lines(order_id)
        shipped: dict[str, str] | None = None
        if status == "shipped":
            shipped = self._shipment(lines, quantities, carrier, tracking_number, ship_date)
        if status == "cancelled" and not (note or "").strip():
            raise ValidationError({"note": _("Say why the order is cancelled.")})
        with self.store.unit_of_work() as uow:
            order = self._get(uow.session, Order, order_id)
            allowed = allowed_steps(order.status, any(line.remaining for line in lines))
            if status not in allowed:
                raise ValidationError({"status": _(
                    "An order that is {state} cannot go to {step}.").format(
                    state=state_label(order.status).lower(), step=state_label(status).lower())})
            self._apply(order, {"status": status})
            at = self.clock()  # when it was recorded; a shipment's own day is ship_date
            uow.session.add(self._event(
                order, status, at=at, carrier=(carrier or "").strip() or None,
                tracking_number=(tracking_number or "").strip() or None,
                note=(note or "").strip() or None,
                ship_date=ship_date or (at.date() if status == "shipped" else None),
                shipped=shipped))
            return uow.commit()

    def expedite(self, order_id: uuid.UUID, reason: str, needed_by: date | None) -> Changes:
        errors = {}
        if not reason.strip():
            errors["expedite_reason"] = _("Say why it is urgent.")
        if needed_by is None:
            errors["needed_by"] = _("Give the date it is needed by.")
        elif needed_by < self.clock().date():
            errors["needed_by"] = _("The needed-by date has already passed.")
        if errors:
            raise ValidationError(errors)
        with self.store.unit_of_work() as uow:
            order = self._get(uow.session, Order, order_id)
            self._apply(order, {"expedite": True, "expedite_reason": reason.strip(),
                                "needed_by": needed_by})
            return uow.commit()

    def request_allocation(self, order_id: uuid.UUID, warehouse: str) -> Changes:
        """Ask the server to allocate every catalogue line from ``warehouse``."""
        with self.store.unit_of_work() as uow:
            order = self._get(uow.session, Order, order_id)
            lines = uow.session.execute(select(OrderLine).where(
                OrderLine.order_id == order.id, OrderLine.product_id.isnot(None))).scalars()
            for line in lines:
                assert line.product_id is not None
                uow.session.add(self._new(
                    StockRequest, account_id=order.account_id, order_line_id=line.id,
                    product_id=line.product_id, warehouse=warehouse,
                    quantity=Decimal(line.quantity), kind="allocate"))
            return uow.commit()

    # -- helpers ---------------------------------------------------------------------
    def _order(self, s: Any, account_id: uuid.UUID, currency: str,
               proposal_id: uuid.UUID | None, notes: str | None = None,
               opportunity_id: uuid.UUID | None = None) -> Order:
        """A new order with the rep's next provisional number (unique offline),
        attributed to the account's broker."""
        user = s.get(User, self.user_id) if self.user_id else None
        prefix = f"P-{number_prefix(user)}"
        count = s.execute(select(func.count()).select_from(Order).where(
            Order.provisional_number.like(f"{prefix}-%"))).scalar_one()
        order = self._new(Order, account_id=account_id, proposal_id=proposal_id,
                          author_id=self.user_id, provisional_number=f"{prefix}-{count + 1:04d}",
                          currency=currency, entered_at=self.clock(), notes=notes,
                          opportunity_id=opportunity_id,
                          broker_id=s.get(Account, account_id).broker_id)
        s.add(order)
        s.flush()
        return order

    def _shipped(self, order_id: uuid.UUID) -> dict[str, Decimal]:
        import json

        totals: dict[str, Decimal] = {}
        for (shipped,) in self.store.reads().execute(
                "SELECT shipped FROM order_events WHERE order_id = ? AND status = 'shipped' "
                "AND deleted_at IS NULL AND shipped IS NOT NULL", (order_id.hex,)):
            for line, quantity in json.loads(shipped).items():
                totals[line] = totals.get(line, Decimal(0)) + Decimal(quantity)
        return totals

    def _shipment(self, lines: list[LineRow], quantities: Mapping[uuid.UUID, Any] | None,
                  carrier: str | None, tracking: str | None,
                  ship_date: date | None) -> dict[str, str]:
        errors: dict[str, str] = {}
        if not (carrier or "").strip():
            errors["carrier"] = _("Name the carrier.")
        if not (tracking or "").strip():
            errors["tracking_number"] = _("A shipment needs its carrier and tracking number.")
        if ship_date is not None and ship_date > self.clock().date():
            errors["ship_date"] = _("A shipment cannot leave in the future.")
        shipped: dict[str, str] = {}
        for line in lines:
            asked = line.remaining if quantities is None else quantities.get(line.id, 0)
            key = f"quantity_{line.position}"
            try:
                amount = _quantity(asked, key, allow_zero=True)
            except ValidationError as exc:
                errors.update(exc.errors)
                continue
            if amount > line.remaining:
                errors[key] = _("Only {n} left to ship on line {p}.").format(
                    n=f"{line.remaining.normalize():f}", p=line.position)
            elif amount:
                shipped[line.id.hex] = f"{amount.normalize():f}"
        if not shipped and not errors:
            errors["lines"] = _("Choose what this shipment carries.")
        if errors:
            raise ValidationError(errors)
        return shipped

    def _event(self, order: Order, status: str, at: datetime | None = None,
               **details: Any) -> OrderEvent:
        return self._new(OrderEvent, order_id=order.id, account_id=order.account_id,
                         status=status, at=at or self.clock(), **details)


def _quantity(value: Any, field: str, allow_zero: bool = False) -> Decimal:
    try:
        quantity = Decimal(str(value).strip() or "0")
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("The quantity is not a number.")}) from None
    if not quantity.is_finite() or quantity < 0 or (quantity == 0 and not allow_zero):
        raise ValidationError({field: _("The quantity must be more than zero.")})
    return quantity
