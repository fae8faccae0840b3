"""Demo opportunities: about three per buying account, at every stage of the
default Sales Pipe, each with its stage history from creation (``None``) to
its current stage, in time order and in the past.

Open deals carry a next step (some overdue, some close dates passed: stale);
won and lost ones a reason and ``closed_at`` spread over the last year. A third
are priced from the catalogue line by line. The accounts with a demo proposal
get a deal at the stage the proposal stands for (accepted: negotiation,
declined or expired: lost) and the proposal names it; the accounts with an
order get a won deal for the order's amount, closed a few days before the
order was entered, and the order names it. The broker who brought the client
is the deal's and the order's broker.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from desktop.demo import pipeline_vocab as words
from desktop.demo.book import DAY
from desktop.domain.schema.base import canonical_decimal
from desktop.domain.stages import DEFAULT_STAGES, LOST, OPEN, WON

if TYPE_CHECKING:
    from desktop.demo.book import BookWriter
    from desktop.demo.leads import DemoEvent
    from desktop.demo.pipeline_book import Book

BUYERS = frozenset(("customer", "prospect", "distributor"))

OPEN_KEYS = tuple(s.key for s in DEFAULT_STAGES if s.kind == OPEN)
WON_KEY = next(s.key for s in DEFAULT_STAGES if s.kind == WON)
LOST_KEY = next(s.key for s in DEFAULT_STAGES if s.kind == LOST)
PROBABILITY = {s.key: s.probability for s in DEFAULT_STAGES}
# Stages in proportion: every stage appears in the first len(CYCLE) deals.
CYCLE = (*OPEN_KEYS, *OPEN_KEYS, *OPEN_KEYS[:4], *OPEN_KEYS[:4], WON_KEY, WON_KEY, WON_KEY,
         WON_KEY, LOST_KEY, LOST_KEY, LOST_KEY)
FORECAST = {
    OPEN_KEYS[0]: ("pipeline",) * 9 + ("omitted",),
    OPEN_KEYS[1]: ("pipeline",) * 9 + ("omitted",),
    OPEN_KEYS[2]: ("pipeline",) * 7 + ("best_case",) * 3,
    OPEN_KEYS[3]: ("best_case",) * 6 + ("commit",) * 2 + ("pipeline",) * 2,
    OPEN_KEYS[4]: ("commit",) * 7 + ("best_case",) * 3,
    WON_KEY: ("commit",), LOST_KEY: ("omitted",),
}
CENTS = Decimal("0.01")
AFTER_PROPOSAL = {"draft": None, "sent": None, "accepted": "negotiation", "declined": LOST_KEY,
                  "expired": LOST_KEY}


@dataclass(slots=True)
class Deal:
    id: str
    account: str
    owner: str
    stage: str
    amount: Decimal
    path: list[tuple[str, float]]  # (stage, when): the history, oldest first
    contact: str | None = None
    broker: str | None = None
    event: str | None = None
    source_lead: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def created(self) -> float:
        return self.path[0][1]


def _epoch(text: str) -> float:
    """A stored date or naive-UTC datetime text as seconds since 1970."""
    return datetime.fromisoformat(text[:19]).replace(tzinfo=UTC).timestamp()


def _times(w: BookWriter, steps: int, tail: float) -> list[float]:
    """``steps`` moments, days apart, the last ``tail`` seconds before now."""
    r = w.rng.random
    gaps = [int(3 + r() * 27) * DAY + int(600 + r() * 28_200) for _ in range(steps - 1)]
    at = w.now - tail - sum(gaps)
    out = [at]
    for gap in gaps:
        at += gap
        out.append(at)
    return out


def _path(w: BookWriter, stage: str) -> list[str]:
    """The stages a deal went through to ``stage``: from the first open stage or
    the second, now and then one skipped."""
    rng = w.rng
    last = OPEN_KEYS.index(stage) if stage in OPEN_KEYS else (
        len(OPEN_KEYS) - 1 - (rng.random() < 0.3) if stage == WON_KEY
        else int(rng.random() * len(OPEN_KEYS)))
    start = 1 if last >= 1 and rng.random() < 0.3 else 0
    keys = list(OPEN_KEYS[start:last + 1])
    if len(keys) > 2 and rng.random() < 0.25:
        del keys[1 + int(rng.random() * (len(keys) - 2))]
    return keys if stage in OPEN_KEYS else [*keys, stage]


def _priced(w: BookWriter, deal_id: str, account: str,
            catalogue: list[tuple[str, str, str, str, Decimal]],
            lines: list[tuple[Any, ...]]) -> Decimal:
    rng, now = w.rng, w.now_text
    total = Decimal(0)
    for position in range(1, rng.randrange(2, 5)):
        product, sku, name, unit, price = catalogue[int(rng.random() * len(catalogue))]
        quantity = rng.choice((10, 20, 25, 50, 100, 250))
        percent = rng.choice((0, 0, 0, 5, 10))
        total += quantity * price * (100 - percent) / 100
        lines.append((w.new_id(), deal_id, account, position, product, sku, name, str(quantity),
                      unit, canonical_decimal(price), str(percent), now, now))
    return total.quantize(CENTS)


def make_deals(w: BookWriter, book: Book, catalogue: list[tuple[str, str, str, str, Decimal]],
               events: list[DemoEvent]) -> tuple[list[Deal], list[tuple[Any, ...]]]:
    """The deals (in memory: leads still name theirs) and their priced lines."""
    rng = w.rng
    deals: list[Deal] = []
    lines: list[tuple[Any, ...]] = []
    ends = [e.ends for e in events]
    for a in book.accounts:
        buys = a.kind in BUYERS and a.status in ("active", "prospect")
        if not buys and a.id not in book.orders:
            continue
        count = rng.choice((1, 1, 2)) if a.status == "prospect" else rng.choice((2, 3, 3, 4))
        person = book.first_contact.get(a.id)
        broker = book.broker_of.get(a.id)
        for k in range(count):
            deal = _deal(w, a.id, a.owner, a.status, k, book, len(deals))
            if deal.amount == 0:
                deal.amount = (_priced(w, deal.id, a.id, catalogue, lines)
                               if rng.random() < 0.33 else Decimal(rng.randrange(10, 400) * 250))
            deal.contact = person.id if person and rng.random() < 0.85 else None
            deal.broker = broker
            at = bisect.bisect(ends, deal.created) - 1
            if at >= 0 and deal.created - ends[at] < 45 * DAY and rng.random() < 0.08:
                deal.event = events[at].id
            deals.append(deal)
    return deals, lines


def _deal(w: BookWriter, account: str, owner: str, status: str, k: int, book: Book,
          n: int) -> Deal:
    rng = w.rng
    deal_id = w.new_id()
    proposal = book.proposals.get(account) if k == 0 else None
    order = book.orders.get(account) if k == 0 else None
    if order and order[1] != "cancelled":
        entered = _epoch(order[2])
        closed = entered - rng.randrange(1, 4) * DAY - rng.randrange(3_600, 20_000)
        keys = _path(w, WON_KEY)
        times = _times(w, len(keys), w.now - closed)
        extra = {"order": order[0]}
        return Deal(deal_id, account, owner, WON_KEY, order[3], list(zip(keys, times,
                                                                         strict=True)),
                    extra=extra)
    if proposal:
        # To the proposal stage when it was issued; accepted: negotiation, declined
        # or expired: lost, some days later.
        keys = _path(w, "proposal")
        after = AFTER_PROPOSAL[proposal[1]]
        issued = min(_epoch(proposal[2]) + 54_000, w.now - 14_400)
        times = _times(w, len(keys), w.now - issued)
        if after:
            keys.append(after)
            times.append(issued + (w.now - 3_600 - issued) * rng.uniform(0.2, 0.9))
        return Deal(deal_id, account, owner, keys[-1], proposal[3],
                    list(zip(keys, times, strict=True)), extra={"proposal": proposal[0]})
    stage = CYCLE[n % len(CYCLE)] if n < len(CYCLE) else CYCLE[int(rng.random() * len(CYCLE))]
    if status == "prospect" and stage == WON_KEY:
        stage = OPEN_KEYS[0]  # a prospect has won nothing yet
    keys = _path(w, stage)
    tail = (rng.randrange(1, 60) if stage in OPEN_KEYS else rng.randrange(1, 365)) * DAY
    times = _times(w, len(keys), tail + rng.randrange(3_600, 30_000))
    return Deal(deal_id, account, owner, stage, Decimal(0), list(zip(keys, times, strict=True)))


def write_deals(w: BookWriter, book: Book, deals: list[Deal],
                lines: list[tuple[Any, ...]]) -> None:
    stamp, r = w.stamp, w.rng.random
    day = {k: (w.today + timedelta(days=k)).isoformat() for k in range(-25, 150)}
    above = {key: canonical_decimal(p + Decimal("0.05")) for key, p in PROBABILITY.items()}
    rows, changes = [], []
    for deal in deals:
        amount = canonical_decimal(deal.amount)
        for (before, _), (key, when) in zip([(None, 0.0), *deal.path], deal.path, strict=False):
            text = stamp(when)
            changes.append((w.new_id(), deal.id, deal.account, before, key, amount, text,
                            deal.owner, text, text))
        last = deal.path[-1][1]
        stage = deal.stage
        outcome = WON if stage == WON_KEY else LOST if stage == LOST_KEY else OPEN
        closed = stamp(last) if outcome != OPEN else None
        step: str | None = None
        step_on: str | None = None
        reason = None
        if closed is None:  # open: closing from 25 days ago (stale) to five months ahead
            close_on = day[int(r() * 175) - 25]
            if r() >= 0.1:
                step_on = day[int(r() * 37) - 12]
                step = words.NEXT_STEPS[int(r() * len(words.NEXT_STEPS))]
        else:
            close_on = closed[:10]
            reasons = words.WON_REASONS if outcome == WON else words.LOST_REASONS
            reason = reasons[int(r() * len(reasons))]
        probability = above[stage] if closed is None and r() < 0.12 else None
        forecast = FORECAST[stage][int(r() * len(FORECAST[stage]))]
        competitor = words.COMPETITORS[int(r() * len(words.COMPETITORS))] if r() < 0.4 else None
        name = words.DEALS[int(r() * len(words.DEALS))]
        rows.append((deal.id, deal.account, deal.contact, deal.owner, name, amount, "USD",
                     close_on, stage, probability, forecast, competitor, step, step_on,
                     deal.source_lead, deal.event, deal.broker, outcome, reason, closed,
                     stamp(last), stamp(deal.created), stamp(last)))
    # In key order: each row lands at the end of the primary key's B-tree, not at a
    # random place in it (a third of the insert time at 100,000 accounts).
    for table in (rows, changes, lines):
        table.sort(key=itemgetter(0))
    cur = w.cur
    cur.executemany(
        "INSERT INTO opportunities (id, account_id, contact_id, owner_id, name, amount, "
        "currency, close_date, stage, probability, forecast_category, competitor, next_step, "
        "next_step_on, source_lead_id, event_id, broker_id, outcome, outcome_reason, closed_at, "
        "stage_changed_at, created_at, updated_at) VALUES "
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    cur.executemany(
        "INSERT INTO opportunity_stage_changes (id, opportunity_id, account_id, from_stage, "
        "to_stage, amount, changed_at, changed_by, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", changes)
    cur.executemany(
        "INSERT INTO opportunity_lines (id, opportunity_id, account_id, position, product_id, "
        "sku, description, quantity, unit, unit_price, discount_percent, created_at, "
        "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", lines)
    cur.executemany("UPDATE proposals SET opportunity_id = ? WHERE id = ?",
                    [(d.id, d.extra["proposal"]) for d in deals if "proposal" in d.extra])
    cur.executemany("UPDATE orders SET opportunity_id = ? WHERE id = ?",
                    [(d.id, d.extra["order"]) for d in deals if "order" in d.extra])
    cur.executemany("UPDATE orders SET broker_id = ? WHERE id = ?",
                    [(book.broker_of[account], order[0]) for account, order in book.orders.items()
                     if account in book.broker_of])
    w.counts["opportunities"] = len(rows)
    w.counts["stage_changes"] = len(changes)
