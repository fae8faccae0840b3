"""Direct inserts of users and territories for sync tests (no passwords needed)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import insert, select

from desktop.domain.schema.entities import Territory, User
from server.db import Database
from server.tables import logins, user_territories

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def territory(db: Database, code: str) -> uuid.UUID:
    t = Territory.__table__
    with db.write() as txn:
        found = txn.conn.execute(select(t.c.id).where(t.c.code == code)).scalar()
        if found is not None:
            return found  # type: ignore[no-any-return]
        tid = uuid.uuid4()
        txn.conn.execute(insert(t).values(id=tid, code=code, name=code, created_at=NOW,
                                          updated_at=NOW, sync_version=txn.next_version()))
        return tid


def user(db: Database, login: str, role: str = "rep", territories: tuple[str, ...] = (),
         manager: uuid.UUID | None = None) -> uuid.UUID:
    tids = [territory(db, code) for code in territories]
    uid = uuid.uuid4()
    with db.write() as txn:
        txn.conn.execute(insert(User.__table__).values(
            id=uid, name=login.title(), email=f"{login}@example.com", role=role,
            territory_id=tids[0] if tids else None, manager_id=manager, created_at=NOW,
            updated_at=NOW, sync_version=txn.next_version()))
        txn.conn.execute(insert(logins).values(user_id=uid, login=login, password_hash="x",
                                               role=role, active=True, created_at=NOW))
        for tid in tids:
            txn.conn.execute(insert(user_territories).values(user_id=uid, territory_id=tid))
    return uid


def token(db: Database, user_id: uuid.UUID, days: int = 30) -> str:
    """A bearer token for ``user_id``, stored hashed as the server stores it."""
    import hashlib
    import secrets
    from datetime import timedelta

    from server.tables import tokens

    raw = secrets.token_urlsafe(32)
    with db.plain() as conn:
        conn.execute(insert(tokens).values(
            token_hash=hashlib.sha256(raw.encode()).hexdigest(), user_id=user_id,
            client_name="test", created_at=NOW,
            expires_at=datetime.now(UTC) + timedelta(days=days)))
    return raw
