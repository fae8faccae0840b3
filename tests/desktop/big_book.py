"""A synthetic cache of many accounts, written fast (plain inserts with the
derived data suspended, then rebuilt once, as the demo generator does), with
every filter value broad: for tests of query plans and bounded memory."""

from __future__ import annotations

import random
import sqlite3
import uuid
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from desktop.services.container import Services
from desktop.settings import SettingsFile
from desktop.store import derived

STAMP = "2026-01-01 00:00:00.000000"
NOW = datetime(2026, 11, 20, 15, 30, tzinfo=UTC)
CITIES = ["Urbana", "Peoria", "Champaign", "Decatur", "Normal", None]
REGIONS = ["IL", "IN", "IA", None]
KINDS = ["customer", "prospect", "broker", "vendor"]
STATUSES = ["active", "dormant", "prospect", "closed"]
TIERS = ["A", "B", "C", None]
CHANNELS = ["visit", "phone", "email", "note"]
WORDS = ["Grain", "Feed", "Seed", "Implements", "Supply", "Farms", "Dairy", "Ag"]


@dataclass
class BigBook:
    path: Path
    rep: uuid.UUID
    territories: list[uuid.UUID]
    accounts: int


def _time(at: datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M:%S.%f")


def big_book(path: Path, accounts: int = 20_000, per_account: int = 2, seed: int = 7) -> BigBook:
    Services.open(path, SettingsFile(path.with_suffix(".json"))).close()  # migrated, empty
    rnd = random.Random(seed)
    territories = [uuid.UUID(int=rnd.getrandbits(128)) for _ in range(4)]
    rep = uuid.UUID(int=rnd.getrandbits(128))
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("INSERT INTO derived_suspended(reason) VALUES ('test book')")
        conn.executemany(
            "INSERT INTO territories (id, code, name, created_at, updated_at) VALUES (?,?,?,?,?)",
            [(t.hex, f"T{n}", f"Territory {'DCBA'[n]}", STAMP, STAMP)
             for n, t in enumerate(territories)])
        conn.execute("INSERT INTO users (id, name, email, role, created_at, updated_at) "
                     "VALUES (?, 'Rita Rep', 'rita@example.com', 'rep', ?, ?)",
                     (rep.hex, STAMP, STAMP))
        rows, contacts = [], []
        for n in range(accounts):
            account = uuid.UUID(int=rnd.getrandbits(128)).hex
            rows.append((account, f"{rnd.choice(WORDS)} {rnd.choice(WORDS)} {n:05d}",
                         rnd.choice(KINDS), rnd.choice(STATUSES), rnd.choice(TIERS),
                         rnd.choice(CITIES), rnd.choice(REGIONS), rnd.choice(territories).hex,
                         "US", "USD", "en_US", "[]", 0, STAMP, STAMP))
            for _ in range(per_account):
                at = NOW - timedelta(days=rnd.randint(0, 200), minutes=rnd.randint(0, 600))
                contacts.append((uuid.UUID(int=rnd.getrandbits(128)).hex, account, rep.hex,
                                 rnd.choice(CHANNELS), "out", _time(at), "Check in", STAMP,
                                 STAMP))
        conn.executemany(
            "INSERT INTO accounts (id, name, kind, status, tier, billing_city, billing_region, "
            "territory_id, billing_country, currency, locale, tags, archived, created_at, "
            "updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        conn.executemany(
            "INSERT INTO interactions (id, account_id, author_id, channel, direction, "
            "occurred_at, subject, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)", contacts)
        for statement in derived.rebuild_statements():
            conn.execute(statement)
        conn.execute("DELETE FROM derived_suspended")
        conn.commit()
    return BigBook(path, rep, territories, accounts)
