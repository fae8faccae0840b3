"""Accounts a pull brings in name order (a colleague's sorted import, versioned
in that order) halve one gap between two neighbours until it is gone; the pull
puts the spilled ones back in order before the sync ends
(desktop/store/derived_name_order.py)."""

from __future__ import annotations

from tests.sync.conftest import territory_id


def test_a_pull_of_names_in_order_leaves_the_search_in_order(make_replica) -> None:  # type: ignore[no-untyped-def]
    ann, bob = make_replica("ann"), make_replica("bob")
    ann.sync()  # the territories
    east = territory_id(ann, "EAST")
    ann.accounts.create_account({"name": "Zeta Farms", "territory_id": east})
    ann.sync()
    bob.sync()  # a first load: bob's cache now holds a numbered book
    names = [f"Northwind {n:03d}" for n in range(40)]
    for name in names:  # each save puts its own account in order
        ann.accounts.create_account({"name": name, "territory_id": east})
    ann.sync()
    report = bob.sync()  # a steady pull, the 40 in the order they were made
    assert report.pulled >= 40
    keys = bob.rows("SELECT name, name_key FROM accounts ORDER BY name COLLATE NOCASE, rowid")
    assert [k for _n, k in keys] == sorted(k for _n, k in keys)  # no spill, none missing
    assert all(k is not None and k < 1 << 62 for _n, k in keys)
    found = bob.rows("SELECT a.name FROM account_search s JOIN accounts a "
                     "ON a.name_key = s.rowid WHERE account_search MATCH 'northwind*' "
                     "ORDER BY s.rowid")
    assert [n for (n,) in found] == names
