"""Merges on the server (SQLite and PostgreSQL): children it knows of move to the
survivor, late edits of the loser land on the survivor, references to a loser
are rewritten, and a hostile merge is refused with its reason."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from server.tables import merged_records
from tests.server.pipeline_rows import STAMP, create, edit, row, tombstone
from tests.server.test_pipeline_scope import Office, applied, office  # noqa: F401


def _setup(o: Office) -> dict[str, dict[str, Any]]:
    """Survivor S and loser L in EAST; L has a contact and a call."""
    s = row("accounts", territory_id=o.east, name="Acme Inc.")
    loser = row("accounts", territory_id=o.east, name="ACME, LLC", phone="+15550100")
    contact = row("contacts", account_id=loser["id"])
    call = row("interactions", account_id=loser["id"], contact_id=contact["id"])
    assert applied(o.push(o.root, create(1, "accounts", s), create(2, "accounts", loser),
                          create(3, "contacts", contact), create(4, "interactions", call)))
    return {"s": s, "l": loser, "contact": contact, "call": call}


def _get(o: Office, table: str, row_id: str) -> dict[str, Any]:
    return next(r for r in o.rows(o.root, table) if r["id"] == row_id)


def test_merge_moves_children_and_sends_late_edits_to_the_survivor(
        office: Office) -> None:  # noqa: F811
    o = office
    r = _setup(o)
    s, loser = r["s"], r["l"]
    before = {t: _get(o, t, r[k]["id"])["version"] for t, k in
              (("contacts", "contact"), ("interactions", "call"))}
    # Ann merged L into S; her cache never had the call (the server moves it).
    merged = o.push(o.ann, tombstone(1, "accounts", loser, merged_into_id=s["id"]))
    assert applied(merged)
    assert _get(o, "accounts", loser["id"])["merged_into_id"] == s["id"]
    for table, key in (("contacts", "contact"), ("interactions", "call")):
        moved = _get(o, table, r[key]["id"])
        assert moved["account_id"] == s["id"] and moved["version"] > before[table]
    with o.db.read() as conn:
        assert [(x.table_name, x.loser_id.hex, x.survivor_id.hex)
                for x in conn.execute(select(merged_records))] == [
            ("accounts", loser["id"], s["id"])]
    # Bob, offline, edited L and logged a new call on it.
    late_call = row("interactions", account_id=loser["id"], subject="Late call")
    results = o.push(o.bob, edit(1, "accounts", loser["id"], {"notes": None},
                                 {"notes": "Bob's note"}),
                     create(2, "interactions", late_call),
                     tombstone(3, "accounts", {**loser, "notes": "Bob's note"}))
    assert applied(results)
    assert results[0]["redirected_to"] == s["id"]
    assert _get(o, "accounts", s["id"])["notes"] == "Bob's note"
    assert _get(o, "interactions", late_call["id"])["account_id"] == s["id"]
    tomb = _get(o, "accounts", loser["id"])
    assert tomb["deleted_at"] is not None and tomb["notes"] is None
    assert _get(o, "accounts", s["id"])["deleted_at"] is None  # his delete of L touched nothing


def test_edits_the_merger_had_not_seen_are_carried(office: Office) -> None:  # noqa: F811
    o = office
    r = _setup(o)
    s, loser = r["s"], r["l"]
    assert applied(o.push(o.root, edit(1, "accounts", s["id"], {"industry": None},
                                       {"industry": "Retail"})))
    # Bob edits L's website and industry; Ann's merge snapshot predates it.
    assert applied(o.push(o.bob, edit(1, "accounts", loser["id"],
                                      {"website": None, "industry": None},
                                      {"website": "https://acme.example",
                                       "industry": "Food"})))
    [result] = o.push(o.ann, tombstone(1, "accounts", loser, merged_into_id=s["id"]))
    assert result["status"] == "applied" and result["conflicts"] == 1
    survivor = _get(o, "accounts", s["id"])
    assert survivor["website"] == "https://acme.example"  # S had none: taken
    assert survivor["industry"] == "Retail"  # S had its own: kept, Bob's in a conflict
    [conflict] = [c for c in o.rows(o.root, "sync_conflicts") if c["row_id"] == s["id"]]
    assert (conflict["field"], conflict["lost_value"]) == ("industry", "Food")


def test_contact_and_lead_merges_rewrite_references(office: Office) -> None:  # noqa: F811
    o = office
    r = _setup(o)
    twin = row("contacts", account_id=r["s"]["id"])
    lead, dup = row("leads", owner_id=o.ann), row("leads", owner_id=o.ann, company="Dup")
    deal = row("opportunities", account_id=r["l"]["id"], source_lead_id=dup["id"],
               contact_id=r["contact"]["id"])
    assert applied(o.push(o.ann, create(1, "contacts", twin), create(2, "leads", lead),
                          create(3, "leads", dup), create(4, "opportunities", deal)))
    assert applied(o.push(o.ann,
                          tombstone(1, "contacts", r["contact"], merged_into_id=twin["id"]),
                          tombstone(2, "leads", dup, merged_into_id=lead["id"])))
    assert _get(o, "interactions", r["call"]["id"])["contact_id"] == twin["id"]
    stored = _get(o, "opportunities", deal["id"])
    assert (stored["contact_id"], stored["source_lead_id"]) == (twin["id"], lead["id"])
    follow = row("follow_ups", account_id=r["l"]["id"], contact_id=r["contact"]["id"],
                 title="Call back", due_date="2026-12-01")
    [late] = o.push(o.bob, create(1, "follow_ups", follow))
    assert late["status"] == "applied", late
    assert _get(o, "follow_ups", follow["id"])["contact_id"] == twin["id"]
    [lead_edit] = o.push(o.ann, edit(1, "leads", dup["id"], {"need": None}, {"need": "More"}))
    assert lead_edit["redirected_to"] == lead["id"]
    assert _get(o, "leads", lead["id"])["need"] == "More"


def test_hostile_merges_are_refused(office: Office) -> None:  # noqa: F811
    o = office
    r = _setup(o)
    s, loser = r["s"], r["l"]
    west = row("accounts", territory_id=o.west, name="Westco")
    third = row("accounts", territory_id=o.east, name="Third")
    assert applied(o.push(o.root, create(1, "accounts", west), create(2, "accounts", third)))
    attempts = {
        "self": tombstone(1, "accounts", loser, merged_into_id=loser["id"]),
        "nowhere": tombstone(2, "accounts", loser, merged_into_id="e" * 32),
        "outside": tombstone(3, "accounts", loser, merged_into_id=west["id"]),
        "alive": edit(4, "accounts", loser["id"], {"merged_into_id": None},
                      {"merged_into_id": s["id"]}),
        "new": create(5, "accounts", row("accounts", territory_id=o.east,
                                         merged_into_id=s["id"], deleted_at=STAMP)),
    }
    results = dict(zip(attempts, o.push(o.ann, *attempts.values()), strict=True))
    assert {k: v["status"] for k, v in results.items()} == dict.fromkeys(attempts, "rejected")
    assert "into itself" in results["self"]["reason"]
    assert "not on the server" in results["nowhere"]["reason"]
    assert "outside your territories" in results["outside"]["reason"]
    assert "tombstone" in results["alive"]["reason"]
    assert "already be on the server" in results["new"]["reason"]
    assert applied(o.push(o.ann, tombstone(1, "accounts", loser, merged_into_id=s["id"])))
    # The same merge again is a no-op; into another record, or back, is refused.
    again = o.push(o.bob, tombstone(1, "accounts", loser, merged_into_id=s["id"]),
                   tombstone(2, "accounts", loser, merged_into_id=third["id"]),
                   tombstone(3, "accounts", s, merged_into_id=loser["id"]))
    assert [x["status"] for x in again] == ["applied", "rejected", "rejected"]
    assert "already merged into another" in again[1]["reason"]
    assert "into itself" in again[2]["reason"]


def test_what_a_merge_changes_is_audited_as_the_merging_users(office: Office) -> None:  # noqa: F811
    from server.tables import audit_log

    o = office
    r = _setup(o)
    s, loser = r["s"], r["l"]
    assert applied(o.push(o.bob, edit(1, "accounts", loser["id"], {"website": None},
                                      {"website": "https://acme.example"})))
    assert applied(o.push(o.ann, tombstone(1, "accounts", loser, merged_into_id=s["id"])))
    with o.db.read() as conn:
        entries = {(e.table_name, e.row_id.hex): e for e in conn.execute(
            select(audit_log).where(audit_log.c.user_id == o.ann))}
    moved = entries[("contacts", r["contact"]["id"])]
    assert moved.changes == {"account_id": [loser["id"], s["id"]]}
    assert moved.account_id.hex == s["id"] and moved.decided == ["account_id"]
    call = entries[("interactions", r["call"]["id"])]
    assert call.changes == {"account_id": [loser["id"], s["id"]]}
    carried = entries[("accounts", s["id"])]
    assert carried.changes == {"website": [None, "https://acme.example"]}
    assert entries[("accounts", loser["id"])].op == "delete"
