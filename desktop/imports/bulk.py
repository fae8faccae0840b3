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
without them, and a crash rolls both back.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop.services.container import Services

QUIET = ("accounts", "contacts")  # tables whose triggers an import lifts


def bulk_insert(services: Services, entity: type[Any], values: list[dict[str, Any]],
                now: Any, *, piece: int = 2000,
                stop: Callable[[], bool] | None = None) -> tuple[list[uuid.UUID], Any]:
    """New rows and their outbox entries, ``values`` in one transaction, a
    statement a ``piece`` (fewer rows if ``stop`` or a waiting job ends it
    early, after a piece): the ids of
    the rows written (the first ``len(ids)`` of ``values``) and their change
    record. An import's rows are all new, so each entry is an upsert of every
    wire field, as the unit of work's recorder writes it."""
    from desktop.domain.schema.sync_tables import outbox
    from desktop.store.changes import Changes

    table = entity.__table__
    writer = services.store.writer
    dialect = services.store.engine.dialect

    def write(raw: sqlite3.Connection) -> list[uuid.UUID]:
        conn = _Raw(raw, dialect)
        quiet = table.name in QUIET and raw.execute(
            "SELECT 1 FROM derived_suspended").fetchone() is None  # else a bulk load rebuilds
        lifted = _lift_triggers(raw, table.name) if quiet else []
        ids: list[uuid.UUID] = []
        for start in range(0, len(values), piece):
            rows, entries = _rows(table, values[start:start + piece], now)
            if quiet and table.name == "contacts":
                raw.execute(_DROP, (_accounts_of(rows, "account_id"),))  # while still indexed
            _insert_many(conn, table, rows)
            _insert_many(conn, outbox, entries)
            if quiet:
                key = "account_id" if table.name == "contacts" else "id"
                raw.execute(_ADD, (_accounts_of(rows, key),))
            ids += [row["id"] for row in rows]
            if len(ids) < len(values) and (writer.waiting() or (stop is not None and stop())):
                break
        for sql in lifted:
            raw.execute(sql)
        return ids

    ids = writer.transaction(write)
    return ids, Changes.of((str(table.name), i) for i in ids)


def _rows(table: Any, values: list[dict[str, Any]], now: Any
          ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The rows as the table stores them (defaults filled, a time-ordered id,
    stamped ``now``) and their outbox entries."""
    from desktop.clock import utc_now
    from desktop.domain import wire
    from desktop.domain.ids import time_ordered_id

    blank, makers, fields = _plan(table)
    rows: list[dict[str, Any]] = []
    for given in values:
        row = blank.copy()
        for name, make in makers:
            row[name] = make(None)
        row.update(given)
        row["id"], row["created_at"], row["updated_at"] = time_ordered_id(), now, now
        rows.append(row)
    # Each wire field: as stored (plain kinds), encoded, or the same in every row.
    same = {n: wire.encode(k, now) for n, k in fields if n in ("created_at", "updated_at")}
    how = [(n, 2 if n in same else 1 if k in _ENCODED else 0, k) for n, k in fields]
    encode = wire.encode
    stamp = utc_now()  # as the recorder stamps its entries
    name = table.name
    entries = []
    for row in rows:
        changes = {n: row[n] if way == 0 else same[n] if way == 2 else  # in the wire's order,
                   None if row[n] is None else encode(k, row[n])  # as the recorder writes them
                   for n, way, k in how}
        entries.append({"table_name": name, "row_id": row["id"], "op": "upsert",
                        "base": None, "changes": changes, "created_at": stamp})
    return rows, entries


_PLANS: dict[str, tuple[dict[str, Any], list[tuple[str, Any]], list[tuple[str, str]]]] = {}


def _plan(table: Any) -> tuple[dict[str, Any], list[tuple[str, Any]], list[tuple[str, str]]]:
    """A table's blank row (every column, scalar defaults filled), its columns
    with a made default (``id`` aside), and its wire fields: once per table."""
    found = _PLANS.get(table.name)
    if found is None:
        from desktop.domain import wire

        blank = dict.fromkeys(c.name for c in table.c)
        blank.update({c.name: c.default.arg for c in table.c
                      if c.default is not None and c.default.is_scalar})
        makers = [(c.name, c.default.arg) for c in table.c
                  if c.default is not None and c.default.is_callable and c.name != "id"]
        found = _PLANS[table.name] = (blank, makers, list(wire.tables()[table.name].fields))
    return found


def _lift_triggers(raw: sqlite3.Connection, table: str) -> list[str]:
    """Drop ``table``'s triggers inside the open transaction; their SQL, to create
    them again before it commits."""
    found = raw.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                        "AND tbl_name = ? ORDER BY name", (table,)).fetchall()
    for name, _sql in found:
        raw.execute(f'DROP TRIGGER "{name}"')
    return [sql for _name, sql in found]


def _accounts_of(rows: list[dict[str, Any]], key: str) -> str:
    """The accounts a piece touches, as the JSON list of ids the index statements take."""
    return json.dumps(sorted({row[key].hex for row in rows}))


class _Raw:
    """The one call :func:`_insert_many` makes, on a plain sqlite3 connection."""

    def __init__(self, conn: sqlite3.Connection, dialect: Any) -> None:
        self.conn, self.dialect = conn, dialect

    def exec_driver_sql(self, sql: str, data: list[tuple[Any, ...]]) -> None:
        self.conn.executemany(sql, data)


def _insert_many(conn: Any, table: Any, rows: list[dict[str, Any]]) -> None:
    """``conn.execute(insert(table), rows)`` without its per-row bookkeeping: each
    value goes through its column's bind processor, as SQLAlchemy would send it,
    and the rows go to SQLite's executemany (two thirds less CPU a row). A column
holding one object in every row (the chunk's ``created_at``, an outbox entry's
``base`` of None) goes through its processor once."""
    names = [c.name for c in table.c if c.name in rows[0]]
    procs = [table.c[n].type._cached_bind_processor(conn.dialect) for n in names]
    columns = []  # a column at a time: one map() per column instead of a call per value
    for name, proc in zip(names, procs, strict=True):
        values = [row[name] for row in rows]
        if proc is not None and len(set(map(id, values))) == 1:
            values = [proc(values[0])] * len(values)  # one object in every row: its stamp, None
        elif proc is not None:
            values = list(map(proc, values))
        columns.append(values)
    cols = ", ".join(f'"{n}"' for n in names)
    marks = ", ".join("?" * len(names))
    data = list(zip(*columns, strict=True))
    conn.exec_driver_sql(f'INSERT INTO "{table.name}" ({cols}) VALUES ({marks})',  # nosec B608 - identifiers from code, values bound
                         data)


_ENCODED = frozenset({"uuid", "datetime", "date", "bool", "decimal"})  # wire.encode's kinds
_CHUNK_ACCOUNTS = "SELECT rowid FROM accounts WHERE id IN (SELECT value FROM json_each(?))"
# As derived_search's triggers do it for one account, for the chunk's accounts.
_DROP = ("DELETE FROM account_search WHERE rowid IN (SELECT id FROM account_search_docsize "
         f"WHERE id IN ({_CHUNK_ACCOUNTS}))")
_ADD = ("INSERT INTO account_search(rowid, name, place, people) SELECT doc, name, place, "
        f"people FROM account_search_rows WHERE doc IN ({_CHUNK_ACCOUNTS}) AND NOT EXISTS "
        "(SELECT 1 FROM account_search_docsize WHERE id = doc)")
