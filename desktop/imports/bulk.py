"""New rows written in bulk: one INSERT per chunk for the rows and one for their
outbox entries, without an ORM object per row."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop.services.container import Services


def bulk_insert(services: Services, entity: type[Any], values: list[dict[str, Any]],
                now: Any) -> tuple[list[uuid.UUID], Any]:
    """New rows and their outbox entries in one statement each (as the unit of
    work's recorder writes them, without an ORM object per row): an import's
    rows are all new, so each entry is an upsert of every wire field."""
    from sqlalchemy import insert

    from desktop.clock import utc_now
    from desktop.domain import wire
    from desktop.domain.schema.sync_tables import outbox
    from desktop.store.changes import Changes

    table = entity.__table__
    defaults = {c.name: c.default.arg for c in table.c
                if c.default is not None and c.default.is_scalar}
    makers = {c.name: c.default.arg for c in table.c
              if c.default is not None and c.default.is_callable and c.name != "id"}
    rows: list[dict[str, Any]] = []
    for given in values:
        row = {**defaults, **{n: f(None) for n, f in makers.items()}, **given,
               "id": uuid.uuid4(), "created_at": now, "updated_at": now}
        rows.append({c.name: row.get(c.name) for c in table.c})
    fields = wire.tables()[table.name].fields
    stamp = utc_now()  # as the recorder stamps its entries
    entries = [{"table_name": table.name, "row_id": row["id"], "op": "upsert", "base": None,
                "changes": {n: wire.encode(k, row[n]) for n, k in fields},
                "created_at": stamp} for row in rows]
    with services.store.unit_of_work() as uow:
        conn = uow.session.connection()
        conn.execute(insert(table), rows)
        conn.execute(insert(outbox), entries)
        uow.commit()
    ids: list[uuid.UUID] = [row["id"] for row in rows]
    return ids, Changes.of((str(table.name), i) for i in ids)
