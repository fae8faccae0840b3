"""Leads and deals through a real server (SQLite and PostgreSQL) into real caches:
a rep never receives another territory's leads or opportunities, nor another
rep's leads; the manager sees the unassigned ones and assigns them."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from desktop.services.leads import LeadService
from desktop.services.opportunities import OpportunityService
from tests.server import factories
from tests.sync.conftest import territory_id


def _ids(replica: Any, table: str) -> set[str]:
    return {r[0] for r in replica.rows(f"SELECT id FROM {table}")}  # noqa: S608


def test_reps_receive_only_their_leads_and_territorys_deals(make_replica: Any,
                                                            admin_db: Any) -> None:
    boss_id = factories.user(admin_db, "boss", "manager")
    ann = make_replica("ann", user_id=factories.user(admin_db, "ann", "rep", ("EAST",),
                                                     manager=boss_id))
    bob = make_replica("bob", user_id=factories.user(admin_db, "bob", "rep", ("EAST",),
                                                     manager=boss_id))
    wes = make_replica("wes", ("WEST",))
    boss = make_replica("boss", user_id=boss_id)
    for r in (ann, bob, wes, boss):
        r.sync()
    east, west = territory_id(ann, "EAST"), territory_id(wes, "WEST")

    def deal(replica: Any, territory: Any, name: str) -> str:
        account = replica.accounts.create_account({"name": name, "kind": "customer",
                                                   "territory_id": territory}).id
        return OpportunityService(replica.store, user_id=replica.user_id).create(
            {"account_id": account, "name": f"{name} deal",
             "close_date": date(2027, 3, 31)}).id.hex

    def lead(replica: Any, **values: Any) -> str:
        return LeadService(replica.store, user_id=replica.user_id).capture(
            {"source": "web", "company": "Prospect", **values}).id.hex

    east_deal, west_deal = deal(ann, east, "Eastco"), deal(wes, west, "Westco")
    ann_lead, bob_lead = lead(ann, territory_id=east), lead(bob, territory_id=east)
    wes_lead = lead(wes, territory_id=west)
    pool = lead(boss, territory_id=east, owner_id=None)
    for r in (ann, bob, wes, boss):
        report = r.sync()
        assert report.rejected == 0, r.rows("SELECT table_name, reason FROM sync_rejected")
    for r in (ann, bob, wes, boss):
        r.sync()

    assert _ids(ann, "leads") == {ann_lead}
    assert _ids(bob, "leads") == {bob_lead}
    assert _ids(wes, "leads") == {wes_lead}
    assert _ids(boss, "leads") == {ann_lead, bob_lead, pool}
    assert _ids(ann, "opportunities") == _ids(bob, "opportunities") == {east_deal}
    assert _ids(wes, "opportunities") == {west_deal}
    assert wes.rows("SELECT count(*) FROM opportunity_stage_changes WHERE opportunity_id = ?",
                    east_deal) == [(0,)]

    # The manager assigns the pool lead to Bob: Bob receives it, Ann does not.
    LeadService(boss.store, user_id=boss.user_id).assign(uuid.UUID(hex=pool), bob.user_id)
    assert boss.sync().rejected == 0
    bob.sync()
    ann.sync()
    assert _ids(bob, "leads") == {bob_lead, pool}
    assert _ids(ann, "leads") == {ann_lead}

    # Ann hand-crafts a takeover of Wes's lead: refused with its reason.
    ann.client.local.conn.execute(
        "INSERT INTO sync_outbox(table_name, row_id, op, base, changes, created_at) VALUES "
        "('leads', ?, 'upsert', ?, ?, '2026-11-02 09:00:00.000000')",
        (wes_lead, f'{{"owner_id": "{wes.user_id.hex}"}}',
         f'{{"owner_id": "{ann.user_id.hex}"}}'))
    assert ann.sync().rejected == 1
    [(reason,)] = ann.rows("SELECT reason FROM sync_rejected")
    assert "assigned to another rep" in reason
    wes.sync()
    assert wes.rows("SELECT owner_id FROM leads WHERE id = ?", wes_lead) == [(wes.user_id.hex,)]


def test_a_reassigned_lead_leaves_the_former_owners_cache(make_replica: Any,
                                                          admin_db: Any) -> None:
    """Leads are assigned, not shared: when the manager hands Ann's lead to Bob,
    Ann's next sync drops it (an unsent edit of it keeps it until settled)."""
    boss_id = factories.user(admin_db, "boss", "manager")
    ann = make_replica("ann", user_id=factories.user(admin_db, "ann", "rep", ("EAST",),
                                                     manager=boss_id))
    bob = make_replica("bob", user_id=factories.user(admin_db, "bob", "rep", ("EAST",),
                                                     manager=boss_id))
    boss = make_replica("boss", user_id=boss_id)
    for r in (ann, bob, boss):
        r.sync()
    east = territory_id(ann, "EAST")
    leads = LeadService(ann.store, user_id=ann.user_id)
    moved = leads.capture({"source": "web", "company": "Moving", "territory_id": east}).id
    kept = leads.capture({"source": "web", "company": "Staying", "territory_id": east}).id
    held = leads.capture({"source": "web", "company": "Held", "territory_id": east}).id
    assert ann.sync().rejected == 0
    boss.sync()
    managed = LeadService(boss.store, user_id=boss.user_id)
    managed.assign(moved, bob.user_id)
    managed.assign(held, bob.user_id)
    assert boss.sync().rejected == 0
    leads.update(held, {"need": "Pallets"})  # Ann, offline, before she hears of it

    report = ann.sync()
    bob.sync()
    assert _ids(bob, "leads") == {moved.hex, held.hex}
    assert moved.hex not in _ids(ann, "leads")
    assert kept.hex in _ids(ann, "leads")
    assert report.evicted >= 1
    assert ann.rows("SELECT count(*) FROM sync_outbox WHERE row_id = ?", moved.hex) == [(0,)]
