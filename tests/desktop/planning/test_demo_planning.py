"""The demo book's action plans and trip: deterministic, and shaped as promised."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

from desktop.demo.generator import generate
from desktop.services.container import Services
from desktop.settings import SettingsFile

ANCHOR = datetime(2026, 11, 18, tzinfo=UTC)  # a Wednesday


def _book(path: Path) -> Services:
    from desktop.store.store import Store

    store = Store(path)
    summary = generate(store, accounts=300, seed=3, anchor=ANCHOR)
    store.close()
    services = Services.open(path, SettingsFile(path.with_suffix(".json")))
    services.set_current_user(summary.rep_id)
    return services


def test_demo_trip_and_plans(tmp_path: Path) -> None:
    services = _book(tmp_path / "a.sqlite3")
    try:
        [trip] = services.trips.trips()
        assert (trip.days, trip.stops, trip.status) == (5, 20, "planned")
        assert (trip.first_date, trip.last_date) == (date(2026, 11, 23), date(2026, 11, 27))
        problem = services.trips.problem(trip.id)
        assert [d.work_start.isoformat() for d in problem.days] == [
            f"2026-11-2{n}T08:00:00-05:00" for n in range(3, 8)]
        assert problem.open_nights == frozenset(range(4))  # every night may be away
        assert all(s.place.located for s in problem.stops)
        saturday_only = [s for s in problem.stops
                         if all(w.start.weekday() == 5 for w in s.windows)]
        assert len(saturday_only) == 1  # the impossible one
        narrow = [s for s in problem.stops if sum(
            (w.end - w.start).total_seconds() for w in s.windows) <= 3 * 3600]
        assert len(narrow) >= 3
        assert sum(1 for s in problem.stops if s.fixed_start is not None) == 1
        assert services.trips.stored_plan(trip.id) is None  # left for the solver
        plans = services.action_plans.plans()
        assert [(p.period_start, p.period_end) for p in plans] == [
            (date(2026, 12, 1), date(2026, 12, 31)), (date(2026, 11, 1), date(2026, 11, 30))]
        november = services.action_plans.progress(plans[1].id)
        assert len(november.goals) == 6 and november.targets > 0
        assert sum(g.done for g in november.goals) > 0  # the demo history counts
        conn = services.store.reads()
        hours = [json.loads(r[0]) for r in conn.execute(
            "SELECT opening_hours FROM accounts WHERE opening_hours IS NOT NULL")]
        assert {"sat": [["09:00", "12:00"]]} in hours
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        services.close()


def test_demo_planning_is_deterministic(tmp_path: Path) -> None:
    dumps = []
    for name in ("a", "b"):
        _book(tmp_path / f"{name}.sqlite3").close()
        with sqlite3.connect(tmp_path / f"{name}.sqlite3") as conn:
            dumps.append([conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall()  # noqa: S608
                          for t in ("trips", "trip_days", "trip_stops", "action_plans",
                                    "action_plan_goals", "action_plan_targets")])
    assert dumps[0] == dumps[1]
    assert all(dumps[0])


def test_the_demo_trip_optimises_into_a_loop_with_nights_away(tmp_path: Path) -> None:
    from desktop.planning.overnight import with_stays
    from desktop.planning.solver import solve
    from tests.desktop.planning.replay import violations

    services = _book(tmp_path / "a.sqlite3")
    try:
        [trip] = services.trips.trips()
        problem = services.trips.problem(trip.id)
        plan = solve(problem, time_limit_s=4.0)
        away = with_stays(problem, plan.stays)
        assert violations(away, plan) == []
        visits = sum(len(d.visits) for d in plan.days)
        # This small book spreads the 20 stops from Maine to Maryland: home every
        # night plans 5 of them, a loop with nights away 11 or more.
        assert visits >= 10, [d.message for d in plan.dropped]
        assert sum(1 for s in plan.stays if s is not None) >= 2
        assert plan.drive_minutes <= 5 * 7 * 60
        services.trips.save_plan(trip.id, plan)  # the stays become the days' ends and starts
        saved = services.trips.problem(trip.id)
        assert [d.end_place.name for d in saved.days[:-1]] == [
            s.name if s else problem.days[0].start_place.name for s in plan.stays]
        assert saved.days[-1].end_place == problem.days[-1].end_place  # home on Friday
    finally:
        services.close()
