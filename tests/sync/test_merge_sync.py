"""A merge is a synced operation: two reps' real caches and a real server
(SQLite and PostgreSQL). Bob edits a contact of account L, logs a call on L and
notes on L while offline; Ann merges L into S and syncs; Bob syncs. Bob's work
lands on S, on the server and in both caches, and nothing is lost."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select

from desktop.services.merge import MergeService
from desktop.services.opportunities import OpportunityService
from server.rows import table_of
from tests.sync.conftest import territory_id


def _server(admin_db: Any, table: str, row_id: uuid.UUID) -> Any:
    t = table_of(table)
    with admin_db.read() as conn:
        return conn.execute(select(t).where(t.c.id == row_id)).mappings().one()


def test_offline_edits_of_a_merged_account_land_on_the_survivor(make_replica: Any,
                                                                admin_db: Any) -> None:
    ann, bob = make_replica("ann"), make_replica("bob")
    ann.sync()
    east = territory_id(ann, "EAST")
    survivor = ann.accounts.create_account({"name": "Acme Inc.", "kind": "customer",
                                            "territory_id": east}).id
    loser = ann.accounts.create_account({"name": "ACME, LLC", "kind": "customer",
                                         "territory_id": east}).id
    contact = ann.accounts.add_contact(loser, {"first_name": "Ada", "last_name": "Ames"}).id
    deals = OpportunityService(ann.store, user_id=ann.user_id)
    deal = deals.create({"account_id": loser, "name": "Shelving", "close_date": date(2027, 1, 29)},
                        lines=[{"description": "Shelf", "quantity": 4, "unit_price": 250}]).id
    deals.move_stage(deal, "qualification")
    assert ann.sync().rejected == 0
    bob.sync()

    # Bob, offline: a contact edit, a call on L, a note on L itself.
    bob.accounts.update_contact(contact, {"title": "Buyer"})
    call = bob.history.log_interaction(loser, {"channel": "phone", "subject": "Offline call",
                                               "contact_id": contact,
                                               "occurred_at": datetime.now(UTC)}).id
    bob.accounts.update_account(loser, {"notes": "Met at the fair"})

    MergeService(ann.store, user_id=ann.user_id).merge("accounts", survivor, loser, {})
    merged = ann.sync()
    assert merged.rejected == 0, ann.rows("SELECT table_name, reason FROM sync_rejected")
    report = bob.sync()
    assert report.rejected == 0, bob.rows("SELECT table_name, reason FROM sync_rejected")
    ann.sync()

    s, lo = survivor.hex, loser.hex
    for replica in (ann, bob):
        who = replica.user_id
        assert replica.rows("SELECT account_id, title FROM contacts WHERE id = ?",
                            contact.hex) == [(s, "Buyer")], who
        assert replica.rows("SELECT account_id, contact_id, subject FROM interactions "
                            "WHERE id = ?", call.hex) == [(s, contact.hex, "Offline call")], who
        assert replica.rows("SELECT notes, deleted_at IS NULL FROM accounts WHERE id = ?",
                            s) == [("Met at the fair", 1)], who
        assert replica.rows("SELECT merged_into_id, deleted_at IS NOT NULL FROM accounts "
                            "WHERE id = ?", lo) == [(s, 1)], who
        for table in ("opportunities", "opportunity_lines", "opportunity_stage_changes",
                      "contacts", "interactions"):
            assert replica.rows(f"SELECT count(*) FROM {table} WHERE account_id = ?",  # noqa: S608
                                lo) == [(0,)], (who, table)
        assert replica.rows("SELECT count(*) FROM opportunity_stage_changes WHERE "
                            "account_id = ?", s) == [(2,)], who
        assert replica.rows("SELECT count(*) FROM sync_outbox") == [(0,)], who
        assert replica.rows("SELECT count(*) FROM sync_rejected") == [(0,)], who
        # Nothing was lost, so nothing was recorded as lost.
        assert replica.rows("SELECT table_name, field FROM sync_conflicts") == [], who
    assert _server(admin_db, "contacts", contact)["account_id"] == survivor
    assert _server(admin_db, "contacts", contact)["title"] == "Buyer"
    assert _server(admin_db, "interactions", call)["account_id"] == survivor
    assert _server(admin_db, "accounts", survivor)["notes"] == "Met at the fair"
    assert _server(admin_db, "accounts", loser)["merged_into_id"] == survivor
    assert _server(admin_db, "opportunities", deal)["account_id"] == survivor
    assert _server(admin_db, "opportunities", deal)["stage"] == "qualification"
