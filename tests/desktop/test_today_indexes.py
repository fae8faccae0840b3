"""Migration 0018's covering indexes: the Today sections and the pipeline
report read through them (their statements recorded as they run, then their
plans asked for), so an account or a deal is probed in a narrow index instead
of its wide row; and a downgrade puts 0016's follow-up index back."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from desktop.reports import period
from desktop.reports.filters import ReportFilter
from desktop.services.container import Services
from desktop.settings import SettingsFile
from desktop.store import derived_today


class Recorder:
    """A read connection that keeps every statement it runs."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.seen: list[tuple[str, Any]] = []

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        self.seen.append((sql, params))
        return self.conn.execute(sql, params)

    def plans(self) -> list[str]:
        return [" | ".join(r[3] for r in self.conn.execute(f"EXPLAIN QUERY PLAN {sql}", params))
                for sql, params in self.seen]


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    now = datetime(2026, 12, 7, 9, tzinfo=UTC)
    svc = Services.open(tmp_path / "cache.sqlite3", SettingsFile(tmp_path / "s.json"),
                        clock=lambda: now)
    yield svc
    svc.close()


def _recording(services: Services, monkeypatch: pytest.MonkeyPatch) -> Recorder:
    recorder = Recorder(services.store.reads())
    monkeypatch.setattr(services.store, "reads", lambda: recorder)
    return recorder


def test_the_indexes_exist_as_written(services: Services) -> None:
    sql = dict(services.store.reads().execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"))
    for name, on in derived_today.INDEXES.items():
        assert sql[name] == f"CREATE INDEX {name} ON {on}"
    assert "(assignee_id, due_date, assigned_by, account_id)" in sql[derived_today.FOLLOW_UPS]


def test_today_reads_accounts_through_their_narrow_index(
        services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    services.set_current_user(uuid.uuid4())
    recorder = _recording(services, monkeypatch)
    for section in ("follow_ups", "orders"):
        services.today.load(section, date(2026, 12, 7))
    plans = recorder.plans()
    counts = next(p for p, (sql, _a) in zip(plans, recorder.seen, strict=True)
                  if "count(*)" in sql)
    assert "ix_follow_ups_open_assignee_due (assignee_id=? AND due_date<?)" in counts
    assert f"COVERING INDEX {derived_today.ACCOUNT_FACTS} (id=?)" in counts
    # the first page and colleagues' tasks: the open follow-ups' index, never all of mine
    pages = [p for p in plans if "SEARCH f" in p]
    assert len(pages) == 3 and all("ix_follow_ups_open_assignee_due" in p for p in pages)
    orders = plans[-1]
    assert f"INDEX {derived_today.ACCOUNT_FACTS} (id=?)" in orders and "ix_orders_open" in orders


def test_goal_counts_probe_the_narrow_index(services: Services) -> None:
    from desktop.planning.goal_counts import count_done

    recorder = Recorder(services.store.reads())
    count_done(recorder, {"phone"}, {"owner": "ab" * 16, "since": "2026-12-01",
                                     "until": "2027-01-01"})
    assert f"COVERING INDEX {derived_today.ACCOUNT_FACTS} (id=?)" in recorder.plans()[-1]


def test_pipeline_reads_deals_and_accounts_through_narrow_indexes(
        services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    recorder = _recording(services, monkeypatch)
    services.reports.run("pipeline", ReportFilter(period.parse("2026-Q4")))
    plans = " || ".join(recorder.plans())
    assert f"COVERING INDEX {derived_today.OPEN_STALE}" in plans  # the stage sums, the stale
    assert f"COVERING INDEX {derived_today.DEAL_FACTS} (id=?)" in plans  # the week's changes
    assert f"COVERING INDEX {derived_today.ACCOUNT_FACTS} (id=?)" in plans
    assert "SCAN o USING INDEX" not in plans.replace(f"SCAN o USING COVERING INDEX "
                                                     f"{derived_today.OPEN_STALE}", "")


def test_cross_sell_reads_baskets_through_narrow_indexes(
        services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.services.cross_sell import CrossSell

    recorder = _recording(services, monkeypatch)
    crossing = CrossSell(services.store)
    crossing.groups()
    crossing._read({"ab" * 16}, None)  # one group's accounts again, after a change
    plans = recorder.plans()
    # only the orders left out (a partial index), never every order
    assert sum(f"SCAN orders USING INDEX {derived_today.LEFT_OUT}" in p for p in plans) == 2
    assert any(f"COVERING INDEX {derived_today.BASKET_LINES} (account_id=?" in p
               for p in plans)


def test_without_the_indexes_the_reads_still_run(services: Services) -> None:
    """A cache migrated before an index was added (or a bulk load that set it
    aside): the reads go without it instead of failing on "no such index"."""
    services.set_current_user(uuid.uuid4())
    with sqlite3.connect(services.store.path) as conn:
        for name in derived_today.INDEXES:
            conn.execute(f"DROP INDEX {name}")
    assert services.today.load("follow_ups", date(2026, 12, 7)).due.total == 0
    assert services.today.load("orders", date(2026, 12, 7)) == []
    assert services.today.load("goals", date(2026, 12, 7)) == []
    result = services.reports.run("pipeline", ReportFilter(period.parse("2026-Q4")))
    assert result.figure("open") == 0


def test_downgrade_restores_the_follow_up_index(tmp_path: Path) -> None:
    from alembic import command
    from alembic.config import Config

    from desktop.store import migrate
    from desktop.store.engine import make_engine

    path = tmp_path / "cache.sqlite3"
    engine = make_engine(path)
    migrate.upgrade(engine)
    cfg = Config()
    cfg.set_main_option("script_location", str(migrate.MIGRATIONS_DIR))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0017_forecast_rollup")
    engine.dispose()
    with sqlite3.connect(path) as conn:
        sql = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                                "AND sql IS NOT NULL"))
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert not set(derived_today.INDEXES) & set(sql)
    assert sql[derived_today.FOLLOW_UPS].endswith(
        "(assignee_id, due_date) WHERE done_at IS NULL AND deleted_at IS NULL")
    assert not {"trend_revenue", "account_revenue"} & tables
