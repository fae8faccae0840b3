"""A first load: an empty cache filled from the server, indexed once at the end.

:func:`start` sets the bulk tables' secondary indexes and triggers aside, the
other synced tables' secondary indexes but those a read names (:data:`NAMED`)
and their triggers that ``derived_suspended`` switches off, and marks the load
in ``derived_suspended``; pages then go into tables with no index but their
keys and no trigger program run per row. :func:`finish` builds the set-aside
indexes, creates the triggers again in the write that switches them back on,
then rebuilds search and last-contact data a range of accounts at a time (the
rep's edits go between the writes; the triggers keep those right). Both resume
where they stopped if the app was killed (``bulk_recreate``,
``derived_rebuild_at`` in sync_state).
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable
from typing import Any

from desktop.domain import wire
from desktop.sync import apply
from desktop.sync.local import Local

Prepared = dict[str, tuple[list[str], list[list[Any]]]]

WRITE_SECONDS = 0.025  # how long one range of the rebuild takes (a save waits one at most)
STEP_ROWS = 100  # rows written between two looks at the writer's queue
# The longest one transaction of a page holds the writer. A save does not wait for it
# (the page commits within STEP_ROWS rows of a job waiting); 0.5 s instead of 0.1 s
# took the quick book's first load from 5.0-5.3 s to 4.8 s of client CPU (fewer
# commits), with a save's p95 during a first sync unchanged (64-78 ms either way).
HOLD_SECONDS = 0.5
FIRST_RANGE = 2000  # accounts in the rebuild's first range; the next aim at WRITE_SECONDS

# What a read names by ``INDEXED BY`` with no fallback (a missing one fails the
# read) stays while a first load runs: every index of accounts (the list's sorts,
# the search's name key, the deleted ones) and the orders' and proposals' date
# walks. Every other secondary index of a synced table is set aside and built at
# the end (``tests/sync/test_first_load_indexes.py`` holds the two lists to the code).
NAMED_TABLES = ("accounts",)
NAMED = frozenset({"ix_orders_entered_at", "ix_proposals_issued_on"})


def start(local: Local) -> bool:
    """Set indexes and triggers aside when the cache is empty; whether a first load
    is under way (just started, or killed before and now resumed)."""
    if local.cursor() == 0 and _empty(local):
        from desktop.domain.schema.base import bulk_tables
        from desktop.store import derived

        def suspend(conn: sqlite3.Connection) -> None:
            conn.execute("INSERT INTO derived_suspended(reason) VALUES ('initial sync')")
            recreate = derived.drop_indexes(conn, bulk_tables())
            others = tuple(t for t in wire.tables() if t not in bulk_tables() + NAMED_TABLES)
            recreate += derived.drop_secondary_indexes(conn, others, NAMED)
            recreate += derived.drop_suspended_triggers(conn, tuple(wire.tables()))
            local.put("bulk_recreate", json.dumps(recreate), conn)
        local.write(suspend)
    return suspended(local)


def write_page(local: Local, prepared: Prepared,
               finish: Callable[[sqlite3.Connection], None]) -> int:
    """Write a pulled page in as few transactions as nothing else waits for.

    Each commit of a first load rewrites the freshly dirtied pages of the
    random-id indexes (858 commits of 25 ms chunks cost 5.4 s of 13 on the
    quick book), so a page goes in one transaction with ``finish`` (which moves
    the cursor). Every :data:`STEP_ROWS` rows it looks at the writer's queue:
    when a save or any other job waits, or after :data:`HOLD_SECONDS`, it
    commits what it wrote and queues the rest behind that job. Returns the
    rows written."""
    todo = [(name, fields, rows) for name, (fields, rows) in prepared.items() if rows]
    at = [0, 0]  # table, row within it: where the next transaction starts
    written = 0

    def part(c: sqlite3.Connection) -> bool:
        nonlocal written
        started = time.perf_counter()
        while at[0] < len(todo):
            name, fields, rows = todo[at[0]]
            step = rows[at[1]:at[1] + STEP_ROWS]
            apply.upsert(c, local, name, fields, step, compare=False)
            written += len(step)
            at[1] += len(step)
            if at[1] >= len(rows):
                at[0], at[1] = at[0] + 1, 0
            if at[0] < len(todo) and _step_aside(local, started):
                return False
        finish(c)
        return True

    while not local.write(part):
        pass
    return written


def _step_aside(local: Local, started: float) -> bool:
    """Whether a long write should commit now: a job waits for the writer, or it
    has held it :data:`HOLD_SECONDS`."""
    return local.writer.waiting() or time.perf_counter() - started > HOLD_SECONDS


def suspended(local: Local) -> bool:
    return local.conn.execute("SELECT 1 FROM derived_suspended").fetchone() is not None


def _empty(local: Local) -> bool:
    return all(local.conn.execute(f"SELECT 1 FROM {name} LIMIT 1").fetchone() is None  # nosec B608 - identifiers from code, values bound
               for name in wire.tables())


def finish(local: Local) -> None:
    """Indexes, triggers, then search and last-contact data by ranges (see above)."""
    from desktop.store import derived, derived_name_order

    if suspended(local):
        statements = json.loads(local.get("bulk_recreate", "[]") or "[]")
        triggers = [s for s in statements if _is_trigger(s)]  # creation order kept
        for index in statements:
            if not _is_trigger(index):
                local.write(_one_index(index))

        def resume(c: sqlite3.Connection) -> None:
            for statement in derived_name_order.RELABEL:  # before any trigger places one
                c.execute(statement)
            derived.recreate(c, triggers)  # on in the write that lifts the suspension
            c.execute("DELETE FROM derived_suspended")
            local.put("bulk_recreate", None, c)
            local.put("derived_rebuild_at", 0, c)
        local.write(resume)
    ranged = derived.ranged_rebuild()
    per_range = [FIRST_RANGE]

    def ranges(c: sqlite3.Connection) -> bool:
        """Ranges of accounts, each sized to take :data:`WRITE_SECONDS`, in one
        transaction until a job waits or :data:`HOLD_SECONDS` pass (a save waits
        for one range at most; each commit re-encrypts the search index's freshly
        dirtied pages); then what is not by account. Whether the rebuild is done."""
        started = time.perf_counter()
        at = local.get("derived_rebuild_at", conn=c)
        if at is None:
            return True
        low = first = int(at)
        last = int(c.execute("SELECT coalesce(max(rowid), 0) FROM accounts").fetchone()[0])
        while True:
            if low > first and _step_aside(local, started):
                return False
            if low >= last:
                break
            high, began = low + per_range[0], time.perf_counter()
            for statement in ranged:
                c.execute(statement, (low, high))
            local.put("derived_rebuild_at", high, c)
            took = max(time.perf_counter() - began, 1e-4)
            per_range[0] = max(100, min(50_000, int((high - low) * WRITE_SECONDS / took)))
            low = high
        for statement in derived.whole_rebuild():
            c.execute(statement)
        local.put("derived_rebuild_at", None, c)
        return True

    if local.get("derived_rebuild_at") is None:  # nothing to rebuild: no write at all
        return
    while not local.write(ranges):
        pass


def set_aside(conn: sqlite3.Connection) -> list[str]:
    """What a first load under way set aside (its indexes' and triggers' SQL)."""
    row = conn.execute("SELECT value FROM sync_state WHERE key = 'bulk_recreate'").fetchone()
    return list(json.loads(row[0] or "[]")) if row is not None else []


def put_back(conn: sqlite3.Connection, statements: list[str]) -> None:
    """Create again, inside the caller's transaction, what :func:`set_aside` read:
    a wipe or a fresh start that empties the cache during a first load also
    clears the note of it, and without this the indexes and triggers set aside
    would never come back."""
    from desktop.store import derived

    derived.recreate(conn, [s for s in statements if not _is_trigger(s)])
    derived.recreate(conn, [s for s in statements if _is_trigger(s)])


def _is_trigger(statement: str) -> bool:
    return statement.lstrip().upper().startswith("CREATE TRIGGER")


def _one_index(statement: str) -> Callable[[sqlite3.Connection], None]:
    """One set-aside index built again, as a write of its own."""
    from desktop.store import derived

    return lambda c: derived.recreate(c, [statement])
