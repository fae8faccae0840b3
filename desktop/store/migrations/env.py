"""Alembic environment: always run on a connection handed in by the app."""

from __future__ import annotations

from alembic import context

from desktop.domain.schema.base import Base
from desktop.domain.schema.entities import Account  # noqa: F401 - fills Base.metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies tables
)
with context.begin_transaction():
    context.run_migrations()
