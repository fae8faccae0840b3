"""The shipping schedule a page at a time, for the Shipping view's lazy model.

Lines still to ship come from ``ix_order_lines_open_ship`` (the sort key the
triggers keep: :mod:`desktop.store.derived_shipping`) in the order (date, order,
line), so a page is a seek and the next page starts after the last row's key:
scrolling costs the same per page however far down. Shipments on their way (a
week's worth at most) are merged in by the same key, after a date's and an
order's lines still to ship. The whole list for the CSV and the PDF stays
:meth:`desktop.services.shipping.ShippingService.schedule`.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from desktop.clock import Clock
from desktop.services.shipping import TRANSIT_DAYS, ScheduleRow
from desktop.store.store import Store

Key = tuple[str, str, str]  # (date, order id, line id; 't' + event and line for a shipment)


@dataclass(frozen=True)
class ShipFilter:
    days: int = 30  # lines to ship up to this many days ahead (overdue ones always)


class SchedulePage(NamedTuple):
    rows: list[ScheduleRow]
    next: Key | None  # None: the last page


class ScheduleCounts(NamedTuple):
    lines: int
    late: int
    expedite: int


DAY = "coalesce(e.ship_date, substr(e.at, 1, 10))"  # as ix_order_events_shipped has it
_ORDER = ("o.account_id, a.name, coalesce(o.number, o.provisional_number), o.status, "
          "o.expedite, coalesce(o.needed_by, '')")
# The index's columns are the keyset; the rest is read for the page's rows only.
PAGE_SQL = (
    f"SELECT l.open_ship_date, l.order_id, l.id, coalesce(l.sku, ''), l.description, "
    f"l.quantity, {_ORDER} FROM order_lines l "
    "JOIN orders o ON o.id = l.order_id JOIN accounts a ON a.id = o.account_id "
    "WHERE l.open_ship_date IS NOT NULL AND l.open_ship_date <= :horizon "
    "AND (l.open_ship_date, l.order_id, l.id) > (:d, :o, :l) "
    "ORDER BY l.open_ship_date, l.order_id, l.id LIMIT :n")
COUNT_SQL = (
    "SELECT count(*), coalesce(sum(l.open_ship_date < :today OR (o.needed_by IS NOT NULL "
    "AND o.needed_by < :today)), 0), coalesce(sum(o.expedite), 0) "
    "FROM order_lines l JOIN orders o ON o.id = l.order_id "
    "WHERE l.open_ship_date IS NOT NULL AND l.open_ship_date <= :horizon")
_SHIPPED_SQL = (
    "SELECT e.order_id, e.shipped FROM order_events e WHERE e.status = 'shipped' "
    "AND e.deleted_at IS NULL AND e.order_id IN ({marks})")
# Shipments of orders standing at 'shipped' from ``since`` on, and from (day,
# order) ``(d, o)`` to ``(ud, uo)``: a range of ix_order_events_shipped.
TRANSIT_SQL = (
    f"SELECT {DAY} AS day, e.order_id, e.id, "
    f"coalesce(e.carrier, ''), coalesce(e.tracking_number, ''), e.shipped, {_ORDER} "
    "FROM orders o JOIN order_events e ON e.order_id = o.id "
    "JOIN accounts a ON a.id = o.account_id WHERE o.status = 'shipped' "
    "AND o.deleted_at IS NULL AND e.status = 'shipped' AND e.deleted_at IS NULL "
    f"AND {DAY} >= max(:since, :d) AND {DAY} <= :ud "
    f"AND ({DAY}, e.order_id) >= (:d, :o) AND ({DAY}, e.order_id) <= (:ud, :uo)")
_LINES_SQL = ("SELECT id, coalesce(sku, ''), description FROM order_lines "
              "WHERE deleted_at IS NULL AND id IN ({marks})")


def _qty(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _id(text: str) -> uuid.UUID:
    """A row's id for the model: the line's, or a shipment's line (event and line)."""
    return uuid.uuid5(uuid.NAMESPACE_OID, text) if text.startswith("t") else uuid.UUID(text)


