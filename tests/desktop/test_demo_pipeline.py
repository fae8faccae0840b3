"""The demo book's Sales Pipe: every stage, source and status present, stage
histories consistent, links that point at real rows, duplicates to merge, the
same rows for the same seed."""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from desktop.demo.generator import DemoSummary, generate
from desktop.domain.schema.enums import LeadSource, LeadStatus
from desktop.domain.stages import DEFAULT_STAGES
from desktop.store.store import Store

ANCHOR = datetime(2026, 11, 1, tzinfo=UTC)
TODAY = ANCHOR.date().isoformat()
NOW = "2026-11-01 00:00:00"
PIPELINE_TABLES = ("opportunity_stages", "lead_score_weights", "opportunities",
                   "opportunity_stage_changes", "opportunity_lines", "leads", "events",
                   "event_attendees", "quotas")


def make(path: Path, accounts: int, seed: int = 1) -> tuple[Store, DemoSummary]:
    store = Store(path)
    return store, generate(store, accounts=accounts, seed=seed, anchor=ANCHOR)


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[sqlite3.Connection,
                                                                     DemoSummary]]:
    store, summary = make(tmp_path_factory.mktemp("pipe") / "c.sqlite3", 400)
    yield store.reads(), summary
    store.close()


def rows(conn: sqlite3.Connection, sql: str, *args: object) -> list[tuple[Any, ...]]:
    return conn.execute(sql, args).fetchall()


def test_every_stage_with_outcomes_reasons_and_next_steps(book: tuple[sqlite3.Connection,
                                                                       DemoSummary]) -> None:
    conn, summary = book
    assert [(k, n, str(p), kind) for k, n, p, kind in rows(
        conn, "SELECT key, name, probability, kind FROM opportunity_stages ORDER BY position")] \
        == [(s.key, s.name, str(s.probability.normalize()), s.kind) for s in DEFAULT_STAGES]
    stages = Counter(dict(rows(conn, "SELECT stage, count(*) FROM opportunities GROUP BY 1")))
    assert set(stages) == {s.key for s in DEFAULT_STAGES} and min(stages.values()) >= 10
    buying = rows(conn, "SELECT count(*) FROM accounts WHERE status = 'active' AND kind IN "
                  "('customer', 'distributor')")[0][0]
    opened = rows(conn, "SELECT count(*) FROM opportunities o JOIN accounts a ON "
                  "a.id = o.account_id WHERE a.status = 'active'")[0][0]
    assert 2.5 <= opened / buying <= 3.5
    assert summary.opportunities == sum(stages.values())
    outcomes = dict(rows(conn, "SELECT stage, group_concat(DISTINCT outcome) FROM opportunities "
                     "GROUP BY 1"))
    assert outcomes["closed_won"] == "won" and outcomes["closed_lost"] == "lost"
    assert {outcomes[s.key] for s in DEFAULT_STAGES if s.kind == "open"} == {"open"}
    assert rows(conn, "SELECT count(*) FROM opportunities WHERE outcome != 'open' AND "
                "(outcome_reason IS NULL OR closed_at IS NULL OR closed_at > ? OR "
                "close_date != substr(closed_at, 1, 10))", NOW) == [(0,)]
    assert rows(conn, "SELECT count(*) FROM opportunities WHERE outcome = 'open' AND "
                "closed_at IS NOT NULL") == [(0,)]
    stale = rows(conn, "SELECT count(*) FROM opportunities WHERE outcome = 'open' AND "
                 "(next_step_on < ? OR close_date < ?)", TODAY, TODAY)[0][0]
    assert stale > 20
    categories = {r[0] for r in rows(conn, "SELECT DISTINCT forecast_category FROM opportunities")}
    assert categories == {"pipeline", "best_case", "commit", "omitted"}


