"""Each order line's first shipment day, kept by triggers, and the covering
indexes the delivery and closings reports read through (migration 0022).

``order_lines.first_shipped_on`` is the earliest ``ship_date`` of the live
shipment steps of the line's order (``order_events`` of status shipped) whose
``shipped`` names the line, NULL before any. The delivery report compares it
with the date asked for; reading it from the events took a JSON walk of every
shipment of the order for each line (0.7 s on the lines due in 9 months of
the 100,000-account book). ``ix_order_lines_due`` holds the lines by that
requested date with what the report reads, so it reads no line row.

Closings reads each order's live lines (net, product) from
``ix_order_lines_order_net``, the deals won or lost in the period from
``ix_opportunities_closed_facts`` and whether a won deal has a live order from
``ix_orders_opportunity_live``: the indexes alone, no wide row (0.45 s of the
0.78 s on 9 months).

A shipment step written, changed or removed recomputes its order's lines; a
line inserted or moved to another order recomputes itself, so every write
path (sync included) keeps the day right. json_valid: a malformed record must
not make a write fail (it counts as naming no line).
"""

from __future__ import annotations

from desktop.store.derived import SUSPENDED

COLUMNS = ("first_shipped_on",)  # local-only columns on order_lines (not in the model)
INDEX = "ix_order_lines_due"
COVERING: dict[str, str] = {
    "ix_order_lines_order_net": "order_lines (order_id, deleted_at, quantity, unit_price, "
                                "discount_percent, product_id)",
    "ix_opportunities_closed_facts": "opportunities (outcome, closed_at, deleted_at, owner_id, "
                                     "account_id, currency, amount, created_at, id)",
    "ix_orders_opportunity_live": "orders (opportunity_id, deleted_at)",
}
INDEXES = frozenset({INDEX, *COVERING})

FIRST_SHIPPED = ("(SELECT min(e.ship_date) FROM order_events e, "
                 "json_each(CASE WHEN json_valid(e.shipped) THEN e.shipped END) j "
                 "WHERE e.order_id = order_lines.order_id AND e.status = 'shipped' "
                 "AND e.deleted_at IS NULL AND j.key = order_lines.id)")


def _set(where: str) -> str:
    return f"UPDATE order_lines SET first_shipped_on = {FIRST_SHIPPED} WHERE {where};"  # nosec B608 - identifiers from code, values bound


TRIGGERS: dict[str, str] = {
    "order_lines_first_ship_ai": f"AFTER INSERT ON order_lines WHEN {SUSPENDED} "
    f"BEGIN {_set('id = NEW.id')} END",
    "order_lines_first_ship_au": f"AFTER UPDATE OF order_id ON order_lines WHEN {SUSPENDED} "
    f"BEGIN {_set('id = NEW.id')} END",
    "order_events_first_ship_ai": f"AFTER INSERT ON order_events WHEN {SUSPENDED} "
    f"AND NEW.status = 'shipped' BEGIN {_set('order_id = NEW.order_id')} END",
    "order_events_first_ship_au": "AFTER UPDATE OF shipped, status, deleted_at, order_id, "
    f"ship_date ON order_events WHEN {SUSPENDED} AND 'shipped' IN (OLD.status, NEW.status) "
    f"BEGIN {_set('order_id = OLD.order_id')} {_set('order_id = NEW.order_id')} END",
    "order_events_first_ship_ad": f"AFTER DELETE ON order_events WHEN {SUSPENDED} "
    f"AND OLD.status = 'shipped' BEGIN {_set('order_id = OLD.order_id')} END",
}

DDL: list[str] = [
    "ALTER TABLE order_lines ADD COLUMN first_shipped_on TEXT",
    f"CREATE INDEX {INDEX} ON order_lines "
    "(ship_date, deleted_at, order_id, first_shipped_on, product_id)",
    *(f"CREATE INDEX {name} ON {on}" for name, on in COVERING.items()),
    *(f"CREATE TRIGGER {name} {body}" for name, body in TRIGGERS.items()),
]

# Only the lines of orders with a shipment step: the rest stay NULL.
REBUILD: list[str] = [
    "UPDATE order_lines SET first_shipped_on = NULL WHERE first_shipped_on IS NOT NULL",
    f"UPDATE order_lines SET first_shipped_on = {FIRST_SHIPPED} WHERE order_id IN "  # nosec B608 - identifiers from code, values bound
    "(SELECT order_id FROM order_events WHERE status = 'shipped' AND deleted_at IS NULL)",
]

DROP: list[str] = [
    *(f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGERS),
    f"DROP INDEX IF EXISTS {INDEX}",
    *(f"DROP INDEX IF EXISTS {name}" for name in COVERING),
    "ALTER TABLE order_lines DROP COLUMN first_shipped_on",
]
