"""Local indexes the reports and the Today view read through (migration 0016).

None of them is synced or in the model: they serve this cache's reads only.

* ``ix_interactions_author_occurred`` grows from (author, time) to a covering
  index: a rep's interactions in a period are counted by channel and account
  from the index alone (activity, goal progress, Today's goals). It replaces
  0013's two-column index under the same name rather than adding a second one.
* ``opportunity_stage_changes(changed_at)``: the pipeline's changes of the week.
* ``order_lines(ship_date)``: the delivery report's lines due in the period.
* Two partial indexes hold only what is open, so they stay small: follow-ups
  not done, by assignee and due date (Today), and orders not yet delivered,
  invoiced or cancelled (Today's late and expedited orders).
"""

from __future__ import annotations

OPEN_FOLLOW_UP = "done_at IS NULL AND deleted_at IS NULL"
OPEN_ORDER = "deleted_at IS NULL AND status NOT IN ('delivered', 'invoiced', 'cancelled')"

COVERING = "ix_interactions_author_occurred"
COVERING_ON = "interactions (author_id, occurred_at, channel, account_id, deleted_at)"
COVERING_BEFORE = "interactions (author_id, occurred_at)"  # 0013's

INDEXES: dict[str, str] = {
    "ix_opportunity_stage_changes_changed_at": "opportunity_stage_changes (changed_at)",
    "ix_order_lines_ship_date": "order_lines (ship_date)",
    "ix_follow_ups_open_assignee_due":
        f"follow_ups (assignee_id, due_date) WHERE {OPEN_FOLLOW_UP}",
    "ix_orders_open": f"orders (entered_at) WHERE {OPEN_ORDER}",
}

DDL: list[str] = [
    f"DROP INDEX IF EXISTS {COVERING}",
    f"CREATE INDEX {COVERING} ON {COVERING_ON}",
    *(f"CREATE INDEX IF NOT EXISTS {name} ON {on}" for name, on in INDEXES.items()),
]

DROP: list[str] = [
    *(f"DROP INDEX IF EXISTS {name}" for name in INDEXES),
    f"DROP INDEX IF EXISTS {COVERING}",
    f"CREATE INDEX {COVERING} ON {COVERING_BEFORE}",
]
