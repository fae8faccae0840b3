"""The Orders and Proposals lists on the demo book: searched through their
trigram indexes (the query plans say so), filtered by status and total, each
row's total equal to the pricing rules' own, kept right as lines change."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from decimal import Decimal

import pytest

from desktop.domain import pricing
from desktop.services.container import Services
from desktop.services.order_list import OrderFilter
from desktop.services.proposal_list import ProposalFilter
from tests.desktop.demo_book import demo_book


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    yield from demo_book(tmp_path_factory, "lists")


def _totals(conn: sqlite3.Connection, table: str, key: str, extra: str) -> dict[str, Decimal]:
    """Each document's total by the pricing rules (Decimal), independent of SQL."""
    lines: dict[str, list[pricing.Line]] = {}
    for doc, qty, price, pct, tax, amount, optional in conn.execute(
            f"SELECT {key}, quantity, unit_price, discount_percent, tax_rate, {extra} "
            f"FROM {table} WHERE deleted_at IS NULL"):
        lines.setdefault(doc, []).append(pricing.Line(
            Decimal(qty), Decimal(price), Decimal(pct), Decimal(amount), Decimal(tax),
            bool(optional)))
    return {doc: pricing.totals(found, "USD").total for doc, found in lines.items()}


def test_totals_match_the_pricing_rules(book: Services) -> None:
    conn = book.store.reads()
    orders = _totals(conn, "order_lines", "order_id", "'0', 0")
    proposals = _totals(conn, "proposal_lines", "proposal_id", "discount_amount, optional")
    assert len(orders) >= 10 and len(proposals) >= 10
    for table, key, expected in (("order_amounts", "order_id", orders),
                                 ("proposal_amounts", "proposal_id", proposals)):
        stored = dict(conn.execute(f"SELECT {key}, amount FROM {table}").fetchall())
        off = [k for k, total in expected.items() if abs(Decimal(str(stored[k])) - total)
               > Decimal("0.011")]
        assert off == [], table


def test_a_changed_line_changes_the_total(book: Services) -> None:
    conn = sqlite3.connect(book.store.path, isolation_level=None)
    order_id, line_id = conn.execute("SELECT order_id, id FROM order_lines LIMIT 1").fetchone()
    before = conn.execute("SELECT amount FROM order_amounts WHERE order_id = ?",
                          (order_id,)).fetchone()[0]
    conn.execute("UPDATE order_lines SET quantity = CAST(quantity AS REAL) + 1, "
                 "unit_price = '10', discount_percent = '0', tax_rate = '0' WHERE id = ?",
                 (line_id,))
    after = conn.execute("SELECT amount FROM order_amounts WHERE order_id = ?",
                         (order_id,)).fetchone()[0]
    assert after != before
    conn.execute("UPDATE order_lines SET deleted_at = '2026-11-20' WHERE order_id = ?",
                 (order_id,))
    assert conn.execute("SELECT amount FROM order_amounts WHERE order_id = ?",
                        (order_id,)).fetchone()[0] == 0
    conn.close()


def test_order_search_goes_through_the_trigram_index(book: Services) -> None:
    listing = book.order_list
    number, account = book.store.reads().execute(
        "SELECT coalesce(o.number, o.provisional_number), a.name FROM orders o "
        "JOIN accounts a ON a.id = o.account_id LIMIT 1").fetchone()
    middle = number[2:-1]  # any part of the number
    assert number in {r.number for r in listing.page(OrderFilter(text=middle), limit=500).rows}
    word = account.split()[0][1:]  # any part of a word of the account's name
    found = listing.page(OrderFilter(text=word.upper()), limit=1000).rows
    assert found and all(word.lower() in (r.account + " " + r.number).lower() for r in found)
    assert listing.count(OrderFilter(text=word)) == len(found)
    for typed in (middle, f"{word} {middle[:2]}"):  # a long word, and with a short one
        plan = " | ".join(listing.plan(OrderFilter(text=typed)))
        assert "order_search VIRTUAL TABLE INDEX 0:M" in plan, plan
        assert "SCAN o " not in plan + " " and "SCAN orders" not in plan, plan
    assert listing.count(OrderFilter(text="50%")) == 0  # LIKE wildcards are literal
    assert listing.count(OrderFilter(text='"')) == 0  # quotes are text


def test_orders_filter_by_total(book: Services) -> None:
    listing = book.order_list
    rows = listing.page(OrderFilter(min_amount=1000, max_amount=5000), limit=1000).rows
    assert rows and all(1000 <= r.amount <= 5000 for r in rows)
    everything = listing.count(OrderFilter())
    assert listing.count(OrderFilter(max_amount=999.99)) + listing.count(
        OrderFilter(min_amount=1000)) == everything


def test_proposals_search_status_and_total(book: Services) -> None:
    listing = book.proposal_list
    first = listing.page(ProposalFilter(), limit=20)
    assert [r.issued_on for r in first.rows] == sorted((r.issued_on for r in first.rows),
                                                       reverse=True)
    seen = list(first.rows)
    after = first.next
    while after is not None:
        page = listing.page(ProposalFilter(), after, 20)
        seen += page.rows
        after = page.next
    assert len(seen) == len({r.id for r in seen}) == listing.count(ProposalFilter())
    for status in ("draft", "sent", "expired", "accepted"):
        shown = listing.page(ProposalFilter(statuses=frozenset([status])), limit=1000).rows
        assert shown and {r.status for r in shown} == {status}
    title = seen[0].title
    found = listing.page(ProposalFilter(text=title[1:6]), limit=1000).rows
    assert seen[0].id in {r.id for r in found}
    plan = " | ".join(listing.plan(ProposalFilter(text=title[1:6])))
    assert "proposal_search VIRTUAL TABLE INDEX 0:M" in plan and "SCAN p " not in plan + " "
    big = listing.page(ProposalFilter(min_amount=2000), limit=1000).rows
    assert big and all(r.amount >= 2000 for r in big)


def test_history_search_and_an_orders_stock_read_indexes(book: Services) -> None:
    conn = book.store.reads()
    plan = [r[3] for r in conn.execute(
        "EXPLAIN QUERY PLAN SELECT rowid FROM history_search WHERE history_search MATCH ?",
        ('"freight"*',))]
    assert plan == ["SCAN history_search VIRTUAL TABLE INDEX 0:M1"], plan
    plan = [r[3] for r in conn.execute(
        "EXPLAIN QUERY PLAN SELECT r.id FROM stock_requests r JOIN products p "
        "ON p.id = r.product_id LEFT JOIN order_lines l ON l.id = r.order_line_id "
        "WHERE r.deleted_at IS NULL AND l.order_id = ?", ("x",))]
    assert any("ix_stock_requests_order_line" in step for step in plan), plan
    assert not any(step.startswith("SCAN r") for step in plan), plan
