"""Named devices: each sign-in is one, listed and revoked by an admin.

A device is made by a sign-in (named by the client, e.g. "Fieldbook on
ann-laptop", with the address it came from). Its last contact is kept to within
:data:`TOUCH_EVERY` (a write per request would serialise every request on
SQLite). Revoking a device ends its tokens at once; its next request hears
401 ``device_revoked``, on which the app wipes its cache. The user may still
sign in again with their password (a new device): to stop that too, reset
the password or deactivate the user.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, func, insert, select, update

from server.db import Database
from server.tables import devices, tokens

TOUCH_EVERY = timedelta(minutes=5)
SHORT = 8  # hex digits of a device's id shown and accepted by the CLI


@dataclass(frozen=True)
class Device:
    id: uuid.UUID
    name: str
    address: str | None
    first_seen_at: datetime
    last_seen_at: datetime
    revoked_at: datetime | None
    signed_in: bool  # holds a token that is neither revoked nor expired

    @property
    def short_id(self) -> str:
        return self.id.hex[:SHORT]

    @property
    def state(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        return "signed in" if self.signed_in else "signed out"


def register(conn: Connection, user_id: uuid.UUID, name: str, address: str,
             now: datetime) -> uuid.UUID:
    """The device a sign-in makes (inside the sign-in's transaction)."""
    device_id = uuid.uuid4()
    conn.execute(insert(devices).values(
        id=device_id, user_id=user_id, name=(name.strip() or "unnamed device")[:120],
        address=address[:64], first_seen_at=now, last_seen_at=now))
    return device_id


def touch(db: Database, device_id: uuid.UUID, last_seen: datetime, now: datetime) -> None:
    """Record a contact if the last one is older than :data:`TOUCH_EVERY`: a
    transaction whose first statement writes, so it waits its turn for the lock."""
    if now - last_seen < TOUCH_EVERY:
        return
    with db.plain() as conn:
        conn.execute(update(devices).where(devices.c.id == device_id,
                                           devices.c.last_seen_at < now - TOUCH_EVERY)
                     .values(last_seen_at=now))


def of_user(db: Database, user_id: uuid.UUID, now: datetime) -> list[Device]:
    """A user's devices, oldest first."""
    live = (select(func.count()).select_from(tokens)
            .where(tokens.c.device_id == devices.c.id, tokens.c.revoked_at.is_(None),
                   tokens.c.expires_at > now).scalar_subquery())
    with db.plain() as conn:
        rows = conn.execute(select(devices, live.label("live"))
                            .where(devices.c.user_id == user_id)
                            .order_by(devices.c.first_seen_at, devices.c.id)).all()
    return [Device(r.id, r.name, r.address, r.first_seen_at, r.last_seen_at, r.revoked_at,
                   bool(r.live)) for r in rows]


def find(found: list[Device], wanted: str) -> Device:
    """The device named by its short id (or a longer prefix of its id) or by
    its name; a name several devices share must be given as an id."""
    key = wanted.strip().lower().replace("-", "")
    if len(key) >= 4 and all(c in "0123456789abcdef" for c in key):
        by_id = [d for d in found if d.id.hex.startswith(key)]
        if len(by_id) == 1:
            return by_id[0]
    by_name = [d for d in found if d.name == wanted]
    if len(by_name) == 1:
        return by_name[0]
    if len(by_name) > 1:
        ids = ", ".join(d.short_id for d in by_name)
        raise ValueError(f"{len(by_name)} devices are named {wanted!r}: give one's id ({ids})")
    known = ", ".join(f"{d.short_id} ({d.name})" for d in found) or "none"
    raise ValueError(f"no device {wanted!r} (devices: {known})")


def revoke(db: Database, device: Device, now: datetime) -> int:
    """End a device: it is marked revoked and its tokens stop working. Returns
    the number of tokens ended."""
    with db.plain() as conn:
        conn.execute(update(devices).where(devices.c.id == device.id,
                                           devices.c.revoked_at.is_(None))
                     .values(revoked_at=now))
        return int(conn.execute(update(tokens).where(tokens.c.device_id == device.id,
                                                     tokens.c.revoked_at.is_(None))
                                .values(revoked_at=now)).rowcount)
