"""Leads, opportunities and the Sales Pipe, quotas, events, merges, shared sales materials;
account links (broker, parent), order attribution, product lines.

Revision ID: 0011_pipeline
Revises: 0010_approval_materials
Create Date: 2026-12-07 00:28:13.473275
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import desktop.domain.schema.base

revision = '0011_pipeline'
down_revision = '0010_approval_materials'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('lead_score_weights',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('factor', sa.String(length=40), nullable=False),
    sa.Column('weight', sa.Integer(), nullable=False),
    sa.Column('cap', sa.Integer(), nullable=True),
    sa.Column('created_at', desktop.domain.schema.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', desktop.domain.schema.base.UTCDateTime(), nullable=False),
    sa.Column('deleted_at', desktop.domain.schema.base.UTCDateTime(), nullable=True),
    sa.Column('sync_version', sa.BigInteger(), server_default='0', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lead_score_weights')),
    sa.UniqueConstraint('factor', name=op.f('uq_lead_score_weights_factor'))
    )
    op.create_table('opportunity_stages',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('key', sa.String(length=24), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('probability', desktop.domain.schema.base.Money(length=40), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', desktop.domain.schema.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', desktop.domain.schema.base.UTCDateTime(), nullable=False),
    sa.Column('deleted_at', desktop.domain.schema.base.UTCDateTime(), nullable=True),
    sa.Column('sync_version', sa.BigInteger(), server_default='0', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_opportunity_stages')),
    sa.UniqueConstraint('key', name=op.f('uq_opportunity_stages_key'))
    )
    op.create_table('events',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('owner_id', sa.Uuid(), nullable=False),
    sa.Column('territory_id', sa.Uuid(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=True),
    sa.Column('city', sa.String(length=100), nullable=True),
    sa.Column('cost', desktop.domain.schema.base.Money(length=40), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('staff', sa.JSON(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_at', desktop.domain.schema.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', desktop.domain.schema.base.UTCDateTime(), nullable=False),
    sa.Column('deleted_at', desktop.domain.schema.base.UTCDateTime(), nullable=True),
    sa.Column('sync_version', sa.BigInteger(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_events_owner_id_users')),
    sa.ForeignKeyConstraint(['territory_id'], ['territories.id'], name=op.f('fk_events_territory_id_territories')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_events_owner_id'), ['owner_id'], unique=False)

    op.create_table('leads',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('owner_id', sa.Uuid(), nullable=True),
    sa.Column('territory_id', sa.Uuid(), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('referrer_contact_id', sa.Uuid(), nullable=True),
    sa.Column('referrer_account_id', sa.Uuid(), nullable=True),
    sa.Column('event_id', sa.Uuid(), nullable=True),
    sa.Column('company', sa.String(length=200), nullable=True),
    sa.Column('first_name', sa.String(length=80), nullable=True),
    sa.Column('last_name', sa.String(length=80), nullable=True),
    sa.Column('title', sa.String(length=120), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('street', sa.String(length=200), nullable=True),
    sa.Column('city', sa.String(length=100), nullable=True),
    sa.Column('region', sa.String(length=100), nullable=True),
    sa.Column('postal_code', sa.String(length=20), nullable=True),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('need', sa.Text(), nullable=True),
    sa.Column('budget', desktop.domain.schema.base.Money(length=40), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('timing', sa.String(length=16), nullable=False),
    sa.Column('fit_score', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('disqualified_reason', sa.String(length=200), nullable=True),
    sa.Column('received_at', desktop.domain.schema.base.UTCDateTime(), nullable=False),
    sa.Column('converted_at', desktop.domain.schema.base.UTCDateTime(), nullable=True),
    sa.Column('converted_account_id', sa.Uuid(), nullable=True),
    sa.Column('converted_contact_id', sa.Uuid(), nullable=True),
    sa.Column('converted_opportunity_id', sa.Uuid(), nullable=True),
    sa.Column('merged_into_id', sa.Uuid(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_at', desktop.domain.schema.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', desktop.domain.schema.base.UTCDateTime(), nullable=False),
    sa.Column('deleted_at', desktop.domain.schema.base.UTCDateTime(), nullable=True),
    sa.Column('sync_version', sa.BigInteger(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_leads_owner_id_users')),
    sa.ForeignKeyConstraint(['territory_id'], ['territories.id'], name=op.f('fk_leads_territory_id_territories')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_leads'))
    )
    with op.batch_alter_table('leads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_leads_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_leads_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_leads_received_at'), ['received_at'], unique=False)

    op.create_table('quotas',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('owner_id', sa.Uuid(), nullable=False),
    sa.Column('period_kind', sa.String(length=8), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('metric', sa.String(length=16), nullable=False),
    sa.Column('product_line', sa.String(length=80), nullable=True),
    sa.Column('target', desktop.domain.schema.base.Money(length=40), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('created_at', desktop.domain.schema.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', desktop.domain.schema.base.UTCDateTime(), nullable=False),
    sa.Column('deleted_at', desktop.domain.schema.base.UTCDateTime(), nullable=True),
    sa.Column('sync_version', sa.BigInteger(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_quotas_owner_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quotas')),
    sa.UniqueConstraint('owner_id', 'period_kind', 'period_start', 'metric', 'product_line', name=op.f('uq_quotas_owner_id_period_kind_period_start_metric_product_line'))
    )
    with op.batch_alter_table('quotas', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quotas_owner_id'), ['owner_id'], unique=False)

    op.create_table('sales_materials',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('file_name', sa.String(length=200), nullable=False),
    sa.Column('media_type', sa.String(length=80), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('added_by', sa.Uuid(), nullable=True),
    sa.Column('created_at', desktop.domain.schema.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', desktop.domain.schema.base.UTCDateTime(), nullable=False),
    sa.Column('deleted_at', desktop.domain.schema.base.UTCDateTime(), nullable=True),
    sa.Column('sync_version', sa.BigInteger(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['added_by'], ['users.id'], name=op.f('fk_sales_materials_added_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sales_materials'))
    )
    with op.batch_alter_table('sales_materials', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sales_materials_sha256'), ['sha256'], unique=False)

    op.create_table('event_attendees',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('event_id', sa.Uuid(), nullable=False),
    sa.Column('owner_id', sa.Uuid(), nullable=False),
    sa.Column('territory_id', sa.Uuid(), nullable=True),
    sa.Column('contact_id', sa.Uuid(), nullable=True),
    sa.Column('lead_id', sa.Uuid(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', desktop.domain.schema.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', desktop.domain.schema.base.UTCDateTime(), nullable=False),
    sa.Column('deleted_at', desktop.domain.schema.base.UTCDateTime(), nullable=True),
    sa.Column('sync_version', sa.BigInteger(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_attendees_event_id_events')),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_event_attendees_owner_id_users')),
    sa.ForeignKeyConstraint(['territory_id'], ['territories.id'], name=op.f('fk_event_attendees_territory_id_territories')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_attendees'))
    )
    with op.batch_alter_table('event_attendees', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_attendees_contact_id'), ['contact_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_attendees_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_attendees_lead_id'), ['lead_id'], unique=False)

    op.create_table('record_merges',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('account_id', sa.Uuid(), nullable=False),
    sa.Column('table_name', sa.String(length=24), nullable=False),
    sa.Column('survivor_id', sa.Uuid(), nullable=False),
    sa.Column('loser_id', sa.Uuid(), nullable=False),
    sa.Column('merged_by', sa.Uuid(), nullable=True),
    sa.Column('merged_at', desktop.domain.schema.base.UTCDateTime(), nullable=False),
    sa.Column('chosen', sa.JSON(), nullable=False),
    sa.Column('created_at', desktop.domain.schema.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', desktop.domain.schema.base.UTCDateTime(), nullable=False),
    sa.Column('deleted_at', desktop.domain.schema.base.UTCDateTime(), nullable=True),
    sa.Column('sync_version', sa.BigInteger(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_record_merges_account_id_accounts')),
    sa.ForeignKeyConstraint(['merged_by'], ['users.id'], name=op.f('fk_record_merges_merged_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_record_merges'))
    )
    with op.batch_alter_table('record_merges', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_record_merges_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_record_merges_loser_id'), ['loser_id'], unique=False)

    op.create_table('opportunities',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('account_id', sa.Uuid(), nullable=False),
    sa.Column('contact_id', sa.Uuid(), nullable=True),
    sa.Column('owner_id', sa.Uuid(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('amount', desktop.domain.schema.base.Money(length=40), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('close_date', sa.Date(), nullable=False),
    sa.Column('stage', sa.String(length=24), nullable=False),
    sa.Column('probability', desktop.domain.schema.base.Money(length=40), nullable=True),
    sa.Column('forecast_category', sa.String(length=16), nullable=False),
    sa.Column('competitor', sa.String(length=120), nullable=True),
    sa.Column('next_step', sa.String(length=200), nullable=True),
    sa.Column('next_step_on', sa.Date(), nullable=True),
    sa.Column('source_lead_id', sa.Uuid(), nullable=True),
    sa.Column('event_id', sa.Uuid(), nullable=True),
    sa.Column('broker_id', sa.Uuid(), nullable=True),
    sa.Column('outcome', sa.String(length=8), nullable=False),
    sa.Column('outcome_reason', sa.String(length=200), nullable=True),
    sa.Column('closed_at', desktop.domain.schema.base.UTCDateTime(), nullable=True),
    sa.Column('stage_changed_at', desktop.domain.schema.base.UTCDateTime(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('created_at', desktop.domain.schema.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', desktop.domain.schema.base.UTCDateTime(), nullable=False),
    sa.Column('deleted_at', desktop.domain.schema.base.UTCDateTime(), nullable=True),
    sa.Column('sync_version', sa.BigInteger(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_opportunities_account_id_accounts')),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_opportunities_contact_id_contacts')),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_opportunities_owner_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_opportunities'))
    )
    with op.batch_alter_table('opportunities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_opportunities_account_id'), ['account_id'], unique=False)
        batch_op.create_index('ix_opportunities_outcome_close_date', ['outcome', 'close_date'], unique=False)
        batch_op.create_index('ix_opportunities_owner_outcome', ['owner_id', 'outcome'], unique=False)

    op.create_table('opportunity_lines',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('opportunity_id', sa.Uuid(), nullable=False),
    sa.Column('account_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Uuid(), nullable=True),
    sa.Column('sku', sa.String(length=40), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('quantity', desktop.domain.schema.base.Money(length=40), nullable=False),
    sa.Column('unit', sa.String(length=16), nullable=False),
    sa.Column('unit_price', desktop.domain.schema.base.Money(length=40), nullable=False),
    sa.Column('discount_percent', desktop.domain.schema.base.Money(length=40), nullable=False),
    sa.Column('created_at', desktop.domain.schema.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', desktop.domain.schema.base.UTCDateTime(), nullable=False),
    sa.Column('deleted_at', desktop.domain.schema.base.UTCDateTime(), nullable=True),
    sa.Column('sync_version', sa.BigInteger(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_opportunity_lines_account_id_accounts')),
    sa.ForeignKeyConstraint(['opportunity_id'], ['opportunities.id'], name=op.f('fk_opportunity_lines_opportunity_id_opportunities')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_opportunity_lines_product_id_products')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_opportunity_lines'))
    )
    with op.batch_alter_table('opportunity_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_opportunity_lines_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_opportunity_lines_opportunity_id'), ['opportunity_id'], unique=False)

    op.create_table('opportunity_stage_changes',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('opportunity_id', sa.Uuid(), nullable=False),
    sa.Column('account_id', sa.Uuid(), nullable=False),
    sa.Column('from_stage', sa.String(length=24), nullable=True),
    sa.Column('to_stage', sa.String(length=24), nullable=False),
    sa.Column('amount', desktop.domain.schema.base.Money(length=40), nullable=False),
    sa.Column('changed_at', desktop.domain.schema.base.UTCDateTime(), nullable=False),
    sa.Column('changed_by', sa.Uuid(), nullable=True),
    sa.Column('created_at', desktop.domain.schema.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', desktop.domain.schema.base.UTCDateTime(), nullable=False),
    sa.Column('deleted_at', desktop.domain.schema.base.UTCDateTime(), nullable=True),
    sa.Column('sync_version', sa.BigInteger(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_opportunity_stage_changes_account_id_accounts')),
    sa.ForeignKeyConstraint(['changed_by'], ['users.id'], name=op.f('fk_opportunity_stage_changes_changed_by_users')),
    sa.ForeignKeyConstraint(['opportunity_id'], ['opportunities.id'], name=op.f('fk_opportunity_stage_changes_opportunity_id_opportunities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_opportunity_stage_changes'))
    )
    with op.batch_alter_table('opportunity_stage_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_opportunity_stage_changes_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_opportunity_stage_changes_opportunity_id'), ['opportunity_id'], unique=False)

    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('broker_id', sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column('parent_id', sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column('merged_into_id', sa.Uuid(), nullable=True))
        batch_op.create_index(batch_op.f('ix_accounts_parent_id'), ['parent_id'], unique=False)

    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('merged_into_id', sa.Uuid(), nullable=True))

    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('opportunity_id', sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column('broker_id', sa.Uuid(), nullable=True))
        batch_op.create_index(batch_op.f('ix_orders_opportunity_id'), ['opportunity_id'], unique=False)

    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.add_column(sa.Column('product_line', sa.String(length=80), nullable=True))

    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposals_opportunity_id'), ['opportunity_id'], unique=False)



def downgrade() -> None:
    for table, index in (("proposals", "ix_proposals_opportunity_id"),
                         ("orders", "ix_orders_opportunity_id"),
                         ("accounts", "ix_accounts_parent_id")):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(index)
    for table, columns in (("products", ["product_line"]),
                           ("orders", ["broker_id", "opportunity_id"]),
                           ("contacts", ["merged_into_id"]),
                           ("accounts", ["merged_into_id", "parent_id", "broker_id"])):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.drop_column(column)
    for table in ("opportunity_stage_changes", "opportunity_lines", "opportunities",
                  "record_merges", "event_attendees", "sales_materials", "quotas", "leads",
                  "events", "opportunity_stages", "lead_score_weights"):
        op.drop_table(table)
