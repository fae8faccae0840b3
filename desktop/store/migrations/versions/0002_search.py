"""Local derived data: full-text search index, last-contact cache, sort indexes.

Revision ID: 0002_search
Revises: 0001_initial
"""

from __future__ import annotations

from alembic import op

from desktop.store import derived

revision = "0002_search"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for statement in derived.DDL_V1:
        op.execute(statement)
    derived.rebuild(op.get_bind(), derived.rebuild_statements_v1())


def downgrade() -> None:
    for name in (
        "accounts_search_ai",
        "accounts_search_au",
        "accounts_search_ad",
        "contacts_search_ai",
        "contacts_search_au",
        "contacts_search_ad",
        "interactions_derived_ai",
        "interactions_derived_au",
        "interactions_derived_ad",
    ):
        op.execute(f"DROP TRIGGER {name}")
    for index in ("ix_accounts_name_nocase", "ix_accounts_city_nocase", "ix_accounts_last_contact_at"):
        op.execute(f"DROP INDEX {index}")
    op.execute("DROP TABLE account_search")
    op.execute("DROP TABLE history_search")
    op.execute("DROP TABLE derived_suspended")
