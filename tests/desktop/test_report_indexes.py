"""Migration 0016: the reports' and Today's indexes exist as written, the reads
they are for go through them (no scan), and a downgrade puts 0013's index back."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from desktop.store import derived_reports, migrate
from desktop.store.engine import make_engine

# The Today view's follow-ups and open orders, and the reports' period reads, as
# their modules write them (the parts that choose the index).
READS = {
    "follow_ups": ("SELECT f.id FROM follow_ups f WHERE f.assignee_id = :me "
                   "AND f.done_at IS NULL AND f.deleted_at IS NULL AND f.due_date <= :b "
                   "ORDER BY f.due_date",
                   "ix_follow_ups_open_assignee_due"),
    "orders": ("SELECT o.id FROM orders o WHERE o.deleted_at IS NULL "
               "AND o.status NOT IN ('delivered', 'invoiced', 'cancelled')", "ix_orders_open"),
    "goals": ("SELECT i.channel, count(DISTINCT i.account_id) FROM interactions i "
              "WHERE i.author_id = :me AND i.occurred_at >= :a AND i.occurred_at < :b "
              "AND i.deleted_at IS NULL GROUP BY 1",
              "COVERING INDEX ix_interactions_author_occurred"),
    "changes": ("SELECT count(*) FROM opportunity_stage_changes c WHERE c.changed_at >= :a "
                "AND c.changed_at < :b AND c.deleted_at IS NULL",
                "ix_opportunity_stage_changes_changed_at"),
    "lines": ("SELECT count(*) FROM order_lines l WHERE l.ship_date >= :a AND l.ship_date < :b "
              "AND l.deleted_at IS NULL", "ix_order_lines_ship_date"),
}


def _indexes(path: Path) -> dict[str, str]:
    with closing(sqlite3.connect(path)) as conn:
        return {name: sql for name, sql in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")}


def test_each_read_goes_through_its_index(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    migrate.upgrade(make_engine(path))
    indexes = _indexes(path)
    assert set(derived_reports.INDEXES) <= set(indexes)
    assert "channel, account_id, deleted_at" in indexes[derived_reports.COVERING]
    with closing(sqlite3.connect(path)) as conn:
        for name, (sql, index) in READS.items():
            args = {"me": "ab" * 16, "a": "2026-10-01", "b": "2027-01-01"}
            steps = [r[3] for r in conn.execute(f"EXPLAIN QUERY PLAN {sql}", args)]
            assert any(index in s for s in steps), (name, steps)
            # never the whole table (a partial index holds only the open rows)
            assert not [s for s in steps if s.startswith("SCAN") and "USING" not in s], steps


def test_downgrade_restores_the_two_column_index(tmp_path: Path) -> None:
    from alembic import command
    from alembic.config import Config

    path = tmp_path / "cache.sqlite3"
    engine = make_engine(path)
    migrate.upgrade(engine)
    cfg = Config()
    cfg.set_main_option("script_location", str(migrate.MIGRATIONS_DIR))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0015_team")
    engine.dispose()
    indexes = _indexes(path)
    assert not set(derived_reports.INDEXES) & set(indexes)
    sql = indexes[derived_reports.COVERING]
    assert sql.endswith("(author_id, occurred_at)"), sql
