"""Dormant customers on hand-made accounts (orders and contacts on known days,
today 2026-12-07): who is dormant by order, by contact, by either or both;
the last order's date and value and lifetime revenue; keyset pages; and the
one step to an action plan, a trip or follow-ups (desktop.services.outreach)."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from desktop.services.container import Services
from desktop.services.dormant import DormantFilter, DormantRow, Match, SortKey, months_before
from desktop.services.validation import ValidationError
from desktop.settings import SettingsFile
from desktop.store.changes import Changes
from tests.desktop.basket_book import add_account, add_order, add_products, day

TODAY = datetime(2026, 12, 7, 12, tzinfo=UTC)


@pytest.fixture
def book(tmp_path: Path) -> Iterator[tuple[Services, dict[str, str]]]:
    svc = Services.open(tmp_path / "cache.sqlite3", SettingsFile(tmp_path / "s.json"),
                        clock=lambda: TODAY)

    def write(conn: sqlite3.Connection) -> dict[str, str]:
        p = add_products(conn)
        ids = {
            "old order": add_account(conn, "Old Order Co", last_contact=day("2026-11-01")),
            "quiet": add_account(conn, "Quiet Co", last_contact=day("2026-01-01")),
            "both": add_account(conn, "Both Co"),
            "busy": add_account(conn, "Busy Co", last_contact=day("2026-12-01")),
            "never ordered": add_account(conn, "Never Ordered Co"),
            "prospect": add_account(conn, "Prospect Co", kind="prospect"),
            "two orders": add_account(conn, "Two Orders Co", last_contact=day("2025-01-01")),
            "archived": add_account(conn, "Archived Co", archived=True),
            "distributor": add_account(conn, "Distributor Co", kind="distributor",
                                       last_contact=day("2026-12-01")),
        }
        add_order(conn, ids["old order"], [(p["F"], "40")], entered=day("2025-06-01"))
        add_order(conn, ids["quiet"], [(p["F"], "10")], entered=day("2026-10-01"))
        add_order(conn, ids["both"], [(p["F"], "20")], entered=day("2025-01-01"))
        add_order(conn, ids["busy"], [(p["F"], "30")], entered=day("2026-11-15"))
        add_order(conn, ids["two orders"], [(p["F"], "100")], entered=day("2025-03-01"))
        add_order(conn, ids["two orders"], [(p["F"], "200"), (p["T"], "50")],
                  entered=day("2025-05-01"))
        add_order(conn, ids["two orders"], [(p["F"], "999")], entered=day("2026-11-01"),
                  status="cancelled")
        add_order(conn, ids["archived"], [(p["F"], "10")], entered=day("2024-01-01"))
        add_order(conn, ids["distributor"], [(p["F"], "70")], entered=day("2025-02-01"))
        return ids

    ids = svc.store.writer.transaction(write)
    yield svc, ids
    svc.close()


def _names(rows: list[DormantRow]) -> set[str]:
    return {r.name for r in rows}


def test_who_is_dormant(book: tuple[Services, dict[str, str]]) -> None:
    services, _ids = book
    dormant = services.dormant
    either = DormantFilter(order_months=12, contact_days=180, match=Match.EITHER)
    assert _names(dormant.rows(either)) == {
        "Old Order Co", "Quiet Co", "Both Co", "Never Ordered Co", "Two Orders Co",
        "Distributor Co"}
    both = DormantFilter(order_months=12, contact_days=180, match=Match.BOTH)
    assert _names(dormant.rows(both)) == {"Both Co", "Two Orders Co"}
    # A longer gap: 20 months back is 2025-04-07, so only orders before it count.
    longer = DormantFilter(order_months=20, contact_days=180, match=Match.BOTH)
    assert _names(dormant.rows(longer)) == {"Both Co"}
    # Old Order Co (June 2025, contacted last month) is no longer dormant either way.
    assert _names(dormant.rows(DormantFilter(order_months=20, contact_days=180))) == {
        "Quiet Co", "Both Co", "Never Ordered Co", "Two Orders Co", "Distributor Co"}
    assert _names(dormant.rows(DormantFilter(order_months=23, contact_days=800,
                                             match=Match.BOTH))) == {"Both Co"}
    assert _names(dormant.rows(DormantFilter(order_months=24, contact_days=800,
                                             match=Match.BOTH))) == set()
    assert _names(dormant.rows(DormantFilter(order_months=18, contact_days=800))) == {
        "Old Order Co", "Both Co", "Two Orders Co", "Distributor Co", "Never Ordered Co"}


def test_months_before_keeps_the_day() -> None:
    assert months_before(date(2026, 12, 7), 23) == date(2025, 1, 7)
    assert months_before(date(2026, 12, 7), 12) == date(2025, 12, 7)
    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_before(date(2026, 1, 15), 13) == date(2024, 12, 15)


def test_last_order_and_lifetime_revenue(book: tuple[Services, dict[str, str]]) -> None:
    services, ids = book
    rows = {r.name: r for r in services.dormant.rows(DormantFilter())}
    two = rows["Two Orders Co"]
    assert two.id == uuid.UUID(hex=ids["two orders"])
    assert two.last_order_at is not None and two.last_order_at.date() == date(2025, 5, 1)
    assert two.last_order_value == pytest.approx(250.0)  # the cancelled 999 left out
    assert two.lifetime_revenue == pytest.approx(350.0)
    assert two.orders == 2
    never = rows["Never Ordered Co"]
    assert (never.last_order_at, never.last_order_value, never.lifetime_revenue) == (
        None, None, 0.0)


def test_sorted_and_paged_by_key(book: tuple[Services, dict[str, str]]) -> None:
    services, _ids = book
    dormant = services.dormant
    by_order = dormant.rows(DormantFilter())
    assert [r.name for r in by_order] == ["Never Ordered Co", "Both Co", "Distributor Co",
                                          "Two Orders Co", "Old Order Co", "Quiet Co"]
    by_revenue = DormantFilter(sort=SortKey.LIFETIME)
    assert [r.name for r in dormant.rows(by_revenue)][:3] == [
        "Two Orders Co", "Distributor Co", "Old Order Co"]
    reversed_names = DormantFilter(sort=SortKey.NAME, descending=True)
    names = [r.name for r in dormant.rows(reversed_names)]
    assert names == sorted(names, reverse=True)
    for flt in (DormantFilter(), by_revenue, reversed_names):
        paged, after = [], None
        while True:
            page = dormant.page(flt, after, 2)
            paged.extend(page.rows)
            if page.next is None:
                break
            after = page.next
        assert paged == dormant.rows(flt)


def test_the_snapshot_is_kept_until_a_change(book: tuple[Services, dict[str, str]]) -> None:
    services, ids = book
    dormant = services.dormant
    assert "Quiet Co" in _names(dormant.rows(DormantFilter()))
    services.store.writer.transaction(lambda conn: conn.execute(
        "UPDATE accounts SET last_contact_at = ? WHERE id = ?",
        (day("2026-12-06"), ids["quiet"])))
    assert "Quiet Co" in _names(dormant.rows(DormantFilter()))  # not read again on its own
    dormant.apply(Changes.of([("interactions", uuid.uuid4())]))
    assert "Quiet Co" not in _names(dormant.rows(DormantFilter()))


def test_defaults_come_from_the_settings(book: tuple[Services, dict[str, str]]) -> None:
    services, _ids = book
    services.settings.dormant_order_months = 20
    services.settings.dormant_contact_days = 400
    services.settings.dormant_match = "both"
    assert services.dormant.default_filter() == DormantFilter(20, 400, Match.BOTH)
    services.settings.dormant_match = "nonsense"
    assert services.dormant.default_filter().match is Match.EITHER


def _uuids(ids: dict[str, str], *names: str) -> list[uuid.UUID]:
    return [uuid.UUID(hex=ids[n]) for n in names]


def test_one_step_to_a_plan_a_trip_or_follow_ups(book: tuple[Services, dict[str, str]]) -> None:
    services, ids = book
    rep = services.store.writer.transaction(lambda conn: _user(conn))
    services.set_current_user(rep)
    plan = services.action_plans.create("Win back", date(2026, 12, 1), date(2026, 12, 31)).id
    chosen = _uuids(ids, "both", "two orders")
    services.outreach.add_to_plan(plan, chosen, "Dormant")
    services.outreach.add_to_plan(plan, chosen[:1], "Dormant")  # not twice
    targets = services.action_plans.targets(plan)
    assert sorted(t.account_name for t in targets) == ["Both Co", "Two Orders Co"]
    assert {t.purpose for t in targets} == {"Dormant"}
    trip = services.trips.create("North loop", date(2026, 12, 14)).id
    services.outreach.add_to_trip(trip, [*chosen, uuid.uuid4()])  # a gone account is skipped
    assert sorted(s.account_id for s in services.trips.stops(trip)) == sorted(chosen)
    changes = services.outreach.add_follow_ups(
        chosen, {"title": "Call back", "due_date": date(2026, 12, 10),
                 "titles": {ids["both"]: "Offer Tape"}})
    made = services.reader.follow_ups_due(date(2026, 12, 31))
    assert sorted((f.title, f.account_id) for f in made) == sorted([
        ("Offer Tape", chosen[0]), ("Call back", chosen[1])])
    assert len(changes.ids("follow_ups")) == 2
    with pytest.raises(ValidationError):
        services.outreach.add_follow_ups(chosen, {"title": " ", "due_date": None})


def _user(conn: sqlite3.Connection) -> uuid.UUID:
    user = uuid.uuid4()
    conn.execute("INSERT INTO users (id, name, email, role, created_at, updated_at) VALUES "
                 "(?, 'Rep', 'rep@example.com', 'rep', '2026-01-01', '2026-01-01')", (user.hex,))
    return user
