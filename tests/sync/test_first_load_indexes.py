"""A first load sets aside every secondary index of the synced tables but those a
read names by ``INDEXED BY`` with no fallback: SQLite refuses a statement that
names a missing index, so a list read while the load runs would fail. These
tests hold ``first_load.NAMED_TABLES`` / ``NAMED`` to the code that names them."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from desktop.services.account_list import SORT_SQL
from desktop.store.store import Store
from desktop.sync import first_load

ROOT = Path(__file__).resolve().parents[2]
NAMED_LITERALLY = re.compile(r"INDEXED BY (ix_\w+)")
# Reads that name an index and cope with its absence (they catch the error).
COPES = {"desktop/services/duplicate_lookup.py"}


def _index_tables(tmp_path: Path) -> dict[str, str]:
    path = tmp_path / "fresh.sqlite3"
    Store(path).close()
    conn = sqlite3.connect(path)
    try:
        return dict(conn.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'index'"))
    finally:
        conn.close()


def _kept(name: str, tables: dict[str, str]) -> bool:
    return tables[name] in first_load.NAMED_TABLES or name in first_load.NAMED


def test_every_index_a_read_names_stays_during_a_first_load(tmp_path: Path) -> None:
    tables = _index_tables(tmp_path)
    named: dict[str, set[str]] = {}
    for source in sorted((ROOT / "desktop").rglob("*.py")) + sorted((ROOT / "ui").rglob("*.py")):
        where = str(source.relative_to(ROOT))
        for name in NAMED_LITERALLY.findall(source.read_text(encoding="utf-8")):
            named.setdefault(name, set()).add(where)
    assert {"ix_accounts_name_key", "ix_orders_entered_at", "ix_proposals_issued_on"} <= set(named)
    unknown = sorted(name for name in named if name not in tables)
    assert unknown == [], f"named but not in the schema: {unknown}"
    away = sorted(f"{name} ({', '.join(sorted(files))})" for name, files in named.items()
                  if not _kept(name, tables) and not files <= COPES)
    assert away == [], f"set aside in a first load, yet a read names it: {away}"
    # The account list names its sort's index through SORT_SQL (not literally).
    assert all(_kept(index, tables) for _key, index in SORT_SQL.values())


def test_the_kept_indexes_are_few(tmp_path: Path) -> None:
    """Everything else goes: the kept ones are the accounts' and the two walks."""
    tables = _index_tables(tmp_path)
    assert {tables[name] for name in first_load.NAMED} == {"orders", "proposals"}
    assert first_load.NAMED_TABLES == ("accounts",)
