"""What the customer and the office need to know about orders: a short
status update for the customer (text for an email, or a PDF), logged in the
history; and the shipping schedule across the rep's accounts, late and
expedited ones marked, as CSV or a printable PDF."""

from __future__ import annotations

import csv
import io
import json
import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from desktop.domain import formats
from desktop.domain.order_flow import state_label
from desktop.domain.schema import Interaction
from desktop.domain.schema.orders import Order
from desktop.i18n import N_, _
from desktop.services.base import Service
from desktop.store.changes import Changes

if TYPE_CHECKING:
    from desktop.documents.order_status_pdf import OrderStatusDoc

STATUS_WORDS = {
    "entered": N_("has been entered"), "confirmed": N_("is confirmed"),
    "reserved": N_("has its material reserved"), "allocated": N_("has its material allocated"),
    "picked": N_("is being picked"), "shipped": N_("has shipped"),
    "delivered": N_("has been delivered"), "invoiced": N_("has been invoiced"),
    "cancelled": N_("has been cancelled"),
}


TRANSIT_DAYS = 7  # shipments this recent show as on their way (not yet delivered)


class ScheduleRow(NamedTuple):
    ship_date: str
    account: str
    order: str  # final number, or the provisional one until the server confirms
    sku: str
    description: str
    quantity: str
    status: str
    expedite: bool
    late: bool
    kind: str = "ship"  # ship: still to leave; transit: shipped, awaiting delivery
    needed_by: str = ""
    detail: str = ""  # carrier and tracking number of a shipment in transit
    account_id: str = ""  # stored hex (the view refreshes when its account changes)
    id: uuid.UUID = uuid.UUID(int=0)  # the line's (a shipment's: from event and line); paging


def _qty(value: Decimal) -> str:
    return f"{value.normalize():f}"


