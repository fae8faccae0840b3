"""New rows written in bulk: one INSERT per piece for the rows and one for their
outbox entries, without an ORM object per row, many pieces to a transaction.

An import's transaction holds up to ten pieces (issue 16: a transaction
of 2,000 rows rewrote most pages of every index it touched, so committing ten
times less often wrote ten times fewer pages); it commits early, after the
piece being written, when another writer job waits (a rep's save) or the
import is cancelled (``stop``), and the caller goes on in a new job.

Accounts and contacts are written with their triggers lifted for the
transaction: those of a new account or contact have nothing to do (an import
sets no territory, no order names a new id) except the account search index
(``derived_search``), which the transaction writes itself, once per account
and piece instead of once per contact. A trigger whose condition is
false still costs SQLite a sub-program call per row: lifting them halved the
insert time of both tables. The triggers are dropped and created again inside
the one transaction, so no reader and no other writer ever sees the table
without them, and a crash rolls both back (the first sync's
``derived.drop_suspended_triggers``: only triggers the suspension switches off).
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop.imports.prepared import Prepared
    from desktop.services.container import Services

QUIET = ("accounts", "contacts")  # tables whose triggers an import lifts


def bulk_insert(services: Services, entity: type[Any], values: list[dict[str, Any]],
                now: Any, *, piece: int = 2000,
                stop: Callable[[], bool] | None = None) -> tuple[list[uuid.UUID], Any]:
    """New rows and their outbox entries, ``values`` in one transaction, a
    statement a ``piece`` (fewer rows if ``stop`` or a waiting job ends it
    early, after a piece): the ids of the rows written (the first ``len(ids)``
    of ``values``) and their change record. An import's rows are all new, so
    each entry is an upsert of every wire field, as the unit of work's
    recorder writes it."""
    from desktop.imports.prepared import prepare
    from desktop.store.changes import Changes

    table = entity.__table__
    ready = prepare(table, [(0, "", v) for v in values], now, services.store.engine.dialect)
    done = insert_prepared(services, ready, piece=piece, stop=stop)
    ids = [uuid.UUID(h) for h in ready.ids[:done]]
    return ids, Changes.of((str(table.name), i) for i in ids)


def insert_prepared(services: Services, ready: Prepared, *, piece: int = 2000,
                    stop: Callable[[], bool] | None = None) -> int:
    """``ready``'s rows and outbox entries in one transaction (see the module's
    docstring), a statement a ``piece``; how many rows it wrote (all unless
    ``stop`` or a waiting job ended it early)."""
    from desktop.store import derived, derived_name_order

    writer = services.store.writer
    name = ready.table
    rows_sql, entries_sql = ready.statements()

    def write(raw: sqlite3.Connection) -> int:
        quiet = name in QUIET and raw.execute(
            "SELECT 1 FROM derived_suspended").fetchone() is None  # else a bulk load rebuilds
        lifted = derived.drop_suspended_triggers(raw, (name,)) if quiet else []
        done, total = 0, len(ready.ids)
        while done < total:
            end = min(done + piece, total)
            touched = json.dumps(sorted(set(ready.touched[done:end]))) if quiet else ""
            if quiet and name == "contacts":
                raw.execute(_DROP, (touched,))  # while the view still shows what was indexed
            raw.executemany(rows_sql, ready.rows[done:end])
            raw.executemany(entries_sql, ready.entries[done:end])
            if quiet and name == "accounts":  # numbered in name order, and indexed
                derived_name_order.repair(raw)
            if quiet:
                raw.execute(_ADD, (touched,))
            done = end
            if done < total and (writer.waiting() or (stop is not None and stop())):
                break
        for sql in lifted:  # in their creation order, as they were
            raw.execute(sql)
        return done

    return int(writer.transaction(write))


# The account index's rowid is an account's name_key (derived_name_order).
_CHUNK_ACCOUNTS = "SELECT name_key FROM accounts WHERE id IN (SELECT value FROM json_each(?))"
# As derived_search's triggers do it for one account, for the chunk's accounts.
_DROP = ("DELETE FROM account_search WHERE rowid IN (SELECT id FROM account_search_docsize "
         f"WHERE id IN ({_CHUNK_ACCOUNTS}))")
_ADD = ("INSERT INTO account_search(rowid, name, place, people) SELECT doc, name, place, "
        f"people FROM account_search_rows WHERE doc IN ({_CHUNK_ACCOUNTS}) AND NOT EXISTS "
        "(SELECT 1 FROM account_search_docsize WHERE id = doc)")
