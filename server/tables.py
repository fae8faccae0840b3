"""Server-only tables: logins, tokens, rate limits, the sync clock, replay log.

The synced entities themselves are the desktop schema's tables (one definition
for client, wire and server). These live on their own metadata so the client's
migrations never see them. Nothing here is kept in process memory: several
server processes can share one database.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Uuid,
    text,
)

from desktop.domain.schema.base import NAMING, UTCDateTime
from desktop.domain.schema.entities import Territory, User

metadata = MetaData(naming_convention=NAMING)

# Who may sign in, and how: one row per user that has a password.
logins = Table(
    "logins",
    metadata,
    Column("user_id", Uuid, ForeignKey(User.__table__.c.id), primary_key=True),
    Column("login", String(120), nullable=False, unique=True),
    Column("password_hash", String(200), nullable=False),
    Column("role", String(16), nullable=False),  # rep | manager | admin
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", UTCDateTime, nullable=False),
)

# The territories a rep (or manager) works; a user may have several.
user_territories = Table(
    "user_territories",
    metadata,
    Column("user_id", Uuid, ForeignKey(User.__table__.c.id), primary_key=True),
    Column("territory_id", Uuid, ForeignKey(Territory.__table__.c.id), primary_key=True),
)

# Bearer tokens, stored only as SHA-256 hashes; expiring and revocable.
tokens = Table(
    "tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", Uuid, ForeignKey(User.__table__.c.id), nullable=False, index=True),
    Column("client_name", String(120)),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("revoked_at", UTCDateTime),
    # The device this sign-in made (``devices``); None for tokens older than devices.
    Column("device_id", Uuid, index=True),
)

# Each sign-in is a named device (the client's name, its address), listed and
# revoked by an admin (``fieldbook-server devices`` / ``revoke-device``). A
# revoked device's token answers 401 ``device_revoked`` and the app wipes its
# cache (``server.devices``).
devices = Table(
    "devices",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("user_id", Uuid, ForeignKey(User.__table__.c.id), nullable=False, index=True),
    Column("name", String(120), nullable=False),
    Column("address", String(64)),  # where it signed in from
    Column("first_seen_at", UTCDateTime, nullable=False),
    Column("last_seen_at", UTCDateTime, nullable=False),
    Column("revoked_at", UTCDateTime),
)

# Sign-in attempts, for rate limiting across processes.
login_attempts = Table(
    "login_attempts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("login", String(120), nullable=False),
    Column("remote", String(64), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("ok", Boolean, nullable=False),
    Index("ix_login_attempts_login_at", "login", "at"),
)

# One row: the commit-ordered version counter and this database's epoch.
# Every write transaction locks this row first, so versions are handed out in
# commit order and a pull cursor can never skip a late commit.
sync_clock = Table(
    "sync_clock",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("version", BigInteger, nullable=False),
    Column("epoch", Uuid, nullable=False),
    # The version this epoch started from: 0 for a new database; after
    # ``fieldbook-server mark-restored``, the head of the restored backup.
    # Clients re-push what they hold above it.
    Column("epoch_start", BigInteger, nullable=False, server_default="0"),
)

# The stored result of every applied mutation: a replayed push gets it back.
client_mutations = Table(
    "client_mutations",
    metadata,
    Column("client_id", Uuid, primary_key=True),
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("digest", String(64), nullable=False),
    Column("result", JSON, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

# Content-addressed file contents, received in chunks (resumable): a blob is
# complete once its chunks cover ``size`` and their SHA-256 is the key.
blobs = Table(
    "blobs",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("complete", Boolean, nullable=False, default=False),
    Column("created_at", UTCDateTime, nullable=False),
)

blob_chunks = Table(
    "blob_chunks",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("offset", BigInteger, primary_key=True, autoincrement=False),
    Column("data", LargeBinary, nullable=False),
)

# Blobs by possession (``server.blobs``): each user's chunks in flight, apart
# from everyone else's (an upload neither reveals nor disturbs another), and
# who has sent a blob's whole content, which lets them see and attach it.
blob_uploads = Table(
    "blob_uploads",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("user_id", Uuid, primary_key=True),
    Column("offset", BigInteger, primary_key=True, autoincrement=False),
    Column("size", BigInteger, nullable=False),
    Column("data", LargeBinary, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

blob_holders = Table(
    "blob_holders",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("user_id", Uuid, primary_key=True),
    Column("created_at", UTCDateTime, nullable=False),
)

# An account left the scope it was in (territory or owner changed): the reps
# who could see it before must drop it from their caches.
scope_exits = Table(
    "scope_exits",
    metadata,
    Column("version", BigInteger, primary_key=True, autoincrement=False),
    Column("account_id", Uuid, nullable=False),
    Column("old_territory_id", Uuid),
    Column("old_owner_id", Uuid),
)

# A lead was reassigned (owner or territory changed): leads are assigned, not
# shared, so the reps who could see it before must drop it from their caches.
lead_exits = Table(
    "lead_exits",
    metadata,
    Column("version", BigInteger, primary_key=True, autoincrement=False),
    Column("lead_id", Uuid, nullable=False),
    Column("old_territory_id", Uuid),
    Column("old_owner_id", Uuid),
)

# Duplicates merged away (accounts, contacts, leads): the loser and the record
# it went into, written when the loser's ``merged_into_id`` arrives. Small and
# read whole by each push, so references to a loser are sent on to its
# survivor without a lookup per row (``server.merges``).
merged_records = Table(
    "merged_records",
    metadata,
    Column("table_name", String(24), primary_key=True),
    Column("loser_id", Uuid, primary_key=True),
    Column("survivor_id", Uuid, nullable=False),
    Column("version", BigInteger, nullable=False),
)

# The audit log: one row per applied mutation (and per row the server changed
# on its own), with who, from which device, when, and each changed field's old
# and new value ({field: [old, new]} in wire form). Kept until an admin prunes
# it (``fieldbook-server prune --audit-days``); see ``server.audit``.
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
           autoincrement=True),
    Column("version", BigInteger),
    Column("table_name", String(40), nullable=False),
    Column("row_id", Uuid, nullable=False),
    Column("account_id", Uuid),
    Column("user_id", Uuid),  # None: the server on its own
    Column("client_id", Uuid),
    Column("device_id", Uuid),  # server.devices; the name is kept as it was
    Column("device", String(120)),
    Column("seq", BigInteger),
    Column("op", String(16), nullable=False),  # create | update | delete | restore
    Column("changes", JSON, nullable=False),
    Column("decided", JSON),  # fields whose value the server decided, not the client
    Column("at", UTCDateTime, nullable=False),
    Index("ix_audit_log_row", "table_name", "row_id", "id"),
    Index("ix_audit_log_account", "account_id", "at"),
    Index("ix_audit_log_at", "at"),
    # Entries of a parallel push not yet stamped (server.db; migration 0017).
    Index("ix_audit_log_provisional", "version", postgresql_where=text("version < 0"),
          sqlite_where=text("version < 0")),
)

# The replay log is pruned by age (``fieldbook-server prune``).
Index("ix_client_mutations_created_at", client_mutations.c.created_at)

# Per client, the highest seq whose replay result was pruned: a push at or
# below it is a replay of something already applied (``server.audit.prune``).
replay_pruned = Table(
    "replay_pruned",
    metadata,
    Column("client_id", Uuid, primary_key=True),
    Column("seq", BigInteger, nullable=False),
    Column("pruned_at", UTCDateTime, nullable=False),
)

# Indexes only the server has on synced tables (the client's cache has no use
# for them): each order number is given once (migration 0016). The synced tables
# belong to the desktop schema, so these are added to a copy of them.
SYNCED_INDEXES: tuple[tuple[str, str, tuple[str, ...], bool], ...] = (
    ("uq_orders_number", "orders", ("number",), True),
)


def add_synced_indexes(combined: MetaData) -> None:
    """Declare ``SYNCED_INDEXES`` on copies of the synced tables in ``combined``."""
    for name, table, columns, unique in SYNCED_INDEXES:
        copy = combined.tables[table]
        Index(name, *(copy.c[c] for c in columns), unique=unique)
