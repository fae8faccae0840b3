"""New rows written in bulk: one INSERT per chunk for the rows and one for their
outbox entries, without an ORM object per row.

Accounts and contacts keep the account search index (``derived_search``)
right with one statement per chunk instead of the triggers' one per row (a
contact's trigger re-indexes its whole account, so an account with three new
contacts was indexed three times): the chunk's transaction suspends the
derived triggers, inserts, resumes them and indexes the chunk's accounts once.
Readers never see the suspension (it ends before the commit), and the writer
is the only writer. The other insert triggers of these tables have nothing to
do for new rows (an import sets no territory, and no order names a new id).
"""

from __future__ import annotations

import json
import uuid
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop.services.container import Services


def bulk_insert(services: Services, entity: type[Any], values: list[dict[str, Any]],
                now: Any) -> tuple[list[uuid.UUID], Any]:
    """New rows and their outbox entries in one statement each (as the unit of
    work's recorder writes them, without an ORM object per row): an import's
    rows are all new, so each entry is an upsert of every wire field."""
    from desktop.clock import utc_now
    from desktop.domain import wire
    from desktop.domain.schema.sync_tables import outbox
    from desktop.store.changes import Changes

    table = entity.__table__
    defaults = {c.name: c.default.arg for c in table.c
                if c.default is not None and c.default.is_scalar}
    makers = [(c.name, c.default.arg) for c in table.c
              if c.default is not None and c.default.is_callable and c.name != "id"]
    names = [c.name for c in table.c]
    rows: list[dict[str, Any]] = []
    for given in values:
        row = dict.fromkeys(names)
        row.update(defaults)
        for name, make in makers:
            row[name] = make(None)
        row.update(given)
        row["id"], row["created_at"], row["updated_at"] = uuid.uuid4(), now, now
        rows.append(row)
    fields = wire.tables()[table.name].fields
    # Values the same in every row are encoded once; plain kinds go as they are.
    same = {n: wire.encode(k, now) for n, k in fields if n in ("created_at", "updated_at")}
    plain = [n for n, k in fields if k not in _ENCODED and n not in same]
    coded = [(n, k) for n, k in fields if k in _ENCODED and n not in same]
    stamp = utc_now()  # as the recorder stamps its entries
    entries = []
    order = [n for n, _k in fields]
    for row in rows:
        changes = dict.fromkeys(order)  # in the wire's order, as the recorder writes them
        for n in plain:
            changes[n] = row[n]
        changes.update(same)
        for n, k in coded:
            value = row[n]
            changes[n] = None if value is None else wire.encode(k, value)
        entries.append({"table_name": table.name, "row_id": row["id"], "op": "upsert",
                        "base": None, "changes": changes, "created_at": stamp})
    quiet = table.name in ("accounts", "contacts")
    touched = json.dumps(sorted({(r["account_id"] if table.name == "contacts" else r["id"]).hex
                                 for r in rows})) if quiet else ""
    with services.store.unit_of_work() as uow:
        conn = uow.session.connection()
        if quiet and conn.exec_driver_sql("SELECT 1 FROM derived_suspended").first():
            quiet = False  # suspended by a bulk load that rebuilds at its end
        if quiet:
            if table.name == "contacts":  # out while the view still shows what was indexed
                conn.exec_driver_sql(_DROP, (touched,))
            conn.exec_driver_sql("INSERT INTO derived_suspended(reason) VALUES ('import')")
        _insert_many(conn, table, rows)
        _insert_many(conn, outbox, entries)
        if quiet:
            conn.exec_driver_sql("DELETE FROM derived_suspended WHERE reason = 'import'")
            conn.exec_driver_sql(_ADD, (touched,))
        uow.commit()
    ids: list[uuid.UUID] = [row["id"] for row in rows]
    return ids, Changes.of((str(table.name), i) for i in ids)


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
