"""Cross-sell on a hand-made basket set (tests/desktop/basket_book.py): support,
confidence and lift worked out by hand, the ranking, the book-wide list, and
the cache dropping a group when its orders change."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from desktop.services.container import Services
from desktop.services.cross_sell import CrossSell
from desktop.store.changes import Changes
from tests.desktop.basket_book import add_order, basket_book


@pytest.fixture
def book(services: Services) -> Iterator[tuple[Services, dict[str, str]]]:
    yield services, basket_book(services)


def _uuid(hex_id: str) -> uuid.UUID:
    return uuid.UUID(hex=hex_id)


def test_support_confidence_and_lift_of_a_rule(book: tuple[Services, dict[str, str]]) -> None:
    services, _names = book
    stats = services.cross_sell.group(("Retail", "A"))
    assert len(stats.baskets) == 9  # a10 never ordered; a8's cancelled T does not count
    assert dict(stats.lines) == {"Film": 6, "Tape": 5, "Gloves": 3, "Boxes": 2}
    # Film -> Tape: 4 of 9 baskets hold both, 4 of the 6 with Film, Tape in 5 of 9.
    support, confidence, lift, both = stats.rule("Film", "Tape")
    assert both == 4
    assert support == pytest.approx(4 / 9)
    assert confidence == pytest.approx(2 / 3)
    assert lift == pytest.approx(1.2)
    support, confidence, lift, _both = stats.rule("Tape", "Film")
    assert (support, confidence, lift) == pytest.approx((4 / 9, 0.8, 1.2))
    support, confidence, lift, _both = stats.rule("Gloves", "Film")
    assert (support, confidence, lift) == pytest.approx((2 / 9, 2 / 3, 1.0))
    support, confidence, lift, _both = stats.rule("Tape", "Gloves")
    assert (support, confidence, lift) == pytest.approx((1 / 9, 0.2, 0.6))
    assert stats.rule("Gloves", "Boxes")[3] == 0


def test_an_accounts_missing_lines_ranked(book: tuple[Services, dict[str, str]]) -> None:
    services, names = book
    loose = CrossSell(services.store, min_support=0.0, min_count=1)
    found = loose.for_account(_uuid(names["a4"]))  # bought Film only
    assert [(s.product_line, s.because) for s in found] == [
        ("Tape", "Film"), ("Gloves", "Film"), ("Boxes", "Film")]
    assert (found[0].support, found[0].confidence, found[0].lift) == pytest.approx(
        (4 / 9, 2 / 3, 1.2))
    assert found[2].lift == pytest.approx((1 / 6) / (2 / 9))
    assert (found[0].buyers, found[0].peers) == (5, 9)
    # The default leaves out rules seen in one basket only (Film -> Boxes).
    assert [s.product_line for s in services.cross_sell.for_account(_uuid(names["a4"]))] == [
        "Tape", "Gloves"]
    # Peers are the same segment and tier: Retail B buys Gloves with Boxes.
    (gloves,) = services.cross_sell.for_account(_uuid(names["b3"]))
    assert (gloves.product_line, gloves.because) == ("Gloves", "Boxes")
    assert (gloves.support, gloves.confidence, gloves.lift) == pytest.approx((2 / 3, 2 / 3, 1.0))


def test_an_account_without_orders_gets_what_its_peers_buy_most(
        book: tuple[Services, dict[str, str]]) -> None:
    services, names = book
    found = services.cross_sell.for_account(_uuid(names["a10"]))
    assert [(s.product_line, s.because) for s in found] == [
        ("Film", None), ("Tape", None), ("Gloves", None), ("Boxes", None)]
    assert [s.support for s in found] == pytest.approx([6 / 9, 5 / 9, 3 / 9, 2 / 9])
    assert all(s.lift == 1.0 for s in found)


def test_bought_x_not_y_across_the_book(book: tuple[Services, dict[str, str]]) -> None:
    services, names = book
    rows = services.cross_sell.book()
    by_name = {r.name: (r.bought, r.missing) for r in rows}
    assert by_name == {"a5": ("Tape", "Film"), "a4": ("Film", "Tape"), "a6": ("Film", "Tape"),
                       "a7": ("Gloves", "Film"), "b3": ("Boxes", "Gloves"),
                       "a1": ("Film", "Gloves"), "a2": ("Film", "Gloves"),
                       "a9": ("Film", "Gloves")}
    # Highest confidence first, then lift, then name.
    assert [r.name for r in rows] == ["a5", "a4", "a6", "a7", "b3", "a1", "a2", "a9"]
    assert rows[0].confidence == pytest.approx(0.8)
    narrowed = services.cross_sell.book(bought="Film", missing="Tape")
    assert sorted(r.name for r in narrowed) == ["a4", "a6"]
    assert all(r.id == _uuid(names[r.name]) for r in rows)


def test_a_new_order_drops_only_its_group(book: tuple[Services, dict[str, str]]) -> None:
    services, names = book
    sell = services.cross_sell
    a4 = _uuid(names["a4"])
    assert "Tape" in [s.product_line for s in sell.for_account(a4)]
    other = sell.group(("Retail", "B"))
    _order, lines = services.store.writer.transaction(
        lambda conn: add_order(conn, names["a4"], [(names["T"], "10")]))
    # Kept until told: the cache does not read again on its own.
    assert "Tape" in [s.product_line for s in sell.for_account(a4)]
    sell.apply(Changes.of([("order_lines", _uuid(lines[0]))]))
    assert "Tape" not in [s.product_line for s in sell.for_account(a4)]
    assert sell.group(("Retail", "B")) is other  # the other group was kept
    assert len(sell.groups()) == 2


def test_a_product_line_renamed_drops_everything(book: tuple[Services, dict[str, str]],
                                                 tmp_path: Path) -> None:
    services, names = book
    sell = services.cross_sell
    before = sell.group(("Retail", "B"))
    services.store.writer.transaction(lambda conn: conn.execute(
        "UPDATE products SET product_line = 'Cartons' WHERE id = ?", (names["B"],)))
    sell.apply(Changes.of([("products", _uuid(names["B"]))]))
    after = sell.group(("Retail", "B"))
    assert after is not before
    assert set(after.lines) == {"Cartons", "Gloves"}


def test_an_account_moved_to_another_tier_moves_its_basket(
        book: tuple[Services, dict[str, str]]) -> None:
    services, names = book
    sell = services.cross_sell
    assert names["a4"] in sell.group(("Retail", "A")).baskets
    services.store.writer.transaction(lambda conn: conn.execute(
        "UPDATE accounts SET tier = 'B' WHERE id = ?", (names["a4"],)))
    sell.apply(Changes.of([("accounts", _uuid(names["a4"]))]))
    assert names["a4"] not in sell.group(("Retail", "A")).baskets
    moved = sell.group(("Retail", "B"))
    assert moved.baskets[names["a4"]] == frozenset({"Film"})
    assert len(moved.baskets) == 4 and len(sell.group(("Retail", "A")).baskets) == 8


def _state(sell: CrossSell) -> dict[object, object]:
    return {key: (stats.baskets, stats.names, +stats.lines, +stats.pairs)
            for key, stats in sell.groups().items()}


def _first_changed(conn: Any, table: str, setting: str, account: str) -> str | None:
    row = conn.execute(f"SELECT id FROM {table} WHERE account_id = ? AND deleted_at IS NULL "  # noqa: S608
                       "ORDER BY id LIMIT 1", (account,)).fetchone()
    if row is not None:
        conn.execute(f"UPDATE {table} SET {setting} WHERE id = ?", (row[0],))  # noqa: S608
    return None if row is None else str(row[0])


def _move(conn: Any, moved: tuple[str | None, str, str]) -> None:
    conn.execute("UPDATE accounts SET tier = ?, segment = ? WHERE id = ?", moved)


def test_changes_kept_up_equal_a_fresh_read(book: tuple[Services, dict[str, str]]) -> None:
    """Random orders, lines deleted, orders cancelled, accounts moved between tiers
    and segments, each told by its change record: the kept groups equal the whole
    book read again, and only the touched accounts are read."""
    import random

    services, names = book
    sell, rng = services.cross_sell, random.Random(4)
    sell.groups()
    accounts = [names[n] for n in names if n[0] in "ab" and n[1:].isdigit()]
    products = [names[x] for x in "FTGB"]
    write = services.store.writer.transaction
    for step in range(40):
        account, kind = rng.choice(accounts), step % 4
        if kind == 0:
            bought: list[tuple[str | None, str]] = [
                (p, "5") for p in rng.sample(products, rng.randrange(1, 3))]
            order, lines = write(partial(add_order, account=account, lines=bought))
            change = [("orders", _uuid(order)), ("order_lines", _uuid(lines[0]))]
        elif kind in (1, 2):  # its first live line deleted, or its first order cancelled
            table, setting = (("order_lines", "deleted_at = '2026-07-01'") if kind == 1
                              else ("orders", "status = 'cancelled'"))
            row = write(partial(_first_changed, table=table, setting=setting, account=account))
            if row is None:
                continue
            change = [(table, _uuid(row))]
        else:
            moved = (rng.choice(("A", "B", None)), rng.choice(("Retail", "Trade")), account)
            write(partial(_move, moved=moved))
            change = [("accounts", _uuid(account))]
        sell.apply(Changes.of(change))
        if step % 5 == 4:
            assert _state(sell) == _state(CrossSell(services.store))
    reads: list[str] = []
    conn = services.store.reads()
    sell.apply(Changes.of([("accounts", _uuid(accounts[0]))]))
    conn.set_trace_callback(reads.append)
    try:
        sell.groups()
    finally:
        conn.set_trace_callback(None)
    assert any(accounts[0] in r for r in reads)
    assert not any(accounts[1] in r for r in reads)  # one account's baskets, not its group's
