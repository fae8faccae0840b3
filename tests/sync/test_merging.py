"""Concurrent edits on two laptops merge field by field; no edit disappears."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.sync.conftest import Replica, territory_id


def _shared_account(ann: Replica, bob: Replica) -> uuid.UUID:
    ann.sync()
    acc = ann.accounts.create_account({"name": "Acme", "kind": "customer", "phone": "",
                                       "territory_id": territory_id(ann, "EAST")}).id
    ann.sync()
    bob.sync()
    return acc


def _value(replica: Replica, column: str, acc: uuid.UUID) -> Any:
    return replica.rows(f"SELECT {column} FROM accounts WHERE id = ?", acc.hex)[0][0]


def _conflicts(replica: Replica) -> list[tuple[Any, ...]]:
    return replica.rows("SELECT field, kind, kept_value, lost_value FROM sync_conflicts "
                        "WHERE resolved_at IS NULL ORDER BY detected_at")


def test_different_fields_both_survive(make_replica: Any) -> None:
    ann, bob = make_replica("ann"), make_replica("bob")
    acc = _shared_account(ann, bob)
    ann.accounts.update_account(acc, {"industry": "Machinery"})
    bob.accounts.update_account(acc, {"tier": "A"})
    ann.sync()
    bob.sync()
    ann.sync()
    for replica in (ann, bob):
        assert _value(replica, "industry", acc) == "Machinery"
        assert _value(replica, "tier", acc) == "A"
        assert _conflicts(replica) == []


def test_same_field_later_push_wins_and_loser_is_recorded(make_replica: Any) -> None:
    ann, bob = make_replica("ann"), make_replica("bob")
    acc = _shared_account(ann, bob)
    ann.accounts.update_account(acc, {"name": "Acme North"})
    bob.accounts.update_account(acc, {"name": "Acme Tools"})
    ann.sync()
    report = bob.sync()
    assert report.conflicts == 1
    ann.sync()
    for replica in (ann, bob):
        assert _value(replica, "name", acc) == "Acme Tools"
        [(field, kind, kept, lost)] = _conflicts(replica)
        assert (field, kind, json.loads(kept), json.loads(lost)) == (
            "name", "field", "Acme Tools", "Acme North")


def test_client_clock_a_year_off_does_not_decide(make_replica: Any) -> None:
    ann, bob = make_replica("ann"), make_replica("bob")
    acc = _shared_account(ann, bob)
    future = datetime.now(UTC) + timedelta(days=365)
    past = datetime.now(UTC) - timedelta(days=365)
    fast = ann.accounts
    fast.session.clock = lambda: future
    fast.update_account(acc, {"segment": "From the future"})
    slow = bob.accounts
    slow.session.clock = lambda: past
    slow.update_account(acc, {"segment": "From the past"})
    ann.sync()
    bob.sync()  # later in server order: wins although its clock says a year earlier
    ann.sync()
    assert _value(ann, "segment", acc) == _value(bob, "segment", acc) == "From the past"


def test_delete_against_an_unseen_edit_keeps_the_row(make_replica: Any) -> None:
    ann, bob = make_replica("ann"), make_replica("bob")
    ann.sync()
    acc = ann.accounts.create_account({"name": "Acme", "kind": "customer",
                                       "territory_id": territory_id(ann, "EAST")}).id
    call = ann.history.log_interaction(acc, {"channel": "phone", "subject": "Intro",
                                             "occurred_at": datetime.now(UTC)}).id
    ann.sync()
    bob.sync()
    bob.history.update_interaction(call, {"notes": "They want a quote"})
    ann.history.delete_interaction(call)
    bob.sync()
    ann.sync()  # the delete arrives after an edit Ann never saw
    bob.sync()
    for replica in (ann, bob):
        row = replica.rows("SELECT deleted_at, notes FROM interactions WHERE id = ?", call.hex)
        assert row == [(None, "They want a quote")]
        assert [c[1] for c in _conflicts(replica)] == ["delete"]


def test_edit_against_a_delete_restores_the_row(make_replica: Any) -> None:
    ann, bob = make_replica("ann"), make_replica("bob")
    ann.sync()
    acc = ann.accounts.create_account({"name": "Acme", "kind": "customer",
                                       "territory_id": territory_id(ann, "EAST")}).id
    call = ann.history.log_interaction(acc, {"channel": "phone", "subject": "Intro",
                                             "occurred_at": datetime.now(UTC)}).id
    ann.sync()
    bob.sync()
    ann.history.delete_interaction(call)
    bob.history.update_interaction(call, {"notes": "Still relevant"})
    ann.sync()
    bob.sync()
    ann.sync()
    for replica in (ann, bob):
        row = replica.rows("SELECT deleted_at, notes FROM interactions WHERE id = ?", call.hex)
        assert row == [(None, "Still relevant")]
        assert [c[1] for c in _conflicts(replica)] == ["restored"]
