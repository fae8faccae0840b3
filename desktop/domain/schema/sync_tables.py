"""The client's own sync bookkeeping: outbox, rejected mutations, state.

These tables live only in the local cache (the server never creates them);
they sit on the same metadata so that one set of migrations covers the file.
"""

from __future__ import annotations

from sqlalchemy import JSON, Column, Index, Integer, String, Table, Text, Uuid

from desktop.domain.schema.base import Base, UTCDateTime

LOCAL_ONLY = {"local_only": True}

# One row per local mutation, written in the same transaction as the edit.
# ``seq`` is the mutation id the server deduplicates on, so it never repeats.
outbox = Table(
    "sync_outbox",
    Base.metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("table_name", String(40), nullable=False),
    Column("row_id", Uuid, nullable=False),
    Column("op", String(8), nullable=False),  # upsert | delete
    Column("base", JSON),  # the values the edit was made against; None for a new row
    Column("changes", JSON, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_sync_outbox_row_id", "row_id"),
    sqlite_autoincrement=True,
    info=LOCAL_ONLY,
)

# Mutations the server refused (validation, permission): acknowledged, kept here
# with the reason until the rep retries or discards them.
rejected = Table(
    "sync_rejected",
    Base.metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("table_name", String(40), nullable=False),
    Column("row_id", Uuid, nullable=False),
    Column("op", String(8), nullable=False),
    Column("base", JSON),
    Column("changes", JSON, nullable=False),
    Column("reason", Text, nullable=False),
    Column("rejected_at", UTCDateTime, nullable=False),
    info=LOCAL_ONLY,
)

# Key/value state: client id, server epoch, pull cursor, scope, last sync.
state = Table(
    "sync_state",
    Base.metadata,
    Column("key", String(40), primary_key=True),
    Column("value", Text, nullable=False),
    info=LOCAL_ONLY,
)

# The sales-materials library on this laptop: brochure PDFs (blobs by SHA-256)
# a rep can attach to proposals. Attaching one makes a synced attachment, so
# the proposal's brochures travel with it; the library itself stays local.
materials = Table(
    "materials",
    Base.metadata,
    Column("sha256", String(64), primary_key=True),
    Column("file_name", String(200), nullable=False),
    Column("title", String(200), nullable=False),
    Column("size", Integer, nullable=False),
    Column("added_at", UTCDateTime, nullable=False),
    info=LOCAL_ONLY,
)
