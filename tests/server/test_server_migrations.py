"""The server's Alembic migrations build exactly what the models describe."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData

from desktop.domain import wire
from desktop.domain.schema.base import Base
from server import tables
from server.db import Database
from server.schema import migrate


def _server_metadata() -> MetaData:
    """The synced entities (not the client's local tables) plus the server's own."""
    combined = MetaData()
    for meta in (Base.metadata, tables.metadata):
        for table in meta.sorted_tables:
            if not table.info.get("local_only"):
                table.to_metadata(combined)
    tables.add_synced_indexes(combined)  # the server's own, e.g. unique order numbers
    return combined


def _expected(diff: Any) -> bool:
    """Per-table version indexes come from the migration, not the models."""
    return isinstance(diff, tuple) and diff[0] == "remove_index" and \
        diff[1].name.endswith("_sync_version")


def test_models_match_the_migrated_server_schema(server_db: Database) -> None:
    migrate(server_db.engine)  # a second run changes nothing
    with server_db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs = compare_metadata(context, _server_metadata())
    assert [d for d in diffs if not _expected(d)] == []
    # one per synced table
    assert {d[1].table.name for d in diffs if _expected(d)} == set(wire.tables())