def test_stage_histories_run_from_creation_to_the_current_stage(
        book: tuple[sqlite3.Connection, DemoSummary]) -> None:
    conn, _ = book
    current = {i: (stage, created, changed) for i, stage, created, changed in rows(
        conn, "SELECT id, stage, created_at, stage_changed_at FROM opportunities")}
    history: dict[str, list[tuple[Any, ...]]] = {}
    for row in rows(conn, "SELECT opportunity_id, from_stage, to_stage, changed_at, amount "
                    "FROM opportunity_stage_changes ORDER BY opportunity_id, changed_at"):
        history.setdefault(row[0], []).append(row[1:])
    assert set(history) == set(current)
    amounts = dict(rows(conn, "SELECT id, amount FROM opportunities"))
    for deal, steps in history.items():
        stage, created, changed = current[deal]
        assert steps[0][0] is None and steps[0][2] == created
        assert [s[0] for s in steps[1:]] == [s[1] for s in steps[:-1]]  # each from the last
        assert steps[-1][1] == stage and steps[-1][2] == changed
        times = [s[2] for s in steps]
        assert times == sorted(set(times)) and str(times[-1]) <= NOW
        assert {s[3] for s in steps} == {amounts[deal]}


def test_deals_point_at_real_rows(book: tuple[sqlite3.Connection, DemoSummary]) -> None:
    conn, _ = book
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    for column, table in (("account_id", "accounts"), ("contact_id", "contacts"),
                          ("broker_id", "accounts"), ("event_id", "events"),
                          ("source_lead_id", "leads")):
        assert rows(conn, f"SELECT count(*) FROM opportunities o WHERE o.{column} IS NOT NULL "
                    f"AND NOT EXISTS (SELECT 1 FROM {table} t WHERE t.id = o.{column})") == [(0,)]
    assert rows(conn, "SELECT count(*) FROM opportunities o JOIN contacts c ON "
                "c.id = o.contact_id WHERE c.account_id != o.account_id") == [(0,)]
    # Proposals and orders name a deal of their own account; lines sum to the amount.
    for table in ("proposals", "orders"):
        linked = rows(conn, f"SELECT count(*), sum(o.account_id = x.account_id) FROM {table} x "
                      f"JOIN opportunities o ON o.id = x.opportunity_id")[0]
        assert linked[0] >= 10 and linked[0] == linked[1]
    assert rows(conn, "SELECT count(*) FROM orders x JOIN opportunities o ON "
                "o.id = x.opportunity_id WHERE o.stage != 'closed_won' OR "
                "o.closed_at > x.entered_at") == [(0,)]
    priced = 0
    for deal, amount in rows(conn, "SELECT id, amount FROM opportunities WHERE id IN "
                             "(SELECT opportunity_id FROM opportunity_lines)"):
        total = sum((Decimal(q) * Decimal(p) * (100 - Decimal(d)) / 100 for q, p, d in rows(
            conn, "SELECT quantity, unit_price, discount_percent FROM opportunity_lines "
            "WHERE opportunity_id = ?", deal)), Decimal(0))
        assert Decimal(str(amount)) == total.quantize(Decimal("0.01"))
        priced += 1
    assert priced > 50


