"""Goal progress on a large book: counted from the owner's interactions in the
period found by their index (no statement scans every interaction), and the
same figures as counting every interaction one goal at a time."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from desktop.domain.schema.planning import GOAL_SEGMENTS
from desktop.planning.action_plans import SEGMENT_SQL
from desktop.services.container import Services
from desktop.settings import SettingsFile
from tests.desktop.big_book import CHANNELS, NOW, BigBook, big_book

PERIOD = (date(2026, 10, 1), date(2026, 11, 30))


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[BigBook, Services]]:
    tmp: Path = tmp_path_factory.mktemp("big")
    big = big_book(tmp / "cache.sqlite3", 5_000, per_account=6)
    services = Services.open(big.path, SettingsFile(tmp / "settings.json"), clock=lambda: NOW)
    services.set_current_user(big.rep)
    services.settings.home_latitude = services.settings.home_longitude = None  # UTC days
    yield big, services
    services.close()


def _scanned(services: Services, fn: object) -> tuple[int, list[str]]:
    """How many statements ``fn`` runs that read interactions, and their plan steps."""
    conn = services.store.reads()
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    try:
        fn()  # type: ignore[operator]
    finally:
        conn.set_trace_callback(None)
    reads = [sql for sql in seen if "interactions" in sql and "sqlite_master" not in sql
             and sql.lstrip().upper().startswith("SELECT")]  # (not: is the index there?)
    return len(reads), [r[3] for sql in reads for r in conn.execute("EXPLAIN QUERY PLAN " + sql)]


def test_goal_progress_reads_the_period_through_an_index(book: tuple[BigBook, Services]
                                                         ) -> None:
    big, services = book
    plans = services.action_plans
    plan = plans.create("Autumn", *PERIOD).id
    for channel in CHANNELS:
        for segment in GOAL_SEGMENTS:
            plans.add_goal(plan, channel, segment, 10)
    progress = None

    def read() -> None:
        nonlocal progress
        progress = plans.progress(plan)
        plans.targets(plan)

    statements, steps = _scanned(services, read)
    assert statements == 3  # all 40 goals in one pass, then the targets' two
    assert any("ix_interactions_author_occurred" in s for s in steps), steps
    scans = [s for s in steps if s.split()[:2] in (["SCAN", "i"], ["SCAN", "interactions"])]
    assert scans == [], steps
    assert progress is not None and len(progress.goals) == len(CHANNELS) * len(GOAL_SEGMENTS)

    # The same figures as counting every interaction, goal by goal.
    conn = services.store.reads()
    for goal in progress.goals:
        expected = conn.execute(
            "SELECT count(*) FROM interactions i NOT INDEXED JOIN accounts a ON a.id = "
            "i.account_id WHERE i.deleted_at IS NULL AND i.author_id = ? AND i.channel = ? "
            "AND i.occurred_at >= '2026-10-01' AND i.occurred_at < '2026-12-01' AND "
            f"{SEGMENT_SQL[goal.segment]}", (big.rep.hex, goal.channel)).fetchone()[0]
        assert goal.done == expected, goal
    assert sum(g.done for g in progress.goals if g.segment == "any") > 1000
    assert isinstance(progress.plan_id, uuid.UUID)


def test_goal_progress_reads_without_the_index_a_first_load_sets_aside(
        book: tuple[BigBook, Services]) -> None:
    """A first sync sets the interactions' indexes aside until its end: the plan's
    progress and targets then read the planner's way, with the same figures,
    instead of failing on ``INDEXED BY`` with "no such index"."""
    _big, services = book
    plans = services.action_plans
    plan = plans.create("Winter", *PERIOD).id
    plans.add_goal(plan, CHANNELS[0], "any", 5)
    with_index = (plans.progress(plan), plans.targets(plan))
    index = "ix_interactions_account_occurred"
    sql = services.store.reads().execute(
        "SELECT sql FROM sqlite_master WHERE name = ?", (index,)).fetchone()[0]
    services.store.writer.transaction(lambda c: c.execute(f"DROP INDEX {index}"))
    try:
        assert (plans.progress(plan), plans.targets(plan)) == with_index
    finally:
        services.store.writer.transaction(lambda c: c.execute(sql))
