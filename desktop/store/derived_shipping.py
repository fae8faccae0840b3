"""The shipping schedule's sort key, kept by triggers (migration 0019).

``order_lines.open_ship_date`` is the line's ship date while something of it is
still to ship (the line and its order live, the order not delivered, invoiced
or cancelled, less shipped than ordered), NULL otherwise. The partial index
``ix_order_lines_open_ship`` holds only those lines in the schedule's order
(date, order, line), so a page of the Shipping view is a seek in it and the
next page starts where the last ended; the closed history never enters it.

A line, its order's status or deletion, or a shipment event recomputes the
lines concerned, so every write path (sync included) keeps the key right.

``ix_order_events_shipped`` holds the shipments by their day (partial: shipped
steps only), so the week of shipments on their way is a range, not a scan of
every order's steps.
"""

from __future__ import annotations

from desktop.store.derived import SUSPENDED

COLUMNS = ("open_ship_date",)  # local-only columns on order_lines (not in the model)
INDEX = "ix_order_lines_open_ship"
SHIPPED = "ix_order_events_shipped"
SHIP_DAY = "coalesce(ship_date, substr(at, 1, 10))"  # a shipment's day, as the schedule shows
INDEXES = frozenset({INDEX, SHIPPED})
CLOSED = "('delivered', 'invoiced', 'cancelled')"

# What of a line has shipped: the shipment events of its order while the order
# stands at 'shipped' (later states close the line anyway), as the schedule
# counts them. json_valid: a malformed record must not make a write fail.
_SHIPPED = ("coalesce((SELECT sum(CAST(j.value AS REAL)) FROM order_events e, "
            "json_each(CASE WHEN json_valid(e.shipped) THEN e.shipped END) j "
            "WHERE e.order_id = o.id AND e.status = 'shipped' AND e.deleted_at IS NULL "
            "AND o.status = 'shipped' AND j.key = l.id), 0)")
_OPEN = (f"(SELECT CASE WHEN l.deleted_at IS NULL AND o.deleted_at IS NULL "
         f"AND o.status NOT IN {CLOSED} AND CAST(l.quantity AS REAL) - {_SHIPPED} > 1e-9 "
         "THEN l.ship_date END FROM order_lines l JOIN orders o ON o.id = l.order_id "
         "WHERE l.id = order_lines.id)")


def _set(where: str) -> str:
    return f"UPDATE order_lines SET open_ship_date = {_OPEN} WHERE {where};"


TRIGGERS: dict[str, str] = {
    "order_lines_ship_ai": f"AFTER INSERT ON order_lines WHEN {SUSPENDED} "
    f"BEGIN {_set('id = NEW.id')} END",
    "order_lines_ship_au": "AFTER UPDATE OF quantity, ship_date, deleted_at, order_id "
    f"ON order_lines WHEN {SUSPENDED} BEGIN {_set('id = NEW.id')} END",
    "orders_ship_ai": f"AFTER INSERT ON orders WHEN {SUSPENDED} "
    f"BEGIN {_set('order_id = NEW.id')} END",
    "orders_ship_au": f"AFTER UPDATE OF status, deleted_at ON orders WHEN {SUSPENDED} "
    f"BEGIN {_set('order_id = NEW.id')} END",
    "order_events_ship_ai": f"AFTER INSERT ON order_events WHEN {SUSPENDED} "
    f"AND NEW.status = 'shipped' BEGIN {_set('order_id = NEW.order_id')} END",
    "order_events_ship_au": "AFTER UPDATE OF shipped, status, deleted_at, order_id "
    f"ON order_events WHEN {SUSPENDED} BEGIN {_set('order_id = OLD.order_id')} "
    f"{_set('order_id = NEW.order_id')} END",
    "order_events_ship_ad": f"AFTER DELETE ON order_events WHEN {SUSPENDED} "
    f"BEGIN {_set('order_id = OLD.order_id')} END",
}

DDL: list[str] = [
    "ALTER TABLE order_lines ADD COLUMN open_ship_date TEXT",
    f"CREATE INDEX {INDEX} ON order_lines (open_ship_date, order_id, id) "
    "WHERE open_ship_date IS NOT NULL",
    f"CREATE INDEX {SHIPPED} ON order_events ({SHIP_DAY}, order_id) "
    "WHERE status = 'shipped' AND deleted_at IS NULL",
    *(f"CREATE TRIGGER {name} {body}" for name, body in TRIGGERS.items()),
]

REBUILD: list[str] = [f"UPDATE order_lines SET open_ship_date = {_OPEN}"]

DROP: list[str] = [
    *(f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGERS),
    f"DROP INDEX IF EXISTS {INDEX}",
    f"DROP INDEX IF EXISTS {SHIPPED}",
    "ALTER TABLE order_lines DROP COLUMN open_ship_date",
]