def test_leads_from_every_source_in_every_status(
        book: tuple[sqlite3.Connection, DemoSummary]) -> None:
    conn, summary = book
    pairs = set(rows(conn, "SELECT source, status FROM leads"))
    assert pairs >= {(s.value, t.value) for s in LeadSource for t in LeadStatus}
    assert summary.leads == rows(conn, "SELECT count(*) FROM leads")[0][0] >= 200
    assert rows(conn, "SELECT count(*) FROM leads WHERE owner_id IS NULL")[0][0] > 5
    assert rows(conn, "SELECT count(*) FROM leads WHERE status = 'disqualified' AND "
                "disqualified_reason IS NULL") == [(0,)]
    # Converted leads point at their deal, its account and contact, and back.
    converted = rows(conn, "SELECT l.id, l.received_at, l.converted_at, o.created_at, "
                     "o.source_lead_id, o.account_id = l.converted_account_id, "
                     "c.account_id = o.account_id FROM leads l "
                     "JOIN opportunities o ON o.id = l.converted_opportunity_id "
                     "JOIN contacts c ON c.id = l.converted_contact_id "
                     "WHERE l.status = 'converted'")
    assert len(converted) == rows(conn, "SELECT count(*) FROM leads WHERE status = "
                                  "'converted'")[0][0] > 20
    for lead, received, at, created, back, same_account, same_contact in converted:
        assert back == lead and same_account and same_contact
        assert received < at == created
    assert rows(conn, "SELECT count(*) FROM leads WHERE status != 'converted' AND "
                "(converted_opportunity_id IS NOT NULL OR converted_at IS NOT NULL)") == [(0,)]
    # Referrals name a contact or a broker/partner; event leads attended their event.
    kinds = {r[0] for r in rows(conn, "SELECT a.kind FROM leads l JOIN accounts a ON "
                                "a.id = l.referrer_account_id")}
    assert kinds and kinds <= {"broker", "partner"}
    assert rows(conn, "SELECT count(*) FROM leads l JOIN contacts c ON "
                "c.id = l.referrer_contact_id")[0][0] > 0
    assert rows(conn, "SELECT count(*) FROM leads WHERE source = 'referral' AND "
                "referrer_contact_id IS NULL AND referrer_account_id IS NULL") == [(0,)]
    assert rows(conn, "SELECT count(*) FROM leads l JOIN events e ON e.id = l.event_id "
                "WHERE l.received_at < e.starts_on OR NOT EXISTS (SELECT 1 FROM event_attendees "
                "x WHERE x.lead_id = l.id AND x.event_id = e.id)") == [(0,)]
    assert rows(conn, "SELECT min(fit_score) >= 0, max(fit_score) <= 100, "
                "count(DISTINCT fit_score) > 10 FROM leads") == [(1, 1, 1)]


def test_events_with_attendees_and_what_they_sourced(
        book: tuple[sqlite3.Connection, DemoSummary]) -> None:
    conn, _ = book
    kinds = {r[0] for r in rows(conn, "SELECT kind FROM events")}
    assert {"trade_show", "seminar", "telemarketing"} <= kinds
    assert rows(conn, "SELECT count(*) FROM events WHERE starts_on > ?", TODAY)[0][0] >= 2
    for event, owner, territory, starts, ends, cost, staff in rows(
            conn, "SELECT id, owner_id, territory_id, starts_on, ends_on, cost, staff "
            "FROM events"):
        assert starts <= ends and Decimal(str(cost)) > 0 and owner in str(staff)
        people = rows(conn, "SELECT owner_id, territory_id, status, contact_id IS NULL, "
                      "lead_id IS NULL FROM event_attendees WHERE event_id = ?", event)
        assert len(people) >= 6
        assert {(p[0], p[1]) for p in people} == {(owner, territory)}
        assert all(p[3] != p[4] for p in people)  # a contact or a lead
        states = {p[2] for p in people}
        assert states <= ({"invited", "registered"} if str(starts) > TODAY
                          else {"attended", "no_show"})
    sourced = rows(conn, "SELECT count(DISTINCT event_id) FROM opportunities "
                   "WHERE event_id IS NOT NULL")[0][0]
    assert sourced >= 2