class ShipSchedule:
    def __init__(self, store: Store, clock: Clock) -> None:
        self.store, self.clock = store, clock

    def _today(self) -> date:
        return self.clock().date()

    def page(self, flt: ShipFilter, after: Key | None, size: int,
             until: Key | None = None) -> SchedulePage:
        """``size`` rows after ``after`` (the first page when None); with ``until``,
        only those up to that key (inclusive): a page read again by its range."""
        today = self._today()
        start: Key = after or ("", "", "")
        ship = self._to_ship(today, flt, start, size + 1)
        # Shipments up to the last line's date and order (the rest come after it).
        last = ship[-1][0][:2] if len(ship) > size else ("9999", "")
        transit = [r for r in self._transit(today, flt, start[:2], last) if r[0] > start]
        merged = sorted([*ship, *transit], key=lambda kr: kr[0])
        if until is not None:
            merged = [kr for kr in merged if kr[0] <= tuple(until)]
        rows = merged[:size]
        more = len(merged) > size
        return SchedulePage([r for _k, r in rows], rows[-1][0] if more and rows else None)

    def counts(self, flt: ShipFilter) -> ScheduleCounts:
        """The whole schedule's lines, late ones and expedited ones (the index's range)."""
        today = self._today()
        horizon = (today + timedelta(days=flt.days)).isoformat()
        n, late, urgent = self.store.reads().execute(
            COUNT_SQL, {"today": today.isoformat(), "horizon": horizon}).fetchone()
        transit = [r for _k, r in self._transit(today, flt)]
        return ScheduleCounts(n + len(transit), late + sum(r.late for r in transit),
                              urgent + sum(r.expedite for r in transit))

    def _to_ship(self, today: date, flt: ShipFilter, start: Key,
                 size: int) -> list[tuple[Key, ScheduleRow]]:
        horizon = (today + timedelta(days=flt.days)).isoformat()
        reads = self.store.reads()
        found = reads.execute(PAGE_SQL, {"horizon": horizon, "d": start[0], "o": start[1],
                                         "l": start[2], "n": size}).fetchall()
        shipped: dict[str, Decimal] = {}
        orders = sorted({r[1] for r in found if r[9] == "shipped"})
        if orders:
            sql = _SHIPPED_SQL.format(marks=", ".join("?" * len(orders)))
            for _oid, what in reads.execute(sql, orders):  # nosec B608 - marks only
                for lid, quantity in _parsed(what).items():
                    shipped[lid] = shipped.get(lid, Decimal(0)) + Decimal(str(quantity))
        out = []
        for (day, oid, lid, sku, desc, qty, account_id, account, number, status, expedite,
             needed) in found:
            left = Decimal(str(qty)) - shipped.get(lid, Decimal(0))
            late = day < today.isoformat() or (bool(needed) and needed < today.isoformat())
            out.append(((day, oid, lid), ScheduleRow(
                day, account, number, sku, desc, _qty(left), status, bool(expedite), late,
                "ship", needed, "", account_id, _id(lid))))
        return out

    def _transit(self, today: date, flt: ShipFilter, start: tuple[str, str] = ("", ""),
                 until: tuple[str, str] = ("9999", "")) -> list[tuple[Key, ScheduleRow]]:
        """Shipments of the last week (at most ``days``) awaiting delivery, one row a
        line; only those from (day, order) ``start`` to ``until``."""
        since = (today - timedelta(days=min(flt.days, TRANSIT_DAYS))).isoformat()
        reads = self.store.reads()
        events = reads.execute(TRANSIT_SQL, {"since": since, "d": start[0], "o": start[1],
                                             "ud": until[0], "uo": until[1]}).fetchall()
        wanted = sorted({lid for e in events for lid in _parsed(e[5])})
        lines: dict[str, tuple[str, str]] = {}
        for n in range(0, len(wanted), 500):
            chunk = wanted[n:n + 500]
            sql = _LINES_SQL.format(marks=", ".join("?" * len(chunk)))
            lines.update((r[0], (r[1], r[2])) for r in reads.execute(sql, chunk))  # nosec B608 - marks only
        out = []
        for (day, oid, eid, carrier, tracking, what, account_id, account, number, status,
             expedite, needed) in events:
            for lid, quantity in _parsed(what).items():
                if lid not in lines:
                    continue
                sku, desc = lines[lid]
                key = f"t{eid}{lid}"
                out.append(((day, oid, key), ScheduleRow(
                    day, account, number, sku, desc, str(quantity), status, bool(expedite),
                    bool(needed) and needed < today.isoformat(), "transit", needed,
                    f"{carrier} {tracking}".strip(), account_id, _id(key))))
        return out


def _parsed(what: str | None) -> dict[str, object]:
    try:
        value = json.loads(what or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
