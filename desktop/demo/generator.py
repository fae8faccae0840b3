"""``generate``: a deterministic demo book of business, written fast.

The same (accounts, seed, anchor) always gives the same rows, UUIDs included.
Rows go in through one raw sqlite3 connection with ``executemany`` inside one
transaction (a failed run leaves the cache empty); the trigger-kept search
index and last-contact dates are suspended during the load and rebuilt once.
"""

from __future__ import annotations

import contextlib
import gc
import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from desktop.demo.book import BookWriter
from desktop.domain.schema.base import bulk_tables
from desktop.store import derived, pragmas
from desktop.store.cipher import OperationalError, connect
from desktop.store.store import Store

BATCH = 2_000


@dataclass(frozen=True)
class DemoSummary:
    rep_id: uuid.UUID  # the demo rep, "you"
    accounts: int
    contacts: int
    interactions: int
    follow_ups: int
    concerns: int
    products: int
    proposals: int
    seconds: float
    orders: int = 0
    opportunities: int = 0
    leads: int = 0
    events: int = 0


def generate(store: Store, *, accounts: int, seed: int, anchor: datetime | None = None,
             progress: Callable[[int, int], None] | None = None) -> DemoSummary:
    if accounts < 1:
        raise ValueError("The demo book needs at least one account.")
    started = time.perf_counter()
    anchor = anchor or datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    # Alone with the file (the CLI) the load uses a rollback journal; with the
    # app's readers open, SQLite keeps WAL and the load is just slower.
    conn = connect(store.path, store.key, isolation_level=None)  # explicit BEGIN/COMMIT
    pragmas.apply(conn)
    gc_was_enabled = gc.isenabled()
    gc.disable()  # a million short-lived tuples: the cycle collector only slows this down
    try:
        cursor = conn.cursor()
        existing = cursor.execute("SELECT count(*) FROM accounts").fetchone()[0]
        if existing:
            raise ValueError(
                f"This cache already has {existing:,} accounts; demo data goes only into an "
                "empty cache (use --db with a new file).")
        # One bulk load into an empty file: a rollback journal on disk (tiny, as the
        # file starts empty, and a crash leaves the empty cache), a big page cache,
        # no fsync until the end; WAL and FULL come back afterwards.
        cursor.execute("PRAGMA busy_timeout=0")  # others open: do not wait, keep WAL
        with contextlib.suppress(*OperationalError):
            cursor.execute("PRAGMA journal_mode=TRUNCATE")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA synchronous=OFF")
        # The rows are consistent by construction (tests run foreign_key_check);
        # checking three parents per inserted row would double the load time.
        cursor.execute("PRAGMA foreign_keys=OFF")
        cursor.execute("PRAGMA cache_size=-400000")
        cursor.execute("BEGIN")
        try:
            cursor.execute("INSERT INTO derived_suspended(reason) VALUES ('demo data')")
            indexes = derived.drop_indexes(cursor, ("accounts", *bulk_tables()))
            writer = BookWriter(cursor, random.Random(seed), anchor)
            writer.write_people()
            for first in range(0, accounts, BATCH):
                writer.write_accounts(min(BATCH, accounts - first))
                if progress is not None and first + BATCH < accounts:
                    progress(first + BATCH, accounts)
            from desktop.demo.catalogue import write_catalogue, write_proposals
            from desktop.demo.orders import write_orders

            catalogue = write_catalogue(writer)
            write_proposals(writer, catalogue)
            write_orders(writer, catalogue)
            from desktop.demo.contracts import write_materials_and_contracts

            write_materials_and_contracts(writer, store.path, store.key)
            from desktop.demo.planning import write_planning

            write_planning(writer)  # the rows before it do not change
            from desktop.demo.pipeline import write_pipeline

            write_pipeline(writer, catalogue)  # after the plans: they come out as before
            from desktop.demo.team import write_team

            write_team(writer)  # tasks and field notes; its own generator, nothing before moves
            from desktop.demo.order_history import write_order_history

            write_order_history(writer, catalogue, seed)  # its own generator: the rest stays
            for statement in indexes:
                cursor.execute(statement)
            for statement in derived.rebuild_statements():
                cursor.execute(statement)
            cursor.execute("DELETE FROM derived_suspended")
            cursor.execute("COMMIT")
        except BaseException:
            cursor.execute("ROLLBACK")
            raise
        finally:
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA journal_mode=WAL")
            # Loaded through WAL (the app's readers were open): fold it back in.
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
        if gc_was_enabled:
            gc.enable()
    if progress is not None:
        progress(accounts, accounts)
    counts = writer.counts
    return DemoSummary(
        rep_id=writer.rep_id, accounts=counts["accounts"], contacts=counts["contacts"],
        interactions=counts["interactions"], follow_ups=counts["follow_ups"],
        concerns=counts["concerns"], products=counts.get("products", 0),
        proposals=counts.get("proposals", 0), seconds=time.perf_counter() - started,
        orders=counts.get("orders", 0), opportunities=counts.get("opportunities", 0),
        leads=counts.get("leads", 0), events=counts.get("events", 0))
