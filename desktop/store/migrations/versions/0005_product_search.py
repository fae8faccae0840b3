"""Catalogue search: an FTS5 index over products, kept by triggers.

Revision ID: 0005_product_search
Revises: 0004_sales
"""

from __future__ import annotations

from alembic import op

from desktop.store import derived_products

revision = "0005_product_search"
down_revision = "0004_sales"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for statement in (*derived_products.DDL, *derived_products.REBUILD):
        op.execute(statement)


def downgrade() -> None:
    for name in ("products_search_ai", "products_search_au", "products_search_ad"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP INDEX IF EXISTS ix_products_name_nocase")
    op.execute("DROP TABLE IF EXISTS product_search")
