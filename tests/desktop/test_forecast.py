"""The weighted forecast, quota attainment and the team roll-up equal an
independent computation in plain Python over the rows of a seeded book."""

from __future__ import annotations

import sqlite3
import uuid
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal as D
from pathlib import Path
from typing import NamedTuple

import pytest

from desktop.domain.forecast_math import Period, period_of
from desktop.domain.money import round_money
from desktop.domain.schema.enums import QuotaMetric
from desktop.services.container import Services
from desktop.services.validation import ValidationError
from desktop.settings import SettingsFile
from tests.bench.forecast_bench import TODAY, Book, seed_book

STAGE_P = {"prospecting": D("0.1"), "qualification": D("0.2"), "needs_analysis": D("0.4"),
           "proposal": D("0.6"), "negotiation": D("0.8")}


@pytest.fixture
def book(tmp_path: Path) -> Iterator[tuple[Services, Book]]:
    svc = Services.open(tmp_path / "cache.sqlite3", SettingsFile(tmp_path / "s.json"),
                        clock=lambda: datetime(2026, 12, 7, 12, tzinfo=UTC))
    result = svc.store.writer.transaction(lambda conn: seed_book(conn, accounts=400))
    svc.set_current_user(result.manager)
    yield svc, result
    svc.close()


def _rows(svc: Services, sql: str) -> list[sqlite3.Row]:
    conn = sqlite3.connect(svc.store.path)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


class Expected(NamedTuple):
    revenue: dict[str, D]  # month -> USD
    commit: dict[str, D]
    weighted: dict[str, D]
    units: dict[str, D]  # product line -> units
    per_rep: dict[str, D]  # rep id hex -> USD revenue
    new_accounts: int


def _expected(svc: Services, reps: list[uuid.UUID], period: Period) -> Expected:
    """The definitions of desktop/services/forecast.py, row by row in Python."""
    start, end = period.start.isoformat(), period.end.isoformat()
    ids = {r.hex for r in reps}
    owners = {r["id"]: r["owner_id"] for r in _rows(svc, "SELECT id, owner_id FROM accounts")}
    lines_of: dict[str, list[sqlite3.Row]] = defaultdict(list)
    product_line = {r["id"]: r["product_line"] or "" for r in _rows(
        svc, "SELECT id, product_line FROM products")}
    for line in _rows(svc, "SELECT * FROM order_lines"):
        lines_of[line["order_id"]].append(line)
    revenue: dict[str, D] = defaultdict(D)  # (month) -> USD
    units: dict[str, D] = defaultdict(D)
    per_rep: dict[str, D] = defaultdict(D)
    has_order: set[str] = set()
    first_order: dict[str, str] = {}
    for order in _rows(svc, "SELECT * FROM orders"):
        if order["opportunity_id"]:
            has_order.add(order["opportunity_id"])
        if order["status"] == "cancelled":
            continue
        account = order["account_id"]
        first_order[account] = min(first_order.get(account, "9"), order["entered_at"])
        rep = order["author_id"] or owners[order["account_id"]]
        if rep not in ids or not start <= order["entered_at"] < end:
            continue
        for line in lines_of[order["id"]]:
            net = D(line["quantity"]) * D(line["unit_price"]) * (
                1 - D(line["discount_percent"]) / 100)
            revenue[order["entered_at"][:7]] += net
            per_rep[rep] += net
            units[product_line[line["product_id"]]] += D(line["quantity"])
    commit: dict[str, D] = defaultdict(D)
    weighted: dict[str, D] = defaultdict(D)
    for opp in _rows(svc, "SELECT * FROM opportunities"):
        if opp["owner_id"] not in ids:
            continue
        if opp["outcome"] == "won" and opp["id"] not in has_order and opp["currency"] == "USD" \
                and start <= opp["closed_at"] < end:
            revenue[opp["closed_at"][:7]] += D(opp["amount"])
            per_rep[opp["owner_id"]] += D(opp["amount"])
        if opp["outcome"] != "open" or opp["currency"] != "USD" or not (
                start <= opp["close_date"] < end):
            continue
        month = opp["close_date"][:7]
        if opp["forecast_category"] == "commit":
            commit[month] += D(opp["amount"])
        elif opp["forecast_category"] in ("pipeline", "best_case"):
            share = D(opp["probability"]) if opp["probability"] else STAGE_P[opp["stage"]]
            weighted[month] += D(opp["amount"]) * share
    new_accounts = sum(1 for a in _rows(svc, "SELECT * FROM accounts")
                       if a["owner_id"] in ids and start <= a["created_at"] < end
                       and start <= first_order.get(a["id"], "9") < end)
    return Expected(revenue, commit, weighted, units, per_rep, new_accounts)


