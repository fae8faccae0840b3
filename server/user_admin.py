"""Changing a user after creating them (``fieldbook-server set-user``) and
listing them (``users``).

Every change is one synced write: the ``users`` row gets a new version (so
each cache hears of the new role, manager, home territory and ceiling) and the
user's territories are replaced. What a user may see follows from the server's
tables at each request; the pull's scope fingerprint changes with it, which
sends the affected caches (the user's, and their old and new managers') through
a scope check on their next sync.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from server.db import Database
from server.rows import table_of
from server.tables import logins, user_territories
from server.users import ROLES

UNSET: Any = object()  # an option not given
MAX_PLACES = 4  # of a ceiling's share (0.1234 = 12.34 %)


@dataclass(frozen=True)
class Change:
    territories: list[str] | None = None  # codes; [] removes every territory
    manager: str | None = None  # a login, or "none"
    role: str | None = None
    ceiling: Any = UNSET  # Decimal, None (the company default) or UNSET

    @property
    def empty(self) -> bool:
        return (self.territories is None and self.manager is None and self.role is None
                and self.ceiling is UNSET)


def parse_ceiling(text: str | None) -> Any:
    """'0.15' or '15%' as the share 0.15; 'default' as None; None as UNSET."""
    if text is None:
        return UNSET
    raw = text.strip()
    if raw.lower() in ("default", "none"):
        return None
    percent = raw.endswith("%")
    try:
        value = Decimal(raw.rstrip("%").strip())
    except InvalidOperation:
        raise ValueError(f"--discount-ceiling {text!r}: not a number (give 0.15, 15% or "
                         "default)") from None
    if not value.is_finite():
        raise ValueError(f"--discount-ceiling {text!r}: not a number")
    if percent:
        value /= 100
    if not Decimal(0) <= value <= Decimal(1):
        raise ValueError(f"--discount-ceiling {text!r}: a share from 0 to 1 (0.15) or a "
                         "percentage from 0% to 100% (15%)")
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > MAX_PLACES:
        raise ValueError(f"--discount-ceiling {text!r}: at most {MAX_PLACES - 2} decimals "
                         "of a percentage")
    return value.normalize() if value else Decimal(0)


def set_user(db: Database, login: str, change: Change, now: datetime) -> list[str]:
    """Apply ``change`` in one write; returns what was done, in words."""
    users, territories = table_of("users"), table_of("territories")
    said: list[str] = []
    with db.write() as txn:
        conn = txn.conn
        user_id = _login(conn, login)
        values: dict[str, Any] = {}
        if change.role is not None:
            if change.role not in ROLES:
                raise ValueError(f"role must be one of {', '.join(ROLES)}, not {change.role!r}")
            values["role"] = change.role
            conn.execute(update(logins).where(logins.c.user_id == user_id)
                         .values(role=change.role))
            said.append(f"role {change.role}")
            if change.role == "rep":
                team = conn.execute(select(func.count()).select_from(users)
                                    .where(users.c.manager_id == user_id)).scalar_one()
                if team:
                    said.append(f"note: {team} user(s) still name {login} as their manager")
        if change.manager is not None:
            manager_id = _manager(conn, user_id, login, change.manager)
            values["manager_id"] = manager_id
            said.append(f"manager {change.manager if manager_id else 'none'}")
        if change.territories is not None:
            ids = []
            for code in dict.fromkeys(change.territories):
                found = conn.execute(select(territories.c.id)
                                     .where(territories.c.code == code)).scalar()
                if found is None:
                    known = conn.execute(select(territories.c.code).where(
                        territories.c.deleted_at.is_(None)).order_by(territories.c.code)
                    ).scalars().all()
                    raise ValueError(f"unknown territory {code!r} (known: "
                                     f"{', '.join(known) or 'none'})")
                ids.append(found)
            conn.execute(delete(user_territories).where(user_territories.c.user_id == user_id))
            for tid in ids:
                conn.execute(insert(user_territories).values(user_id=user_id, territory_id=tid))
            values["territory_id"] = ids[0] if ids else None
            said.append("territories " + (", ".join(dict.fromkeys(change.territories))
                                          or "none"))
        if change.ceiling is not UNSET:
            values["discount_ceiling"] = change.ceiling
            said.append("discount ceiling " + ("the company default" if change.ceiling is None
                                               else f"{(change.ceiling * 100).normalize():f}%"))
        conn.execute(update(users).where(users.c.id == user_id).values(
            **values, updated_at=now, sync_version=txn.next_version()))
    head = f"Changed {login}: " + "; ".join(s for s in said if not s.startswith("note:")) + "."
    notes = [s[len("note: "):].capitalize() + "." for s in said if s.startswith("note:")]
    tail = []
    if change.territories is not None or change.role is not None or change.manager is not None:
        tail.append("The caches this affects drop what they may no longer see and fetch "
                    "what they now may on their next sync.")
    return [head, *notes, *tail]


def _login(conn: Connection, login: str) -> uuid.UUID:
    found = conn.execute(select(logins.c.user_id).where(logins.c.login == login)).scalar()
    if found is None:
        raise ValueError(f"no user with the login {login!r}")
    return uuid.UUID(str(found))


def _manager(conn: Connection, user_id: uuid.UUID, login: str, manager: str) -> uuid.UUID | None:
    """The new manager's id, checked: an existing manager or admin, not the user,
    and not someone the user (in)directly manages."""
    if manager.lower() == "none":
        return None
    if manager == login:
        raise ValueError(f"{login} cannot be their own manager")
    row = conn.execute(select(logins.c.user_id, logins.c.role)
                       .where(logins.c.login == manager)).first()
    if row is None:
        raise ValueError(f"no manager with the login {manager!r}")
    if row.role not in ("manager", "admin"):
        raise ValueError(f"{manager} is a {row.role}, not a manager (set their role first: "
                         f"set-user {manager} --role manager)")
    users = table_of("users")
    seen: set[Any] = set()
    at: Any = uuid.UUID(str(row.user_id))
    while at is not None and at not in seen:
        if at == user_id:
            raise ValueError(f"{manager} reports to {login}: a manager cannot report to "
                             "their own report")
        seen.add(at)
        at = conn.execute(select(users.c.manager_id).where(users.c.id == at)).scalar()
    return uuid.UUID(str(row.user_id))


def listing(db: Database) -> list[dict[str, Any]]:
    """Every user with a login: role, territories, manager, ceiling, active."""
    users, territories = table_of("users"), table_of("territories")
    boss = logins.alias("boss")
    with db.read() as conn:
        rows = conn.execute(
            select(logins.c.login, logins.c.role, logins.c.active, logins.c.user_id, users.c.name,
                   users.c.email, users.c.discount_ceiling, boss.c.login.label("manager"))
            .join(users, users.c.id == logins.c.user_id)
            .outerjoin(boss, boss.c.user_id == users.c.manager_id)
            .order_by(logins.c.login)).all()
        codes: dict[Any, list[str]] = {}
        for uid, code in conn.execute(
                select(user_territories.c.user_id, territories.c.code)
                .join(territories, territories.c.id == user_territories.c.territory_id)
                .order_by(territories.c.code)):
            codes.setdefault(uid, []).append(code)
    return [{"login": r.login, "name": r.name, "email": r.email, "role": r.role,
             "territories": codes.get(r.user_id, []), "manager": r.manager,
             "discount_ceiling": None if r.discount_ceiling is None
             else str(Decimal(r.discount_ceiling).normalize()),
             "active": bool(r.active), "id": uuid.UUID(str(r.user_id)).hex} for r in rows]
