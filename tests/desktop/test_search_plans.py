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
