"""Call planning: action plans, trips, their days and stops; account opening hours
and where an account's coordinates came from.

Revision ID: 0008_planning
Revises: 0007_orders
Create Date: 2026-12-01 20:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import desktop.domain.schema.base
from desktop.store import derived_visits

NEW = ("action_plans", "action_plan_goals", "action_plan_targets", "trips", "trip_days",
       "trip_stops")
INDEXES = (
    ("action_plans", "owner_id"),
    ("action_plan_goals", "plan_id"),
    ("action_plan_targets", "account_id"),
    ("action_plan_targets", "plan_id"),
    ("trips", "owner_id"),
    ("trip_days", "trip_id"),
    ("trip_stops", "account_id"),
    ("trip_stops", "trip_id"),
)

revision = "0008_planning"
down_revision = "0007_orders"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Accounts: where the coordinates came from, and their opening hours. Plain
    # ADD COLUMN (no table rebuild), so the cache's search triggers stay.
    op.add_column("accounts", sa.Column("geo_source", sa.String(length=8), nullable=True))
    op.add_column("accounts", sa.Column("opening_hours", sa.JSON(), nullable=True))
    op.add_column("accounts", sa.Column("last_visit_at", desktop.domain.schema.base.UTCDateTime(),
                                        nullable=True))
    op.create_index(op.f("ix_accounts_latitude_longitude"), "accounts",
                    ["latitude", "longitude"], unique=False)
    op.create_table(
        "action_plans",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", desktop.domain.schema.base.UTCDateTime(), nullable=False),
        sa.Column("updated_at", desktop.domain.schema.base.UTCDateTime(), nullable=False),
        sa.Column("deleted_at", desktop.domain.schema.base.UTCDateTime(), nullable=True),
        sa.Column("sync_version", sa.BigInteger(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"],
            name=op.f("fk_action_plans_owner_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_plans")),
    )
    op.create_table(
        "action_plan_goals",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("plan_id", sa.Uuid(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("segment", sa.String(length=16), nullable=False),
        sa.Column("target_count", sa.Integer(), nullable=False),
        sa.Column("created_at", desktop.domain.schema.base.UTCDateTime(), nullable=False),
        sa.Column("updated_at", desktop.domain.schema.base.UTCDateTime(), nullable=False),
        sa.Column("deleted_at", desktop.domain.schema.base.UTCDateTime(), nullable=True),
        sa.Column("sync_version", sa.BigInteger(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"],
            name=op.f("fk_action_plan_goals_owner_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["action_plans.id"],
            name=op.f("fk_action_plan_goals_plan_id_action_plans"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_plan_goals")),
    )
    op.create_table(
        "action_plan_targets",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("plan_id", sa.Uuid(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("purpose", sa.String(length=200), nullable=True),
        sa.Column("created_at", desktop.domain.schema.base.UTCDateTime(), nullable=False),
        sa.Column("updated_at", desktop.domain.schema.base.UTCDateTime(), nullable=False),
        sa.Column("deleted_at", desktop.domain.schema.base.UTCDateTime(), nullable=True),
        sa.Column("sync_version", sa.BigInteger(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"],
            name=op.f("fk_action_plan_targets_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"],
            name=op.f("fk_action_plan_targets_owner_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["action_plans.id"],
            name=op.f("fk_action_plan_targets_plan_id_action_plans"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_plan_targets")),
    )
    op.create_table(
        "trips",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", desktop.domain.schema.base.UTCDateTime(), nullable=False),
        sa.Column("updated_at", desktop.domain.schema.base.UTCDateTime(), nullable=False),
        sa.Column("deleted_at", desktop.domain.schema.base.UTCDateTime(), nullable=True),
        sa.Column("sync_version", sa.BigInteger(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"],
            name=op.f("fk_trips_owner_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trips")),
    )
    op.create_table(
        "trip_days",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("trip_id", sa.Uuid(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("day_index", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("start_name", sa.String(length=120), nullable=False),
        sa.Column("start_address", sa.String(length=200), nullable=True),
        sa.Column("start_latitude", sa.Double(), nullable=True),
        sa.Column("start_longitude", sa.Double(), nullable=True),
        sa.Column("end_name", sa.String(length=120), nullable=False),
        sa.Column("end_address", sa.String(length=200), nullable=True),
        sa.Column("end_latitude", sa.Double(), nullable=True),
        sa.Column("end_longitude", sa.Double(), nullable=True),
        sa.Column("work_start", sa.String(length=5), nullable=False),
        sa.Column("work_end", sa.String(length=5), nullable=False),
        sa.Column("lunch_earliest", sa.String(length=5), nullable=True),
        sa.Column("lunch_latest", sa.String(length=5), nullable=True),
        sa.Column("lunch_minutes", sa.Integer(), nullable=False),
        sa.Column("max_drive_minutes", sa.Integer(), nullable=False),
        sa.Column("leave_at", desktop.domain.schema.base.UTCDateTime(), nullable=True),
        sa.Column("back_at", desktop.domain.schema.base.UTCDateTime(), nullable=True),
        sa.Column("return_drive_minutes", sa.Integer(), nullable=True),
        sa.Column("return_distance_km", sa.Double(), nullable=True),
        sa.Column("lunch_start_at", desktop.domain.schema.base.UTCDateTime(), nullable=True),
        sa.Column("solved_at", desktop.domain.schema.base.UTCDateTime(), nullable=True),
        sa.Column("created_at", desktop.domain.schema.base.UTCDateTime(), nullable=False),
        sa.Column("updated_at", desktop.domain.schema.base.UTCDateTime(), nullable=False),
        sa.Column("deleted_at", desktop.domain.schema.base.UTCDateTime(), nullable=True),
        sa.Column("sync_version", sa.BigInteger(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"],
            name=op.f("fk_trip_days_owner_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["trip_id"], ["trips.id"],
            name=op.f("fk_trip_days_trip_id_trips"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trip_days")),
    )
    op.create_table(
        "trip_stops",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("trip_id", sa.Uuid(), nullable=True),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=True),
        sa.Column("visit_minutes", sa.Integer(), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=200), nullable=True),
        sa.Column("window_start", desktop.domain.schema.base.UTCDateTime(), nullable=True),
        sa.Column("window_end", desktop.domain.schema.base.UTCDateTime(), nullable=True),
        sa.Column("fixed_start", desktop.domain.schema.base.UTCDateTime(), nullable=True),
        sa.Column("pinned", sa.Boolean(), nullable=False),
        sa.Column("pinned_day", sa.Integer(), nullable=True),
        sa.Column("pinned_position", sa.Integer(), nullable=True),
        sa.Column("day_index", sa.Integer(), nullable=True),
        sa.Column("sequence", sa.Integer(), nullable=True),
        sa.Column("arrive_at", desktop.domain.schema.base.UTCDateTime(), nullable=True),
        sa.Column("start_at", desktop.domain.schema.base.UTCDateTime(), nullable=True),
        sa.Column("depart_at", desktop.domain.schema.base.UTCDateTime(), nullable=True),
        sa.Column("drive_minutes", sa.Integer(), nullable=True),
        sa.Column("distance_km", sa.Double(), nullable=True),
        sa.Column("dropped_reason", sa.String(length=24), nullable=True),
        sa.Column("dropped_message", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("interaction_id", sa.Uuid(), nullable=True),
        sa.Column("checked_in_at", desktop.domain.schema.base.UTCDateTime(), nullable=True),
        sa.Column("carried_from_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", desktop.domain.schema.base.UTCDateTime(), nullable=False),
        sa.Column("updated_at", desktop.domain.schema.base.UTCDateTime(), nullable=False),
        sa.Column("deleted_at", desktop.domain.schema.base.UTCDateTime(), nullable=True),
        sa.Column("sync_version", sa.BigInteger(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"],
            name=op.f("fk_trip_stops_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["carried_from_id"], ["trip_stops.id"],
            name=op.f("fk_trip_stops_carried_from_id_trip_stops"),
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contacts.id"],
            name=op.f("fk_trip_stops_contact_id_contacts"),
        ),
        sa.ForeignKeyConstraint(
            ["interaction_id"], ["interactions.id"],
            name=op.f("fk_trip_stops_interaction_id_interactions"),
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"],
            name=op.f("fk_trip_stops_owner_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["trip_id"], ["trips.id"],
            name=op.f("fk_trip_stops_trip_id_trips"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trip_stops")),
    )
    for table, column in INDEXES:
        op.create_index(op.f(f"ix_{table}_{column}"), table, [column], unique=False)
    # The latest visit per account, kept by triggers (local: never synced).
    for statement in (*derived_visits.DDL, *derived_visits.REBUILD):
        op.execute(statement)


def downgrade() -> None:
    for name in ("interactions_visit_ai", "interactions_visit_au", "interactions_visit_ad"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    for table in reversed(NEW):
        op.drop_table(table)
    op.drop_index(op.f("ix_accounts_latitude_longitude"), table_name="accounts")
    with op.batch_alter_table("accounts") as batch_op:
        batch_op.drop_column("opening_hours")
        batch_op.drop_column("last_visit_at")
        batch_op.drop_column("geo_source")
