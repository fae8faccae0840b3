"""Action plans: goals counted against the owner's interactions in the period."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from desktop.domain.schema import User
from desktop.services.container import Services
from desktop.services.history import HistoryService
from desktop.services.validation import ValidationError
from tests.conftest import FIXED_NOW
from tests.desktop.planning.conftest import account

NOVEMBER = (date(2026, 11, 1), date(2026, 11, 30))


def _log(services: Services, acc: uuid.UUID, channel: str, when: datetime,
         author: uuid.UUID | None = None) -> None:
    history = services.history if author is None else HistoryService(
        services.store, clock=services.clock, user_id=author)
    history.log_interaction(acc, {"channel": channel, "subject": channel, "occurred_at": when})


def test_progress_counts_channel_segment_period_and_author(services: Services,
                                                           rep: uuid.UUID) -> None:
    services.settings.home_latitude = services.settings.home_longitude = None  # UTC days
    customer = account(services, "Customer")
    prospect = account(services, "Prospect", kind="prospect", status="prospect")
    dormant = account(services, "Dormant", status="dormant")
    broker = account(services, "Broker", kind="broker")
    other = uuid.uuid4()
    with services.store.unit_of_work() as uow:
        uow.session.add(User(id=other, name="Bob", email="bob@example.com",
                             created_at=FIXED_NOW, updated_at=FIXED_NOW))
        uow.commit()
    inside = datetime(2026, 11, 10, 15, tzinfo=UTC)
    for acc in (customer, customer, prospect, dormant, broker):
        _log(services, acc, "visit", inside)
    _log(services, customer, "phone", inside)
    _log(services, prospect, "phone", inside)
    _log(services, customer, "visit", datetime(2026, 11, 30, 23, 59, tzinfo=UTC))  # last minute
    _log(services, customer, "visit", datetime(2026, 12, 1, 0, 0, tzinfo=UTC))  # too late
    _log(services, customer, "visit", datetime(2026, 10, 31, 23, 59, tzinfo=UTC))  # too early
    _log(services, customer, "visit", inside, author=other)  # someone else's
    _log(services, dormant, "note", inside)

    plans = services.action_plans
    plan = plans.create("November", *NOVEMBER).id
    for channel, segment, target in (("visit", "customer", 10), ("visit", "any", 20),
                                     ("visit", "prospect", 2), ("visit", "dormant", 1),
                                     ("visit", "broker", 4), ("phone", "any", 5)):
        plans.add_goal(plan, channel, segment, target)
    plans.add_targets(plan, [dormant, broker, prospect, dormant], purpose="Win back")
    progress = plans.progress(plan)
    done = {(g.channel, g.segment): (g.done, g.target) for g in progress.goals}
    assert done == {("visit", "customer"): (3, 10), ("visit", "any"): (6, 20),
                    ("visit", "prospect"): (1, 2), ("visit", "dormant"): (1, 1),
                    ("visit", "broker"): (1, 4), ("phone", "any"): (2, 5)}
    share = {(g.channel, g.segment): g.share for g in progress.goals}
    assert share[("visit", "dormant")] == 1.0 and share[("visit", "broker")] == 0.25
    assert (progress.targets, progress.targets_worked) == (3, 3)

    # A shorter period counts less; a target nobody contacted is not worked.
    plans.edit(plan, {"period_end": date(2026, 11, 5)})
    progress = plans.progress(plan)
    assert {(g.channel, g.segment): g.done for g in progress.goals}[("visit", "any")] == 0
    assert (progress.targets, progress.targets_worked) == (3, 0)


def test_plans_goals_and_their_checks(services: Services, rep: uuid.UUID) -> None:
    plans = services.action_plans
    december = plans.create("December", date(2026, 12, 1), date(2026, 12, 31)).id
    plans.create("November", *NOVEMBER)
    assert [(p.name, p.period_start) for p in plans.plans()] == [
        ("December", date(2026, 12, 1)), ("November", date(2026, 11, 1))]
    with pytest.raises(ValidationError) as caught:
        plans.create(" ", date(2026, 12, 31), date(2026, 12, 1))
    assert set(caught.value.errors) == {"name", "period_end"}
    with pytest.raises(ValidationError) as caught:
        plans.add_goal(december, "telepathy", "everyone", 0)
    assert set(caught.value.errors) == {"channel", "segment", "target_count"}
    goal = plans.add_goal(december, "email", "prospect", 30).id
    plans.edit_goal(goal, {"target_count": 35})
    assert [g.target for g in plans.progress(december).goals] == [35]
    plans.remove_goal(goal)
    assert plans.progress(december).goals == ()
    plans.delete(december)
    assert [p.name for p in plans.plans()] == ["November"]
