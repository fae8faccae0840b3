"""Each report's figures against the test's own count over the same demo book:
plain SQL that fetches rows and Python that adds them up (never the report's
queries)."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import date, timedelta
from decimal import Decimal

from desktop.reports import period
from desktop.reports.filters import ReportFilter
from desktop.services.container import Services
from tests.desktop.reports.conftest import ANCHOR, cents, net, pct

Q3, Q4 = period.parse("2026-Q3"), period.parse("2026-Q4")
TODAY = ANCHOR.date()


def names(services: Services) -> dict[str, str]:
    return dict(services.store.reads().execute("SELECT id, name FROM users").fetchall())


def in_period(text: str | None, p: period.ReportPeriod) -> bool:
    return text is not None and p.start.isoformat() <= text[:10] < p.end.isoformat()


def test_activity_counts_interactions_by_rep_and_channel(services: Services) -> None:
    result = services.reports.run("activity", ReportFilter(Q4))
    rows = services.store.reads().execute(
        "SELECT author_id, channel, account_id, occurred_at FROM interactions "
        "WHERE deleted_at IS NULL").fetchall()
    mine = [r for r in rows if in_period(r[3], Q4)]
    by = Counter((names(services)[r[0]], r[1]) for r in mine)
    table = result.table_named("activity")
    for row in table.rows:
        for channel in ("phone", "email", "visit", "note"):
            assert row[table.column(channel)] == by[str(row[0]), channel]
    assert table.total("total") == len(mine) == result.figure("interactions")
    assert len(mine) > 100
    reached = {r[2] for r in mine if r[1] != "note"}
    assert table.total("accounts") == len(reached)
    chart = result.chart
    assert chart is not None and chart.kind == "stacked"
    assert sum(sum(s.values) for s in chart.series) == len(mine)


def test_activity_adherence_per_goal(services: Services) -> None:
    conn = services.store.reads()
    result = services.reports.run("activity", ReportFilter(period.parse("2026-12")))
    goals = result.table_named("goals")
    plan = conn.execute("SELECT id, owner_id, period_start, period_end FROM action_plans "
                        "WHERE period_start <= '2026-12-31' AND period_end >= '2026-12-01'"
                        ).fetchone()
    until = (date.fromisoformat(plan[3]) + timedelta(days=1)).isoformat()
    contacts = conn.execute(
        "SELECT i.channel, a.kind, a.status FROM interactions i JOIN accounts a "
        "ON a.id = i.account_id WHERE i.author_id = ? AND i.occurred_at >= ? "
        "AND i.occurred_at < ?", (plan[1], plan[2], until)).fetchall()
    fits = {"any": lambda k, s: True, "customer": lambda k, s: k == "customer" and s == "active",
            "prospect": lambda k, s: k == "prospect" or s == "prospect",
            "dormant": lambda k, s: s == "dormant", "broker": lambda k, s: k == "broker"}
    expected = []
    for channel, segment, target in conn.execute(
            "SELECT channel, segment, target_count FROM action_plan_goals WHERE plan_id = ? "
            "ORDER BY channel, segment", (plan[0],)):
        done = sum(1 for c, k, s in contacts if c == channel and fits[segment](k, s))
        expected.append((f"{channel} · {segment}", target, done, pct(done, target)))
    assert [(r[3], r[4], r[5], r[6]) for r in goals.rows] == expected
    assert any(done for _g, _t, done, _p in expected)


def test_closings_revenue_win_rate_cycle_and_reactivated(services: Services) -> None:
    conn = services.store.reads()
    result = services.reports.run("closings", ReportFilter(Q4))
    table = result.table_named("closings")
    who = names(services)
    owner = dict(conn.execute("SELECT id, owner_id FROM accounts").fetchall())
    revenue: dict[str, Decimal] = defaultdict(Decimal)
    orders: Counter[str] = Counter()
    for oid, account, author, entered, status in conn.execute(
            "SELECT id, account_id, author_id, entered_at, status FROM orders "
            "WHERE deleted_at IS NULL"):
        if status == "cancelled" or not in_period(entered, Q4):
            continue
        rep = who[author or owner[account]]
        orders[rep] += 1
        for q, p, d in conn.execute("SELECT quantity, unit_price, discount_percent FROM "
                                    "order_lines WHERE order_id = ?", (oid,)):
            revenue[rep] += net(q, p, d)
    won, lost, cycle = Counter(), Counter(), defaultdict(list)  # type: ignore[var-annotated]
    ordered = {r[0] for r in conn.execute("SELECT opportunity_id FROM orders")}
    for oid, rep, outcome, amount, created, closed in conn.execute(
            "SELECT id, owner_id, outcome, amount, created_at, closed_at FROM opportunities "
            "WHERE outcome != 'open'"):
        if not in_period(closed, Q4):
            continue
        if outcome == "won":
            won[who[rep]] += 1
            cycle["all"].append((datetime_of(closed) - datetime_of(created)).total_seconds())
            if oid not in ordered:
                revenue[who[rep]] += Decimal(amount)
        else:
            lost[who[rep]] += 1
    for row in table.rows:
        rep = str(row[0])
        assert row[table.column("orders")] == orders[rep]
        assert row[table.column("revenue")] == cents(revenue[rep])
        assert row[table.column("won")] == won[rep]
        assert row[table.column("lost")] == lost[rep]
        assert row[table.column("win_rate")] == pct(won[rep], won[rep] + lost[rep])
    assert table.total("revenue") == cents(sum(revenue.values(), Decimal(0)))
    assert table.total("cycle") == round(sum(cycle["all"]) / len(cycle["all"]) / 86400, 1)
    # Reactivated: an order in the period after more than twelve months without one.
    history: dict[str, list[str]] = defaultdict(list)
    for account, entered in conn.execute(
            "SELECT account_id, entered_at FROM orders WHERE status != 'cancelled' "
            "ORDER BY entered_at"):
        history[account].append(entered)
    back = 0
    for dates in history.values():
        first = next((d for d in dates if in_period(d, Q4)), None)
        before = [d for d in dates if d < first] if first else []
        year_before = f"{int(first[:4]) - 1}{first[4:]}" if first else ""
        if before and before[-1] < year_before:
            back += 1
    assert table.total("reactivated") == back == result.figure("reactivated")
    assert back > 0


def datetime_of(text: str):  # noqa: ANN201
    from datetime import datetime

    return datetime.fromisoformat(text)


def test_closings_quota_for_the_quarter(services: Services) -> None:
    conn = services.store.reads()
    table = services.reports.run("closings", ReportFilter(Q4)).table_named("closings")
    quota = Decimal(0)
    for target, in conn.execute("SELECT target FROM quotas WHERE metric = 'revenue' AND "
                                "period_kind = 'quarter' AND period_start = '2026-10-01'"):
        quota += Decimal(target)
    assert table.total("quota") == cents(quota) > 0
    revenue = table.total("revenue")
    assert isinstance(revenue, Decimal)
    assert table.total("attainment") == pct(float(revenue), float(quota))


def test_follow_up_states_and_concern_ages(services: Services) -> None:
    conn = services.store.reads()
    result = services.reports.run("follow-up", ReportFilter(Q4))
    table = result.table_named("follow_up")
    states: Counter[str] = Counter()
    for due, done in conn.execute("SELECT due_date, done_at FROM follow_ups"):
        if not in_period(due, Q4):
            continue
        if done is not None:
            states["on_time" if done[:10] <= due else "late"] += 1
        else:
            states["overdue" if due < TODAY.isoformat() else "ahead"] += 1
    for key in ("on_time", "late", "overdue", "ahead"):
        assert table.total(key) == states[key]
    assert table.total("on_time_pct") == pct(states["on_time"], states["on_time"] +
                                             states["late"] + states["overdue"])
    opened = resolved = 0
    days = []
    for opened_at, resolved_at in conn.execute("SELECT opened_at, resolved_at FROM concerns"):
        opened += in_period(opened_at, Q4)
        if in_period(resolved_at, Q4):
            resolved += 1
            days.append((datetime_of(resolved_at) - datetime_of(opened_at)).total_seconds())
    assert (table.total("opened"), table.total("resolved")) == (opened, resolved)
    assert table.total("resolve_days") == round(sum(days) / len(days) / 86400, 1)


def test_pipeline_by_stage_changes_and_stale(services: Services) -> None:
    conn = services.store.reads()
    result = services.reports.run("pipeline", ReportFilter(Q4))
    stage_bp = {k: Decimal(p) for k, p in conn.execute(
        "SELECT key, probability FROM opportunity_stages")}
    stage_name = dict(conn.execute("SELECT key, name FROM opportunity_stages").fetchall())
    amounts: dict[str, Decimal] = defaultdict(Decimal)
    weighted: dict[str, Decimal] = defaultdict(Decimal)
    for stage, amount, probability, close in conn.execute(
            "SELECT stage, amount, probability, close_date FROM opportunities "
            "WHERE outcome = 'open'"):
        if in_period(close, Q4):
            amounts[stage_name[stage]] += Decimal(amount)
            weighted[stage_name[stage]] += Decimal(amount) * (
                Decimal(probability) if probability is not None else stage_bp[stage])
    table = result.table_named("by_stage")
    for row in table.rows:
        assert row[2] == cents(amounts[str(row[0])])
        assert row[3] == cents(weighted[str(row[0])])
    assert table.total("amount") == cents(sum(amounts.values(), Decimal(0)))
    since = (TODAY - timedelta(days=6)).isoformat()
    moves = conn.execute("SELECT count(*) FROM opportunity_stage_changes WHERE changed_at >= ? "
                         "AND changed_at < ?", (since, (TODAY + timedelta(days=1)).isoformat())
                         ).fetchone()[0]
    assert result.table_named("changes").total("count") == moves > 0
    new = conn.execute("SELECT count(*) FROM opportunity_stage_changes WHERE changed_at >= ? "
                       "AND from_stage IS NULL", (since,)).fetchone()[0]
    assert result.table_named("changes").rows[0][1] == new
    quiet = (TODAY - timedelta(days=30)).isoformat()
    stale = sum(1 for nxt, close, last, created in conn.execute(
        "SELECT o.next_step_on, o.close_date, a.last_contact_at, o.created_at FROM "
        "opportunities o JOIN accounts a ON a.id = o.account_id WHERE o.outcome = 'open'")
        if (nxt and nxt < TODAY.isoformat()) or close < TODAY.isoformat()
        or (last or created) < quiet)
    assert result.figure("stale") == stale > 0


def test_trends_by_segment_with_growth(services: Services) -> None:
    conn = services.store.reads()
    result = services.reports.run("trends", ReportFilter(Q3))
    now: dict[str, Decimal] = defaultdict(Decimal)
    before: dict[str, Decimal] = defaultdict(Decimal)
    year: dict[str, Decimal] = defaultdict(Decimal)
    prev, ago = Q3.previous(), Q3.year_before()
    for segment, entered, q, p, d in conn.execute(
            "SELECT a.segment, o.entered_at, l.quantity, l.unit_price, l.discount_percent "
            "FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN accounts a "
            "ON a.id = o.account_id WHERE o.status != 'cancelled'"):
        for into, span in ((now, Q3), (before, prev), (year, ago)):
            if in_period(entered, span):
                into[segment] += net(q, p, d)
    table = result.table_named("segments")
    assert {r[0] for r in table.rows} == set(now)
    for row in table.rows:
        seg = str(row[0])
        assert row[1] == cents(now[seg])
        assert row[3] == cents(before[seg])
        assert row[5] == cents(year[seg])
        exact = (now[seg] - before[seg]) * 100 / before[seg]
        assert row[4] == round(float(exact), 1)
    months = result.table_named("months")
    # 24 months up to September 2026; the demo's history starts in December 2024.
    assert [r[0] for r in months.rows][::23] == ["2024-10", "2026-09"]
    assert all(r[1] for r in months.rows[2:]) and not any(r[1] for r in months.rows[:2])
    assert isinstance(all_months := months.total("revenue"), Decimal)
    assert isinstance(in_q3 := table.total("revenue"), Decimal)
    assert all_months >= in_q3


def test_delivery_on_time_against_requested_dates(services: Services) -> None:
    conn = services.store.reads()
    result = services.reports.run("delivery", ReportFilter(period.parse("2026")))
    first: dict[str, str] = {}
    for ship_date, shipped in conn.execute(
            "SELECT ship_date, shipped FROM order_events WHERE status = 'shipped'"):
        for line in json.loads(shipped or "{}"):
            first[line] = min(first.get(line, ship_date), ship_date)
    states: Counter[str] = Counter()
    for lid, wanted in conn.execute(
            "SELECT l.id, l.ship_date FROM order_lines l JOIN orders o ON o.id = l.order_id "
            "WHERE o.status != 'cancelled' AND l.ship_date >= '2026-01-01' "
            "AND l.ship_date < '2027-01-01'"):
        went = first.get(lid)
        if went is not None:
            states["on_time" if went <= wanted else "late"] += 1
        else:
            states["late_open" if wanted < TODAY.isoformat() else "ahead"] += 1
    table = result.table_named("delivery")
    for key in ("on_time", "late", "late_open", "ahead"):
        assert table.total(key) == states[key]
    assert states["late"] > 0
    orders, expedited = conn.execute(
        "SELECT count(*), sum(expedite) FROM orders WHERE status != 'cancelled' AND "
        "entered_at >= '2026-01-01' AND entered_at < '2027-01-01'").fetchone()
    concerns = conn.execute("SELECT count(*) FROM concerns WHERE opened_at >= '2026-01-01' "
                            "AND opened_at < '2027-01-01'").fetchone()[0]
    assert (table.total("orders"), table.total("expedited")) == (orders, expedited)
    assert table.total("per_100") == round(concerns * 100 / orders, 1)


def test_filters_narrow_to_a_rep_a_team_and_a_segment(services: Services) -> None:
    conn = services.store.reads()
    rep = services.reports.find_user("alex.morgan")
    manager = services.reports.find_user("Dana Whitfield")
    assert rep is not None and manager is not None
    everyone = services.reports.run("closings", ReportFilter(Q4)).table_named("closings")
    one = services.reports.run("closings", ReportFilter(Q4, rep_id=rep)).table_named("closings")
    team = services.reports.run("closings", ReportFilter(Q4, team_of=manager)
                                ).table_named("closings")
    assert [r[0] for r in one.rows] == ["Alex Morgan"]
    assert one.rows[0] == next(r for r in everyone.rows if r[0] == "Alex Morgan")
    assert team.total("revenue") == everyone.total("revenue")
    small = services.reports.run("trends", ReportFilter(Q3, segment="Small business"))
    expected = Decimal(0)
    for q, p, d in conn.execute(
            "SELECT l.quantity, l.unit_price, l.discount_percent FROM order_lines l "
            "JOIN orders o ON o.id = l.order_id JOIN accounts a ON a.id = o.account_id "
            "WHERE a.segment = 'Small business' AND o.status != 'cancelled' "
            "AND o.entered_at >= '2026-07-01' AND o.entered_at < '2026-10-01'"):
        expected += net(q, p, d)
    segments = small.table_named("segments")
    assert [r[0] for r in segments.rows] == ["Small business"]
    assert segments.total("revenue") == cents(expected)
