"""The account list over ~30 accounts: search, filters, every sort, keyset paging."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from desktop.domain.schema import AccountKind, AccountStatus, Territory
from desktop.services.account_list import AccountFilter, SortKey
from desktop.services.container import Services
from desktop.services.rows import AccountRow
from desktop.settings import SettingsFile
from tests.conftest import FIXED_NOW

CITIES = ["Urbana", "champaign", "Peoria", "Springfield", None]
REGIONS = ["IL", "IN", "IA", None]
KINDS = list(AccountKind)
STATUSES = list(AccountStatus)
TIERS = ["A", "B", "C", None]
# days since the last contact, None: never; a note does not count as contact
CONTACT_DAYS = [3, 29, 30, 31, 90, None, "note"]
SPECIAL = {
    0: {"name": "Harvest Co"},
    1: {"name": "Prairie Implements", "phone": "(217) 244-0000"},
    2: {"name": "Müller Agrar"},
    3: {"name": "alpha Farms"},  # lower case: NOCASE sorting
    4: {"name": "Alpha Feed"},
}


@dataclass
class Book:
    services: Services
    ids: list[uuid.UUID]
    territories: list[uuid.UUID]

    def page(self, **kw: Any) -> list[AccountRow]:
        return self.services.account_list.page(AccountFilter(**kw), limit=1000).rows

    def names(self, text: str, **kw: Any) -> set[str]:
        return {r.name for r in self.page(text=text, **kw)}

    def ids_where(self, pred: Callable[[int], bool]) -> set[uuid.UUID]:
        return {self.ids[i] for i in range(len(self.ids)) if pred(i)}


def _build(services: Services) -> Book:
    territories = []
    with services.store.unit_of_work() as uow:
        for code, name in (("N", "north"), ("S", "South")):
            t = Territory(id=uuid.uuid4(), code=code, name=name, created_at=FIXED_NOW,
                          updated_at=FIXED_NOW)
            uow.session.add(t)
            territories.append(t.id)
        uow.commit()
    ids = []
    for i in range(30):
        values: dict[str, Any] = {
            "name": f"Account {i:02d} Grain", "billing_city": CITIES[i % 5],
            "billing_region": REGIONS[i % 4], "kind": KINDS[i % 6].value,
            "status": STATUSES[i % 4].value, "tier": TIERS[i % 4],
            "territory_id": [*territories, None][i % 3],
            "phone": f"(309) 555-01{i:02d}" if i >= 5 else None,
        }
        values.update(SPECIAL.get(i, {}))
        acc = services.accounts.create_account(values).id
        ids.append(acc)
        days = CONTACT_DAYS[i % 7]
        if days == "note":
            services.history.log_interaction(acc, {"channel": "note", "subject": "memo",
                                                   "occurred_at": FIXED_NOW})
        elif days is not None:
            services.history.log_interaction(acc, {
                "channel": "phone", "subject": "check in",
                "occurred_at": FIXED_NOW - timedelta(days=days, minutes=i)})
    acc = services.accounts.add_contact
    acc(ids[0], {"first_name": "Priya", "last_name": "Ramanathan", "work_phone": "(217) 555-0199",
                 "email": "priya.r@harvestco.example"})
    acc(ids[1], {"first_name": "Otto", "last_name": "Plow", "mobile_phone": "(515) 555-0100"})
    acc(ids[2], {"first_name": "Jürgen", "last_name": "Weiß", "email": "jw@mueller.example"})
    services.history.log_interaction(ids[1], {"channel": "visit", "subject": "Tractor demo",
                                              "occurred_at": FIXED_NOW - timedelta(days=200)})
    gone = services.history.log_interaction(ids[3], {
        "channel": "email", "subject": "Silage offer", "occurred_at": FIXED_NOW}).id
    services.history.delete_interaction(gone)
    return Book(services, ids, territories)


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Book]:
    tmp: Path = tmp_path_factory.mktemp("book")
    services = Services.open(tmp / "cache.sqlite3", SettingsFile(tmp / "settings.json"),
                             clock=lambda: FIXED_NOW)
    yield _build(services)
    services.close()


# --- search -------------------------------------------------------------------------------


def test_search_by_name_prefix(book: Book) -> None:
    assert book.names("harv") == {"Harvest Co"}
    assert book.names("HARVEST") == {"Harvest Co"}
    assert book.names("alph") == {"alpha Farms", "Alpha Feed"}
    assert book.names("alpha fe") == {"Alpha Feed"}
    assert book.names("grain 07") == {"Account 07 Grain"}


def test_search_by_city_and_state(book: Book) -> None:
    assert {r.id for r in book.page(text="peoria")} == book.ids_where(lambda i: i % 5 == 2)
    assert {r.id for r in book.page(text="Champaign")} == book.ids_where(lambda i: i % 5 == 1)
    assert {r.id for r in book.page(text="IA")} == book.ids_where(lambda i: i % 4 == 2)
    assert {r.id for r in book.page(text="urbana il")} == book.ids_where(
        lambda i: i % 5 == 0 and i % 4 == 0)


def test_search_by_contact_and_email(book: Book) -> None:
    assert book.names("Ramanathan") == {"Harvest Co"}
    assert book.names("priya ram") == {"Harvest Co"}
    assert book.names("harvestco") == {"Harvest Co"}
    assert book.names("priya.r@harvestco") == {"Harvest Co"}
    assert book.names("mueller.example") == {"Müller Agrar"}


@pytest.mark.parametrize("typed", ["2175550199", "12175550199", "(217) 555-0199",
                                   "+1 217 555 0199", "0199"])
def test_search_by_contact_phone(book: Book, typed: str) -> None:
    assert book.names(typed) == {"Harvest Co"}


def test_search_by_phone_fragments(book: Book) -> None:
    assert book.names("217") == {"Harvest Co", "Prairie Implements"}
    assert book.names("2172440000") == {"Prairie Implements"}  # the account's own phone
    assert book.names("515") == {"Prairie Implements"}
    assert book.names("217 555") == {"Harvest Co", "Prairie Implements"}  # any field, any order


def test_account_phone_searchable_without_contacts(book: Book) -> None:
    assert book.services.reader.detail(book.ids[17]).contacts == []
    assert book.names("3095550117") == {"Account 17 Grain"}
    assert book.names("13095550117") == {"Account 17 Grain"}
    assert {r.id for r in book.page(text="309")} == book.ids_where(lambda i: i >= 5)


def test_search_ignores_diacritics(book: Book) -> None:
    assert book.names("muller") == {"Müller Agrar"}
    assert book.names("MÜLLER") == {"Müller Agrar"}
    assert book.names("jurgen") == {"Müller Agrar"}


def test_history_search_only_when_asked(book: Book) -> None:
    assert book.names("tractor") == set()
    assert book.names("tractor", include_history=True) == {"Prairie Implements"}
    assert book.names("tractor prairie", include_history=True) == {"Prairie Implements"}
    assert book.names("silage", include_history=True) == set()  # deleted interaction


def test_words_under_three_letters_do_not_search_history(book: Book) -> None:
    lists = book.services.account_list
    assert "Prairie Implements" not in book.names("tr")
    assert book.names("tr", include_history=True) == book.names("tr")
    assert lists.count(AccountFilter(text="tr", include_history=True)) == lists.count(
        AccountFilter(text="tr"))
    assert "Prairie Implements" in book.names("tra", include_history=True)
    # A short word beside a long one matches the account's details only.
    assert book.names("tra pr", include_history=True) == {"Prairie Implements"}
    assert book.names("tra im", include_history=True) == {"Prairie Implements"}
    assert book.names("pra tr", include_history=True) == set()


@pytest.mark.parametrize("typed", ["!!!", " - ", '"', "*", "()", "^:"])
def test_punctuation_only_search_returns_nothing(book: Book, typed: str) -> None:
    flt = AccountFilter(text=typed)
    page = book.services.account_list.page(flt)
    assert page.rows == [] and page.next is None
    assert book.services.account_list.count(flt) == 0


def test_operators_are_searched_as_words(book: Book) -> None:
    assert book.names("harvest OR prairie") == set()
    assert book.names('"harvest') == {"Harvest Co"}
    assert book.names("harvest*") == {"Harvest Co"}


# --- filters ------------------------------------------------------------------------------


def test_filters(book: Book) -> None:
    ids = book.ids_where
    assert {r.id for r in book.page()} == ids(lambda i: True)
    assert {r.id for r in book.page(statuses=frozenset({"dormant"}))} == ids(lambda i: i % 4 == 1)
    assert {r.id for r in book.page(kinds=frozenset({"broker", "vendor"}))} == ids(
        lambda i: i % 6 in (2, 5))
    assert {r.id for r in book.page(tiers=frozenset({"A", "C"}))} == ids(lambda i: i % 4 in (0, 2))
    assert {r.id for r in book.page(territory_id=book.territories[1])} == ids(
        lambda i: i % 3 == 1)
    assert {r.id for r in book.page(region="il")} == ids(lambda i: i % 4 == 0)
    assert {r.id for r in book.page(city="CHAMPAIGN")} == ids(lambda i: i % 5 == 1)
    both = book.page(city="urbana", statuses=frozenset({"active"}), text="grain")
    assert {r.id for r in both} == ids(lambda i: i % 5 == 0 and i % 4 == 0 and i not in SPECIAL)


@pytest.mark.parametrize("days", [0, 29, 30, 31, 90, 365])
def test_no_contact_days_uses_the_clock(book: Book, days: int) -> None:
    def stale(i: int) -> bool:
        last = CONTACT_DAYS[i % 7]
        if i == 1:  # the tractor demo, 200 days ago, is older than its phone call
            last = last if isinstance(last, int) else 200
        if last is None or last == "note":
            return True
        since = FIXED_NOW - timedelta(days=days)
        return FIXED_NOW - timedelta(days=last, minutes=i) < since

    got = {r.id for r in book.page(no_contact_days=days)}
    assert got == book.ids_where(stale)
    assert book.services.account_list.count(AccountFilter(no_contact_days=days)) == len(got)


# --- sorting and paging -------------------------------------------------------------------


def _nocase(value: str | None) -> str:
    return "".join(c.lower() if c.isascii() else c for c in (value or ""))


SORT_VALUES: dict[SortKey, Callable[[AccountRow], Any]] = {
    SortKey.NAME: lambda r: _nocase(r.name),
    SortKey.CITY: lambda r: _nocase(r.city),
    SortKey.REGION: lambda r: _nocase(r.region),
    SortKey.KIND: lambda r: r.kind,
    SortKey.STATUS: lambda r: r.status,
    SortKey.TIER: lambda r: r.tier or "Z",
    SortKey.TERRITORY: lambda r: _nocase(r.territory),
    SortKey.LAST_CONTACT: lambda r: (r.last_contact_at is not None, r.last_contact_at or 0),
}


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("key", list(SortKey))
def test_sort_and_keyset_paging(book: Book, key: SortKey, descending: bool) -> None:
    flt = AccountFilter(sort=key, descending=descending)
    lst = book.services.account_list
    big = lst.page(flt, limit=1000)
    assert big.next is None and len(big.rows) == 30
    expected = sorted(big.rows, key=lambda r: (SORT_VALUES[key](r), r.rowid), reverse=descending)
    assert [r.id for r in big.rows] == [r.id for r in expected]
    assert len({SORT_VALUES[key](r) for r in big.rows}) > 1  # the order was really tested

    paged: list[uuid.UUID] = []
    page = lst.page(flt, limit=7)
    pages = 1
    paged += [r.id for r in page.rows]
    while page.next is not None:
        page = lst.page(flt, after=page.next, limit=7)
        pages += 1
        paged += [r.id for r in page.rows]
    assert paged == [r.id for r in big.rows]
    assert pages == 5 and lst.count(flt) == len(paged) == 30


def test_paging_with_a_search_and_filters(book: Book) -> None:
    lst = book.services.account_list
    flt = AccountFilter(text="grain", sort=SortKey.CITY, tiers=frozenset({"A", "B", "C"}))
    everything = [r.id for r in lst.page(flt, limit=1000).rows]
    paged, page = [], lst.page(flt, limit=7)
    paged += [r.id for r in page.rows]
    while page.next is not None:
        page = lst.page(flt, after=page.next, limit=7)
        paged += [r.id for r in page.rows]
    assert paged == everything and lst.count(flt) == len(everything)
    assert set(everything) == book.ids_where(lambda i: i % 4 != 3 and i not in SPECIAL)


def test_rows_carry_display_values(book: Book) -> None:
    [row] = book.page(text="Prairie")
    assert (row.name, row.kind, row.status, row.tier, row.city, row.region, row.country) == (
        "Prairie Implements", KINDS[1].value, STATUSES[1].value, "B", "champaign", "IN", "US")
    assert row.territory == "South" and row.phone == "+12172440000" and not row.archived
    assert row.last_contact_at == FIXED_NOW - timedelta(days=29, minutes=1)
    choices = book.services.account_list.choices()
    assert [name for _, name in choices["territories"]] == ["South", "north"]
    assert choices["regions"] == [("IA", "IA"), ("IL", "IL"), ("IN", "IN")]
