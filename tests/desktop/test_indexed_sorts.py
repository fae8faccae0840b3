"""Every sortable column of the account list pages through an index, with and
without each filter, on a book large enough for the planner to care (20,000
accounts); pages by key read the same rows in the same order as one query."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop.services.account_list import _COLUMNS, SORT_SQL, AccountFilter, AccountList, SortKey
from desktop.services.cancel import Cancelled, CancelToken
from desktop.services.container import Services
from desktop.services.keyset_sql import Cursor, statements
from desktop.settings import SettingsFile
from desktop.store import derived_name_order
from tests.desktop.big_book import NOW, BigBook, big_book


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[BigBook, Services]]:
    tmp: Path = tmp_path_factory.mktemp("big")
    big = big_book(tmp / "cache.sqlite3", 20_000)
    services = Services.open(big.path, SettingsFile(tmp / "settings.json"), clock=lambda: NOW)
    yield big, services
    services.close()


def filters(big: BigBook) -> dict[str, dict[str, Any]]:
    """Each filter the list has, with a value that leaves many accounts."""
    return {
        "none": {}, "archived too": {"include_archived": True},
        "search": {"text": "grain"}, "status": {"statuses": frozenset({"active"})},
        "kind": {"kinds": frozenset({"customer", "broker"})},
        "tier": {"tiers": frozenset({"A", "B"})},
        "territory": {"territory_id": big.territories[0]}, "state": {"region": "il"},
        "city": {"city": "URBANA"}, "no contact": {"no_contact_days": 90},
        "several": {"statuses": frozenset({"active", "dormant"}), "region": "IL"},
    }


def plan(services: Services, sql: str, params: dict[str, Any]) -> list[str]:
    conn = services.store.reads()
    return [r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, {**params, "limit": 100})]


@pytest.mark.parametrize("sort", list(SortKey))
@pytest.mark.parametrize("descending", [False, True])
def test_every_sort_and_filter_pages_through_the_sort_index(
        book: tuple[BigBook, Services], sort: SortKey, descending: bool) -> None:
    big, services = book
    listing: AccountList = services.account_list
    for name, values in filters(big).items():
        # A search by name reads the search index in its order, each account by its key.
        index = (derived_name_order.INDEX if sort is SortKey.NAME and values.get("text")
                 else SORT_SQL[sort][1])
        flt = AccountFilter(sort=sort, descending=descending, **values)
        first = listing.page(flt, None, 100)
        assert first.next is not None, name  # a broad filter: more than a page
        ks = listing.keyset(flt, 100)
        assert ks is not None and ks.walk, name
        after = Cursor(first.next.sort_value, first.next.rowid)
        queries = [*statements(ks, _COLUMNS, descending, None, None),
                   *statements(ks, _COLUMNS, descending, after, None),
                   *statements(ks, _COLUMNS, descending, after, after)]
        for sql, params in queries:
            steps = plan(services, sql, params)
            assert any(f"USING INDEX {index}" in s or f"USING COVERING INDEX {index}" in s
                       for s in steps), (name, steps)
            assert not any("TEMP B-TREE FOR ORDER BY" in s for s in steps), (name, steps)
        seek = plan(services, *statements(ks, _COLUMNS, descending, after, None)[-1])
        assert any(s.startswith("SEARCH a USING") for s in seek), (name, seek)  # a seek


def test_a_narrow_filter_sorts_its_few_matches(book: tuple[BigBook, Services]) -> None:
    """A filter that leaves a handful of accounts is read through its own index and
    those rows sorted (bounded by the matches), not by walking every account."""
    big, services = book
    conn = sqlite3.connect(big.path, isolation_level=None)
    conn.execute("UPDATE accounts SET billing_city = 'Tolono' WHERE rowid IN (7, 70, 700)")
    try:
        flt = AccountFilter(city="tolono", sort=SortKey.LAST_CONTACT)
        ks = services.account_list.keyset(flt, 100)
        assert ks is not None and not ks.walk
        steps = plan(services, *statements(ks, _COLUMNS, False, None, None)[0])
        assert any("SEARCH a USING INDEX ix_accounts_sort_city" in s for s in steps), steps
        assert len(services.account_list.page(flt).rows) == 3
    finally:
        conn.execute("UPDATE accounts SET billing_city = 'Urbana' WHERE rowid IN (7, 70, 700)")
        conn.close()


def _keys_in_one_query(services: Services, flt: AccountFilter) -> list[int]:
    ks = services.account_list.keyset(flt, 100)
    assert ks is not None
    order = "DESC" if flt.descending else "ASC"
    sql = (f"SELECT a.rowid FROM accounts a NOT INDEXED WHERE {' AND '.join(ks.where)} "
           f"ORDER BY {ks.key} {order}, a.rowid {order}")  # SQLite sorts every match
    return [r[0] for r in services.store.reads().execute(sql, ks.params)]


@pytest.mark.parametrize("sort", [SortKey.CITY, SortKey.KIND, SortKey.TERRITORY,
                                  SortKey.TIER, SortKey.LAST_CONTACT])
def test_pages_by_key_read_every_row_once_in_order(book: tuple[BigBook, Services],
                                                    sort: SortKey) -> None:
    big, services = book
    broad: dict[str, Any] = {"statuses": frozenset({"active"}), "text": "grain"}
    for values in ({}, broad):
        for descending in (False, True):
            flt = AccountFilter(sort=sort, descending=descending, **values)
            seen, after = [], None
            while True:
                page = services.account_list.page(flt, after, 997)
                seen += [r.rowid for r in page.rows]
                if page.next is None:
                    break
                after = page.next
            assert seen == _keys_in_one_query(services, flt)
            if not values:
                assert len(seen) == big.accounts


def test_a_page_read_again_by_its_key_range(book: tuple[BigBook, Services]) -> None:
    _big, services = book
    flt = AccountFilter(sort=SortKey.REGION)
    first = services.account_list.page(flt, None, 50)
    second = services.account_list.page(flt, first.next, 50)
    again = services.account_list.page(flt, first.next, 500, until=second.next)
    assert [r.id for r in again.rows] == [r.id for r in second.rows]


def test_territory_sort_key_follows_a_renamed_territory(book: tuple[BigBook, Services]) -> None:
    big, services = book
    conn = sqlite3.connect(big.path, isolation_level=None)
    target = big.territories[0].hex
    conn.execute("UPDATE territories SET name = 'AAA first' WHERE id = ?", (target,))
    try:
        top = services.account_list.page(AccountFilter(sort=SortKey.TERRITORY), None, 5).rows
        assert {r.territory for r in top} == {"AAA first"}
    finally:
        conn.execute("UPDATE territories SET name = 'Territory D' WHERE id = ?", (target,))
        conn.close()


def test_capped_count_and_a_count_stopped_mid_statement(book: tuple[BigBook, Services]) -> None:
    big, services = book
    listing = services.account_list
    assert listing.count(AccountFilter(), cap=1001) == 1001
    assert listing.count(AccountFilter()) == big.accounts

    class StopsLater(CancelToken):
        """Cancelled once the statement has been asked a few times: mid-query."""

        polls = 0

        @property
        def cancelled(self) -> bool:
            self.polls += 1
            return self.polls > 3

    token = StopsLater()
    with pytest.raises(Cancelled):
        listing.count(AccountFilter(text="grain"), cancel=token)
    assert token.polls >= 4  # the progress handler stopped it while it ran
    done = CancelToken()
    done.cancel()
    with pytest.raises(Cancelled):  # never started once cancelled
        listing.count(AccountFilter(), cancel=done)
    assert listing.count(AccountFilter()) == big.accounts  # the connection is fine after
