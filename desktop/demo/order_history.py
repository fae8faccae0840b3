"""Two years of order history, so that every report shows a trend.

Customers and distributors order at a rate set by their tier, shaped by:

* **seasonality**: a quiet first quarter, a peak from September to November;
* **a declining segment**: Small business orders fall to a third over the two years;
* **growing accounts**: one customer in twelve orders more and more;
* **dormant accounts**: those marked dormant stopped ordering 14 to 20 months ago,
  and one in three of them ordered again in the last two months (reactivated);
* **delivery**: each line asks for a ship date; most ship on time, more run late in
  the autumn peak, one order in sixteen is expedited (and mostly kept on time).

Orders go in as invoiced (delivered for the last weeks) with their steps and one
shipment. A generator of its own (from the seed) keeps the rows written before
it exactly as they were.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from desktop.demo.book import _UUID_CLEAR, _UUID_SET, DAY
from desktop.demo.orders import _prefix
from desktop.domain.forecast_math import add_months

if TYPE_CHECKING:
    from desktop.demo.book import BookWriter

MONTHS = 24
RATE = {"A": 0.16, "B": 0.07, "C": 0.03}  # orders a month
SEASON = (0.7, 0.75, 0.9, 1.0, 1.05, 0.95, 0.85, 0.95, 1.25, 1.4, 1.5, 1.0)  # Jan..Dec
DECLINING = "Small business"
QUANTITIES = (4, 6, 10, 12, 20, 24, 40, 60)
CARRIERS = ("UPS", "FedEx Freight", "XPO", "Estes", "DHL")
REASONS = ("Line down at the plant", "Trade show on Monday", "Inventory count next week",
           "Replacing a damaged delivery")


def write_order_history(w: BookWriter, catalogue: list[tuple[str, str, str, str, Decimal]],
                        seed: int) -> None:
    rng = random.Random(seed * 1_000_003 + 14)
    cur = w.cur
    accounts = cur.execute(
        "SELECT id, owner_id, segment, coalesce(tier, 'C'), status FROM accounts "
        "WHERE kind IN ('customer', 'distributor') AND status IN ('active', 'dormant') "
        "ORDER BY rowid").fetchall()
    first = add_months(w.today.replace(day=1), -MONTHS)
    months = [add_months(first, n) for n in range(MONTHS + 1)]  # this month too
    # Provisional numbers as OrderService makes them: the rep's prefix and the
    # next of a dense sequence (after the demo's recent orders).
    names = dict(cur.execute("SELECT id, name FROM users").fetchall())
    taken = dict(cur.execute("SELECT author_id, count(*) FROM orders GROUP BY 1").fetchall())
    sequence: dict[str, int] = {}
    orders: list[Any] = []
    lines: list[Any] = []
    events: list[Any] = []
    number = 0

    def new_id() -> str:
        return f"{(rng.getrandbits(128) & _UUID_CLEAR) | _UUID_SET:032x}"

    for account, owner, segment, tier, status in accounts:
        rate = RATE.get(tier, 0.03)
        growing = status == "active" and rng.random() < 1 / 12
        plan: list[date] = []
        if status == "dormant":
            stop = MONTHS - rng.randrange(14, 21)
            plan = [m for n, m in enumerate(months[:stop]) if rng.random() < rate * 1.5]
            if rng.random() < 1 / 3:  # reactivated: an order within the last two months
                plan.append(months[-1 - rng.randrange(0, 2)])
        else:
            for n, m in enumerate(months):
                shape = SEASON[m.month - 1]
                if segment == DECLINING:
                    shape *= 1.3 - 0.9 * n / MONTHS
                if growing:
                    shape *= 0.4 + 2.6 * n / MONTHS
                if rng.random() < rate * shape:
                    plan.append(m)
        for month in plan:
            day = month + timedelta(days=rng.randrange(0, 28))
            if day >= w.today:
                continue
            number += 1
            sequence[owner] = sequence.get(owner) or int(taken.get(owner) or 0)
            sequence[owner] += 1
            provisional = f"P-{_prefix(names, owner)}-{sequence[owner]:04d}"
            _order(w, rng, new_id, catalogue, account, owner, day, number, provisional, growing,
                   orders, lines, events)
    cur.executemany(
        "INSERT INTO orders (id, account_id, author_id, provisional_number, number, status, "
        "currency, entered_at, expedite, expedite_reason, needed_by, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, 'USD', ?, ?, ?, ?, ?, ?)", orders)
    cur.executemany(
        "INSERT INTO order_lines (id, order_id, account_id, position, product_id, sku, "
        "description, quantity, unit, unit_price, discount_percent, tax_rate, ship_date, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '0.0825', ?, ?, ?)",
        lines)
    cur.executemany(
        "INSERT INTO order_events (id, order_id, account_id, status, at, carrier, "
        "tracking_number, note, ship_date, shipped, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", events)
    w.counts["orders"] = w.counts.get("orders", 0) + len(orders)
    w.counts["order_lines"] = w.counts.get("order_lines", 0) + len(lines)


def _order(w: BookWriter, rng: random.Random, new_id: Any,
           catalogue: list[tuple[str, str, str, str, Decimal]], account: str, owner: str,
           day: date, number: int, provisional: str, growing: bool, orders: list[Any],
           lines: list[Any], events: list[Any]) -> None:
    oid = new_id()
    midnight = (day - date(1970, 1, 1)).days * DAY
    entered = midnight + 46_800 + rng.randrange(0, 30_000)
    stamp = w.stamp(entered)
    expedite = rng.random() < 1 / 16
    lead = rng.randrange(2, 5) if expedite else rng.randrange(5, 12)
    wanted = day + timedelta(days=lead)
    # Later in the autumn peak, and now and then all year.
    late_odds = 0.05 if expedite else (0.25 if day.month in (10, 11) else 0.1)
    slip = rng.randrange(1, 9) if rng.random() < late_odds else -rng.randrange(0, 2)
    shipped_on = max(wanted + timedelta(days=slip), day)
    shipped = shipped_on < w.today
    status = ("confirmed" if not shipped else
              "delivered" if (w.today - shipped_on).days < 14 else "invoiced")
    orders.append((oid, account, owner, provisional, f"SO-H{number:06d}", status, stamp,
                   1 if expedite else 0, REASONS[number % len(REASONS)] if expedite else None,
                   wanted.isoformat() if expedite else None, stamp, stamp))
    carried = {}
    for position in range(1, rng.randrange(2, 5)):
        product, sku, name, unit, price = catalogue[int(rng.random() * len(catalogue))]
        quantity = QUANTITIES[int(rng.random() * len(QUANTITIES))] * (2 if growing else 1)
        discount = "5" if quantity >= 40 else "0"
        lid = new_id()
        carried[lid] = str(quantity)
        lines.append((lid, oid, account, position, product, sku, name, str(quantity), unit,
                      f"{price.normalize():f}", discount, wanted.isoformat(), stamp, stamp))
    steps: list[tuple[str, float, str | None, str | None]] = [
        ("entered", entered, None, None), ("confirmed", entered + 1_800, None, None)]
    if shipped:
        at = max(entered + 3_600, (shipped_on - date(1970, 1, 1)).days * DAY + 54_000)
        steps.append(("shipped", at, shipped_on.isoformat(), json.dumps(carried)))
        steps.append((status, at + rng.randrange(1, 4) * DAY, None, None))
    for kind, when, ship_date, what in steps:
        text = w.stamp(min(when, w.now - 3_600))
        events.append((new_id(), oid, account, kind, text,
                       CARRIERS[number % len(CARRIERS)] if what else None,
                       f"1Z{rng.randrange(10**9, 10**10)}" if what else None,
                       "Entered by phone" if kind == "entered" else None, ship_date, what,
                       text, text))
