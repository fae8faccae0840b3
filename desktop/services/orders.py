"""Orders: from an accepted proposal in one step, with a provisional number
until the server gives the final one; the status timeline, shipments,
expediting, and stock requests for the server to decide."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from desktop.i18n import _
from desktop.schema import User
from desktop.schema.orders import ORDER_STATUSES, Order, OrderEvent, OrderLine, StockRequest
from desktop.schema.sales import Proposal, ProposalLine
from desktop.services.base import Saved, Service
from desktop.services.proposals import number_prefix
from desktop.services.validation import ValidationError
from desktop.store.changes import Changes


class OrderService(Service):
    def accept(self, proposal_id: uuid.UUID) -> Changes:
        """The customer said yes to a sent proposal."""
        with self.store.unit_of_work() as uow:
            proposal = self._get(uow.session, Proposal, proposal_id)
            if proposal.status not in ("sent", "accepted"):
                raise ValidationError({"status": _("Only a sent proposal can be accepted.")})
            self._apply(proposal, {"status": "accepted"})
            return uow.commit()

    def from_proposal(self, proposal_id: uuid.UUID) -> Saved:
        """One step from an accepted proposal to an order with the same lines
        (optional items left out)."""
        with self.store.unit_of_work() as uow:
            s = uow.session
            proposal = self._get(s, Proposal, proposal_id)
            if proposal.status != "accepted":
                raise ValidationError({"status": _("Accept the proposal first.")})
            user = s.get(User, self.user_id) if self.user_id else None
            prefix = f"P-{number_prefix(user)}"
            count = s.execute(select(func.count()).select_from(Order).where(
                Order.provisional_number.like(f"{prefix}-%"))).scalar_one()
            now = self.clock()
            order = self._new(Order, account_id=proposal.account_id, proposal_id=proposal.id,
                              author_id=self.user_id,
                              provisional_number=f"{prefix}-{count + 1:04d}",
                              currency=proposal.currency, entered_at=now)
            s.add(order)
            s.flush()
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
            return Saved(order.id, uow.commit())

    def advance(self, order_id: uuid.UUID, status: str, *, carrier: str | None = None,
                tracking_number: str | None = None, note: str | None = None) -> Changes:
        """A step of the timeline; "shipped" may repeat (partial shipments)."""
        if status not in ORDER_STATUSES:
            raise ValidationError({"status": _("Unknown order status.")})
        with self.store.unit_of_work() as uow:
            order = self._get(uow.session, Order, order_id)
            if order.status == "cancelled":
                raise ValidationError({"status": _("The order was cancelled.")})
            if status == "shipped" and not (carrier and tracking_number):
                raise ValidationError({"tracking_number": _(
                    "A shipment needs its carrier and tracking number.")})
            self._apply(order, {"status": status})
            uow.session.add(self._event(order, status, carrier=carrier,
                                        tracking_number=tracking_number, note=note))
            return uow.commit()

    def expedite(self, order_id: uuid.UUID, reason: str, needed_by: date) -> Changes:
        if not reason.strip():
            raise ValidationError({"expedite_reason": _("Say why it is urgent.")})
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

    def _event(self, order: Order, status: str, **details: str | None) -> OrderEvent:
        return self._new(OrderEvent, order_id=order.id, account_id=order.account_id,
                         status=status, at=self.clock(), **details)
