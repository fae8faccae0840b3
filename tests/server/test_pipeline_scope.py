"""Who sees and writes the pipeline's rows, on SQLite and PostgreSQL: leads by
assignment, events by territory, quotas by the rep's manager, the shared library."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest

from server import blobs
from server.db import Database
from server.pull import pull as pull_page
from server.push import push
from tests.server import factories
from tests.server.pipeline_rows import create, edit, row

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@dataclass
class Office:
    db: Database
    root: uuid.UUID
    boss: uuid.UUID  # manages ann and bob
    ann: uuid.UUID
    bob: uuid.UUID
    wes: uuid.UUID  # WEST, nobody's team
    east: uuid.UUID
    west: uuid.UUID

    def push(self, user: uuid.UUID, *mutations: dict[str, Any]) -> list[dict[str, Any]]:
        return push(self.db, user, uuid.uuid4(), list(mutations), NOW)["results"]

    def rows(self, user: uuid.UUID, table: str) -> list[dict[str, Any]]:
        page = json.loads(pull_page(self.db, user, 0, 10_000))
        part = page["tables"].get(table)
        if not part:
            return []
        return [dict(zip(["version", *part["fields"]], r, strict=True)) for r in part["rows"]]

    def ids(self, user: uuid.UUID, table: str) -> set[str]:
        return {r["id"] for r in self.rows(user, table)}


@pytest.fixture
def office(server_db: Database) -> Office:
    boss = factories.user(server_db, "boss", "manager")
    return Office(
        server_db, factories.user(server_db, "root", "admin"), boss,
        factories.user(server_db, "ann", "rep", ("EAST",), manager=boss),
        factories.user(server_db, "bob", "rep", ("EAST",), manager=boss),
        factories.user(server_db, "wes", "rep", ("WEST",)),
        factories.territory(server_db, "EAST"), factories.territory(server_db, "WEST"))


def applied(results: list[dict[str, Any]]) -> bool:
    return all(r["status"] == "applied" for r in results)


def test_leads_are_seen_by_their_owner_and_unassigned_ones_by_the_manager(
        office: Office) -> None:
    o = office
    leads = {name: row("leads", **values) for name, values in {
        "ann's": {"owner_id": o.ann, "territory_id": o.east},
        "bob's": {"owner_id": o.bob, "territory_id": o.east},
        "east pool": {"territory_id": o.east},
        "no territory": {},
        "west pool": {"territory_id": o.west},
        "wes's": {"owner_id": o.wes, "territory_id": o.west},
    }.items()}
    assert applied(o.push(o.root, *[create(i, "leads", r)
                                    for i, r in enumerate(leads.values(), 1)]))
    seen = {user: {n for n, r in leads.items() if r["id"] in o.ids(user, "leads")}
            for user in (o.ann, o.bob, o.boss, o.wes, o.root)}
    assert seen[o.ann] == {"ann's"}  # not bob's lead, though it is in her territory
    assert seen[o.bob] == {"bob's"}
    assert seen[o.boss] == {"ann's", "bob's", "east pool", "no territory"}
    assert seen[o.wes] == {"wes's"}
    assert seen[o.root] == set(leads)


def test_only_a_manager_assigns_leads(office: Office) -> None:
    o = office
    mine = row("leads")  # no owner: a rep's new lead becomes the rep's
    for_bob = row("leads", owner_id=o.bob)
    pool = row("leads", territory_id=o.east)
    assert applied(o.push(o.ann, create(1, "leads", mine)))
    assert applied(o.push(o.root, create(1, "leads", pool)))
    [stored] = o.rows(o.ann, "leads")
    assert stored["owner_id"] == o.ann.hex
    results = o.push(o.ann, create(1, "leads", for_bob),
                     edit(2, "leads", mine["id"], {"owner_id": o.ann}, {"owner_id": o.bob}),
                     edit(3, "leads", mine["id"], {"owner_id": o.ann}, {"owner_id": None}),
                     edit(4, "leads", pool["id"], {"owner_id": None}, {"owner_id": o.ann}))
    assert [r["status"] for r in results] == ["rejected"] * 4
    assert all("manager" in r["reason"] or "another rep" in r["reason"] for r in results)
    assert "Only a manager can assign" in results[0]["reason"]
    # Bob cannot touch Ann's lead; the manager assigns the pool lead to Bob.
    [refused] = o.push(o.bob, edit(1, "leads", mine["id"], {"need": None}, {"need": "x"}))
    assert "assigned to another rep" in refused["reason"]
    assert applied(o.push(o.boss, edit(1, "leads", pool["id"], {"owner_id": None},
                                       {"owner_id": o.bob})))
    assert o.ids(o.bob, "leads") == {pool["id"]}
    [outside] = o.push(o.boss, edit(1, "leads", pool["id"], {"owner_id": o.bob},
                                    {"owner_id": o.wes}))
    assert outside["status"] == "rejected" and "another rep" in outside["reason"]


def test_events_by_territory_and_attendees_carry_their_event(office: Office) -> None:
    o = office
    event = row("events", owner_id=o.ann, territory_id=o.east)
    good = row("event_attendees", event_id=event["id"], owner_id=o.ann, territory_id=o.east)
    wrong_owner = row("event_attendees", event_id=event["id"], owner_id=o.bob,
                      territory_id=o.east)
    assert applied(o.push(o.ann, create(1, "events", event), create(2, "event_attendees", good)))
    [refused] = o.push(o.bob, create(1, "event_attendees", wrong_owner))
    assert refused["status"] == "rejected"
    assert "its event's owner and territory" in refused["reason"]
    assert o.ids(o.bob, "events") == {event["id"]}  # same territory: events are shared
    assert o.ids(o.wes, "events") == set() and o.ids(o.wes, "event_attendees") == set()
    [outside] = o.push(o.wes, create(1, "events", row("events", owner_id=o.wes,
                                                      territory_id=o.east)))
    assert outside["status"] == "applied"  # his own event, even in another territory
    # Handed to Bob: its attendees follow on the server, new versions and all.
    assert applied(o.push(o.ann, edit(1, "events", event["id"], {"owner_id": o.ann},
                                      {"owner_id": o.bob})))
    [moved] = o.rows(o.bob, "event_attendees")
    assert (moved["id"], moved["owner_id"]) == (good["id"], o.bob.hex)
    [foreign] = o.push(o.wes, create(1, "events", row("events", owner_id=o.ann,
                                                      territory_id=o.east)))
    assert foreign["status"] == "rejected"


def test_quotas_are_set_by_the_reps_manager(office: Office) -> None:
    o = office
    quota = row("quotas", owner_id=o.ann)
    [own] = o.push(o.ann, create(1, "quotas", quota))
    assert own["status"] == "rejected" and "manager" in own["reason"]
    [foreign] = o.push(o.boss, create(1, "quotas", row("quotas", owner_id=o.wes)))
    assert foreign["status"] == "rejected"
    assert applied(o.push(o.boss, create(1, "quotas", quota)))
    [change] = o.push(o.ann, edit(1, "quotas", quota["id"], {"target": "100000"},
                                  {"target": "1"}))
    assert change["status"] == "rejected" and "manager" in change["reason"]
    assert applied(o.push(o.root, create(1, "quotas", row("quotas", owner_id=o.wes))))
    assert o.ids(o.ann, "quotas") == {quota["id"]}
    assert o.ids(o.bob, "quotas") == set() and len(o.ids(o.wes, "quotas")) == 1


def test_sales_materials_are_shared_and_changed_by_who_added_them(office: Office) -> None:
    o = office
    data = b"%PDF brochure"
    sha = hashlib.sha256(data).hexdigest()  # she uploads the file before naming it
    blobs.put_chunk(o.db, sha, len(data), 0, data, sha, o.ann, NOW, seen=False)
    material = row("sales_materials", added_by=o.wes,  # a request: the server sets it
                   sha256=sha, size=len(data))
    assert applied(o.push(o.ann, create(1, "sales_materials", material)))
    [stored] = o.rows(o.wes, "sales_materials")
    assert stored["added_by"] == o.ann.hex
    [refused] = o.push(o.wes, edit(1, "sales_materials", material["id"],
                                   {"title": "Brochure"}, {"title": "Mine"}))
    assert refused["status"] == "rejected" and "added" in refused["reason"]
    assert applied(o.push(o.ann, edit(1, "sales_materials", material["id"],
                                      {"title": "Brochure"}, {"title": "Brochure 2027"})))
    assert applied(o.push(o.root, edit(1, "sales_materials", material["id"],
                                       {"deleted_at": None}, {"deleted_at": NOW.strftime(
                                           "%Y-%m-%d %H:%M:%S.%f")})))


def test_stages_and_weights_are_for_administrators(office: Office) -> None:
    o = office
    stage = row("opportunity_stages", key="demo", name="Demo")
    weight = row("lead_score_weights", factor="source:web")
    results = o.push(o.boss, create(1, "opportunity_stages", stage),
                     create(2, "lead_score_weights", weight))
    assert [r["status"] for r in results] == ["rejected", "rejected"]
    assert applied(o.push(o.root, create(1, "opportunity_stages", stage),
                          create(2, "lead_score_weights", weight)))
    assert o.ids(o.ann, "opportunity_stages") == {stage["id"]}


def test_a_rep_never_receives_another_territorys_leads_or_opportunities(
        office: Office) -> None:
    o = office
    west_account = row("accounts", territory_id=o.west, name="Westco")
    east_account = row("accounts", territory_id=o.east, name="Eastco")
    deals = [row("opportunities", account_id=a["id"]) for a in (west_account, east_account)]
    assert applied(o.push(o.root, create(1, "accounts", west_account),
                          create(2, "accounts", east_account),
                          create(3, "opportunities", deals[0]),
                          create(4, "opportunities", deals[1]),
                          create(5, "leads", row("leads", owner_id=o.wes,
                                                 territory_id=o.west)),
                          create(6, "leads", row("leads", territory_id=o.west))))
    assert o.ids(o.ann, "opportunities") == {deals[1]["id"]}
    assert o.ids(o.wes, "opportunities") == {deals[0]["id"]}
    assert o.ids(o.ann, "leads") == set()
    # Nor can she write one there.
    [refused] = o.push(o.ann, create(1, "opportunities",
                                     row("opportunities", account_id=west_account["id"])))
    assert refused["status"] == "rejected" and "outside your territories" in refused["reason"]
