"""Local covering indexes for the Today view's sections and the pipeline
report's stale deals (migration 0018, with the trends' sums).

Each read joins many rows to their account for one or two small columns; the
account's row is wide (addresses, notes, sort keys), so every probe read a
page of its own. These indexes hold just what the reads need, and the reads
name them (``INDEXED BY``, through :func:`indexed_by`: without statistics
SQLite picks the unique index on ``accounts.id`` and then the row).

* ``ix_accounts_facts``: an account's owner, kind, status, last contact and
  deletion, by id (Today's follow-ups, goals and orders; the stale deals).
* ``ix_opportunities_open_stale``: the open deals with what decides staleness
  and what the pipeline report sums, in account order (partial: open only).
* ``ix_opportunities_facts``: a deal's owner and currency, by id (the
  pipeline's stage changes of the week).
* ``ix_order_lines_basket`` and ``ix_orders_left_out``: cross-sell's
  baskets (each account's lines' products and orders; the few orders
  cancelled or deleted) read again for one segment and tier after a change.
* ``ix_follow_ups_open_assignee_due`` (0016's, under the same name) also
  covers who handed the follow-up over and its account: Today counts the due
  ones from the index alone.
"""

from __future__ import annotations

from typing import Any

from desktop.domain.forecast_math import OPEN_DEAL
from desktop.store.derived_reports import OPEN_FOLLOW_UP

ACCOUNT_FACTS = "ix_accounts_facts"
OPEN_STALE = "ix_opportunities_open_stale"
DEAL_FACTS = "ix_opportunities_facts"
BASKET_LINES = "ix_order_lines_basket"
LEFT_OUT = "ix_orders_left_out"
LEFT_OUT_WHERE = "status = 'cancelled' OR deleted_at IS NOT NULL"
FOLLOW_UPS = "ix_follow_ups_open_assignee_due"
_FOLLOW_UPS_BEFORE = f"follow_ups (assignee_id, due_date) WHERE {OPEN_FOLLOW_UP}"  # 0016's

INDEXES: dict[str, str] = {
    DEAL_FACTS: "opportunities (id, owner_id, currency)",
    BASKET_LINES: "order_lines (account_id, product_id, order_id, deleted_at)",
    LEFT_OUT: f"orders (id) WHERE {LEFT_OUT_WHERE}",
    ACCOUNT_FACTS: "accounts (id, owner_id, kind, status, last_contact_at, deleted_at)",
    # outcome and deleted_at too: the reads test them, and the index then covers them
    OPEN_STALE: ("opportunities (account_id, next_step_on, close_date, created_at, currency, "
                 "amount, owner_id, id, stage, probability, forecast_category, outcome, "
                 f"deleted_at) WHERE {OPEN_DEAL}"),
}

def indexed_by(conn: Any, name: str) -> str:
    """`` INDEXED BY name`` when the cache has that index, else "" (a cache
    migrated before the index was added, or a bulk load that set it aside:
    the read then goes the planner's way, slower but right)."""
    found = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?",
                         (name,)).fetchone()
    return f" INDEXED BY {name}" if found else ""


DDL: list[str] = [
    *(f"CREATE INDEX {name} ON {on}" for name, on in INDEXES.items()),
    f"DROP INDEX IF EXISTS {FOLLOW_UPS}",
    f"CREATE INDEX {FOLLOW_UPS} ON follow_ups (assignee_id, due_date, assigned_by, account_id) "
    f"WHERE {OPEN_FOLLOW_UP}",
]

# The Follow-ups view's list: open follow-ups by due date (migration 0023). Through
# the due-date index, the read visited every follow-up ever done too: 71 ms for
# the first 500 of 9,706 due at 100,000 accounts, 4.5 ms through this one.
OPEN_DUE = "ix_follow_ups_open_due"
OPEN_DUE_DDL = (f"CREATE INDEX IF NOT EXISTS {OPEN_DUE} ON follow_ups (due_date) "
                f"WHERE {OPEN_FOLLOW_UP}")

# The accounts deleted (on the server; the sync keeps them as tombstones), so
# that the Follow-ups view counts every open follow-up due from the index above
# alone and takes off the deleted accounts' few (migration 0025): joining each
# of 96,000 due to its account took 1 s at 1,000,000 accounts, the count 12 ms.
DELETED_ACCOUNTS = "ix_accounts_deleted"
DELETED_ACCOUNTS_DDL = (f"CREATE INDEX IF NOT EXISTS {DELETED_ACCOUNTS} ON accounts (id) "
                        "WHERE deleted_at IS NOT NULL")

DROP: list[str] = [
    *(f"DROP INDEX IF EXISTS {name}" for name in INDEXES),
    f"DROP INDEX IF EXISTS {FOLLOW_UPS}",
    f"CREATE INDEX {FOLLOW_UPS} ON {_FOLLOW_UPS_BEFORE}",
]
