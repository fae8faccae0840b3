"""Creating users and managing their passwords (``fieldbook-server`` CLI)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import insert, select, update

from server.auth import hash_password, revoke_all
from server.db import Database
from server.rows import table_of
from server.tables import logins, user_territories

ROLES = ("rep", "manager", "admin")


def create_user(db: Database, *, name: str, email: str, login: str, password: str, role: str,
                territory_codes: list[str], manager_login: str | None, now: datetime) -> uuid.UUID:
    """A synced ``users`` row plus its login; unknown territories are created."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    if len(password) < 8:
        raise ValueError("the password needs at least 8 characters")
    password_hash = hash_password(password)  # slow: before taking the write lock
    users, territories = table_of("users"), table_of("territories")
    with db.write() as txn:
        conn = txn.conn
        if conn.execute(select(logins.c.user_id).where(logins.c.login == login)).first():
            raise ValueError(f"the login {login!r} already exists")
        manager_id = None
        if manager_login:
            manager_id = conn.execute(select(logins.c.user_id)
                                      .where(logins.c.login == manager_login)).scalar()
            if manager_id is None:
                raise ValueError(f"no manager with the login {manager_login!r}")
        territory_ids = []
        for code in territory_codes:
            tid = conn.execute(select(territories.c.id).where(territories.c.code == code)).scalar()
            if tid is None:
                tid = uuid.uuid4()
                conn.execute(insert(territories).values(
                    id=tid, code=code, name=code, created_at=now, updated_at=now,
                    sync_version=txn.next_version()))
            territory_ids.append(tid)
        user_id = uuid.uuid4()
        conn.execute(insert(users).values(
            id=user_id, name=name, email=email, role=role,
            territory_id=territory_ids[0] if territory_ids else None, manager_id=manager_id,
            created_at=now, updated_at=now, sync_version=txn.next_version()))
        conn.execute(insert(logins).values(user_id=user_id, login=login,
                                           password_hash=password_hash, role=role, active=True,
                                           created_at=now))
        for tid in territory_ids:
            conn.execute(insert(user_territories).values(user_id=user_id, territory_id=tid))
    return user_id


def user_id_of(db: Database, login: str) -> uuid.UUID:
    with db.plain() as conn:
        found = conn.execute(select(logins.c.user_id).where(logins.c.login == login)).scalar()
    if found is None:
        raise ValueError(f"no user with the login {login!r}")
    return uuid.UUID(str(found))


def reset_password(db: Database, login: str, password: str, now: datetime) -> None:
    """A new password; every token of the user stops working."""
    if len(password) < 8:
        raise ValueError("the password needs at least 8 characters")
    user_id = user_id_of(db, login)
    with db.plain() as conn:
        conn.execute(update(logins).where(logins.c.user_id == user_id)
                     .values(password_hash=hash_password(password)))
    revoke_all(db, user_id, now)


def set_active(db: Database, login: str, active: bool, now: datetime) -> None:
    user_id = user_id_of(db, login)
    with db.plain() as conn:
        conn.execute(update(logins).where(logins.c.user_id == user_id).values(active=active))
    if not active:
        revoke_all(db, user_id, now)
