"""The Today sections on a demo book written at a fixed date: each section's rows
against the test's own reading of the same cache (plain SQL and Python, not the
service's queries)."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from desktop.demo.generator import generate
from desktop.services.container import Services
from desktop.settings import SettingsFile

ANCHOR = datetime(2026, 12, 7, tzinfo=UTC)  # a Monday
NOW = ANCHOR + timedelta(hours=14)
TODAY = NOW.date()


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Services, uuid.UUID]]:
    tmp: Path = tmp_path_factory.mktemp("today")
    services = Services.open(tmp / "cache.sqlite3", SettingsFile(tmp / "settings.json"),
                             clock=lambda: NOW)
    summary = generate(services.store, accounts=300, seed=11, anchor=ANCHOR)
    services.set_current_user(summary.rep_id)
    yield services, summary.rep_id
    services.close()


def expected_due(services: Services, rep: uuid.UUID, today: date) -> list[tuple[str, str]]:
    """The rep's own open follow-ups due today or before, read row by row here."""
    rows = services.store.reads().execute(
        "SELECT f.id, f.title, f.due_date, f.assignee_id, f.assigned_by, f.done_at, "
        "f.deleted_at, a.deleted_at FROM follow_ups f, accounts a "
        "WHERE a.id = f.account_id").fetchall()
    return sorted((r[0], r[1]) for r in rows
                  if r[3] == rep.hex and r[4] in (None, rep.hex) and r[5] is None
                  and r[6] is None and r[7] is None and date.fromisoformat(r[2]) <= today)


def test_due_lists_exactly_the_reps_own_follow_ups_due_by_today(book: Any) -> None:
    services, rep = book
    due = services.today.due(TODAY)
    wanted = expected_due(services, rep, TODAY)
    assert sorted((f.id.hex, f.title) for f in due.items) == wanted
    assert due.total == len(wanted) > 0
    assert due.overdue == sum(1 for f in due.items if f.due_date < TODAY) > 0
    assert [f.due_date for f in due.items] == sorted(f.due_date for f in due.items)