def test_links_quotas_and_product_lines(book: tuple[sqlite3.Connection, DemoSummary]) -> None:
    conn, summary = book
    brokers = rows(conn, "SELECT DISTINCT b.kind FROM accounts a JOIN accounts b ON "
                   "b.id = a.broker_id")
    assert brokers and {b[0] for b in brokers} <= {"broker", "partner"}
    assert rows(conn, "SELECT count(*) FROM accounts WHERE broker_id IS NOT NULL")[0][0] > 30
    assert rows(conn, "SELECT count(*) FROM opportunities o JOIN accounts a ON "
                "a.id = o.account_id WHERE o.broker_id IS NOT a.broker_id") == [(0,)]
    assert rows(conn, "SELECT count(*) FROM orders WHERE broker_id IS NOT NULL")[0][0] > 0
    parents = dict(rows(conn, "SELECT id, parent_id FROM accounts WHERE parent_id IS NOT NULL"))
    assert len(set(parents.values())) >= 3
    depth = 0
    for start in parents:  # no cycles; one family three levels deep
        seen, at = [start], parents[start]
        while at in parents:
            assert at not in seen
            seen.append(at)
            at = parents[at]
        depth = max(depth, len(seen))
    assert depth >= 2
    assert rows(conn, "SELECT count(*) FROM products WHERE product_line IS NULL") == [(0,)]
    lines = {r[0] for r in rows(conn, "SELECT DISTINCT product_line FROM products")}
    team = {r[0] for r in rows(conn, "SELECT u.id FROM users u JOIN users m ON "
                               "m.id = u.manager_id AND m.role = 'manager'")}
    assert summary.rep_id.hex in team and len(team) == 5
    quotas = rows(conn, "SELECT owner_id, period_kind, metric, product_line, period_start "
                  "FROM quotas")
    assert {q[0] for q in quotas} == team
    mine = {(q[1], q[2], q[3]) for q in quotas if q[0] == summary.rep_id.hex}
    assert {("month", "revenue", None), ("quarter", "revenue", None), ("year", "revenue", None),
            ("quarter", "new_accounts", None)} <= mine
    assert {q[2] for q in mine if q[1] == "units"} == lines
    assert ("month", date(2026, 11, 1).isoformat()) in {(q[1], q[4]) for q in quotas}


def test_deliberate_duplicates(book: tuple[sqlite3.Connection, DemoSummary]) -> None:
    conn, _ = book
    acme = rows(conn, "SELECT name, phone, billing_city FROM accounts WHERE lower(name) LIKE "
                "'acme tools%' ORDER BY name")
    assert [a[0] for a in acme] == ["ACME TOOLS, LLC", "Acme Tools Inc."]
    assert acme[0][1:] == acme[1][1:]
    twins = rows(conn, "SELECT first_name, last_name, work_phone, count(*), "
                 "count(DISTINCT email) FROM contacts GROUP BY account_id, first_name, "
                 "last_name, work_phone HAVING count(*) > 1")
    assert twins and twins[0][3] == 2 and twins[0][4] == 2
    assert rows(conn, "SELECT count(*) FROM leads l JOIN accounts a ON a.phone = l.phone AND "
                "l.company LIKE substr(a.name, 1, 8) || '%' WHERE l.status = 'new'")[0][0] >= 1


def test_same_seed_same_pipeline(tmp_path: Path) -> None:
    first, _ = make(tmp_path / "a.sqlite3", 60, seed=3)
    second, _ = make(tmp_path / "b.sqlite3", 60, seed=3)
    other, _ = make(tmp_path / "c.sqlite3", 60, seed=4)
    for store in (first, second, other):
        store.close()

    def dump(name: str, table: str) -> list[tuple[object, ...]]:
        with sqlite3.connect(tmp_path / name) as conn:
            return conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()

    for table in (*PIPELINE_TABLES, "accounts", "proposals", "orders"):
        assert dump("a.sqlite3", table) == dump("b.sqlite3", table), table
    assert dump("a.sqlite3", "opportunities") != dump("c.sqlite3", "opportunities")
    # A tiny book still has every stage, and every source in every status.
    with sqlite3.connect(tmp_path / "a.sqlite3") as conn:
        assert {r[0] for r in conn.execute("SELECT DISTINCT stage FROM opportunities")} == {
            s.key for s in DEFAULT_STAGES}
        assert len(set(conn.execute("SELECT source, status FROM leads"))) == 40
