"""Every way of paging a name-sorted search returns the same rows in the same order."""

from __future__ import annotations

import pytest

from desktop.services import account_list
from desktop.services.account_list import AccountFilter
from desktop.services.container import Services


def all_names(services: Services, flt: AccountFilter) -> list[str]:
    names, cursor = [], None
    while True:
        page = services.account_list.page(flt, cursor, limit=4)
        names += [r.name for r in page.rows]
        if page.next is None:
            return names
        cursor = page.next


@pytest.mark.parametrize("descending", [False, True])
def test_plans_agree(services: Services, monkeypatch: pytest.MonkeyPatch,
                     descending: bool) -> None:
    for n in range(30):
        city = "Springfield" if n % 3 else "Spokane"
        services.accounts.create_account({"name": f"{'Sp' if n % 2 else 'Zed'} Supply {n:02d}",
                                          "billing_city": city})
    flt = AccountFilter(text="sp", descending=descending)
    monkeypatch.setattr(account_list, "SCAN_MIN", 10_000)  # always "sort"
    expected = all_names(services, flt)
    assert len(expected) == 30 and expected == sorted(expected, reverse=descending)
    plans = []
    for share in (2.0, 0.0):  # "scan", then "exists"
        monkeypatch.setattr(account_list, "SCAN_MIN", 0)
        monkeypatch.setattr(account_list, "SCAN_SHARE", 0.0)
        monkeypatch.setattr(account_list, "EXISTS_SHARE", share)
        plans.append(services.account_list._plan('"sp"*'))
        assert all_names(services, flt) == expected
    assert plans == ["scan", "exists"]
    narrower = AccountFilter(text="spok", descending=descending)
    assert len(all_names(services, narrower)) == 10


def test_a_plan_is_chosen_from_a_sample_of_the_matches(services: Services,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the first PLAN_SAMPLE matches are read: how far into the rowids they
    reach gives the share (counting all of "a" at a million accounts is as slow
    as the page); fewer matches than the sample are counted exactly."""
    for n in range(40):  # every other account matches "sp"
        services.accounts.create_account({"name": f"{'Sp' if n % 2 else 'Zed'} Co {n:02d}"})
    for n in range(40):  # then forty that do not: a quarter of the book matches
        services.accounts.create_account({"name": f"Zed Later {n:02d}"})
    monkeypatch.setattr(account_list, "SCAN_MIN", 5)
    monkeypatch.setattr(account_list, "SCAN_SHARE", 0.2)
    monkeypatch.setattr(account_list, "EXISTS_SHARE", 0.45)
    listing = services.account_list
    monkeypatch.setattr(account_list, "PLAN_SAMPLE", 40)
    assert listing._plan('"sp"*') == "scan"  # all 20 read: 20 of 80, counted
    monkeypatch.setattr(account_list, "PLAN_SAMPLE", 10)
    # The tenth match is the 20th account: half of what it read matched.
    assert listing._plan('"sp"*') == "exists"
    monkeypatch.setattr(account_list, "PLAN_SAMPLE", 40)
    monkeypatch.setattr(account_list, "SCAN_MIN", 21)
    assert listing._plan('"sp"*') == "sort"  # fewer than SCAN_MIN: sort them
