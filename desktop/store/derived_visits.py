"""``accounts.last_visit_at``: the latest visit, kept by triggers like
``last_contact_at``, so "due for a visit" and the target list read one column
instead of searching each account's history."""

from __future__ import annotations

from desktop.store.derived import SUSPENDED

_SET = ("UPDATE accounts SET last_visit_at = (SELECT max(occurred_at) FROM interactions "
        "WHERE account_id = {acc} AND deleted_at IS NULL AND channel = 'visit') "
        "WHERE id = {acc};")

DDL: list[str] = [
    f"CREATE TRIGGER interactions_visit_ai AFTER INSERT ON interactions WHEN {SUSPENDED} "
    f"AND NEW.channel = 'visit' BEGIN {_SET.format(acc='NEW.account_id')} END",
    "CREATE TRIGGER interactions_visit_au AFTER UPDATE OF deleted_at, account_id, occurred_at, "
    f"channel ON interactions WHEN {SUSPENDED} AND (OLD.channel = 'visit' OR "
    f"NEW.channel = 'visit') BEGIN {_SET.format(acc='OLD.account_id')} "
    f"{_SET.format(acc='NEW.account_id')} END",
    f"CREATE TRIGGER interactions_visit_ad AFTER DELETE ON interactions WHEN {SUSPENDED} "
    f"AND OLD.channel = 'visit' BEGIN {_SET.format(acc='OLD.account_id')} END",
]

# One pass over the visits, not one search per account.
REBUILD: list[str] = [
    "UPDATE accounts SET last_visit_at = NULL WHERE last_visit_at IS NOT NULL",
    "UPDATE accounts SET last_visit_at = v.at FROM (SELECT account_id, max(occurred_at) AS at "
    "FROM interactions WHERE channel = 'visit' AND deleted_at IS NULL GROUP BY account_id) v "
    "WHERE accounts.id = v.account_id",
]
