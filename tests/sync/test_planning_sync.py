"""Trips and action plans are a rep's own: they reach the rep's other laptop and
manager, never another rep; and nobody can write into someone else's trip."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from desktop.domain.schema.planning import (
    ActionPlan,
    ActionPlanGoal,
    ActionPlanTarget,
    Trip,
    TripDay,
    TripStop,
)
from server.db import Database
from tests.server import factories
from tests.sync.conftest import Replica, territory_id
from tests.sync.test_sales_sync import _add, _stamp

WINDOW = (datetime(2026, 12, 8, 15, 0, tzinfo=UTC), datetime(2026, 12, 8, 17, 0, tzinfo=UTC))


def _trip(rep: Replica, account: Any) -> tuple[Trip, list[TripStop]]:
    owner = rep.user_id
    trip = Trip(**_stamp(), owner_id=owner, name="Upstate loop")
    days = [TripDay(**_stamp(), trip_id=trip.id, owner_id=owner, day_index=n,
                    date=date(2026, 12, 8 + n), time_zone="America/New_York",
                    start_name="Home", start_latitude=42.65, start_longitude=-73.75,
                    end_name="Home", end_latitude=42.65, end_longitude=-73.75,
                    lunch_earliest="11:30", lunch_latest="13:30", lunch_minutes=45)
            for n in range(2)]
    stops = [TripStop(**_stamp(), trip_id=trip.id, owner_id=owner, account_id=account,
                      priority=n + 1, purpose=f"Stop {n}") for n in range(3)]
    stops[0].window_start, stops[0].window_end = WINDOW
    stops[1].pinned, stops[1].pinned_day, stops[1].pinned_position = True, 1, 0
    _add(rep, trip, *days, *stops)
    return trip, stops


def test_a_trip_made_offline_reaches_the_reps_laptops_and_manager_only(
        make_replica: Any, admin_db: Database) -> None:
    boss = factories.user(admin_db, "dana", "manager", ("EAST",))
    ann_id = factories.user(admin_db, "ann", "rep", ("EAST",), manager=boss)
    ann = make_replica("ann", user_id=ann_id)
    laptop = make_replica("ann-laptop", user_id=ann_id)
    bob = make_replica("bob", ("EAST",))
    dana = make_replica("dana", user_id=boss)
    ann.sync()
    acc = ann.accounts.create_account({"name": "Acme", "kind": "customer",
                                       "territory_id": territory_id(ann, "EAST")}).id
    ann.sync()
    trip, stops = _trip(ann, acc)  # offline
    plan = ActionPlan(**_stamp(), owner_id=ann_id, name="December",
                      period_start=date(2026, 12, 1), period_end=date(2026, 12, 31))
    _add(ann, plan, ActionPlanGoal(**_stamp(), plan_id=plan.id, owner_id=ann_id,
                                   channel="visit", segment="customer", target_count=40),
         ActionPlanTarget(**_stamp(), plan_id=plan.id, owner_id=ann_id, account_id=acc,
                          purpose="Win back"))
    assert ann.sync().rejected == 0
    for replica in (laptop, bob, dana):
        replica.sync()

    for replica in (laptop, dana):
        assert replica.rows("SELECT id, name, owner_id FROM trips") == [
            (trip.id.hex, "Upstate loop", ann_id.hex)]
        assert replica.rows("SELECT day_index, date, time_zone, lunch_minutes FROM trip_days "
                            "ORDER BY day_index") == [(0, "2026-12-08", "America/New_York", 45),
                                                      (1, "2026-12-09", "America/New_York", 45)]
        got = replica.rows("SELECT purpose, priority, pinned, pinned_day, window_start "
                           "FROM trip_stops ORDER BY priority")
        assert got == [("Stop 0", 1, 0, None, "2026-12-08 15:00:00.000000"),
                       ("Stop 1", 2, 1, 1, None), ("Stop 2", 3, 0, None, None)]
        assert replica.rows("SELECT channel, segment, target_count FROM action_plan_goals") == [
            ("visit", "customer", 40)]
        assert replica.rows("SELECT purpose FROM action_plan_targets") == [("Win back",)]
    # Bob works the same territory: he has the account, not Ann's plans.
    assert bob.rows("SELECT name FROM accounts") == [("Acme",)]
    for table in ("trips", "trip_days", "trip_stops", "action_plans", "action_plan_goals",
                  "action_plan_targets"):
        assert bob.rows(f"SELECT count(*) FROM {table}") == [(0,)]  # noqa: S608

    # The check-in on one laptop reaches the other.
    with laptop.store.unit_of_work() as uow:
        stop = uow.session.get(TripStop, stops[2].id)
        assert stop is not None
        stop.status, stop.updated_at = "skipped", datetime(2026, 12, 8, 20, tzinfo=UTC)
        uow.commit()
    laptop.sync()
    ann.sync()
    assert ann.rows("SELECT status FROM trip_stops WHERE id = ?", stops[2].id.hex) == [
        ("skipped",)]


def test_nobody_writes_into_another_reps_trip(make_replica: Any) -> None:
    ann, bob = make_replica("ann", ("EAST",)), make_replica("bob", ("EAST",))
    ann.sync()
    acc = ann.accounts.create_account({"name": "Acme", "kind": "customer",
                                       "territory_id": territory_id(ann, "EAST")}).id
    ann.sync()
    bob.sync()
    # Bob claims Ann owns his trip: the server refuses it and keeps the reason.
    forged = Trip(**_stamp(), owner_id=ann.user_id, name="Not Ann's")
    _add(bob, forged, TripStop(**_stamp(), trip_id=forged.id, owner_id=ann.user_id,
                               account_id=acc))
    assert bob.sync().rejected == 2
    reasons = [r[0] for r in bob.rows("SELECT reason FROM sync_rejected")]
    assert reasons and all("another rep" in r for r in reasons)
    ann.sync()
    assert ann.rows("SELECT count(*) FROM trips") == [(0,)]
