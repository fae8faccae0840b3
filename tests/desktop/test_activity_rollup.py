"""The activity report's daily counts the triggers keep (``derived_activity``)
stay equal to a fresh count of the interactions through every kind of write:
interactions added, moved to another day, author, channel or account, deleted
softly and for good; accounts changing kind and status, arriving after their
interactions (sync) and leaving. With any one trigger dropped, the same writes
leave the counts wrong."""

from __future__ import annotations

import random
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.store import derived_activity
from tests.bench.forecast_bench import seed_book
from tests.desktop.rebuilt import fresh_cache, rebuilt

_STAMP = "2026-{:02d}-{:02d} {:02d}:30:00.000000"
_CHANNELS = ("visit", "phone", "email", "note", "meeting")
_KINDS = ("customer", "prospect", "broker")
_STATUSES = ("active", "prospect", "dormant")


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    c = fresh_cache(tmp_path / "cache.sqlite3")
    seed_book(c, accounts=60, deals_per_account=0.5)
    rng = random.Random(5)
    accounts = _ids(c, "SELECT id FROM accounts ORDER BY id")
    users = _ids(c, "SELECT id FROM users ORDER BY id")
    for account in accounts:
        c.execute("UPDATE accounts SET kind = ?, status = ? WHERE id = ?",
                  (rng.choice(_KINDS), rng.choice(_STATUSES), account))
    for _ in range(300):
        _insert(c, rng, rng.choice(accounts), users)
    c.execute("COMMIT")
    yield c
    c.close()


def _ids(conn: sqlite3.Connection, sql: str) -> list[str]:
    return [r[0] for r in conn.execute(sql)]


def _when(rng: random.Random) -> str:
    return _STAMP.format(rng.randrange(1, 13), rng.randrange(1, 29), rng.randrange(24))


def _insert(conn: sqlite3.Connection, rng: random.Random, account: str,
            users: list[str]) -> str:
    iid = uuid.uuid4().hex
    conn.execute(
        "INSERT INTO interactions (id, account_id, author_id, channel, direction, occurred_at, "
        "subject, created_at, updated_at) VALUES (?, ?, ?, ?, 'out', ?, 'Talked', "
        "'2026-01-01', '2026-01-01')",
        (iid, account, rng.choice([*users, None]), rng.choice(_CHANNELS), _when(rng)))
    return iid


def _copy_account(conn: sqlite3.Connection, source: str, new: str, kind: str) -> None:
    own = {"id": "?", "kind": "?", "name_key": "NULL"}  # its name key: the trigger's to give
    columns = [r[1] for r in conn.execute("PRAGMA table_info(accounts)")]
    picks = ", ".join(own.get(c, c) for c in columns)
    conn.execute(f"INSERT INTO accounts ({', '.join(columns)}) SELECT {picks} "  # noqa: S608
                 "FROM accounts WHERE id = ?", (new, kind, source))


def _kept(conn: sqlite3.Connection) -> set[tuple[object, ...]]:
    return set(conn.execute("SELECT * FROM activity_daily WHERE n != 0"))


def _fresh(conn: sqlite3.Connection) -> set[tuple[object, ...]]:
    return rebuilt(conn, derived_activity.REBUILD, _kept)


def test_counts_start_equal_to_the_interactions(conn: sqlite3.Connection) -> None:
    fresh = _fresh(conn)
    assert len(fresh) > 100
    counted = conn.execute(
        "SELECT count(*) FROM interactions WHERE deleted_at IS NULL").fetchone()[0]
    assert sum(int(str(r[-1])) for r in fresh) == counted == 300
    # by hand: one day's phone calls of one author
    day, rep = conn.execute("SELECT substr(occurred_at, 1, 10), author_id FROM interactions "
                            "WHERE channel = 'phone' AND author_id IS NOT NULL").fetchone()
    calls = conn.execute("SELECT count(*) FROM interactions WHERE channel = 'phone' "
                         "AND author_id = ? AND occurred_at LIKE ? || '%'", (rep, day)).fetchone()
    assert conn.execute("SELECT sum(n) FROM activity_daily WHERE day = ? AND rep_key = ? "
                        "AND channel = 'phone'", (day, rep)).fetchone() == calls
    assert _kept(conn) == fresh


def _writes(conn: sqlite3.Connection, steps: int) -> bool:
    """Random writes of every kind; whether the counts stayed right at every check."""
    rng = random.Random(17)
    users = _ids(conn, "SELECT id FROM users ORDER BY id")
    accounts = _ids(conn, "SELECT id FROM accounts ORDER BY id")
    interactions = _ids(conn, "SELECT id FROM interactions ORDER BY id")
    right = True
    for step in range(steps):
        kind, one = step % 9, rng.choice(interactions)
        if kind == 0:
            interactions.append(_insert(conn, rng, rng.choice(accounts), users))
        elif kind == 1:
            conn.execute("UPDATE interactions SET channel = ?, author_id = ? WHERE id = ?",
                         (rng.choice(_CHANNELS), rng.choice([*users, None]), one))
        elif kind == 2:
            conn.execute("UPDATE interactions SET occurred_at = ?, account_id = ? WHERE id = ?",
                         (_when(rng), rng.choice(accounts), one))
        elif kind == 3:
            conn.execute("UPDATE interactions SET deleted_at = ? WHERE id = ?",
                         (rng.choice((None, "2026-12-01 00:00:00.000000")), one))
        elif kind == 4 and len(interactions) > 50:
            conn.execute("DELETE FROM interactions WHERE id = ?", (one,))
            interactions.remove(one)
        elif kind == 5:  # a prospect becomes a customer, a customer goes dormant
            conn.execute("UPDATE accounts SET kind = ?, status = ? WHERE id = ?",
                         (rng.choice(_KINDS), rng.choice(_STATUSES), rng.choice(accounts)))
        elif kind == 6:  # sync: interactions first, then their (new) account
            new = uuid.uuid4().hex
            conn.execute("PRAGMA foreign_keys = OFF")
            interactions += [_insert(conn, rng, new, users) for _ in range(2)]
            _copy_account(conn, rng.choice(accounts), new, rng.choice(_KINDS))
            conn.execute("PRAGMA foreign_keys = ON")
            accounts.append(new)
        elif kind == 7 and len(accounts) > 20:  # an account leaves, its history stays
            gone = rng.choice(accounts)
            conn.execute("PRAGMA foreign_keys = OFF")
            conn.execute("DELETE FROM accounts WHERE id = ?", (gone,))
            conn.execute("PRAGMA foreign_keys = ON")
            accounts.remove(gone)
        else:  # not counted: nothing moves
            conn.execute("UPDATE interactions SET subject = 'Again' WHERE id = ?", (one,))
        if step % 15 == 14:
            right = right and _kept(conn) == _fresh(conn)
    return right and _kept(conn) == _fresh(conn)


def test_every_kind_of_write_keeps_the_counts(conn: sqlite3.Connection) -> None:
    assert _writes(conn, 270)


@pytest.mark.parametrize("trigger", derived_activity.TRIGGERS)
def test_without_any_one_trigger_the_counts_go_wrong(conn: sqlite3.Connection,
                                                     trigger: str) -> None:
    conn.execute(f"DROP TRIGGER {trigger}")
    assert not _writes(conn, 270)


def test_today_reads_the_same_missing_mark() -> None:
    from desktop.services import today_goals

    assert today_goals.MISSING == derived_activity.MISSING
