"""Passwords, tokens and sign-in rate limits, all kept in the database.

Passwords are argon2 hashes; a password is exchanged once for a random token,
which the server stores only as its SHA-256, with an expiry, and can revoke.
Failed sign-ins are counted per login and per address in the database, so the
limit holds across several server processes.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from contextlib import nullcontext
from datetime import datetime, timedelta
from typing import NamedTuple

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from sqlalchemy import Connection, func, insert, select, update

from desktop.domain.schema.entities import User
from server import devices
from server.config import ServerConfig
from server.db import Database
from server.login_queue import LoginQueue
from server.tables import devices as device_table
from server.tables import login_attempts, logins, tokens

_HASHER = PasswordHasher()
# Verified against when the login is unknown, so timing does not reveal which logins exist.
_DUMMY_HASH = _HASHER.hash("fieldbook-dummy-password")
TURN_SECONDS = 30.0  # the longest a sign-in waits for its login's turn


class Principal(NamedTuple):
    user_id: uuid.UUID
    role: str
    login: str
    name: str
    device_id: uuid.UUID | None = None  # the device this sign-in made (server.devices)


class IssuedToken(NamedTuple):
    token: str
    expires_at: datetime
    principal: Principal


class AuthError(Exception):
    """Wrong credentials, or a token that is unknown, expired or revoked (HTTP 401)."""


class DeviceRevoked(AuthError):
    """The token's device was revoked by an admin: the app wipes its cache (HTTP 401
    ``device_revoked``)."""


class RateLimited(Exception):
    """Too many failed sign-ins (HTTP 429)."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"Too many failed sign-ins; try again in {retry_after} s.")
        self.retry_after = retry_after


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(stored: str, password: str) -> bool:
    try:
        return _HASHER.verify(stored, password)
    except (VerifyMismatchError, InvalidHashError):
        return False


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def sign_in(db: Database, config: ServerConfig, login: str, password: str, remote: str,
            client_name: str, now: datetime, queue: LoginQueue | None = None) -> IssuedToken:
    """Reserve, check, settle. The attempt is counted and recorded as a failure
    in one short serialised step (``Database.serial``) before the password is
    checked, so concurrent guesses count one another and no more than the limit
    reach the check, across processes; a right password then turns it into a
    success. The slow hash runs outside any transaction. ``queue``: attempts on
    one login take turns in this process (``server.login_queue``)."""
    with db.plain() as conn:  # already limited: refused without waiting for a turn
        _check_limit(conn, config, login, remote, now)
    with queue.turn(login, TURN_SECONDS) if queue else nullcontext(True) as turn:
        if not turn:
            raise RateLimited(5)  # many attempts on this login at once: shortly again
        attempt = _reserve(db, config, login, remote, now)
        with db.plain() as conn:
            row = conn.execute(
                select(logins, User.__table__.c.name).join(
                    User.__table__, User.__table__.c.id == logins.c.user_id)
                .where(logins.c.login == login)).first()
        ok = verify_password(row.password_hash if row else _DUMMY_HASH, password)
        if not ok or row is None or not row.active:
            raise AuthError("Wrong user name or password.")  # recorded as reserved
        rehashed = hash_password(password) if _HASHER.check_needs_rehash(row.password_hash) \
            else None
        token = secrets.token_urlsafe(32)
        expires = now + timedelta(days=config.token_ttl_days)
        with db.serial(f"login:{login}") as conn:
            conn.execute(update(login_attempts).where(login_attempts.c.id == attempt)
                         .values(ok=True))
            device = devices.register(conn, row.user_id, client_name, remote, now)
            conn.execute(insert(tokens).values(
                token_hash=token_hash(token), user_id=row.user_id, client_name=client_name[:120],
                created_at=now, expires_at=expires, device_id=device))
            if rehashed:
                conn.execute(update(logins).where(logins.c.user_id == row.user_id)
                             .values(password_hash=rehashed))
        return IssuedToken(token, expires,
                           Principal(row.user_id, row.role, row.login, row.name, device))


def _reserve(db: Database, config: ServerConfig, login: str, remote: str,
             now: datetime) -> int:
    """Count the failures (reservations in flight included) and, under the
    limit, record this attempt as one more: its id, to settle it later."""
    with db.serial(f"login:{login}", f"remote:{remote}") as conn:
        _check_limit(conn, config, login, remote, now)
        return int(conn.execute(insert(login_attempts).values(
            login=login, remote=remote, at=now, ok=False)
            .returning(login_attempts.c.id)).scalar_one())


def record_malformed(db: Database, login: str, remote: str, now: datetime) -> None:
    """A sign-in whose body did not fit the protocol: a failed attempt all the same."""
    with db.serial(f"login:{login}", f"remote:{remote}") as conn:
        conn.execute(insert(login_attempts).values(login=login, remote=remote, at=now, ok=False))


def _check_limit(conn: Connection, config: ServerConfig, login: str, remote: str,
                 now: datetime) -> None:
    since = now - timedelta(seconds=config.login_window_seconds)
    failures = select(func.count()).select_from(login_attempts).where(
        login_attempts.c.at >= since, login_attempts.c.ok.is_(False))
    by_login = conn.execute(failures.where(login_attempts.c.login == login)).scalar_one()
    by_remote = conn.execute(failures.where(login_attempts.c.remote == remote)).scalar_one()
    if by_login >= config.login_failures_per_login or \
            by_remote >= config.login_failures_per_remote:
        raise RateLimited(config.login_window_seconds)


def authenticate(db: Database, token: str, now: datetime) -> Principal:
    with db.plain() as conn:
        row = conn.execute(
            select(tokens.c.expires_at, tokens.c.revoked_at, logins.c.user_id, logins.c.role,
                   logins.c.login, logins.c.active, User.__table__.c.name, tokens.c.device_id,
                   device_table.c.revoked_at.label("device_revoked_at"),
                   device_table.c.last_seen_at)
            .join(logins, logins.c.user_id == tokens.c.user_id)
            .join(User.__table__, User.__table__.c.id == tokens.c.user_id)
            .outerjoin(device_table, device_table.c.id == tokens.c.device_id)
            .where(tokens.c.token_hash == token_hash(token))).first()
    if row is not None and row.device_revoked_at is not None:
        raise DeviceRevoked("An administrator signed this device out and its data must be "
                            "removed from it; sign in again to start over.")
    if row is None or row.revoked_at is not None or row.expires_at <= now or not row.active:
        raise AuthError("Your session has ended; sign in again.")
    if row.device_id is not None:
        devices.touch(db, row.device_id, row.last_seen_at, now)
    return Principal(row.user_id, row.role, row.login, row.name, row.device_id)


def revoke_token(db: Database, token: str, now: datetime) -> None:
    with db.plain() as conn:
        conn.execute(update(tokens).where(tokens.c.token_hash == token_hash(token),
                                          tokens.c.revoked_at.is_(None)).values(revoked_at=now))


def revoke_all(db: Database, user_id: uuid.UUID, now: datetime) -> int:
    with db.plain() as conn:
        return conn.execute(update(tokens).where(
            tokens.c.user_id == user_id, tokens.c.revoked_at.is_(None))
            .values(revoked_at=now)).rowcount
