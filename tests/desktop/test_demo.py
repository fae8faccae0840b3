"""The demo book: deterministic, realistic, consistent, and never mixed into real data."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import phonenumbers
import pytest
import zipcodes

from desktop.demo.generator import DemoSummary, generate
from desktop.services.account_list import AccountFilter, AccountList
from desktop.store.store import Store

ANCHOR = datetime(2026, 11, 1, tzinfo=UTC)


def make(path: Path, accounts: int, seed: int = 1) -> tuple[Store, DemoSummary]:
    store = Store(path)
    return store, generate(store, accounts=accounts, seed=seed, anchor=ANCHOR)


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, DemoSummary]]:
    store, summary = make(tmp_path_factory.mktemp("demo") / "c.sqlite3", 300)
    yield store, summary
    store.close()


def dump(path: Path, table: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as conn:
        return conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()


def test_same_seed_same_rows_other_seed_other_rows(tmp_path: Path) -> None:
    first, _ = make(tmp_path / "a.sqlite3", 200, seed=5)
    second, _ = make(tmp_path / "b.sqlite3", 200, seed=5)
    third, _ = make(tmp_path / "c.sqlite3", 200, seed=6)
    for store in (first, second, third):
        store.close()
    for table in ("accounts", "contacts", "interactions", "follow_ups", "concerns", "users"):
        assert dump(tmp_path / "a.sqlite3", table) == dump(tmp_path / "b.sqlite3", table)
    assert dump(tmp_path / "a.sqlite3", "accounts") != dump(tmp_path / "c.sqlite3", "accounts")


def test_counts_and_shape(book: tuple[Store, DemoSummary]) -> None:
    store, summary = book
    conn = store.reads()
    assert summary.accounts == 300
    per_account = [r[0] for r in conn.execute(
        "SELECT count(c.id) FROM accounts a LEFT JOIN contacts c ON c.account_id = a.id "
        "GROUP BY a.id")]
    assert min(per_account) >= 1 and max(per_account) <= 5
    assert 7 <= summary.interactions / summary.accounts <= 13
    assert summary.follow_ups > 100 and summary.concerns > 15
    oldest, newest = conn.execute(
        "SELECT min(occurred_at), max(occurred_at) FROM interactions").fetchone()
    assert datetime.fromisoformat(oldest).replace(tzinfo=UTC) >= ANCHOR - timedelta(days=731)
    assert datetime.fromisoformat(newest).replace(tzinfo=UTC) <= ANCHOR
    assert conn.execute("SELECT count(*) FROM accounts WHERE territory_id IS NULL "
                        "OR owner_id IS NULL").fetchone()[0] == 0
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("SELECT role FROM users WHERE id = ?",
                        (summary.rep_id.hex,)).fetchone() == ("rep",)


def test_places_and_phones_are_real(book: tuple[Store, DemoSummary]) -> None:
    store, _ = book
    rows = store.reads().execute(
        "SELECT billing_city, billing_region, billing_postal_code, latitude, phone "
        "FROM accounts").fetchall()
    for city, state, zip_code, latitude, phone in rows[:100]:
        (match,) = zipcodes.matching(zip_code)
        assert (match["city"].title(), match["state"]) == (city, state)
        assert abs(float(match["lat"]) - latitude) < 1e-6
        assert phonenumbers.is_valid_number(phonenumbers.parse(phone, None)), phone
    people = store.reads().execute("SELECT work_phone, email FROM contacts").fetchall()
    for phone, email in people[:200]:
        assert phonenumbers.is_valid_number(phonenumbers.parse(phone, None)), phone
        assert email.count("@") == 1 and email.isascii()


def test_dormant_accounts_are_quiet(book: tuple[Store, DemoSummary]) -> None:
    store, _ = book
    since = (ANCHOR - timedelta(days=270)).strftime("%Y-%m-%d %H:%M:%S")
    recent = store.reads().execute(
        "SELECT count(*) FROM interactions i JOIN accounts a ON a.id = i.account_id "
        "WHERE a.status = 'dormant' AND i.occurred_at >= ?", (since,)).fetchone()[0]
    dormant = store.reads().execute(
        "SELECT count(*) FROM accounts WHERE status = 'dormant'").fetchone()[0]
    assert dormant > 0 and recent == 0


def test_derived_data_is_built(book: tuple[Store, DemoSummary], tmp_path: Path) -> None:
    store, _ = book
    conn = store.reads()
    mismatched = conn.execute(
        "SELECT count(*) FROM accounts a WHERE a.last_contact_at IS NOT (SELECT "
        "max(occurred_at) FROM interactions i WHERE i.account_id = a.id AND i.channel != 'note')"
    ).fetchone()[0]
    assert mismatched == 0
    assert conn.execute("SELECT count(*) FROM derived_suspended").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM account_search").fetchone()[0] == 300
    last, account = conn.execute(
        "SELECT c.last_name, a.name FROM contacts c JOIN accounts a ON a.id = c.account_id "
        "WHERE c.last_name GLOB '[A-Z]*' LIMIT 1").fetchone()
    found = AccountList(store).page(AccountFilter(text=last), limit=1000).rows
    assert account in {r.name for r in found}
    fresh = Store(tmp_path / "fresh.sqlite3")  # every trigger a migrated cache has
    expected = {r[0] for r in fresh.reads().execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    fresh.close()
    triggers = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert triggers == expected  # dropped for the load, all back afterwards
    assert conn.execute("SELECT count(*) FROM product_search WHERE product_search MATCH "
                        "'stretch film pack'").fetchone()[0] > 0
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_refuses_a_cache_with_accounts(book: tuple[Store, DemoSummary]) -> None:
    store, summary = book
    with pytest.raises(ValueError, match="already has 300 accounts"):
        generate(store, accounts=10, seed=2, anchor=ANCHOR)
    assert store.reads().execute("SELECT count(*) FROM accounts").fetchone()[0] == 300


def test_times_are_consistent_and_in_the_past(book: tuple[Store, DemoSummary]) -> None:
    store, _ = book
    conn = store.reads()
    now = ANCHOR.strftime("%Y-%m-%d %H:%M:%S")

    def count(sql: str) -> int:
        return int(conn.execute(sql, {"now": now}).fetchone()[0])

    assert count("SELECT count(*) FROM follow_ups WHERE done_at > :now "
                 "OR done_at < created_at OR created_at > :now") == 0
    assert count("SELECT count(*) FROM concerns WHERE resolved_at > :now "
                 "OR resolved_at < opened_at") == 0
    assert count("SELECT count(*) FROM interactions i JOIN contacts c ON c.id = i.contact_id "
                 "WHERE c.created_at > i.occurred_at") == 0
    # Reps work weekdays: no calls or visits on Saturdays and Sundays.
    assert count("SELECT count(*) FROM interactions "
                 "WHERE strftime('%w', occurred_at) IN ('0', '6')") == 0
    assert count("SELECT count(*) FROM interactions WHERE channel IN ('visit', 'meeting', "
                 "'note') AND direction = 'in'") == 0
    non_ascii = count("SELECT count(*) FROM contacts WHERE (first_name || last_name) "
                      "GLOB '*[^ -~]*'") / count("SELECT count(*) FROM contacts")
    assert 0 < non_ascii < 0.12  # a few percent, not a quarter
    dupes = count("SELECT count(*) FROM (SELECT email FROM contacts GROUP BY account_id, email "
                  "HAVING count(*) > 1)")
    assert dupes == 0


def test_catalogue_stock_and_proposals_in_every_status(book: tuple[Store, DemoSummary],
                                                       tmp_path: Path) -> None:
    import uuid
    from decimal import Decimal

    from desktop.documents.proposal_pdf import render
    from desktop.services.proposals import ProposalService

    store, summary = book
    reads = store.reads()
    assert summary.products == 315 and summary.proposals > 0
    assert reads.execute("SELECT count(DISTINCT warehouse) FROM stock_levels").fetchone() == (3,)
    statuses = {s for (s,) in reads.execute("SELECT status FROM proposals")}
    assert statuses == {"draft", "sent", "accepted", "declined", "expired"}
    # Every price is exact decimal text, and volume breaks cost less per unit.
    breaks = reads.execute(
        "SELECT min_quantity, unit_price FROM price_entries WHERE tier IS NULL AND product_id = "
        "(SELECT id FROM products ORDER BY sku LIMIT 1) ORDER BY CAST(min_quantity AS INTEGER)"
    ).fetchall()
    prices = [Decimal(p) for _, p in breaks]
    assert [q for q, _ in breaks] == ["1", "50", "250"] and prices == sorted(prices, reverse=True)
    # A demo proposal reads back through the service and prints.
    first = reads.execute("SELECT id, (SELECT count(*) FROM proposal_lines l WHERE "
                          "l.proposal_id = p.id) FROM proposals p LIMIT 1").fetchone()
    doc = ProposalService(store).document(uuid.UUID(hex=first[0]))
    assert len(doc.lines) == first[1] and doc.total > 0
    assert render(doc).startswith(b"%PDF")


def test_orders_at_every_step_with_shipments_and_stock(book: tuple[Store, DemoSummary],
                                                       tmp_path: Path) -> None:
    from desktop.domain.order_flow import state_label
    from desktop.services.order_list import OrderFilter, OrderList
    from desktop.services.orders import OrderService
    from desktop.services.shipping import ShippingService

    store, summary = book
    reads = store.reads()
    assert summary.orders == reads.execute("SELECT count(*) FROM orders").fetchone()[0] >= 10
    rows = OrderList(store).page(OrderFilter(), None, 500).rows
    shown = {state_label(r.status, r.unshipped) for r in rows}
    assert shown == {"Entered", "Confirmed", "Material reserved", "Allocated", "Picked",
                     "Partly shipped", "Shipped", "Delivered", "Invoiced", "Cancelled"}
    assert any(r.expedite for r in rows) and any(not r.confirmed for r in rows)
    orders = OrderService(store, clock=lambda: ANCHOR)
    for row in rows:  # every timeline follows the rule the service enforces
        steps = [e.status for e in orders.events(row.id)]
        assert steps[0] == "entered" and steps[-1] == row.status
        lines = orders.lines(row.id)
        assert all(line.shipped <= line.quantity for line in lines)
        assert (row.status in ("shipped", "delivered", "invoiced")) == any(
            line.shipped for line in lines)
        if row.status in ("delivered", "invoiced"):
            assert not any(line.remaining for line in lines)
    schedule = ShippingService(store, clock=lambda: ANCHOR).schedule()
    assert any(r.late for r in schedule) and any(r.kind == "transit" for r in schedule)
    states = {s for (s,) in reads.execute("SELECT DISTINCT status FROM stock_requests")}
    assert states == {"granted", "rejected"}
    assert reads.execute("PRAGMA foreign_key_check").fetchall() == []
    own = reads.execute("SELECT count(*) FROM orders o WHERE provisional_number NOT LIKE "
                        "'P-' || (SELECT upper(substr(name, 1, 1)) FROM users u "
                        "WHERE u.id = o.author_id) || '%'").fetchone()[0]
    assert own == 0
