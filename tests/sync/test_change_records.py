"""A sync reports exactly the rows it applied, chunk by chunk, so views update
those rows and nothing else."""

from __future__ import annotations

import uuid
from typing import Any

from desktop.store.changes import Changes
from tests.sync.conftest import territory_id


def _create_many(replica: Any, n: int) -> set[uuid.UUID]:
    east = territory_id(replica, "EAST")

    def write() -> set[uuid.UUID]:
        service = replica.accounts
        return {service.create_account({"name": f"Account {i:04d}", "kind": "customer",
                                        "territory_id": east}).id for i in range(n)}
    return replica.store.writer.call(write)


def test_a_pull_of_1000_accounts_reports_exactly_those_ids(make_replica: Any) -> None:
    ann, bob = make_replica("ann"), make_replica("bob")
    ann.sync()
    bob.sync()
    created = _create_many(ann, 1000)
    assert ann.sync().pushed == 1000
    heard: list[Changes] = []
    bob.client.on_changes = heard.append
    report = bob.sync()
    assert report.pulled >= 1000
    accounts = set().union(*(c.ids("accounts") for c in heard))
    assert accounts == created
    assert not any(c.everything for c in heard)
    # Written in several chunks (each its own transaction), not one page at once.
    assert sum(1 for c in heard if c.ids("accounts")) > 1


def test_an_edit_pulled_reports_only_its_row(make_replica: Any) -> None:
    ann, bob = make_replica("ann"), make_replica("bob")
    ann.sync()
    created = _create_many(ann, 5)
    ann.sync()
    bob.sync()
    target = sorted(created)[0]
    ann.store.writer.call(lambda: ann.accounts.update_account(target, {"phone": "+12175550123"}))
    ann.sync()
    heard: list[Changes] = []
    bob.client.on_changes = heard.append
    bob.sync()
    merged = Changes()
    for changes in heard:
        merged = merged.merged(changes)
    assert merged.ids("accounts") == {target}
