"""The Today view's rows, one type per section (``TodayService`` reads them)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from desktop.services.tasks import TaskRow


class Visit(NamedTuple):
    stop_id: uuid.UUID
    trip_id: uuid.UUID
    account_id: uuid.UUID
    account_name: str
    city: str
    start_at: datetime | None
    purpose: str | None
    status: str  # planned, visited, skipped, rescheduled


class DueItem(NamedTuple):
    id: uuid.UUID
    account_id: uuid.UUID
    account_name: str
    title: str
    due_date: date


@dataclass(frozen=True)
class Due:
    items: tuple[DueItem, ...]  # the first ``LIMIT``, oldest due first
    total: int
    overdue: int


@dataclass(frozen=True)
class FollowUps:
    due: Due
    tasks: list[TaskRow]


class Goal(NamedTuple):
    plan_id: uuid.UUID
    plan: str
    channel: str
    segment: str
    target: int  # in the plan's period
    done: int  # in the period so far
    week_done: int  # this week (Monday to Sunday)
    week_target: int  # the period's target spread over its weeks, rounded up


class Nearby(NamedTuple):
    account_id: uuid.UUID
    name: str
    city: str
    km: float  # to the nearest of today's stops
    near: str  # that stop's account


class LateOrder(NamedTuple):
    id: uuid.UUID
    account_id: uuid.UUID
    account_name: str
    number: str
    status: str
    expedite: bool
    late: bool
    needed_by: date | None
