"""Authorisation over HTTP: a rep sees and changes only their territories,
and an account that leaves their scope leaves their cache."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from desktop.sync.errors import InsecureServer
from desktop.sync.transport import check_url
from tests.server import factories
from tests.sync.conftest import territory_id


def _names(replica: Any) -> list[str]:
    return [r[0] for r in replica.rows("SELECT name FROM accounts ORDER BY name")]


def test_rep_cannot_read_or_write_another_territory(make_replica: Any) -> None:
    ann, wes = make_replica("ann", ("EAST",)), make_replica("wes", ("WEST",))
    ann.sync()
    wes.sync()
    wes.accounts.create_account({"name": "Westco", "kind": "customer",
                                 "territory_id": territory_id(wes, "WEST")})
    wes.sync()
    ann.sync()
    assert _names(ann) == []  # not sent to Ann
    # Ann hand-crafts an edit of Westco (as a tampered client would).
    westco = wes.rows("SELECT id FROM accounts")[0][0]
    ann.client.local.conn.execute(
        "INSERT INTO sync_outbox(table_name, row_id, op, base, changes, created_at) VALUES "
        "('accounts', ?, 'upsert', '{\"name\": \"Westco\"}', '{\"name\": \"Annco\"}', "
        "'2026-11-02 09:00:00.000000')", (westco,))
    report = ann.sync()
    assert report.rejected == 1
    assert "outside your territories" in ann.rows("SELECT reason FROM sync_rejected")[0][0]
    wes.sync()
    assert _names(wes) == ["Westco"]


def test_manager_sees_the_team(make_replica: Any, admin_db: Any) -> None:
    ann = make_replica("ann", ("EAST",))
    boss_id = factories.user(admin_db, "boss", "manager")
    with admin_db.write() as txn:
        from sqlalchemy import update

        from server.rows import table_of

        users = table_of("users")
        txn.conn.execute(update(users).where(users.c.id == ann.user_id)
                         .values(manager_id=boss_id, sync_version=txn.next_version()))
    boss = make_replica("boss", user_id=boss_id)
    ann.sync()
    ann.accounts.create_account({"name": "Team Co", "kind": "customer",
                                 "territory_id": territory_id(ann, "EAST")})
    ann.sync()
    boss.sync()
    assert _names(boss) == ["Team Co"]


def test_account_moved_away_leaves_the_cache_after_pending_edits(make_replica: Any,
                                                               admin_db: Any) -> None:
    ann = make_replica("ann", ("EAST",))
    root = make_replica("root", (), role="admin")
    ann.sync()
    acc = ann.accounts.create_account({"name": "Moving Co", "kind": "customer",
                                       "territory_id": territory_id(ann, "EAST")}).id
    ann.history.log_interaction(acc, {"channel": "visit", "subject": "Last visit",
                                      "occurred_at": datetime.now(UTC)})
    ann.sync()
    root.sync()
    west = factories.territory(admin_db, "WEST")
    root.sync()
    ann.accounts.update_account(acc, {"notes": "Edited before the move reached me"})
    # Both territory and owner change: Ann neither covers nor owns it any more.
    root.accounts.update_account(acc, {"territory_id": west, "owner_id": root.user_id})
    moved = root.sync()
    assert moved.pushed == 1 and moved.rejected == 0, root.rows("SELECT * FROM sync_rejected")
    report = ann.sync()  # pushes the pending note first, then drops the account
    # The server refuses an edit outside Ann's scope now; it stays visible to
    # her in the rejected list, with its text, rather than vanishing.
    assert (report.rejected, report.evicted) == (1, 2)
    [(reason, changes)] = ann.rows("SELECT reason, changes FROM sync_rejected")
    assert "outside your territories" in reason and "Edited before the move" in changes
    assert _names(ann) == []
    assert ann.rows("SELECT count(*) FROM interactions") == [(0,)]


def test_plain_http_is_refused_unless_on_loopback_or_allowed() -> None:
    assert check_url("http://127.0.0.1:8765/") == "http://127.0.0.1:8765"
    assert check_url("http://localhost:8765") == "http://localhost:8765"
    assert check_url("https://crm.example.com") == "https://crm.example.com"
    with pytest.raises(InsecureServer, match="plain http"):
        check_url("http://crm.example.com")
    assert check_url("http://crm.example.com", allow_insecure=True) == "http://crm.example.com"
    with pytest.raises(InsecureServer):
        check_url("ftp://crm.example.com")


def test_territories_reassigned_bring_and_take_accounts(make_replica: Any,
                                                        admin_db: Any) -> None:
    from sqlalchemy import delete, insert

    from server.tables import user_territories

    ann, wes = make_replica("ann", ("EAST",)), make_replica("wes", ("WEST",))
    wes.sync()
    for name in ("West 1", "West 2"):
        wes.accounts.create_account({"name": name, "kind": "customer",
                                     "territory_id": territory_id(wes, "WEST")})
    wes.sync()
    ann.sync()
    assert _names(ann) == []
    west = factories.territory(admin_db, "WEST")
    with admin_db.plain() as conn:  # the admin gives WEST to Ann as well
        conn.execute(insert(user_territories).values(user_id=ann.user_id, territory_id=west))
    report = ann.sync()
    assert _names(ann) == ["West 1", "West 2"] and report.repaired
    with admin_db.plain() as conn:  # and takes it back
        conn.execute(delete(user_territories).where(user_territories.c.user_id == ann.user_id,
                                                    user_territories.c.territory_id == west))
    ann.sync()
    assert _names(ann) == []
