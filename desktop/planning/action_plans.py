"""Action plans: what a rep means to do in a period, and how far they got.

A goal ("40 visits to customers") counts the owner's interactions on its
channel, with accounts of its segment, that happened within the period (the
period's dates in the rep's home time zone, UTC without one):

* customer: kind customer and status active;
* prospect: kind or status prospect;
* dormant: status dormant;
* broker: kind broker;
* any: every account.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from desktop.domain.schema.enums import Channel
from desktop.domain.schema.planning import (
    GOAL_SEGMENTS,
    ActionPlan,
    ActionPlanGoal,
    ActionPlanTarget,
)
from desktop.i18n import _
from desktop.planning.goal_counts import SEGMENT_SQL, count_done, period_span  # noqa: F401
from desktop.services.base import Saved, Service
from desktop.services.validation import ValidationError
from desktop.settings import Settings
from desktop.store.changes import Changes
from desktop.store.derived_today import indexed_by
from desktop.store.store import Store


@dataclass(frozen=True)
class GoalProgress:
    goal_id: uuid.UUID
    channel: str
    segment: str
    target: int
    done: int

    @property
    def share(self) -> float:
        return self.done / self.target if self.target else 1.0


@dataclass(frozen=True)
class PlanProgress:
    plan_id: uuid.UUID
    name: str
    period_start: date
    period_end: date
    goals: tuple[GoalProgress, ...]
    targets: int  # accounts on the plan
    targets_worked: int  # of those, contacted by the owner in the period (notes do not count)


@dataclass(frozen=True)
class PlanRow:
    id: uuid.UUID
    owner_id: uuid.UUID
    name: str
    period_start: date
    period_end: date
    notes: str | None


@dataclass(frozen=True)
class TargetRow:
    id: uuid.UUID
    account_id: uuid.UUID
    account_name: str
    purpose: str | None
    worked: bool  # contacted by the plan's owner in the period (notes do not count)


class ActionPlanService(Service):
    def __init__(self, store: Store, *, settings: Settings | None = None, **kwargs: Any) -> None:
        super().__init__(store, **kwargs)
        self.settings = settings or self.session.settings

    def create(self, name: str, period_start: date, period_end: date,
               notes: str | None = None) -> Saved:
        _check_plan(name, period_start, period_end)
        if self.user_id is None:
            raise ValidationError({"owner_id": _("Choose who you are first.")})
        with self.store.unit_of_work() as uow:
            plan = self._new(ActionPlan, owner_id=self.user_id, name=name.strip(),
                             period_start=period_start, period_end=period_end,
                             notes=(notes or "").strip() or None)
            uow.session.add(plan)
            return Saved(plan.id, uow.commit())

    def edit(self, plan_id: uuid.UUID, values: Mapping[str, Any]) -> Changes:
        unknown = set(values) - {"name", "period_start", "period_end", "notes"}
        if unknown:
            raise ValueError(f"not editable on an action plan: {sorted(unknown)}")
        with self.store.unit_of_work() as uow:
            plan = self._get(uow.session, ActionPlan, plan_id)
            merged = {"name": plan.name, "period_start": plan.period_start,
                      "period_end": plan.period_end, **values}
            _check_plan(merged["name"], merged["period_start"], merged["period_end"])
            self._apply(plan, dict(values))
            return uow.commit()

    def delete(self, plan_id: uuid.UUID) -> Changes:
        with self.store.unit_of_work() as uow:
            plan = self._get(uow.session, ActionPlan, plan_id)
            now = self.clock()
            for entity in (ActionPlanGoal, ActionPlanTarget):
                for row in uow.session.execute(select(entity).where(
                        entity.plan_id == plan.id, entity.deleted_at.is_(None))).scalars():
                    self._apply(row, {"deleted_at": now})
            self._apply(plan, {"deleted_at": now})
            return uow.commit()

    def add_goal(self, plan_id: uuid.UUID, channel: str, segment: str, target_count: int
                 ) -> Saved:
        _check_goal(channel, segment, target_count)
        with self.store.unit_of_work() as uow:
            plan = self._get(uow.session, ActionPlan, plan_id)
            goal = self._new(ActionPlanGoal, plan_id=plan.id, owner_id=plan.owner_id,
                             channel=channel, segment=segment, target_count=target_count)
            uow.session.add(goal)
            return Saved(goal.id, uow.commit())

    def edit_goal(self, goal_id: uuid.UUID, values: Mapping[str, Any]) -> Changes:
        unknown = set(values) - {"channel", "segment", "target_count"}
        if unknown:
            raise ValueError(f"not editable on a goal: {sorted(unknown)}")
        with self.store.unit_of_work() as uow:
            goal = self._get(uow.session, ActionPlanGoal, goal_id)
            merged = {"channel": goal.channel, "segment": goal.segment,
                      "target_count": goal.target_count, **values}
            _check_goal(merged["channel"], merged["segment"], merged["target_count"])
            self._apply(goal, dict(values))
            return uow.commit()

    def remove_goal(self, goal_id: uuid.UUID) -> Changes:
        with self.store.unit_of_work() as uow:
            self._apply(self._get(uow.session, ActionPlanGoal, goal_id),
                        {"deleted_at": self.clock()})
            return uow.commit()

    def add_targets(self, plan_id: uuid.UUID, account_ids: Iterable[uuid.UUID],
                    purpose: str | None = None) -> Changes:
        """Accounts to work in the period; one already on the plan is not added twice."""
        with self.store.unit_of_work() as uow:
            plan = self._get(uow.session, ActionPlan, plan_id)
            have = set(uow.session.execute(select(ActionPlanTarget.account_id).where(
                ActionPlanTarget.plan_id == plan.id,
                ActionPlanTarget.deleted_at.is_(None))).scalars())
            for account_id in account_ids:
                if account_id not in have:
                    have.add(account_id)
                    uow.session.add(self._new(
                        ActionPlanTarget, plan_id=plan.id, owner_id=plan.owner_id,
                        account_id=account_id, purpose=(purpose or "").strip()[:200] or None))
            return uow.commit()

    def remove_target(self, target_id: uuid.UUID) -> Changes:
        with self.store.unit_of_work() as uow:
            self._apply(self._get(uow.session, ActionPlanTarget, target_id),
                        {"deleted_at": self.clock()})
            return uow.commit()

    def plans(self) -> list[PlanRow]:
        """The rep's plans, the latest period first."""
        args: tuple[str, ...] = (self.user_id.hex,) if self.user_id else ()
        owner = "AND owner_id = ?" if self.user_id else ""
        rows = self.store.reads().execute(
            "SELECT id, owner_id, name, period_start, period_end, notes FROM action_plans "  # nosec B608 - identifiers from code, values bound
            f"WHERE deleted_at IS NULL {owner} ORDER BY period_start DESC, name", args)  # noqa: S608
        return [PlanRow(uuid.UUID(hex=r[0]), uuid.UUID(hex=r[1]), r[2],
                        date.fromisoformat(r[3]), date.fromisoformat(r[4]), r[5]) for r in rows]

    def progress(self, plan_id: uuid.UUID) -> PlanProgress:
        conn = self.store.reads()
        plan = conn.execute("SELECT owner_id, name, period_start, period_end FROM action_plans "
                            "WHERE id = ? AND deleted_at IS NULL", (plan_id.hex,)).fetchone()
        if plan is None:
            raise ValidationError({"plan_id": _("That plan no longer exists.")})
        owner, name = plan[0], plan[1]
        start, end = date.fromisoformat(plan[2]), date.fromisoformat(plan[3])
        since, until = self._span(start, end)
        args = {"owner": owner, "since": since, "until": until}
        indexed = indexed_by(conn, "ix_interactions_account_occurred")  # away in a first load
        rows = conn.execute(
            "SELECT id, channel, segment, target_count FROM action_plan_goals "
            "WHERE plan_id = ? AND deleted_at IS NULL ORDER BY channel, segment",
            (plan_id.hex,)).fetchall()
        done = self._done(conn, {channel for _id, channel, _s, _t in rows}, args)
        goals = tuple(GoalProgress(uuid.UUID(hex=goal_id), channel, segment, target,
                                   done.get((channel, segment), 0))
                      for goal_id, channel, segment, target in rows)
        targets, worked = conn.execute(
            f"SELECT count(*), coalesce(sum(EXISTS (SELECT 1 FROM interactions i{indexed} "  # nosec B608 - identifiers from code, values bound
            "WHERE i.account_id = t.account_id AND i.deleted_at IS NULL AND i.channel != 'note' "
            "AND i.author_id = :owner AND i.occurred_at >= :since AND i.occurred_at < :until)), 0) "
            "FROM action_plan_targets t WHERE t.plan_id = :plan AND t.deleted_at IS NULL",
            {**args, "plan": plan_id.hex}).fetchone()
        return PlanProgress(plan_id, name, start, end, goals, targets, worked)

    @staticmethod
    def _done(conn: Any, channels: set[str], args: dict[str, Any]) -> dict[tuple[str, str], int]:
        return count_done(conn, channels, args)  # see desktop.planning.goal_counts

    def targets(self, plan_id: uuid.UUID) -> list[TargetRow]:
        """The plan's accounts by name, each marked if the owner contacted it in the period."""
        conn = self.store.reads()
        plan = conn.execute("SELECT owner_id, period_start, period_end FROM action_plans "
                            "WHERE id = ?", (plan_id.hex,)).fetchone()
        if plan is None:
            return []
        since, until = self._span(date.fromisoformat(plan[1]), date.fromisoformat(plan[2]))
        indexed = indexed_by(conn, "ix_interactions_account_occurred")  # away in a first load
        rows = conn.execute(
            "SELECT t.id, t.account_id, a.name, t.purpose, EXISTS (SELECT 1 FROM interactions "  # nosec B608 - identifiers from code, values bound
            f"i{indexed} "
            "WHERE i.account_id = t.account_id AND i.deleted_at IS NULL AND i.channel != 'note' "
            "AND i.author_id = :owner AND i.occurred_at >= :since AND i.occurred_at < :until) "
            "FROM action_plan_targets t JOIN accounts a ON a.id = t.account_id "
            "WHERE t.plan_id = :plan AND t.deleted_at IS NULL ORDER BY a.name",
            {"owner": plan[0], "since": since, "until": until, "plan": plan_id.hex}).fetchall()
        return [TargetRow(uuid.UUID(hex=r[0]), uuid.UUID(hex=r[1]), r[2], r[3], bool(r[4]))
                for r in rows]

    def _span(self, start: date, end: date) -> tuple[str, str]:
        """The period as UTC instants: from the first day's start to the day after the last."""
        return period_span(self.settings, start, end)


def _check_plan(name: str, start: Any, end: Any) -> None:
    errors = {}
    if not str(name or "").strip():
        errors["name"] = _("Give the plan a name.")
    if not isinstance(start, date) or not isinstance(end, date):
        errors["period_start"] = _("The plan needs a first and a last day.")
    elif end < start:
        errors["period_end"] = _("The period ends before it starts.")
    if errors:
        raise ValidationError(errors)


def _check_goal(channel: str, segment: str, target_count: Any) -> None:
    errors = {}
    if channel not in {c.value for c in Channel}:
        errors["channel"] = _("Unknown channel.")
    if segment not in GOAL_SEGMENTS:
        errors["segment"] = _("Choose one of: {all}.").format(all=", ".join(GOAL_SEGMENTS))
    if isinstance(target_count, bool) or not isinstance(target_count, int) or not (
            1 <= target_count <= 10_000):
        errors["target_count"] = _("A goal counts 1 to 10,000.")
    if errors:
        raise ValidationError(errors)
