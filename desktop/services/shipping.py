"""What the customer and the office need to know about orders: a short
status update for the customer (logged in the history), and the shipping
schedule across the rep's accounts, late and expedited ones marked, as CSV."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date
from typing import NamedTuple

from desktop.i18n import _
from desktop.schema import Interaction
from desktop.schema.orders import Order
from desktop.services.base import Service
from desktop.store.changes import Changes

STATUS_WORDS = {
    "entered": _("has been entered"), "confirmed": _("is confirmed"),
    "reserved": _("has its material reserved"), "allocated": _("has its material allocated"),
    "picked": _("is being picked"), "shipped": _("has shipped"),
    "delivered": _("has been delivered"), "invoiced": _("has been invoiced"),
    "cancelled": _("has been cancelled"),
}


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


class ShippingService(Service):
    def status_text(self, order_id: uuid.UUID) -> str:
        """A few lines for an email: where the order stands, shipments so far."""
        reads = self.store.reads()
        row = reads.execute(
            "SELECT o.number, o.provisional_number, o.status, a.name, o.needed_by "
            "FROM orders o JOIN accounts a ON a.id = o.account_id WHERE o.id = ?",
            (order_id.hex,)).fetchone()
        if row is None:
            raise LookupError(order_id)
        number, provisional, status, account, needed_by = row
        lines = [_("Order {n} for {account} {state}.").format(
            n=number or provisional, account=account, state=STATUS_WORDS.get(status, status))]
        for at, carrier, tracking, note in reads.execute(
                "SELECT at, carrier, tracking_number, note FROM order_events WHERE order_id = ? "
                "AND status = 'shipped' ORDER BY at", (order_id.hex,)):
            lines.append(_("Shipped {day} with {carrier}, tracking {tracking}{note}.").format(
                day=at[:10], carrier=carrier, tracking=tracking,
                note=f" ({note})" if note else ""))
        if needed_by:
            lines.append(_("Needed by {day}: we are treating it as urgent.").format(
                day=needed_by))
        return "\n".join(lines)

    def send_status(self, order_id: uuid.UUID) -> tuple[str, Changes]:
        """The update's text, logged as an outgoing email in the history."""
        text = self.status_text(order_id)
        with self.store.unit_of_work() as uow:
            order = self._get(uow.session, Order, order_id)
            uow.session.add(self._new(
                Interaction, account_id=order.account_id, author_id=self.user_id,
                channel="email", direction="out", occurred_at=self.clock(),
                subject=_("Order status: {n}").format(n=order.number or order.provisional_number),
                notes=text, outcome=_("Status sent")))
            return text, uow.commit()

    def schedule(self, today: date | None = None, days: int = 30) -> list[ScheduleRow]:
        """Order lines not yet delivered with a ship date up to ``days`` ahead
        (and every overdue one), soonest first."""
        today = today or self.clock().date()
        rows = self.store.reads().execute(
            "SELECT l.ship_date, a.name, coalesce(o.number, o.provisional_number), "
            "coalesce(l.sku, ''), l.description, l.quantity, o.status, o.expedite "
            "FROM order_lines l JOIN orders o ON o.id = l.order_id "
            "JOIN accounts a ON a.id = o.account_id "
            "WHERE l.deleted_at IS NULL AND o.deleted_at IS NULL AND l.ship_date IS NOT NULL "
            "AND o.status NOT IN ('delivered', 'invoiced', 'cancelled') AND l.ship_date <= ? "
            "ORDER BY l.ship_date, a.name COLLATE NOCASE",
            (date.fromordinal(today.toordinal() + days).isoformat(),)).fetchall()
        return [ScheduleRow(d, acc, num, sku, desc, qty, status, bool(exp),
                            d < today.isoformat() and status != "shipped")
                for d, acc, num, sku, desc, qty, status, exp in rows]

    @staticmethod
    def schedule_csv(rows: list[ScheduleRow]) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["ship_date", "account", "order", "sku", "description", "quantity",
                         "status", "expedite", "late"])
        for row in rows:
            writer.writerow([*row[:7], "yes" if row.expedite else "", "yes" if row.late else ""])
        return out.getvalue()
