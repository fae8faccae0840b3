"""Every way of reading a searched Orders or Proposals page returns the same rows
in the same order, and the walks read the list's date index newest first
instead of sorting every match."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from desktop.services import substring_plans
from desktop.services.container import Services
from desktop.services.order_list import OrderFilter
from desktop.services.proposal_list import ProposalFilter
from tests.desktop.demo_book import demo_book


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    yield from demo_book(tmp_path_factory, "plans")


def _every_page(listing: Any, flt: Any, size: int = 7) -> list[int]:
    rows, after = [], None
    while True:
        page = listing.page(flt, after, size)
        rows += [r.rowid for r in page.rows]
        if page.next is None:
            return rows
        after = page.next


def _force(monkeypatch: pytest.MonkeyPatch, plan: str) -> None:
    """Thresholds that make ``plan`` the choice for any search with a long word."""
    sort_max, share = {"sort": (10**9, 2.0), "scan": (0, 2.0), "exists": (0, 0.0)}[plan]
    monkeypatch.setattr(substring_plans, "SORT_MAX", sort_max)
    monkeypatch.setattr(substring_plans, "EXISTS_SHARE", share)
    monkeypatch.setattr(substring_plans, "PLAN_SAMPLE", 1)


def _texts(book: Services, kind: str) -> list[str]:
    """A part of a name, a name with part of a number, a number's prefix shared
    by every document, one letter, and one letter with part of a name."""
    number, account = book.store.reads().execute(
        "SELECT o.provisional_number, a.name FROM orders o JOIN accounts a "
        "ON a.id = o.account_id ORDER BY o.rowid LIMIT 1" if kind == "orders" else
        "SELECT p.number, a.name FROM proposals p JOIN accounts a "
        "ON a.id = p.account_id ORDER BY p.rowid LIMIT 1").fetchone()
    word = account.split()[0]
    return [word[1:5], f"{word[:4]} {number[-2:]}", number[:3], "e", f"e {word[-3:]}"]


@pytest.mark.parametrize("kind", ["orders", "proposals"])
def test_every_plan_reads_the_same_pages(book: Services, monkeypatch: pytest.MonkeyPatch,
                                         kind: str) -> None:
    listing, make = ((book.order_list, OrderFilter) if kind == "orders"
                     else (book.proposal_list, ProposalFilter))
    for text in _texts(book, kind):
        flt = make(text=text)
        _force(monkeypatch, "sort")
        expected = _every_page(listing, flt)
        assert expected, text
        assert len(expected) == len(set(expected)) == listing.count(flt)
        for plan in ("scan", "exists"):
            _force(monkeypatch, plan)
            assert _every_page(listing, flt) == expected, (text, plan)


def test_the_walks_read_the_date_index(book: Services,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    conn = book.store.reads()
    listing = book.order_list
    seen = {}
    for plan in ("sort", "scan", "exists"):
        _force(monkeypatch, plan)
        found = substring_plans.plan(conn, "order_search", ("number", "account"), "SO-", "o")
        assert found is not None
        seen[plan] = found.name
        details = " | ".join(listing.plan(OrderFilter(text="SO-")))
        if plan == "sort":
            assert "TEMP B-TREE FOR ORDER BY" in details, details
        else:
            assert "ix_orders_entered_at" in details, details
            assert "TEMP B-TREE FOR ORDER BY" not in details, details
    assert seen == {"sort": "sort", "scan": "scan", "exists": "exists"}
    # Only short words: never a read of every order's text, a walk testing each.
    short = substring_plans.plan(conn, "order_search", ("number", "account"), "e", "o")
    assert short is not None and short.name == "walk"
    details = " | ".join(listing.plan(OrderFilter(text="e")))
    assert "ix_orders_entered_at" in details and "TEMP B-TREE" not in details, details


def test_the_plan_comes_from_a_sample(book: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every order number holds "SO-": with the real thresholds and a sample
    smaller than the book, nearly everything matches, so each order is asked."""
    conn = book.store.reads()
    orders = conn.execute("SELECT count(*) FROM orders").fetchone()[0]
    monkeypatch.setattr(substring_plans, "SORT_MAX", 10)
    monkeypatch.setattr(substring_plans, "PLAN_SAMPLE", 20)
    assert orders > 20
    found = substring_plans.plan(conn, "order_search", ("number", "account"), "SO-", "o")
    assert found is not None and found.name == "exists"
    monkeypatch.setattr(substring_plans, "PLAN_SAMPLE", orders + 1)  # every match: counted
    monkeypatch.setattr(substring_plans, "SORT_MAX", orders + 1)
    found = substring_plans.plan(conn, "order_search", ("number", "account"), "SO-", "o")
    assert found is not None and found.name == "sort"