def test_due_pages_the_first_items_and_counts_them_all(book: Any,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the first page is read with its accounts' names; the counts are of all."""
    from desktop.services import today as today_service

    services, rep = book
    monkeypatch.setattr(today_service, "LIMIT", 2)
    wanted = dict(expected_due(services, rep, TODAY))
    rows = services.store.reads().execute(
        "SELECT f.id, f.due_date, a.name FROM follow_ups f JOIN accounts a "
        "ON a.id = f.account_id").fetchall()
    mine = sorted((r[1], r[2], r[0]) for r in rows if r[0] in wanted)
    due = services.today.due(TODAY)
    assert len(mine) > 2
    assert [f.id.hex for f in due.items] == [m[2] for m in mine[:2]]
    assert due.total == len(mine)
    assert due.overdue == sum(1 for m in mine if m[0] < TODAY.isoformat())


def test_tasks_from_colleagues_and_notes_for_my_audience(book: Any) -> None:
    services, rep = book
    rows = services.store.reads().execute(
        "SELECT id, assigned_by FROM follow_ups WHERE assignee_id = ? AND done_at IS NULL "
        "AND deleted_at IS NULL", (rep.hex,)).fetchall()
    given = {r[0] for r in rows if r[1] not in (None, rep.hex)}
    tasks = services.today.tasks(TODAY)
    assert {t.id.hex for t in tasks} == given and len(given) == 3
    assert all(t.assigned_by_name for t in tasks)
    # The rep reads product's notes (the demo says so): the open ones are listed.
    product = {r[0] for r in services.store.reads().execute(
        "SELECT id FROM field_notes WHERE audience = 'product' AND status != 'closed'")}
    assert {n.id.hex for n in services.today.notes(TODAY)} == product and product
    # Tasks the rep handed over: to a colleague who has the account's territory.
    for task in services.tasks.given():
        assert task.assigned_by == rep and task.assignee_id != rep
        assert task.assignee_id in {m.id for m in services.tasks.candidates(task.account_id)}


def test_goals_match_the_action_plan_progress(book: Any) -> None:
    services, rep = book
    goals = services.today.goals(TODAY)
    plan = next(p for p in services.action_plans.plans()
                if p.period_start <= TODAY <= p.period_end)
    progress = {(g.channel, g.segment): (g.target, g.done)
                for g in services.action_plans.progress(plan.id).goals}
    assert {(g.channel, g.segment): (g.target, g.done) for g in goals} == progress
    # This week is Monday the 7th: the week's count is what happened since midnight.
    week = services.store.reads().execute(
        "SELECT count(*) FROM interactions WHERE author_id = ? AND channel = 'phone' "
        "AND occurred_at >= '2026-12-07' AND deleted_at IS NULL", (rep.hex,)).fetchone()[0]
    assert next(g.week_done for g in goals if (g.channel, g.segment) == ("phone", "any")) == week


def test_visits_dormant_and_orders(book: Any) -> None:
    services, rep = book
    # No trip day today in the demo book (its trip starts next Monday).
    assert services.today.visits(TODAY) == [] and services.today.dormant(TODAY) == []
    monday = TODAY + timedelta(days=7)
    trip = services.store.reads().execute(
        "SELECT trip_id FROM trip_days WHERE date = ?", (monday.isoformat(),)).fetchone()[0]
    # Unsolved, its stops have no day yet: nothing is today's until the plan says so.
    assert services.today.visits(monday) == []
    _put_on_day(services, trip)
    visits = services.today.visits(monday)
    assert len(visits) == 3 and all(v.status == "planned" for v in visits)
    near = services.today.dormant(monday)
    assert all(n.km <= 25 for n in near)
    assert not {n.account_id for n in near} & {v.account_id for v in visits}
    orders = services.today.orders(TODAY)
    open_rows = services.store.reads().execute(
        "SELECT o.id FROM orders o JOIN accounts a ON a.id = o.account_id WHERE "
        "o.status NOT IN ('delivered', 'invoiced', 'cancelled') AND o.deleted_at IS NULL "
        "AND (a.owner_id = :me OR o.author_id = :me) AND (o.expedite OR o.needed_by < :d "
        "OR (o.status != 'shipped' AND EXISTS (SELECT 1 FROM order_lines l WHERE "
        "l.order_id = o.id AND l.ship_date < :d AND l.deleted_at IS NULL)))",
        {"me": rep.hex, "d": TODAY.isoformat()}).fetchall()
    assert {o.id.hex for o in orders} == {r[0] for r in open_rows}



def test_a_line_moved_before_today_makes_its_order_late(book: Any) -> None:
    """Late lines come from the shipping schedule's kept ``open_ship_date``: a line's
    ship date moved before today (any writer: the triggers) makes its open order
    late; moved back, the order leaves the list."""
    services, rep = book
    day = TODAY.isoformat()
    reads = services.store.reads()
    order, line, was = reads.execute(
        "SELECT o.id, l.id, l.ship_date FROM orders o JOIN accounts a ON a.id = o.account_id "
        "JOIN order_lines l ON l.order_id = o.id WHERE o.status IN ('entered', 'confirmed') "
        "AND o.deleted_at IS NULL AND l.deleted_at IS NULL AND NOT o.expedite "
        "AND (o.needed_by IS NULL OR o.needed_by >= :d) AND a.owner_id = :me "
        "AND NOT EXISTS (SELECT 1 FROM order_lines x WHERE x.order_id = o.id "
        "AND x.ship_date < :d) ORDER BY o.id LIMIT 1", {"d": day, "me": rep.hex}).fetchone()
    assert uuid.UUID(hex=order) not in {o.id for o in services.today.orders(TODAY)}
    with sqlite3.connect(services.store.path) as conn:
        conn.execute("UPDATE order_lines SET ship_date = ? WHERE id = ?",
                     ((TODAY - timedelta(days=1)).isoformat(), line))
    try:
        late = {o.id: o.late for o in services.today.orders(TODAY)}
        assert late.get(uuid.UUID(hex=order)) is True
    finally:
        with sqlite3.connect(services.store.path) as conn:
            conn.execute("UPDATE order_lines SET ship_date = ? WHERE id = ?", (was, line))
    assert uuid.UUID(hex=order) not in {o.id for o in services.today.orders(TODAY)}


def _put_on_day(services: Services, trip: str) -> None:
    """Three of the trip's stops on its first day, as a solved plan would."""
    with sqlite3.connect(services.store.path) as conn:
        ids = [r[0] for r in conn.execute(
            "SELECT id FROM trip_stops WHERE trip_id = ? ORDER BY id LIMIT 3", (trip,))]
        for n, stop in enumerate(ids):
            conn.execute("UPDATE trip_stops SET day_index = 0, sequence = ? WHERE id = ?",
                         (n, stop))


def test_every_section_in_one_snapshot(book: Any) -> None:
    """load_many reads the sections in one transaction: the same rows as one by one,
    and a follow-up done by another connection meanwhile is still due in its answer."""
    services, _rep = book
    names = ("visits", "follow_ups", "deals", "goals", "dormant", "orders", "notes")
    alone = {name: services.today.load(name, TODAY) for name in names}
    done = alone["follow_ups"].due.items[0].id.hex
    original = services.today.visits

    def visits_then_a_write(today: date) -> Any:  # a sync's commit between two sections
        rows = original(today)
        with sqlite3.connect(services.store.path) as conn:
            conn.execute("UPDATE follow_ups SET done_at = ? WHERE id = ?", (NOW.isoformat(), done))
        return rows

    services.today.visits = visits_then_a_write
    try:
        together = services.today.load_many(names, TODAY)
    finally:
        del services.today.visits
        assert not services.store.reads().in_transaction
        after = services.today.follow_ups(TODAY).due
        with sqlite3.connect(services.store.path) as conn:
            conn.execute("UPDATE follow_ups SET done_at = NULL WHERE id = ?", (done,))
    assert list(together) == list(names)
    assert together == alone  # the follow-up done meanwhile is not done in this snapshot
    assert after.total == alone["follow_ups"].due.total - 1


def test_goal_counts_from_the_daily_rows_equal_the_interactions(book: Any) -> None:
    from desktop.planning.goal_counts import count_done
    from desktop.services.today_goals import count_done_daily

    services, rep = book
    conn = services.store.reads()
    channels = {"phone", "visit", "email", "meeting"}
    counted = 0
    for since, until in (("2026-10-01", "2027-01-01"), ("2026-12-07", "2026-12-14"),
                         ("2025-01-01", "2026-12-08")):
        span = {"owner": rep.hex, "since": f"{since} 00:00:00.000000",
                "until": f"{until} 00:00:00.000000"}
        daily = count_done_daily(conn, channels, span)
        assert daily is not None and daily == count_done(conn, channels, span)
        counted += sum(daily.values())
    assert counted > 0
    # A home time zone cuts the days: the interactions are counted instead.
    cut = {"owner": rep.hex, "since": "2026-10-01 05:00:00.000000",
           "until": "2027-01-01 05:00:00.000000"}
    assert count_done_daily(conn, channels, cut) is None
