"""The shortcuts of a large import's check and write give what the plain paths
gave: a column holding one object in every row of a chunk binds as each value
bound one by one, and blank rows are found as before."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from desktop.domain.schema import Contact
from desktop.domain.schema.sync_tables import outbox
from desktop.imports import importer, prepared
from desktop.services.container import Services


@pytest.mark.parametrize("table", [Contact.__table__, outbox], ids=["contacts", "outbox"])
def test_a_column_of_one_object_binds_as_each_value_would(services: Services,
                                                          table: Any) -> None:
    now = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
    names = [c.name for c in table.c]
    chunk = []
    for n in range(50):
        row: dict[str, Any] = dict.fromkeys(names)
        for c in table.c:
            try:
                kind = c.type.python_type
            except NotImplementedError:
                kind = object
            if kind is datetime:
                row[c.name] = now if n % 2 or c.name != "updated_at" else datetime.now(UTC)
            elif kind is uuid.UUID:
                row[c.name] = uuid.uuid4() if c.name != "account_id" else uuid.UUID(int=3)
            elif kind is str:
                row[c.name] = "same" if c.name != "first_name" else f"p{n}"
        chunk.append(row)
    dialect = services.store.engine.dialect
    used, data = prepared.bind(dialect, table, chunk)
    assert used == [n for n in names if n in chunk[0]]
    procs = [table.c[n].type._cached_bind_processor(dialect) for n in used]
    one_by_one = [tuple(v if p is None else p(v) for v, p in
                        zip((row[n] for n in used), procs, strict=True)) for row in chunk]
    assert data == one_by_one
    assert any(p is not None for p in procs) and len(set(data)) == len(chunk)


def test_rows_of_white_space_are_skipped_and_a_row_with_one_cell_is_read(
        services: Services, tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"Account Name,Billing City,Phone\r\n , \t,\r\n,,\r\n\"\r\n\",,\r\n"
                     b",Urbana,\r\nAcme,,\r\n")
    result = importer.run(services, "accounts", path, "salesforce", dry_run=True)
    assert result.rows == 2  # ",Urbana," (rejected: no name) and "Acme"
    assert [bad.line for bad in result.rejected] == [6]
