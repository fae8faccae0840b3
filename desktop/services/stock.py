"""Stock requests from the rep: a soft hold for a quote (it expires) or for an
order's lines, and a hard allocation to order lines. Offline these are only
requests against the last stock snapshot: the server decides each one in
arrival order and the outcome (granted, or rejected with the reason and what
was available) comes back on the next sync."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import select

from desktop.domain import proposal_states
from desktop.domain.schema.orders import Order, OrderLine, StockRequest
from desktop.domain.schema.sales import Proposal, ProposalLine
from desktop.domain.stored import parse_time
from desktop.i18n import N_, _
from desktop.services.base import Service
from desktop.services.validation import ValidationError
from desktop.store.changes import Changes

STATES = {"requested": N_("Requested (waiting for the server)"), "granted": N_("Granted"),
          "rejected": N_("Rejected"), "expired": N_("Expired (released)")}


class StockRow(NamedTuple):
    id: uuid.UUID
    kind: str  # reserve | allocate
    state: str  # requested | granted | rejected | expired
    sku: str
    warehouse: str
    quantity: Decimal
    reason: str  # the server's, for a rejection: names what was available
    expires_at: datetime | None
    reference: str  # the order or proposal number it is for
    created_at: datetime


class StockService(Service):
    def warehouses(self) -> list[str]:
        rows = self.store.reads().execute(
            "SELECT DISTINCT warehouse FROM stock_levels WHERE deleted_at IS NULL "
            "ORDER BY 1").fetchall()
        return [r[0] for r in rows]

    def reserve_for_proposal(self, proposal_id: uuid.UUID, warehouse: str, days: int) -> Changes:
        """A soft hold on every catalogue line of a quote, until ``days`` from now."""
        if days < 1:
            raise ValidationError({"days": _("A hold lasts at least one day.")})
        with self.store.unit_of_work() as uow:
            proposal = self._get(uow.session, Proposal, proposal_id)
            if proposal.status not in proposal_states.HOLDS_STOCK:
                raise ValidationError({"proposal": _("This quote is no longer open.")})
            lines = list(uow.session.execute(select(ProposalLine).where(
                ProposalLine.proposal_id == proposal.id, ProposalLine.deleted_at.is_(None),
                ProposalLine.product_id.isnot(None))).scalars())
            if not lines:
                raise ValidationError({"proposal": _("The quote has no catalogue lines.")})
            until = self.clock() + timedelta(days=days)
            for line in lines:
                assert line.product_id is not None
                uow.session.add(self._new(
                    StockRequest, account_id=proposal.account_id, proposal_id=proposal.id,
                    product_id=line.product_id, warehouse=warehouse,
                    quantity=Decimal(line.quantity), kind="reserve", expires_at=until))
            return uow.commit()

    def request_for_order(self, order_id: uuid.UUID, kind: str, warehouse: str,
                          line_ids: Sequence[uuid.UUID] | None = None,
                          days: int | None = None) -> Changes:
        """Reserve (soft, expiring after ``days``) or allocate (hard) the order's
        catalogue lines (or just ``line_ids``) from ``warehouse``."""
        if kind not in ("reserve", "allocate"):
            raise ValueError(kind)
        with self.store.unit_of_work() as uow:
            order = self._get(uow.session, Order, order_id)
            query = select(OrderLine).where(OrderLine.order_id == order.id,
                                            OrderLine.deleted_at.is_(None),
                                            OrderLine.product_id.isnot(None))
            if line_ids is not None:
                query = query.where(OrderLine.id.in_(list(line_ids)))
            lines = list(uow.session.execute(query).scalars())
            if not lines:
                raise ValidationError({"lines": _("No catalogue lines to request stock for.")})
            until = self.clock() + timedelta(days=days) if kind == "reserve" and days else None
            for line in lines:
                assert line.product_id is not None
                uow.session.add(self._new(
                    StockRequest, account_id=order.account_id, order_line_id=line.id,
                    product_id=line.product_id, warehouse=warehouse,
                    quantity=Decimal(line.quantity), kind=kind, expires_at=until))
            return uow.commit()

    def requests(self, order_id: uuid.UUID | None = None) -> list[StockRow]:
        """Every request (or one order's), newest first, with its state. A granted
        hold past its expiry shows as expired before the server says so."""
        sql = ("SELECT r.id, r.kind, r.status, coalesce(p.sku, ''), r.warehouse, r.quantity, "
               "coalesce(r.reason, ''), r.expires_at, "
               "coalesce(o.number, o.provisional_number, q.number, ''), r.created_at "
               "FROM stock_requests r JOIN products p ON p.id = r.product_id "
               "LEFT JOIN order_lines l ON l.id = r.order_line_id "
               "LEFT JOIN orders o ON o.id = l.order_id "
               "LEFT JOIN proposals q ON q.id = r.proposal_id WHERE r.deleted_at IS NULL")
        args: tuple[str, ...] = ()
        if order_id is not None:
            sql += " AND l.order_id = ?"
            args = (order_id.hex,)
        now = self.clock()
        out = []
        for rid, kind, state, sku, house, qty, reason, expires, ref, created in \
                self.store.reads().execute(sql + " ORDER BY r.created_at DESC, r.rowid DESC",
                                           args):
            until = parse_time(expires)
            if state == "granted" and kind == "reserve" and until is not None and until <= now:
                state = "expired"
            made = parse_time(created)
            assert made is not None
            out.append(StockRow(uuid.UUID(hex=rid), kind, state, sku, house, Decimal(qty),
                                reason, until, ref, made))
        return out

    def refused(self) -> int:
        """Requests the server rejected, for the view's warning line."""
        row = self.store.reads().execute(
            "SELECT count(*) FROM stock_requests WHERE status = 'rejected' "
            "AND deleted_at IS NULL").fetchone()
        return int(row[0])
