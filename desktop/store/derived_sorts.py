"""Indexes the account list sorts and pages through, and the one sort key kept
by triggers: ``accounts.territory_sort`` (the territory's name, '' without one),
since an index cannot reach into the territories table.

Each sort key is an expression with no NULLs (``coalesce``), indexed as written
in :mod:`desktop.services.account_list`, so a page is a seek in its index and the
next page starts where the last one ended. Goal progress counts a rep's
interactions in a period through ``ix_interactions_author_occurred`` (a covering
index since 0016: :mod:`desktop.store.derived_reports`).
"""

from __future__ import annotations

from desktop.store.derived import SUSPENDED

COLUMNS = ("territory_sort",)  # local-only columns on accounts (not in the model)

INDEXES: dict[str, str] = {
    "ix_accounts_sort_city": "accounts (coalesce(billing_city, '') COLLATE NOCASE)",
    "ix_accounts_sort_region": "accounts (coalesce(billing_region, '') COLLATE NOCASE)",
    "ix_accounts_sort_kind": "accounts (kind)",
    "ix_accounts_sort_status": "accounts (status)",
    "ix_accounts_sort_tier": "accounts (coalesce(tier, 'Z'))",
    "ix_accounts_sort_territory": "accounts (territory_sort COLLATE NOCASE)",
    "ix_accounts_sort_last_contact": "accounts (coalesce(last_contact_at, ''))",
    "ix_interactions_author_occurred": "interactions (author_id, occurred_at)",
}

_NAME_OF = ("coalesce((SELECT t.name FROM territories t WHERE t.id = accounts.territory_id), "
            "'')")

TRIGGERS: dict[str, str] = {
    "accounts_sort_ai": f"AFTER INSERT ON accounts WHEN {SUSPENDED} AND "
    f"NEW.territory_id IS NOT NULL BEGIN UPDATE accounts SET territory_sort = {_NAME_OF} "
    "WHERE rowid = NEW.rowid; END",
    "accounts_sort_au": f"AFTER UPDATE OF territory_id ON accounts WHEN {SUSPENDED} "
    f"BEGIN UPDATE accounts SET territory_sort = {_NAME_OF} WHERE rowid = NEW.rowid; END",
    "territories_sort_ai": f"AFTER INSERT ON territories WHEN {SUSPENDED} BEGIN "
    "UPDATE accounts SET territory_sort = NEW.name WHERE territory_id = NEW.id; END",
    "territories_sort_au": f"AFTER UPDATE OF name, id ON territories WHEN {SUSPENDED} BEGIN "
    "UPDATE accounts SET territory_sort = NEW.name WHERE territory_id = NEW.id; END",
    "territories_sort_ad": f"AFTER DELETE ON territories WHEN {SUSPENDED} BEGIN "
    "UPDATE accounts SET territory_sort = '' WHERE territory_id = OLD.id; END",
}

DDL: list[str] = [
    "ALTER TABLE accounts ADD COLUMN territory_sort TEXT NOT NULL DEFAULT ''",
    *(f"CREATE INDEX {name} ON {on}" for name, on in INDEXES.items()),
    *(f"CREATE TRIGGER {name} {body}" for name, body in TRIGGERS.items()),
]

# Per range of accounts (``low < rowid <= high``), as the bulk loaders rebuild.
RANGED: list[str] = [
    f"UPDATE accounts SET territory_sort = {_NAME_OF} WHERE rowid > ? AND rowid <= ?",
]
REBUILD: list[str] = [f"UPDATE accounts SET territory_sort = {_NAME_OF}"]

DROP: list[str] = [
    *(f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGERS),
    *(f"DROP INDEX IF EXISTS {name}" for name in INDEXES),
    "ALTER TABLE accounts DROP COLUMN territory_sort",
]
