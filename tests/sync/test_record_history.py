"""A record's change history read by the desktop service from a real server
process (SQLite and PostgreSQL): the server's entries with who and what, the
cache's unsent edits, another territory's rep told nothing, and offline a
message with the unsent edits still listed."""

from __future__ import annotations

from typing import Any

from desktop.settings import Settings
from desktop.sync.record_history import RecordHistory
from tests.sync.conftest import territory_id
from tests.sync.test_service import MemoryTokens


def _reader(replica: Any, login: str) -> RecordHistory:
    settings = Settings()
    settings.sync_server_url, settings.sync_login = replica.server.url, login
    tokens = MemoryTokens()
    tokens.save(replica.server.url, login, replica.token)
    return RecordHistory(replica.store, settings, tokens)


def test_history_from_the_server_and_the_unsent_edits(make_replica: Any) -> None:
    ann, bob = make_replica("ann"), make_replica("bob", ("WEST",))
    ann.sync()
    acc = ann.accounts.create_account({"name": "Acme", "kind": "customer",
                                       "territory_id": territory_id(ann, "EAST")}).id
    ann.accounts.add_contact(acc, {"first_name": "Ada", "last_name": "Ames"})
    assert ann.sync().rejected == 0
    ann.accounts.update_account(acc, {"name": "Acme Ltd"})  # not sent

    history = _reader(ann, "ann").fetch("accounts", acc, account=True)
    assert history.online and not history.more
    assert sorted((e.table, e.op) for e in history.entries) == [
        ("accounts", "create"), ("contacts", "create")]
    assert {e.who for e in history.entries} == {"Ann"}
    created = next(e for e in history.entries if e.table == "accounts")
    assert ("name", None, "Acme") in [(c.field, c.old, c.new) for c in created.changes]
    [unsent] = history.unsent
    assert (unsent.sent, unsent.op) == (False, "update")
    assert [(c.field, c.old, c.new) for c in unsent.changes] == [("name", "Acme", "Acme Ltd")]

    bob.sync()
    theirs = _reader(bob, "bob").fetch("accounts", acc, account=True)
    assert theirs.online and theirs.entries == [] and theirs.unsent == []

    ann.server.stop()
    offline = _reader(ann, "ann").fetch("accounts", acc, account=True)
    assert not offline.online and "kept on the server" in offline.message
    assert [e.op for e in offline.unsent] == ["update"]
    ann.server.start()
