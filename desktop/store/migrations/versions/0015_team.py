"""Feedback from the field (flagged field notes), tasks handed to a colleague, the
readers of each note audience; indexes for the pipeline's board and won deals.

Revision ID: 0015_team
Revises: 0014_lean_search
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import desktop.domain.schema.base

revision = "0015_team"
down_revision = "0014_lean_search"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('field_notes',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('author_id', sa.Uuid(), nullable=True),
    sa.Column('territory_id', sa.Uuid(), nullable=True),
    sa.Column('about_account_id', sa.Uuid(), nullable=True),
    sa.Column('interaction_id', sa.Uuid(), nullable=True),
    sa.Column('audience', sa.String(length=16), nullable=False),
    sa.Column('topic', sa.String(length=120), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('noted_at', desktop.domain.schema.base.UTCDateTime(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('response', sa.Text(), nullable=True),
    sa.Column('responded_by', sa.Uuid(), nullable=True),
    sa.Column('responded_at', desktop.domain.schema.base.UTCDateTime(), nullable=True),
    sa.Column('created_at', desktop.domain.schema.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', desktop.domain.schema.base.UTCDateTime(), nullable=False),
    sa.Column('deleted_at', desktop.domain.schema.base.UTCDateTime(), nullable=True),
    sa.Column('sync_version', sa.BigInteger(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_field_notes_author_id_users')),
    sa.ForeignKeyConstraint(['responded_by'], ['users.id'], name=op.f('fk_field_notes_responded_by_users')),
    sa.ForeignKeyConstraint(['territory_id'], ['territories.id'], name=op.f('fk_field_notes_territory_id_territories')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_field_notes'))
    )
    with op.batch_alter_table('field_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_field_notes_about_account_id'), ['about_account_id'], unique=False)
        batch_op.create_index('ix_field_notes_audience_noted', ['audience', 'noted_at'], unique=False)

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("audiences", sa.JSON(), nullable=False,
                                      server_default="[]"))
    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        batch_op.add_column(sa.Column("assigned_by", sa.Uuid(), nullable=True))
    op.create_index("ix_follow_ups_assignee_due", "follow_ups", ["assignee_id", "due_date"])
    op.create_index("ix_opportunities_outcome_closed_at", "opportunities",
                    ["outcome", "closed_at"])
    op.create_index("ix_opportunities_owner_board", "opportunities",
                    ["owner_id", "outcome", "stage", "close_date"])


def downgrade() -> None:
    for table, index in (("opportunities", "ix_opportunities_owner_board"),
                         ("opportunities", "ix_opportunities_outcome_closed_at"),
                         ("follow_ups", "ix_follow_ups_assignee_due")):
        op.drop_index(index, table_name=table)
    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        batch_op.drop_column("assigned_by")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("audiences")
    op.drop_table("field_notes")