class ShippingService(Service):
    def status_text(self, order_id: uuid.UUID) -> str:
        """A few lines for an email: where the order stands, shipments so far."""
        doc = self.status_document(order_id)
        lines = [_("Order {n} for {account} {state}.").format(
            n=doc.number, account=doc.customer, state=_(STATUS_WORDS.get(doc.status, doc.status)))]
        if doc.status == "shipped" and any(line[4] for line in doc.lines):
            lines[0] = _("Order {n} for {account} has partly shipped.").format(
                n=doc.number, account=doc.customer)
        for day, carrier, tracking, what, note in doc.shipments:
            lines.append(_("Shipped {day} with {carrier}, tracking {tracking}{note}.").format(
                day=day, carrier=carrier, tracking=tracking,
                note=f" ({note or what})" if (note or what) else ""))
        if doc.needed_by:
            lines.append(_("Needed by {day}: we are treating it as urgent.").format(
                day=doc.needed_by))
        return "\n".join(lines)

    def status_document(self, order_id: uuid.UUID) -> OrderStatusDoc:
        """Everything the status update shows (text or PDF), read in one go."""
        from desktop.documents.order_status_pdf import OrderStatusDoc
        from desktop.services.orders import OrderService

        reads = self.store.reads()
        row = reads.execute(
            "SELECT o.number, o.provisional_number, o.status, a.name, o.needed_by, o.entered_at, "
            "coalesce(u.name, '') FROM orders o JOIN accounts a ON a.id = o.account_id "
            "LEFT JOIN users u ON u.id = o.author_id WHERE o.id = ?", (order_id.hex,)).fetchone()
        if row is None:
            raise LookupError(order_id)
        number, provisional, status, account, needed_by, entered, rep = row
        orders = OrderService(self.store, clock=self.clock, user_id=self.user_id)
        lines = orders.lines(order_id)
        by_id = {line.id.hex: line for line in lines}
        shipments, steps = [], []
        for event in orders.events(order_id):
            what = ", ".join(f"{by_id[k].sku or by_id[k].description} × {v}"
                             for k, v in event.shipped.items() if k in by_id)
            steps.append((formats.day(event.at.date()), state_label(event.status),
                          " · ".join(x for x in (event.carrier, event.tracking_number, what,
                                                  event.note) if x)))
            if event.status == "shipped":
                day = formats.day(event.ship_date or event.at.date())
                shipments.append((day, event.carrier or "", event.tracking_number or "", what,
                                  event.note or ""))
        return OrderStatusDoc(
            number=number or provisional, provisional=number is None, customer=account,
            status=status, state=state_label(status, any(x.remaining for x in lines)),
            entered=formats.stored_day(entered), needed_by=formats.stored_day(needed_by) or None,
            rep=rep, as_of=self.clock().date(),
            lines=tuple((x.sku, x.description, _qty(x.quantity), _qty(x.shipped),
                         _qty(x.remaining) if x.remaining else "") for x in lines),
            steps=tuple(steps), shipments=tuple(shipments))

    def send_status(self, order_id: uuid.UUID, pdf: bytes | None = None) -> tuple[str, Changes]:
        """The update's text, logged as an outgoing email in the history; with
        ``pdf``, the exact PDF that went out is archived as an attachment."""
        from desktop.domain.schema.sales import Attachment

        text = self.status_text(order_id)
        sha = self.store.blobs.put(pdf) if pdf is not None else None
        with self.store.unit_of_work() as uow:
            order = self._get(uow.session, Order, order_id)
            number = order.number or order.provisional_number
            if pdf is not None and sha is not None:
                uow.session.add(self._new(
                    Attachment, account_id=order.account_id, record_table="orders",
                    record_id=order.id, kind="order-status",
                    file_name=f"{number} status {self.clock().date().isoformat()}.pdf",
                    sha256=sha, size=len(pdf)))
            uow.session.add(self._new(
                Interaction, account_id=order.account_id, author_id=self.user_id,
                channel="email", direction="out", occurred_at=self.clock(),
                subject=_("Order status: {n}").format(n=number),
                notes=text, outcome=_("Status sent as PDF") if pdf else _("Status sent")))
            return text, uow.commit()

    def schedule(self, today: date | None = None, days: int = 30) -> list[ScheduleRow]:
        """What is still to ship with a ship date up to ``days`` ahead (and every
        overdue line), and what shipped in the last week and awaits delivery;
        soonest first."""
        today = today or self.clock().date()
        horizon = (today + timedelta(days=days)).isoformat()
        reads = self.store.reads()
        orders = reads.execute(
            "SELECT o.id, a.name, coalesce(o.number, o.provisional_number), o.status, "
            "o.expedite, coalesce(o.needed_by, ''), o.account_id FROM orders o "
            "JOIN accounts a ON a.id = o.account_id WHERE o.deleted_at IS NULL "
            "AND o.status NOT IN ('delivered', 'invoiced', 'cancelled')").fetchall()
        info = {o[0]: o[1:] for o in orders}
        if not info:
            return []
        shipped: dict[str, Decimal] = {}
        rows: list[ScheduleRow] = []
        lines = {}
        for lid, oid, sku, desc, qty, ship_date in reads.execute(
                "SELECT l.id, l.order_id, coalesce(l.sku, ''), l.description, l.quantity, "
                "l.ship_date FROM order_lines l JOIN orders o ON o.id = l.order_id "
                "WHERE l.deleted_at IS NULL AND o.deleted_at IS NULL "
                "AND o.status NOT IN ('delivered', 'invoiced', 'cancelled')"):
            lines[lid] = (oid, sku, desc, Decimal(qty), ship_date)
        for oid, day, carrier, tracking, what in reads.execute(
                "SELECT e.order_id, coalesce(e.ship_date, substr(e.at, 1, 10)), "
                "coalesce(e.carrier, ''), coalesce(e.tracking_number, ''), e.shipped "
                "FROM order_events e JOIN orders o ON o.id = e.order_id "
                "WHERE e.status = 'shipped' AND e.deleted_at IS NULL AND o.deleted_at IS NULL "
                "AND o.status = 'shipped'"):
            account, number, status, expedite, needed, account_id = info[oid]
            for lid, quantity in json.loads(what or "{}").items():
                if lid not in lines:
                    continue
                shipped[lid] = shipped.get(lid, Decimal(0)) + Decimal(quantity)
                _o, sku, desc, _q, _d = lines[lid]
                rows.append(ScheduleRow(day, account, number, sku, desc, quantity, status,
                                        bool(expedite), bool(needed) and needed < today.isoformat(),
                                        "transit", needed, f"{carrier} {tracking}".strip(),
                                        account_id))
        for lid, (oid, sku, desc, qty, ship_date) in lines.items():
            left = qty - shipped.get(lid, Decimal(0))
            if left <= 0 or not ship_date or ship_date > horizon:
                continue
            account, number, status, expedite, needed, account_id = info[oid]
            late = ship_date < today.isoformat() or (bool(needed) and needed < today.isoformat())
            rows.append(ScheduleRow(ship_date, account, number, sku, desc, _qty(left), status,
                                    bool(expedite), late, "ship", needed, "", account_id))
        rows.sort(key=lambda r: (r.ship_date, r.account.casefold(), r.order, r.kind, r.sku))
        since = (today - timedelta(days=min(days, TRANSIT_DAYS))).isoformat()
        return [r for r in rows if r.kind == "ship" or r.ship_date >= since]

    @staticmethod
    def schedule_csv(rows: list[ScheduleRow]) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["ship_date", "account", "order", "sku", "description", "quantity",
                         "status", "expedite", "late", "kind", "needed_by", "shipment"])
        for row in rows:
            writer.writerow([*row[:7], "yes" if row.expedite else "", "yes" if row.late else "",
                             row.kind, row.needed_by, row.detail])
        return out.getvalue()
