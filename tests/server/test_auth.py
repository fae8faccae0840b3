"""Passwords, tokens and rate limits on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from desktop.domain.schema.entities import Territory, User
from server.auth import (
    AuthError,
    RateLimited,
    authenticate,
    hash_password,
    revoke_all,
    revoke_token,
    sign_in,
    verify_password,
)
from server.config import ServerConfig
from server.db import Database
from server.tables import tokens
from server.users import create_user, reset_password, set_active

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def ann(server_db: Database) -> Database:
    create_user(server_db, name="Ann Rep", email="ann@example.com", login="ann",
                password="correct horse", role="rep", territory_codes=["EAST", "NORTH"],
                manager_login=None, now=NOW)
    return server_db


def config(db: Database) -> ServerConfig:
    return ServerConfig(database_url=db.url, login_failures_per_login=3)


def test_argon2_hash_verifies_only_the_right_password() -> None:
    stored = hash_password("s3cret-pass")
    assert stored.startswith("$argon2")
    assert verify_password(stored, "s3cret-pass") and not verify_password(stored, "nope")


def test_sign_in_stores_only_the_token_hash(ann: Database) -> None:
    issued = sign_in(ann, config(ann), "ann", "correct horse", "10.0.0.1", "laptop", NOW)
    assert issued.principal.role == "rep" and issued.principal.name == "Ann Rep"
    assert issued.expires_at == NOW + timedelta(days=30)
    with ann.plain() as conn:
        stored = conn.execute(select(tokens.c.token_hash)).scalars().all()
    assert len(stored) == 1 and stored[0] != issued.token and issued.token not in stored[0]
    assert authenticate(ann, issued.token, NOW).user_id == issued.principal.user_id


def test_wrong_password_and_unknown_login_read_the_same(ann: Database) -> None:
    for login, password in (("ann", "wrong"), ("nobody", "correct horse")):
        with pytest.raises(AuthError, match="Wrong user name or password"):
            sign_in(ann, config(ann), login, password, "10.0.0.1", "laptop", NOW)


def test_rate_limit_refuses_even_the_right_password(ann: Database) -> None:
    for _ in range(3):
        with pytest.raises(AuthError):
            sign_in(ann, config(ann), "ann", "guess", "10.0.0.1", "laptop", NOW)
    with pytest.raises(RateLimited) as limited:
        sign_in(ann, config(ann), "ann", "correct horse", "10.0.0.1", "laptop", NOW)
    assert limited.value.retry_after == 300
    later = NOW + timedelta(minutes=6)  # the window has passed
    assert sign_in(ann, config(ann), "ann", "correct horse", "10.0.0.1", "laptop", later).token


def test_expired_and_revoked_tokens_are_refused(ann: Database) -> None:
    issued = sign_in(ann, config(ann), "ann", "correct horse", "10.0.0.1", "laptop", NOW)
    with pytest.raises(AuthError):
        authenticate(ann, issued.token, NOW + timedelta(days=31))
    revoke_token(ann, issued.token, NOW)
    with pytest.raises(AuthError):
        authenticate(ann, issued.token, NOW)
    other = sign_in(ann, config(ann), "ann", "correct horse", "10.0.0.1", "laptop", NOW)
    assert revoke_all(ann, other.principal.user_id, NOW) == 1
    with pytest.raises(AuthError):
        authenticate(ann, other.token, NOW)


def test_reset_password_and_deactivate_end_sessions(ann: Database) -> None:
    issued = sign_in(ann, config(ann), "ann", "correct horse", "10.0.0.1", "laptop", NOW)
    reset_password(ann, "ann", "battery staple", NOW)
    with pytest.raises(AuthError):
        authenticate(ann, issued.token, NOW)
    again = sign_in(ann, config(ann), "ann", "battery staple", "10.0.0.1", "laptop", NOW)
    set_active(ann, "ann", False, NOW)
    with pytest.raises(AuthError):
        authenticate(ann, again.token, NOW)


def test_create_user_writes_synced_rows(ann: Database) -> None:
    with ann.read() as conn:
        user = conn.execute(select(User.__table__)).one()
        codes = conn.execute(select(Territory.__table__.c.code, Territory.__table__.c.sync_version)
                             .order_by(Territory.__table__.c.code)).all()
    assert user.name == "Ann Rep" and user.sync_version > 0
    assert [c for c, _ in codes] == ["EAST", "NORTH"] and all(v > 0 for _, v in codes)
    with pytest.raises(ValueError, match="already exists"):
        create_user(ann, name="Again", email="x@example.com", login="ann", password="12345678",
                    role="rep", territory_codes=[], manager_login=None, now=NOW)
    with pytest.raises(ValueError, match="role"):
        create_user(ann, name="X", email="y@example.com", login="x", password="12345678",
                    role="boss", territory_codes=[], manager_login=None, now=NOW)
