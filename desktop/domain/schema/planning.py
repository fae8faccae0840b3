"""Call planning: action plans (goals and target accounts for a period) and
trips (days, stops, the solved plan and the check-in).

Every planning row carries its ``owner_id``, children included, so the server
scopes them by owner without a join: a trip is visible to its rep, the rep's
manager and admins. Stops and plan targets also carry ``account_id``, so an
account outside the rep's scope can never be planned.

Local times of day ("08:00") are text in the day's own time zone; instants
(appointment windows, the solved arrive/start/depart) are aware UTC datetimes.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.domain.schema.base import SyncedBase

TRIP_STATUSES = ("planned", "in_progress", "done")
STOP_STATUSES = ("planned", "visited", "skipped", "rescheduled")
GOAL_SEGMENTS = ("customer", "prospect", "dormant", "broker", "any")
GEO_SOURCES = ("server", "zip", "manual")


class ActionPlan(SyncedBase):
    """What a rep means to do in a period: goals by channel and segment, and
    the accounts to work."""

    __tablename__ = "action_plans"

    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    period_start: Mapped[date]
    period_end: Mapped[date]
    notes: Mapped[str | None] = mapped_column(Text, default=None)


class ActionPlanGoal(SyncedBase):
    """E.g. 40 visits to customers: counted against interactions in the period."""

    __tablename__ = "action_plan_goals"

    plan_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("action_plans.id"), index=True)
    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    channel: Mapped[str] = mapped_column(String(16))  # an interaction channel
    segment: Mapped[str] = mapped_column(String(16), default="any")
    target_count: Mapped[int]


class ActionPlanTarget(SyncedBase):
    __tablename__ = "action_plan_targets"

    plan_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("action_plans.id"), index=True)
    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"), index=True)
    purpose: Mapped[str | None] = mapped_column(String(200), default=None)


class Trip(SyncedBase):
    __tablename__ = "trips"

    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(16), default="planned")
    notes: Mapped[str | None] = mapped_column(Text, default=None)


class TripDay(SyncedBase):
    """One working day: where it starts and ends, its hours, lunch and driving limit."""

    __tablename__ = "trip_days"

    trip_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("trips.id"), index=True)
    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    day_index: Mapped[int]
    date: Mapped[date]
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC")
    start_name: Mapped[str] = mapped_column(String(120), default="")
    start_address: Mapped[str | None] = mapped_column(String(200), default=None)
    start_latitude: Mapped[float | None] = mapped_column(default=None)
    start_longitude: Mapped[float | None] = mapped_column(default=None)
    end_name: Mapped[str] = mapped_column(String(120), default="")
    end_address: Mapped[str | None] = mapped_column(String(200), default=None)
    end_latitude: Mapped[float | None] = mapped_column(default=None)
    end_longitude: Mapped[float | None] = mapped_column(default=None)
    work_start: Mapped[str] = mapped_column(String(5), default="08:00")  # local HH:MM
    work_end: Mapped[str] = mapped_column(String(5), default="17:30")
    lunch_earliest: Mapped[str | None] = mapped_column(String(5), default=None)
    lunch_latest: Mapped[str | None] = mapped_column(String(5), default=None)
    lunch_minutes: Mapped[int] = mapped_column(default=0)
    max_drive_minutes: Mapped[int] = mapped_column(default=480)
    # The solved day (None until solved): see ``TripService.stored_plan``.
    leave_at: Mapped[datetime | None] = mapped_column(default=None)
    back_at: Mapped[datetime | None] = mapped_column(default=None)
    return_drive_minutes: Mapped[int | None] = mapped_column(default=None)
    return_distance_km: Mapped[float | None] = mapped_column(default=None)
    lunch_start_at: Mapped[datetime | None] = mapped_column(default=None)
    solved_at: Mapped[datetime | None] = mapped_column(default=None)


class TripStop(SyncedBase):
    """A visit to make: what the rep asked for, what the solver made of it,
    and what happened. A stop without a trip (``trip_id`` None) waits in the
    rep's carry-over list for the next trip (see ``desktop.planning.checkin``)."""

    __tablename__ = "trip_stops"

    trip_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("trips.id"), default=None,
                                                      index=True)
    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"), index=True)
    contact_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("contacts.id"), default=None)
    visit_minutes: Mapped[int] = mapped_column(default=45)
    priority: Mapped[int] = mapped_column(default=3)  # 1 must .. 5 nice to have
    purpose: Mapped[str | None] = mapped_column(String(200), default=None)
    window_start: Mapped[datetime | None] = mapped_column(default=None)  # an appointment
    window_end: Mapped[datetime | None] = mapped_column(default=None)
    fixed_start: Mapped[datetime | None] = mapped_column(default=None)
    pinned: Mapped[bool] = mapped_column(default=False)
    pinned_day: Mapped[int | None] = mapped_column(default=None)
    pinned_position: Mapped[int | None] = mapped_column(default=None)
    # The solved plan (all None until solved, or when dropped).
    day_index: Mapped[int | None] = mapped_column(default=None)
    sequence: Mapped[int | None] = mapped_column(default=None)
    arrive_at: Mapped[datetime | None] = mapped_column(default=None)
    start_at: Mapped[datetime | None] = mapped_column(default=None)
    depart_at: Mapped[datetime | None] = mapped_column(default=None)
    drive_minutes: Mapped[int | None] = mapped_column(default=None)
    distance_km: Mapped[float | None] = mapped_column(default=None)
    dropped_reason: Mapped[str | None] = mapped_column(String(24), default=None)
    dropped_message: Mapped[str | None] = mapped_column(Text, default=None)
    # The check-in.
    status: Mapped[str] = mapped_column(String(16), default="planned")
    interaction_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("interactions.id"),
                                                             default=None)
    checked_in_at: Mapped[datetime | None] = mapped_column(default=None)
    carried_from_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("trip_stops.id"),
                                                              default=None)
