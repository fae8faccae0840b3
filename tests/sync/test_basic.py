"""Two reps, one server: edits travel both ways and merge field by field."""

from __future__ import annotations

from tests.sync.conftest import territory_id


def test_account_created_offline_reaches_a_colleague(make_replica) -> None:  # type: ignore[no-untyped-def]
    ann, bob = make_replica("ann"), make_replica("bob")
    ann.sync()
    bob.sync()
    saved = ann.accounts.create_account({"name": "Acme Tools", "kind": "customer",
                                         "territory_id": territory_id(ann, "EAST")})
    report = ann.sync()
    assert report.pushed == 1 and report.rejected == 0
    bob.sync()
    assert bob.rows("SELECT name FROM accounts WHERE id = ?", saved.id.hex) == [("Acme Tools",)]
    # Ann's copy now carries the server's version too.
    assert ann.rows("SELECT sync_version > 0 FROM accounts")[0][0] == 1
