"""Forecast, quota attainment and the kanban's reads on a 100,000-account cache
with ~300,000 opportunities (a manager, a team of 10 reps and one rep of
another team), built once under ``bench-out/`` with ``executemany``.

``seed_book`` is also the tests' seeded book (tests/desktop/test_forecast.py)
and may serve other benches: deals in every stage and outcome, own
probabilities on some, every forecast category, orders (some cancelled, some
naming a won deal) with lines of three product lines, a few EUR deals.

    python tests/bench/run.py --only forecast [--quick]
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

TODAY = date(2026, 12, 7)
STAGES = (("prospecting", "Prospecting", 1, "0.1", "open"),
          ("qualification", "Qualification", 2, "0.2", "open"),
          ("needs_analysis", "Needs analysis", 3, "0.4", "open"),
          ("proposal", "Proposal", 4, "0.6", "open"),
          ("negotiation", "Negotiation", 5, "0.8", "open"),
          ("closed_won", "Closed won", 6, "1", "won"),
          ("closed_lost", "Closed lost", 7, "0", "lost"))
LINES = ("Film", "Tape", "Strapping")
CATEGORIES = ("pipeline", "pipeline", "best_case", "commit", "omitted")


class Book(NamedTuple):
    manager: uuid.UUID
    team: list[uuid.UUID]
    outsider: uuid.UUID  # a rep of another team
    accounts: int
    opportunities: int
    open_by_rep: dict[uuid.UUID, int]


def _id(rng: random.Random) -> str:
    return uuid.UUID(int=rng.getrandbits(128), version=4).hex


def _stamp(day: date, rng: random.Random) -> str:
    return f"{day.isoformat()} {rng.randrange(24):02d}:{rng.randrange(60):02d}:00.000000"


def seed_book(conn: sqlite3.Connection, *, accounts: int, deals_per_account: float = 3.0,
              seed: int = 3, today: date = TODAY, open_share: float = 0.4) -> Book:
    """Write the book through ``conn`` (inside the caller's transaction).
    ``open_share`` of the deals are open; of the rest, about a third are won."""
    rng = random.Random(seed)
    now = _stamp(today, rng)
    manager, outsider = uuid.UUID(_id(rng)), uuid.UUID(_id(rng))
    team = [uuid.UUID(_id(rng)) for _ in range(10)]
    users: list[tuple[str, str, str, str, str | None]] = [
        (manager.hex, "Mia Manager", "mia@example.com", "manager", None)]
    users += [(r.hex, f"Rep {n}", f"rep{n}@example.com", "rep", manager.hex)
              for n, r in enumerate(team)]
    users.append((outsider.hex, "Otto Other", "otto@example.com", "rep", None))
    conn.executemany("INSERT INTO users (id, name, email, role, manager_id, created_at, "
                     f"updated_at) VALUES (?, ?, ?, ?, ?, '{now}', '{now}')", users)
    conn.executemany("INSERT INTO opportunity_stages (id, key, name, position, probability, "
                     f"kind, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, "
                     f"'{now}', '{now}')", [(_id(rng), *s) for s in STAGES])
    products = [(_id(rng), f"SKU-{n}", f"Product {n}", LINES[n % 3] if n < 5 else None)
                for n in range(6)]
    conn.executemany("INSERT INTO products (id, sku, name, unit, tax_rate, product_line, "
                     "lead_time_days, active, created_at, updated_at) VALUES "
                     f"(?, ?, ?, 'each', '0', ?, 0, 1, '{now}', '{now}')", products)
    owners = [*team, outsider] if accounts < 1000 else team  # the outsider: a few deals
    acc_rows: list[tuple[Any, ...]] = []
    opp_rows: list[tuple[Any, ...]] = []
    order_rows: list[tuple[Any, ...]] = []
    line_rows: list[tuple[Any, ...]] = []
    open_by_rep = {r: 0 for r in (*team, outsider)}
    for n in range(accounts):
        aid = _id(rng)
        owner = outsider if n % 50 == 0 else owners[n % len(owners)]
        created = today - timedelta(days=rng.randrange(900))
        contact = None if rng.random() < 0.2 else _stamp(
            today - timedelta(days=rng.randrange(120)), rng)
        acc_rows.append((aid, f"Account {n:06d}", owner.hex, _stamp(created, rng), contact))
        won_ids = []
        for _ in range(int(deals_per_account) + (rng.random() < deals_per_account % 1)):
            oid = _id(rng)
            roll = rng.random()
            outcome = "open" if roll < open_share else ("won" if roll < 0.6 else "lost")
            stage = (rng.choice(STAGES[:5])[0] if outcome == "open"
                     else "closed_won" if outcome == "won" else "closed_lost")
            close = today + timedelta(days=rng.randrange(-120, 400))
            closed_at = (_stamp(today - timedelta(days=rng.randrange(540)), rng)
                         if outcome != "open" else None)
            currency = "EUR" if rng.random() < 0.05 else "USD"
            amount = f"{rng.randrange(100, 5_000_000) / 100:.2f}"
            own = f"{rng.randrange(5, 96) / 100:.2f}" if rng.random() < 0.2 else None
            step_on = (today + timedelta(days=rng.randrange(-30, 60))).isoformat() \
                if rng.random() < 0.6 else None
            opp_rows.append((oid, aid, owner.hex, f"Deal {len(opp_rows)}", amount, currency,
                             close.isoformat(), stage, own, rng.choice(CATEGORIES), outcome,
                             closed_at, step_on, now, now))
            if outcome == "open":
                open_by_rep[owner] += 1
            if outcome == "won":
                won_ids.append(oid)
        for _ in range(rng.choice((0, 1, 1, 2))):
            order_id = _id(rng)
            entered = _stamp(today - timedelta(days=rng.randrange(540)), rng)
            status = "cancelled" if rng.random() < 0.1 else rng.choice(("entered", "shipped"))
            linked = won_ids.pop() if won_ids and rng.random() < 0.5 else None
            author = owner.hex if rng.random() < 0.9 else None
            order_rows.append((order_id, aid, author, f"P-{len(order_rows):07d}", status,
                               entered, linked, entered, entered))
            for pos in range(1, rng.randrange(2, 5)):
                product = rng.choice(products)
                line_rows.append((_id(rng), order_id, aid, pos, product[0], product[1],
                                  str(rng.randrange(1, 40)), f"{rng.randrange(100, 20000) / 100}",
                                  str(rng.choice((0, 0, 5, 10))), entered, entered))
    conn.executemany("INSERT INTO accounts (id, name, status, kind, billing_country, currency, "
                     "locale, tags, archived, owner_id, created_at, updated_at, last_contact_at) "
                     "VALUES (?, ?, 'active', 'customer', 'US', 'USD', 'en_US', '[]', 0, ?, ?, "
                     f"'{now}', ?)", acc_rows)
    conn.executemany("INSERT INTO opportunities (id, account_id, owner_id, name, amount, "
                     "currency, close_date, stage, probability, forecast_category, outcome, "
                     "closed_at, next_step_on, created_at, updated_at) VALUES "
                     "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", opp_rows)
    conn.executemany("INSERT INTO orders (id, account_id, author_id, provisional_number, "
                     "status, currency, entered_at, expedite, opportunity_id, created_at, "
                     "updated_at) VALUES (?, ?, ?, ?, ?, 'USD', ?, 0, ?, ?, ?)", order_rows)
    conn.executemany("INSERT INTO order_lines (id, order_id, account_id, position, product_id, "
                     "sku, description, quantity, unit, unit_price, discount_percent, tax_rate, "
                     "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'Item', ?, 'each', ?, "
                     "?, '0', ?, ?)", line_rows)
    return Book(manager, team, outsider, accounts, len(opp_rows), open_by_rep)


def build(path: Path, accounts: int) -> Book:
    """The bench's cache, reused while the schema's version is the same."""
    import pickle

    from desktop.store.migrations import HEAD
    from desktop.store.store import Store

    ready = path.with_suffix(".ready")
    if path.exists() and ready.exists():
        version, book = pickle.loads(ready.read_bytes())  # noqa: S301 - our own file
        if version == HEAD:
            return book
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)
    Store(path).close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    conn.execute("INSERT INTO derived_suspended(reason) VALUES ('bench')")
    book = seed_book(conn, accounts=accounts, open_share=0.1)  # mostly history
    conn.execute("DELETE FROM derived_suspended")
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()
    ready.write_bytes(pickle.dumps((HEAD, book)))
    return book


def _timed(fn: Callable[[], Any], rounds: int) -> dict[str, float]:
    """Best and median wall time, and best CPU time (what a busy machine inflates least)."""
    wall, cpu = [], []
    for _ in range(rounds):
        started, cpu_started = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    return {"best": min(wall), "median": round(statistics.median(wall), 1),
            "cpu_best": round(min(cpu), 1)}


def run(out: Path, emit: Any, *, quick: bool = False, rounds: int = 7) -> None:
    accounts = 10_000 if quick else 100_000
    path = out / f"forecast-{accounts}.sqlite3"
    started = time.perf_counter()
    book = build(path, accounts)
    emit("forecast_cache_build", time.perf_counter() - started, "s", accounts=accounts,
         opportunities=book.opportunities)
    _measure(path, out, book, emit, rounds, "")


def _measure(path: Path, out: Path, book: Book, emit: Any, rounds: int, suffix: str) -> None:
    from desktop.domain.forecast_math import period_of
    from desktop.services.container import Services
    from desktop.services.pipeline_board import PipeFilter
    from desktop.settings import SettingsFile

    clock = lambda: datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=UTC)  # noqa: E731
    services = Services.open(path, SettingsFile(out / "forecast-settings.json"), clock)
    services.set_current_user(book.manager)
    try:
        for kind, target in (("quarter", 200.0), ("year", 200.0)):
            period = period_of(kind, TODAY)

            def team_forecast() -> None:  # attainment and forecast, as the quota panel
                services.quotas.team_rollup(book.manager, period)  # noqa: B023

            t = _timed(team_forecast, rounds)
            emit(f"forecast_and_attainment_team_of_10_{kind}{suffix}", t.pop("best"), "ms",
                 target=target, opportunities=book.opportunities, **t)
        # The kanban as a manager sees it: the busiest reps' open deals, 5,000 or more.
        reps = sorted(book.team, key=lambda r: -book.open_by_rep[r])
        owners: list[uuid.UUID] = []
        while sum(book.open_by_rep[r] for r in owners) < 5_000 and reps:
            owners.append(reps.pop(0))
        for label, flt in (("reps", PipeFilter(owners=tuple(owners))),
                           ("one_rep", PipeFilter(owners=(owners[0],)))):
            def first_paint() -> None:
                for column in services.pipeline.columns(flt):  # noqa: B023
                    services.pipeline.cards(column.stage.key, flt, limit=30)  # noqa: B023

            t = _timed(first_paint, rounds)
            emit(f"kanban_first_page_reads_{label}{suffix}", t.pop("best"), "ms", target=100.0,
                 open_in_view=sum(book.open_by_rep[r] for r in flt.owners or ()), **t)
        flt = PipeFilter(owners=tuple(owners))
        card = services.pipeline.cards("proposal", flt, limit=1).cards[0]
        where = ["proposal"]

        def drag() -> None:  # one move: the write, then what a repaint reads
            target = "negotiation" if where[0] == "proposal" else "proposal"
            services.opportunities.move_stage(card.id, target)
            for key in (where[0], target):
                services.pipeline.cards(key, flt, limit=30)
            services.pipeline.columns(flt)
            where[0] = target

        t = _timed(drag, rounds * 2)
        emit(f"kanban_drag_write_and_reads{suffix}", t.pop("best"), "ms", target=50.0,
             note="move_stage + both columns' first cards + the column totals", **t)
    finally:
        services.close()
