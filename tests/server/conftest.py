"""Server databases for tests: a fresh SQLite file and a fresh PostgreSQL database.

PostgreSQL runs on 127.0.0.1:5432 (user postgres, trust auth) on every
machine, CI's included; each test gets its own database, dropped afterwards.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from server.db import Database
from server.schema import migrate

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _pg_database() -> Iterator[str]:
    name = f"fb_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def server_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated, empty server database URL on each backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
        _migrate(url)
        yield url
    else:
        for url in _pg_database():
            _migrate(url)
            yield url


def _migrate(url: str) -> None:
    db = Database(url)
    try:
        migrate(db.engine)
    finally:
        db.dispose()


@pytest.fixture
def server_db(server_url: str) -> Iterator[Database]:
    db = Database(server_url)
    yield db
    db.dispose()
