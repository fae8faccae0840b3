"""The demo book's Sales Pipe: the default stages and lead score weights (as the
server seeds them), brokers and parent accounts, a few deliberate duplicates,
events with attendees, about three opportunities per buying account with their
stage histories, leads from every source in every status, and quotas for each
rep (the manager's team) by month, quarter and year.

Written after everything else, through the generator's raw cursor and seeded
generator, so the rows written before it come out exactly as they did without
it. The new tables' indexes are dropped during the load and built once.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from desktop.demo import deals as demo_deals
from desktop.demo import leads as demo_leads
from desktop.demo import pipeline_book
from desktop.demo.catalogue import FAMILIES
from desktop.domain.schema.base import canonical_decimal
from desktop.domain.scoring import DEFAULT_WEIGHTS
from desktop.domain.stages import DEFAULT_STAGES
from desktop.store import derived

if TYPE_CHECKING:
    from desktop.demo.book import BookWriter

TABLES = ("opportunities", "opportunity_stage_changes", "opportunity_lines", "event_attendees")
PRODUCT_LINES = tuple(family for _code, family, _unit, _variants in FAMILIES)


def write_pipeline(w: BookWriter, catalogue: list[tuple[str, str, str, str, Decimal]]) -> None:
    cur = w.cur
    indexes = [sql for (sql,) in cur.execute(
        f"SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "  # nosec B608 - identifiers from code, values bound
        f"AND tbl_name IN ({', '.join('?' * len(TABLES))})", TABLES).fetchall()]
    for (name,) in cur.execute(
            f"SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "  # nosec B608 - identifiers from code, values bound
            f"AND tbl_name IN ({', '.join('?' * len(TABLES))})", TABLES).fetchall():
        cur.execute(f'DROP INDEX "{name}"')
    # The leads' search triggers too: the generator rebuilds the lead search at the end.
    indexes += derived.drop_indexes(cur, ("leads",))
    _write_settings(w)
    book = pipeline_book.load(w)
    pipeline_book.write_links(w, book)
    pipeline_book.write_duplicates(w, book)
    events = demo_leads.plan_events(w)
    deals, lines = demo_deals.make_deals(w, book, catalogue, events)
    demo_leads.write_leads(w, book, deals, events)  # converted leads name their deals
    demo_deals.write_deals(w, book, deals, lines)
    _write_quotas(w, deals)
    for statement in indexes:
        cur.execute(statement)


def _write_settings(w: BookWriter) -> None:
    now = w.now_text
    w.cur.executemany(
        "INSERT INTO opportunity_stages (id, key, name, position, probability, kind, active, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)",
        [(w.new_id(), s.key, s.name, s.position, canonical_decimal(s.probability), s.kind,
          now, now) for s in DEFAULT_STAGES])
    w.cur.executemany(
        "INSERT INTO lead_score_weights (id, factor, weight, cap, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(w.new_id(), factor, weight, cap, now, now)
         for factor, (weight, cap) in DEFAULT_WEIGHTS.items()])


def _write_quotas(w: BookWriter, deals: list[demo_deals.Deal]) -> None:
    """Each rep's revenue by month, quarter and year, units of each product line
    and new accounts by quarter, for this year and next year's first quarter.
    Revenue targets a little above what the rep won in a month over the last year."""
    rng, now = w.rng, w.now_text
    won: dict[str, Decimal] = defaultdict(Decimal)
    for deal in deals:
        if deal.stage == demo_deals.WON_KEY and w.now - deal.path[-1][1] < 365 * 86_400:
            won[deal.owner] += deal.amount
    year = w.today.year
    months = [date(year, m, 1) for m in range(1, 13)] + [date(year + 1, m, 1) for m in (1, 2, 3)]
    quarters = [date(year, m, 1) for m in (1, 4, 7, 10)] + [date(year + 1, 1, 1)]
    scale = max(1, w.counts["accounts"] // 1000)
    rows = []

    def add(owner: str, kind: str, start: date, metric: str, target: Decimal,
            line: str | None = None) -> None:
        rows.append((w.new_id(), owner, kind, start.isoformat(), metric, line,
                     canonical_decimal(target), "USD", now, now))

    for rep in w.reps:
        base = max(Decimal(5_000), (won[rep] / 12 * Decimal("1.1")).quantize(Decimal("1E3")))
        monthly = {m: (base * Decimal(rng.randrange(90, 116)) / 100).quantize(Decimal("1E2"))
                   for m in months}
        for m, target in monthly.items():
            add(rep, "month", m, "revenue", target)
        for q in quarters:
            add(rep, "quarter", q, "revenue", sum(
                (t for m, t in monthly.items() if q <= m < _next_quarter(q)), Decimal(0)))
            add(rep, "quarter", q, "new_accounts", Decimal(scale * rng.choice((2, 3, 4, 5))))
            for line in PRODUCT_LINES:
                add(rep, "quarter", q, "units", Decimal(scale * rng.randrange(4, 40) * 25), line)
        add(rep, "year", date(year, 1, 1), "revenue",
            sum((t for m, t in monthly.items() if m.year == year), Decimal(0)))
    w.cur.executemany(
        "INSERT INTO quotas (id, owner_id, period_kind, period_start, metric, product_line, "
        "target, currency, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    w.counts["quotas"] = len(rows)


def _next_quarter(start: date) -> date:
    return date(start.year + 1, 1, 1) if start.month == 10 else date(start.year,
                                                                      start.month + 3, 1)

