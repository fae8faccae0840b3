"""Alembic environment of the server database (SQLite or PostgreSQL)."""

from __future__ import annotations

from typing import Any

from alembic import context

from desktop.domain.schema.base import Base
from desktop.domain.schema.entities import Account  # noqa: F401 - fills Base.metadata
from server import tables


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """The synced entities and the server's own tables; never the client's local ones."""
    if type_ == "table":
        return not obj.info.get("local_only") and name not in ("alembic_version",)
    return True


connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=[Base.metadata, tables.metadata],
    include_object=include_object,
)
with context.begin_transaction():
    context.run_migrations()
