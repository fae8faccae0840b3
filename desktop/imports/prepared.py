"""An import's rows made ready for SQLite: stored values (defaults filled, a
time-ordered id, the import's stamp), their outbox entries, both bound as
SQLAlchemy would bind them, in file order.

The pipelined import's check worker makes them (``desktop.imports.pipeline``)
and sends them to the writing process, which only has to insert them: building
the rows, encoding the outbox entries and binding the values left the writer,
the busier of the two processes on a contacts file. What crosses between the
processes is plain strings, numbers and tuples (no UUID or datetime objects to
rebuild on arrival).
"""

from __future__ import annotations

from typing import Any, NamedTuple


class Prepared(NamedTuple):
    """Rows of one table ready for ``executemany``, in file order."""

    table: str
    lines: list[int]  # each row's line in the file (the serial path's write order)
    refs: list[str]  # each row's id in the file it came from (kept in the batch)
    ids: list[str]  # each row's id, hex
    touched: list[str]  # the account whose search document each row changes, hex
    names: tuple[list[str], list[str]]  # the columns of ``rows`` and of ``entries``
    rows: list[tuple[Any, ...]]
    entries: list[tuple[Any, ...]]

    def statements(self) -> tuple[str, str]:
        return (insert_sql(self.table, self.names[0]),
                insert_sql("sync_outbox", self.names[1]))

    def part(self, start: int, end: int) -> Prepared:
        return Prepared(self.table, self.lines[start:end], self.refs[start:end],
                        self.ids[start:end], self.touched[start:end], self.names,
                        self.rows[start:end], self.entries[start:end])


def prepare(table: Any, items: list[tuple[int, str, dict[str, Any]]], now: Any,
            dialect: Any) -> Prepared:
    """``items`` (line, ref, values) of ``table`` made ready (see the module)."""
    from desktop.domain.schema.sync_tables import outbox

    rows, entries = _rows(table, [values for _line, _ref, values in items], now)
    row_names, row_data = bind(dialect, table, rows) if rows else ([], [])
    entry_names, entry_data = bind(dialect, outbox, entries) if entries else ([], [])
    key = "account_id" if table.name == "contacts" else "id"
    at = row_names.index("id") if rows else 0
    ids = [row[at] for row in row_data]  # bound: the cache's hex text
    at = row_names.index(key) if rows else 0
    touched = [row[at] or "" for row in row_data]
    return Prepared(table.name, [line for line, _ref, _v in items],
                    [ref for _line, ref, _v in items], ids, touched,
                    (row_names, entry_names), row_data, entry_data)


def combine(one: Prepared, other: Prepared) -> Prepared:
    """Both one table's rows, in file order."""
    if not other.ids:
        return one
    if not one.ids:
        return other
    order = sorted(range(len(one.ids) + len(other.ids)),
                   key=lambda i: one.lines[i] if i < len(one.ids) else
                   other.lines[i - len(one.ids)])

    def pick(a: list[Any], b: list[Any]) -> list[Any]:
        both = a + b
        return [both[i] for i in order]

    assert one.names == other.names or not other.rows
    return Prepared(one.table, pick(one.lines, other.lines), pick(one.refs, other.refs),
                    pick(one.ids, other.ids), pick(one.touched, other.touched), one.names,
                    pick(one.rows, other.rows), pick(one.entries, other.entries))


def insert_sql(table: str, names: list[str]) -> str:
    cols = ", ".join(f'"{n}"' for n in names)
    marks = ", ".join("?" * len(names))
    return f'INSERT INTO "{table}" ({cols}) VALUES ({marks})'  # nosec B608 - identifiers from code, values bound


def bind(dialect: Any, table: Any, rows: list[dict[str, Any]]
         ) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The rows' columns and values as SQLAlchemy would send them (each value
    through its column's bind processor), without its per-row bookkeeping (two
    thirds less CPU a row). A column holding one object in every row (the
    chunk's ``created_at``, an outbox entry's ``base`` of None) goes through
    its processor once."""
    names = [c.name for c in table.c if c.name in rows[0]]
    procs = [table.c[n].type._cached_bind_processor(dialect) for n in names]
    columns = []  # a column at a time: one map() per column instead of a call per value
    for name, proc in zip(names, procs, strict=True):
        values = [row[name] for row in rows]
        if proc is not None and len(set(map(id, values))) == 1:
            values = [proc(values[0])] * len(values)  # one object in every row: its stamp, None
        elif proc is not None:
            values = list(map(proc, values))
        columns.append(values)
    return names, list(zip(*columns, strict=True))


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

_ENCODED = frozenset({"uuid", "datetime", "date", "bool", "decimal"})  # wire.encode's kinds
