"""Demo orders at every step of fulfilment: entered, confirmed, material
reserved, allocated, picked, partly shipped, shipped, delivered, invoiced and
cancelled, some expedited and some late, with their timelines, shipments
(carrier, tracking number, ship date, what each carried) and the stock
requests the server decided (granted holds and allocations, a few refused,
lapsed holds for quotes). Written with ``executemany`` like the rest."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from desktop.demo.book import DAY
from desktop.demo.catalogue import WAREHOUSES

if TYPE_CHECKING:
    from desktop.demo.book import BookWriter

# The last step each demo order reached ("partial": shipped, with some left).
STEPS = ("entered", "confirmed", "reserved", "allocated", "picked", "partial", "shipped",
         "delivered", "invoiced", "cancelled")
PATH = ("entered", "confirmed", "reserved", "allocated", "picked", "shipped", "shipped",
        "delivered", "invoiced")
CARRIERS = ("UPS", "FedEx Freight", "XPO", "Estes", "DHL")
REASONS = ("Line down at the plant", "Trade show on Monday", "Inventory count next week",
           "Replacing a damaged delivery")
CANCELS = ("Customer bought elsewhere", "Duplicate of an earlier order", "Project postponed")


def write_orders(w: BookWriter, catalogue: list[tuple[str, str, str, str, Decimal]],
                 every: int = 20) -> None:
    """One order for every ``every``-th account (not the proposal ones)."""
    accounts = w.cur.execute(
        f"SELECT id, owner_id FROM accounts WHERE rowid % {every} = 7 ORDER BY rowid").fetchall()  # nosec B608 - identifiers from code, values bound
    rows: dict[str, list[Any]] = {k: [] for k in ("orders", "lines", "events", "requests")}
    rng, now_text = w.rng, w.now_text
    names = dict(w.cur.execute("SELECT id, name FROM users").fetchall())
    sequence: dict[str, int] = {}
    for n, (account, owner) in enumerate(accounts):
        step = STEPS[n % len(STEPS)]
        reached = _path(step)
        # Orders on their way moved a step a day and shipped within the last few days.
        moving = step in ("partial", "shipped")
        entered = w.now - (len(reached) * (1 if moving else 2) + rng.randrange(1, 4 if moving
                                                                              else 12)) * DAY \
            - rng.randrange(7_200, 30_000)  # in US business hours
        oid = w.new_id()
        expedite = n % 7 == 3
        late = n % 4 == 1 and step in ("confirmed", "reserved", "allocated", "picked", "partial")
        shipped_by = w.today + timedelta(days=(-rng.randrange(2, 9) if late
                                               else rng.randrange(0, 21)))
        if step in ("shipped", "delivered", "invoiced"):
            shipped_by = w.today - timedelta(days=rng.randrange(3, 10))
        needed = (w.today + timedelta(days=(-1 if late else rng.randrange(2, 12))))
        # The newest few have not reached the server yet: provisional numbers only.
        number = None if step in ("entered", "confirmed") and n % 3 == 0 else f"SO-{n + 1:06d}"
        owner = owner or w.reps[0]
        sequence[owner] = sequence.get(owner, 0) + 1  # per rep, as the service counts
        provisional = f"P-{_prefix(names, owner)}-{sequence[owner]:04d}"
        status = "shipped" if step == "partial" else step
        rows["orders"].append((
            oid, account, None, owner, provisional, number, status, "USD", w.stamp(entered),
            1 if expedite else 0, REASONS[n % len(REASONS)] if expedite else None,
            needed.isoformat() if expedite else None, w.stamp(entered), now_text))
        lines = []
        for position in range(1, rng.randrange(2, 5)):
            product, sku, name, unit, price = rng.choice(catalogue)
            lid = w.new_id()
            quantity = rng.choice((4, 10, 12, 24, 40, 60))
            lines.append((lid, product, quantity))
            rows["lines"].append((lid, oid, account, position, product, sku, name, str(quantity),
                                  unit, f"{price.normalize():f}", "0", "0.0825",
                                  shipped_by.isoformat(), now_text, now_text))
        at = entered
        for k, event in enumerate(reached):
            if k:
                gap = DAY if moving else rng.randrange(1, 3) * DAY
                at = min(at + gap + rng.randrange(600, 7_000), w.now - 3_600)
            details: tuple[Any, ...] = (None, None, None, None, None)
            if event == "shipped":
                # Two shipments: half, then the rest; a partial order has only the first.
                first = k == reached.index("shipped")
                carried = {lid: str(q // 2 if first else q - q // 2) for lid, _p, q in lines}
                details = (CARRIERS[(n + k) % len(CARRIERS)],
                           f"1Z{rng.randrange(10**9, 10**10)}", None, w.stamp(at)[:10],
                           json.dumps(carried))
            elif event == "cancelled":
                details = (None, None, CANCELS[n % len(CANCELS)], None, None)
            elif event == "entered":
                details = (None, None, "Entered by phone" if n % 3 else "From the web shop",
                           None, None)
            rows["events"].append((w.new_id(), oid, account, event, w.stamp(at), *details,
                                   w.stamp(at), w.stamp(at)))
        _requests(w, rows["requests"], n, account, reached, lines, entered)
    cur = w.cur
    cur.executemany(
        "INSERT INTO orders (id, account_id, proposal_id, author_id, provisional_number, number, "
        "status, currency, entered_at, expedite, expedite_reason, needed_by, created_at, "
        "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows["orders"])
    cur.executemany(
        "INSERT INTO order_lines (id, order_id, account_id, position, product_id, sku, "
        "description, quantity, unit, unit_price, discount_percent, tax_rate, ship_date, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows["lines"])
    cur.executemany(
        "INSERT INTO order_events (id, order_id, account_id, status, at, carrier, "
        "tracking_number, note, ship_date, shipped, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows["events"])
    cur.executemany(
        "INSERT INTO stock_requests (id, account_id, order_line_id, proposal_id, product_id, "
        "warehouse, quantity, kind, expires_at, status, reason, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows["requests"])
    w.counts["orders"] = len(rows["orders"])


def _path(step: str) -> tuple[str, ...]:
    if step == "cancelled":
        return ("entered", "confirmed", "cancelled")
    if step == "partial":
        return PATH[:6]
    if step in ("shipped", "delivered", "invoiced"):
        return PATH[:PATH.index(step) + 1] if step != "shipped" else PATH[:7]
    return PATH[:PATH.index(step) + 1]


def _prefix(names: dict[str, str], owner: str) -> str:
    """As OrderService numbers them: P-, the rep's initials and part of their id."""
    initials = "".join(part[0] for part in names.get(owner, "X X").split()[:2]).upper()
    return f"{initials}{owner[:4].upper()}"


def _requests(w: BookWriter, out: list[Any], n: int, account: str, reached: tuple[str, ...],
              lines: list[tuple[str, str, int]], entered: float) -> None:
    """Holds when material was reserved, allocations when allocated; every
    ninth allocation refused by the server, as it would be when stock ran out."""
    house = WAREHOUSES[n % len(WAREHOUSES)]
    made = w.stamp(entered + 2 * DAY)
    for kind in ("reserve", "allocate"):
        if (kind == "reserve" and "reserved" not in reached) or (
                kind == "allocate" and "allocated" not in reached):
            continue
        for k, (lid, product, quantity) in enumerate(lines):
            refused = kind == "allocate" and n % 9 == 4 and k == 0
            expires = w.stamp(w.now + 5 * DAY) if kind == "reserve" else None
            reason = (f"Only {quantity // 3} available in {house}; {quantity} requested."
                      if refused else None)
            out.append((w.new_id(), account, lid, None, product, house, str(quantity), kind,
                        expires, "rejected" if refused else "granted", reason, made, made))
