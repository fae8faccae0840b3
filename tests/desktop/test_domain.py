"""The domain's derived facts: which tables belong to an account, which are bulk."""

from __future__ import annotations

from desktop.domain.schema.base import Base, account_children, bulk_tables, synced_entities


def test_account_children_are_the_tables_that_reference_an_account() -> None:
    children = account_children()
    tables = Base.metadata.tables
    assert set(children) == {name for name, t in tables.items() if "account_id" in t.c}
    assert "accounts" not in children
    assert {"contacts", "interactions", "proposals", "proposal_lines", "orders",
            "order_lines", "trip_stops", "action_plan_targets"} <= set(children)


def test_account_children_come_parents_first() -> None:
    children = account_children()
    position = {name: n for n, name in enumerate(children)}
    for name in children:
        for fk in Base.metadata.tables[name].foreign_keys:
            parent = fk.column.table.name
            if parent in position and parent != name:
                assert position[parent] < position[name], (parent, name)


def test_bulk_tables_are_the_contact_history() -> None:
    assert set(bulk_tables()) == {"contacts", "interactions", "follow_ups", "concerns",
                                  "sync_conflicts"}
    assert set(bulk_tables()) <= set(account_children())
    assert all(not e.bulk for e in synced_entities() if e.__tablename__ == "accounts")
