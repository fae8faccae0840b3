"""The board's columns (count, amount, weighted in the rep's currency, other
currencies apart), cards paged by close date then id, staleness, and the list's
sorts and filters, checked against the rows in plain Python."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal as D
from pathlib import Path

import pytest

from desktop.domain.money import round_money
from desktop.services.container import Services
from desktop.services.pipeline_board import PipeFilter, SortKey
from desktop.settings import SettingsFile
from tests.bench.forecast_bench import TODAY, Book, seed_book
from tests.desktop.test_forecast import STAGE_P


@pytest.fixture
def book(tmp_path: Path) -> Iterator[tuple[Services, Book]]:
    svc = Services.open(tmp_path / "cache.sqlite3", SettingsFile(tmp_path / "s.json"),
                        clock=lambda: datetime(2026, 12, 7, 12, tzinfo=UTC))
    result = svc.store.writer.transaction(lambda conn: seed_book(conn, accounts=150))
    svc.set_current_user(result.team[0])
    yield svc, result
    svc.close()


def _open(svc: Services, owner: str | None = None) -> list[sqlite3.Row]:
    conn = sqlite3.connect(svc.store.path)
    conn.row_factory = sqlite3.Row
    rows = conn.execute("SELECT o.*, a.last_contact_at FROM opportunities o JOIN accounts a "
                        "ON a.id = o.account_id WHERE o.outcome = 'open'").fetchall()
    conn.close()
    return [r for r in rows if owner is None or r["owner_id"] == owner]


def test_columns_equal_the_rows(book: tuple[Services, Book]) -> None:
    svc, seeded = book
    team = PipeFilter(owners=tuple(seeded.team))
    columns = svc.pipeline.columns(team)
    assert [c.stage.key for c in columns] == list(STAGE_P)
    rows = [r for r in _open(svc) if r["owner_id"] != seeded.outsider.hex]
    for column in columns:
        mine = [r for r in rows if r["stage"] == column.stage.key]
        usd = [r for r in mine if r["currency"] == "USD"]
        assert column.count == len(mine)
        assert column.amount == sum((D(r["amount"]) for r in usd), D(0))
        assert column.weighted == round_money(sum((D(r["amount"]) * (
            D(r["probability"]) if r["probability"] else STAGE_P[r["stage"]]) for r in usd),
            D(0)), "USD")
        assert column.mixed == (len(usd) != len(mine))
    assert sum(c.count for c in columns) == len(rows) > 100
    assert any(c.mixed for c in columns)  # a few EUR deals, counted, summed apart
    assert sum(c.count for c in svc.pipeline.columns()) == len(_open(svc))
    svc.session.settings.home_currency = "EUR"
    eur = svc.pipeline.columns(team)
    assert all(c.currency == "EUR" and c.mixed for c in eur)
    closed = svc.pipeline.columns(team, include_closed=True)
    assert [c.stage.key for c in closed][-2:] == ["closed_won", "closed_lost"]


def test_cards_page_by_close_date_then_id_and_flag_stale(book: tuple[Services, Book]) -> None:
    svc, seeded = book
    flt = PipeFilter(owners=tuple(seeded.team))
    rows = [r for r in _open(svc) if r["owner_id"] in {t.hex for t in seeded.team}
            and r["stage"] == "proposal"]
    seen, page = [], svc.pipeline.cards("proposal", flt, limit=7)
    while True:
        seen += page.cards
        if page.next is None:
            break
        page = svc.pipeline.cards("proposal", flt, after=page.next, limit=7)
    assert [c.id.hex for c in seen] == [r["id"] for r in sorted(
        rows, key=lambda r: (r["close_date"], r["id"]))]
    quiet = (TODAY - timedelta(days=30)).isoformat()
    for card, row in zip(seen, sorted(rows, key=lambda r: (r["close_date"], r["id"])),
                         strict=True):
        stale = bool(row["next_step_on"] and row["next_step_on"] < TODAY.isoformat()
                     or row["close_date"] < TODAY.isoformat()
                     or (row["last_contact_at"] or row["created_at"])[:10] < quiet)
        assert bool(card.stale) == stale, row["id"]
        assert card.weighted == round_money(card.amount * card.probability, card.currency)
    assert any(c.stale for c in seen) and not all(c.stale for c in seen)
    stale_only = svc.pipeline.count(PipeFilter(owners=tuple(seeded.team), stale_only=True,
                                               stages=("proposal",)))
    assert stale_only == sum(1 for c in seen if c.stale)


def test_list_sorts_filters_and_pages(book: tuple[Services, Book]) -> None:
    svc, seeded = book
    board = svc.pipeline
    reps = seeded.team[1:4]
    flt = PipeFilter(owners=tuple(reps), close_from=date(2027, 1, 1), close_to=date(2027, 7, 1))
    expected = [r for r in _open(svc) if r["owner_id"] in {x.hex for x in reps}
                and "2027-01-01" <= r["close_date"] < "2027-07-01"]
    assert board.count(flt) == len(expected) > 10
    for sort, key in ((SortKey.AMOUNT, lambda c: c.amount), (SortKey.NAME, lambda c: c.name),
                      (SortKey.WEIGHTED, lambda c: c.amount * c.probability),
                      (SortKey.STAGE, lambda c: list(STAGE_P).index(c.stage)),
                      (SortKey.ACCOUNT, lambda c: c.account)):
        for descending in (False, True):
            got, page = [], board.page(flt, sort, descending, limit=4)
            while True:
                got += page.cards
                if page.next is None:
                    break
                page = board.page(flt, sort, descending, after=page.next, limit=4)
            assert len({c.id for c in got}) == len(expected), (sort, descending)
            values = [key(c) for c in got]
            assert values == sorted(values, reverse=descending), (sort, descending)
    won = board.page(PipeFilter(owners=(seeded.team[1],), outcome="won"), limit=500).cards
    assert won and {c.outcome for c in won} == {"won"} and not any(c.stale for c in won)
    text = board.page(PipeFilter(text=expected[0]["name"]), limit=10).cards
    assert expected[0]["id"] in {c.id.hex for c in text}


def test_the_board_reads_open_deals_through_their_partial_index(book: tuple[Services, Book]
                                                               ) -> None:
    """Columns and first cards come from ``ix_opportunities_open_board`` (it
    holds only open deals; a bound outcome would not let SQLite use it)."""
    svc, b = book
    svc.store.reads().execute("ANALYZE")
    seen: list[str] = []
    svc.store.reads().set_trace_callback(seen.append)
    try:
        flt = PipeFilter(owners=tuple(b.team[:3]))
        svc.pipeline.columns(flt)
        svc.pipeline.cards("proposal", flt, limit=30)
    finally:
        svc.store.reads().set_trace_callback(None)
    board = [s for s in seen if "FROM opportunities o" in s]
    assert len(board) == 2
    plans = [" ".join(r[-1] for r in svc.store.reads().execute(f"EXPLAIN QUERY PLAN {s}"))
             for s in board]
    assert all("ix_opportunities_open_board" in p for p in plans), plans


def test_an_unfiltered_column_seeks_its_stage(book: tuple[Services, Book]) -> None:
    """Everyone's deals (no owner chosen): a column's first cards come from
    ``ix_opportunities_open_stage`` by stage, not from a walk of every open deal
    by close date; the cards are those of the stage, by close date then id."""
    svc, _b = book
    seen: list[str] = []
    svc.store.reads().set_trace_callback(seen.append)
    try:
        page = svc.pipeline.cards("proposal", PipeFilter(), limit=30)
    finally:
        svc.store.reads().set_trace_callback(None)
    board = [s for s in seen if "rowid IN" in s]
    assert len(board) == 1
    plan = " ".join(r[-1] for r in svc.store.reads().execute(f"EXPLAIN QUERY PLAN {board[0]}"))
    assert "ix_opportunities_open_stage (stage=?)" in plan, plan
    expected = sorted((r["close_date"], r["id"]) for r in _open(svc) if r["stage"] == "proposal"
                      and r["deleted_at"] is None)[:30]
    assert [(c.close_date.isoformat(), c.id.hex) for c in page.cards] == expected
