"""A PostgreSQL server database holding many accounts, made in seconds (COPY),
for the tests and benchmarks of a long initial sync."""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
import tempfile
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

PG = "postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
NOW = datetime.now(UTC)


def _template_account() -> dict[str, object]:
    """One account as a client stores it (every wire field), made by the service."""
    from desktop.domain import wire
    from desktop.services.accounts import AccountService
    from desktop.store.store import Store

    folder = Path(tempfile.mkdtemp())
    store = Store(folder / "template.sqlite3")
    try:
        saved = AccountService(store).create_account({"name": "Template", "kind": "customer"})
        names = wire.tables()["accounts"].names
        conn = sqlite3.connect(folder / "template.sqlite3")
        row = conn.execute(f"SELECT {', '.join(names)} FROM accounts WHERE id = ?",
                           (saved.id.hex,)).fetchone()
        conn.close()
        return dict(zip(names, row, strict=True))
    finally:
        store.close()


def make_server_db(name: str, accounts: int) -> tuple[str, str, str]:
    """A fresh database ``name`` with ``accounts`` accounts and an admin who may
    read them; returns (database URL, admin user id hex, token)."""
    import psycopg
    from sqlalchemy import create_engine, text

    from server.db import Database
    from server.schema import migrate

    admin = create_engine(PG.format(name="test"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = PG.format(name=name)
    db = Database(url)
    migrate(db.engine)
    db.dispose()
    user, token = _admin_login(url)  # first in the server's order: the first page has it
    template = _template_account()
    cols = list(template)
    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{name}") as pg:
        start = int(pg.execute("SELECT version FROM sync_clock").fetchone()[0])
        with pg.cursor() as cur, cur.copy(
                f"COPY accounts ({', '.join(cols)}, sync_version) FROM STDIN") as copy:
            for n in range(accounts):
                values = {**template, "id": uuid.uuid4().hex, "name": f"Account {n:06d}",
                          "owner_id": None, "territory_id": None}
                copy.write_row([*(values[c] for c in cols), start + n + 1])
        pg.execute("UPDATE sync_clock SET version = %s", (start + accounts,))
        pg.commit()
    return url, user, token


def _admin_login(url: str) -> tuple[str, str]:
    from sqlalchemy import insert

    from server.db import Database
    from server.rows import table_of
    from server.tables import logins, tokens

    db = Database(url)
    uid = uuid.uuid4()
    raw = secrets.token_urlsafe(32)
    with db.write() as txn:
        txn.conn.execute(insert(table_of("users")).values(
            id=uid, name="Ada Admin", email=f"{uid.hex}@example.com", role="admin",
            created_at=NOW, updated_at=NOW, sync_version=txn.next_version()))
        txn.conn.execute(insert(logins).values(user_id=uid, login="ada", password_hash="-",
                                               role="admin", active=True, created_at=NOW))
        txn.conn.execute(insert(tokens).values(
            token_hash=hashlib.sha256(raw.encode()).hexdigest(), user_id=uid,
            client_name="test", created_at=NOW, expires_at=NOW + timedelta(days=1)))
    db.dispose()
    return uid.hex, raw


def drop_server_db(name: str) -> None:
    from sqlalchemy import create_engine, text

    admin = create_engine(PG.format(name="test"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
