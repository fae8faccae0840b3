"""The domain's derived facts: which tables belong to an account, which are bulk;
proposal states."""

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


def test_every_proposal_state_has_a_label_and_its_actions() -> None:
    from desktop.domain import proposal_states as ps

    assert set(ps.LABELS) == set(ps.ACTIONS) == {s.value for s in ps.ProposalState}
    assert ps.label("sent") == "Sent"
    assert ps.label("from-a-newer-client") == "from-a-newer-client"
    assert ps.actions("draft") == {"edit", "preview"}
    assert "order" in ps.actions("accepted") and "order" not in ps.actions("sent")
    assert ps.actions("unknown") == frozenset()
    assert set(ps.OPEN) | set(ps.HOLDS_STOCK) | set(ps.ACCEPTABLE) <= set(ps.LABELS)


def test_a_sent_proposal_past_its_date_shows_as_expired() -> None:
    from desktop.domain.proposal_states import shown_state

    assert shown_state("sent", "2026-01-31", "2026-02-01") == "expired"
    assert shown_state("sent", "2026-02-01", "2026-02-01") == "sent"
    assert shown_state("accepted", "2026-01-31", "2026-02-01") == "accepted"