def test_forecast_equals_an_independent_computation(book: tuple[Services, Book]) -> None:
    svc, seeded = book
    team = svc.forecast.team(seeded.manager)
    assert sorted(team) == sorted(seeded.team) and seeded.outsider not in team
    year = period_of("year", TODAY)
    for period in (year, period_of("year", date(2027, 1, 1))):
        want = _expected(svc, team, period)
        got = svc.forecast.forecast(team, period)
        assert [b.label for b in got.months] == [f"{m:%Y-%m}" for m in period.months()]
        for b in got.months:
            key = b.label
            assert b.closed == round_money(want.revenue[key], "USD"), key
            assert b.commit == round_money(want.commit[key], "USD"), key
            assert b.weighted == round_money(want.weighted[key], "USD"), key
        assert [q.label for q in got.quarters] == [
            f"{period.start.year}-Q{n}" for n in (1, 2, 3, 4)]
        assert got.total.total == sum((b.total for b in got.months), D(0))
        assert sum((q.weighted for q in got.quarters), D(0)) == got.total.weighted
    # The seeded book has real numbers in it: the test could fail.
    assert got.total.weighted > 0 and got.total.commit > 0  # 2027 is mostly open deals
    assert svc.forecast.forecast(team, year).total.closed > 0
    assert any(b.mixed for b in got.months)  # a few EUR deals, summed apart


def test_quota_attainment_and_team_rollup(book: tuple[Services, Book]) -> None:
    svc, seeded = book
    quarter = period_of("quarter", TODAY)
    rep = seeded.team[0]
    svc.quotas.set_quota(rep, quarter, QuotaMetric.REVENUE.value, "250000")
    svc.quotas.set_quota(rep, quarter, QuotaMetric.REVENUE.value, "200000")  # changed, not doubled
    svc.quotas.set_quota(rep, quarter, QuotaMetric.UNITS.value, 300, product_line="Film")
    svc.quotas.set_quota(rep, quarter, QuotaMetric.NEW_ACCOUNTS.value, 2)
    svc.quotas.set_quota(seeded.team[1], quarter, QuotaMetric.REVENUE.value, "100000")
    with pytest.raises(ValidationError, match="product line"):
        svc.quotas.set_quota(rep, quarter, QuotaMetric.UNITS.value, 5)
    svc.set_current_user(rep)
    with pytest.raises(ValidationError, match="manager"):
        svc.quotas.set_quota(rep, quarter, QuotaMetric.REVENUE.value, 1)
    svc.set_current_user(seeded.manager)

    [mine] = svc.quotas.attainment([rep], quarter)
    want = _expected(svc, [rep], quarter)
    by_metric = {a.quota.metric: a for a in mine.attainments}
    revenue = round_money(want.per_rep[rep.hex], "USD")
    assert by_metric["revenue"].actual == revenue
    assert by_metric["revenue"].ratio == revenue / D(200000)
    assert by_metric["units"].actual == want.units["Film"]
    assert by_metric["new_accounts"].actual == want.new_accounts
    assert len(mine.attainments) == 3 and revenue > 0

    rollup = svc.quotas.team_rollup(seeded.manager, quarter)
    assert rollup.forecast == svc.forecast.forecast(seeded.team, quarter)
    assert {r.rep_id for r in rollup.reps} == set(seeded.team)
    total = next(a for a in rollup.totals if a.quota.metric == "revenue")
    second = round_money(_expected(svc, [seeded.team[1]], quarter).per_rep[seeded.team[1].hex],
                         "USD")
    assert total.quota.target == D(300000) and total.actual == revenue + second


def test_forecast_and_attainment_over_the_demo_book(tmp_path: Path) -> None:
    """The same independent computation over the demo data: its manager's team,
    the quotas the demo sets, this quarter and this year."""
    from desktop.demo.generator import generate
    from desktop.store.store import Store

    anchor = datetime(2026, 11, 1, tzinfo=UTC)
    path = tmp_path / "demo.sqlite3"
    store = Store(path)
    generate(store, accounts=300, seed=5, anchor=anchor)
    store.close()
    svc = Services.open(path, SettingsFile(tmp_path / "s.json"), clock=lambda: anchor)
    try:
        [(manager,)] = _rows(svc, "SELECT id FROM users WHERE role = 'manager'")
        boss = uuid.UUID(hex=manager)
        svc.set_current_user(boss)
        team = svc.forecast.team(boss)
        assert len(team) >= 2
        checked = 0
        for period in (period_of("quarter", anchor.date()), period_of("year", anchor.date())):
            want = _expected(svc, team, period)
            got = svc.forecast.forecast(team, period)
            for b in got.months:
                if b.mixed:
                    continue  # other currencies summed apart: USD compared below
                assert b.closed == round_money(want.revenue[b.label], "USD"), b.label
                assert b.commit == round_money(want.commit[b.label], "USD"), b.label
                assert b.weighted == round_money(want.weighted[b.label], "USD"), b.label
                checked += 1
            rollup = svc.quotas.team_rollup(boss, period)
            for rep in rollup.reps:
                for a in rep.attainments:
                    if a.quota.metric == QuotaMetric.REVENUE and a.quota.currency == "USD":
                        assert a.actual == round_money(want.per_rep.get(rep.rep_id.hex, D(0)),
                                                       "USD")
                        checked += 1
            assert got.total.closed > 0 and got.total.weighted > 0
        assert checked >= 6
    finally:
        svc.close()
