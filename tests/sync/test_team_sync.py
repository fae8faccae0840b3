"""Team work through a real server (SQLite and PostgreSQL) into real caches: a
task handed to a colleague reaches the colleague and never another territory's
rep; a field note for "product" reaches a product reader in another territory;
what the server decides (who handed a task over, who wrote or answered a note)
is the server's; hostile changes are refused with their reasons."""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Any

from sqlalchemy import update

from desktop.services.field_notes import FieldNoteService
from desktop.services.tasks import TaskService
from server.rows import table_of
from tests.server import factories
from tests.sync.conftest import territory_id


def _ids(replica: Any, table: str) -> set[str]:
    return {r[0] for r in replica.rows(f"SELECT id FROM {table}")}  # noqa: S608


def _forge(replica: Any, table: str, row_id: str, changes: dict[str, Any],
           base: dict[str, Any] | None = None) -> None:
    """A change written straight into the outbox, as a tampered client would."""
    replica.client.local.conn.execute(
        "INSERT INTO sync_outbox(table_name, row_id, op, base, changes, created_at) VALUES "
        "(?, ?, 'upsert', ?, ?, '2026-11-02 09:00:00.000000')",
        (table, row_id, json.dumps(base) if base is not None else None, json.dumps(changes)))


def _rejected(replica: Any) -> list[str]:
    return [r[0] for r in replica.rows("SELECT reason FROM sync_rejected ORDER BY rowid")]


def _team(make_replica: Any, admin_db: Any) -> dict[str, Any]:
    boss_id = factories.user(admin_db, "boss", "manager")
    people = {
        "ann": make_replica("ann", user_id=factories.user(admin_db, "ann", "rep", ("EAST",),
                                                         manager=boss_id)),
        "bob": make_replica("bob", user_id=factories.user(admin_db, "bob", "rep", ("EAST",),
                                                         manager=boss_id)),
        "wes": make_replica("wes", ("WEST",)),
        "pat": make_replica("pat", ("WEST",)),  # reads product feedback
        "boss": make_replica("boss", user_id=boss_id),
    }
    with admin_db.write() as txn:
        users = table_of("users")
        txn.conn.execute(update(users).where(users.c.id == people["pat"].user_id)
                         .values(audiences=["product"], sync_version=txn.next_version()))
    for r in people.values():
        r.sync()
    return people


def test_a_task_reaches_the_colleague_and_not_another_territory(make_replica: Any,
                                                                admin_db: Any) -> None:
    team = _team(make_replica, admin_db)
    ann, bob, wes, boss = team["ann"], team["bob"], team["wes"], team["boss"]
    east = territory_id(ann, "EAST")
    account = ann.accounts.create_account({"name": "Eastco", "kind": "customer",
                                           "territory_id": east}).id
    follow_up = ann.history.add_follow_up(account, {"title": "Send the samples",
                                                    "due_date": date(2026, 12, 9)}).id
    assert ann.sync().rejected == 0

    # Ann hands it to Bob, who covers the account too.
    assert bob.user_id in [m.id for m in TaskService(ann.store, user_id=ann.user_id)
                           .candidates(account)]
    TaskService(ann.store, user_id=ann.user_id).assign(follow_up, bob.user_id)
    assert ann.sync().rejected == 0, _rejected(ann)
    for r in (bob, wes, boss):
        r.sync()
    [task] = TaskService(bob.store, user_id=bob.user_id).for_me()
    assert (task.id, task.assignee_id, task.assigned_by) == (follow_up, bob.user_id, ann.user_id)
    assert task.assigned_by_name == "Ann"
    assert [t.id for t in TaskService(ann.store, user_id=ann.user_id).given()] == [follow_up]
    assert follow_up.hex not in _ids(wes, "follow_ups")  # another territory: never
    assert [t.id for t in TaskService(boss.store, user_id=boss.user_id)
            .team(date(2026, 12, 31))] == [follow_up]  # the manager sees the team's

    # Bob hands it to Wes, who does not cover the account: refused with the reason.
    TaskService(bob.store, user_id=bob.user_id).assign(follow_up, wes.user_id)
    assert bob.sync().rejected == 1
    assert "does not cover this account" in _rejected(bob)[0]
    wes.sync()
    assert follow_up.hex not in _ids(wes, "follow_ups")

    # A forged "assigned_by" is a request: the server's value stays.
    _forge(ann, "follow_ups", follow_up.hex, {"assigned_by": wes.user_id.hex})
    assert ann.sync().rejected == 0
    bob.sync()
    assert bob.rows("SELECT assignee_id, assigned_by FROM follow_ups WHERE id = ?",
                    follow_up.hex) == [(bob.user_id.hex, ann.user_id.hex)]


def test_a_field_note_reaches_its_audience_and_answers_come_back(make_replica: Any,
                                                                 admin_db: Any) -> None:
    team = _team(make_replica, admin_db)
    ann, bob, wes, pat, boss = (team[k] for k in ("ann", "bob", "wes", "pat", "boss"))
    east = territory_id(ann, "EAST")
    account = ann.accounts.create_account({"name": "Eastco", "kind": "customer",
                                           "territory_id": east}).id
    notes = FieldNoteService(ann.store, user_id=ann.user_id)
    note = notes.flag(account, "product", "Pallet wrap tears",
                      "Three customers say the 18 in. wrap tears at the core.").id
    assert ann.sync().rejected == 0, _rejected(ann)
    for r in (bob, wes, pat, boss):
        r.sync()
    assert note.hex in _ids(pat, "field_notes")  # the product reader, in another territory
    assert account.hex not in _ids(pat, "accounts")  # ... without the account
    assert note.hex in _ids(bob, "field_notes")  # covers the account's territory
    assert note.hex in _ids(boss, "field_notes")  # the author's manager
    assert note.hex not in _ids(wes, "field_notes")
    [seen] = FieldNoteService(pat.store, user_id=pat.user_id).for_me()
    assert (seen.id, seen.author_id, seen.topic) == (note, ann.user_id, "Pallet wrap tears")
    assert pat.rows("SELECT territory_id FROM field_notes") == [(east.hex,)]

    # Pat answers and closes it; the answer goes back to Ann, signed by the server.
    FieldNoteService(pat.store, user_id=pat.user_id).respond(note, "Fixed in the next batch.",
                                                             close=True)
    assert pat.sync().rejected == 0, _rejected(pat)
    ann.sync()
    [mine] = FieldNoteService(ann.store, user_id=ann.user_id).written()
    assert (mine.status, mine.response, mine.responded_by) == (
        "closed", "Fixed in the next batch.", "Pat")

    # Hostile: a note signed with Ann's id by Wes; Pat rewriting what Ann said; Wes
    # answering a note he cannot see; a note with an audience that does not exist.
    forged = uuid.uuid4().hex
    _forge(wes, "field_notes", forged, {
        "author_id": ann.user_id.hex, "audience": "product", "topic": "Price",
        "body": "Too high", "noted_at": "2026-11-02 09:00:00.000000", "status": "open",
        "created_at": "2026-11-02 09:00:00.000000", "updated_at": "2026-11-02 09:00:00.000000"})
    _forge(wes, "field_notes", note.hex, {"response": "Mine now", "status": "closed"})
    assert wes.sync().rejected == 2
    assert "author is whoever sends it" in _rejected(wes)[0]
    assert "for other people" in _rejected(wes)[1]
    _forge(pat, "field_notes", note.hex, {"body": "Nothing to see"})
    _forge(pat, "field_notes", uuid.uuid4().hex, {
        "audience": "sales", "topic": "x", "body": "y", "noted_at": "2026-11-02 09:00:00.000000",
        "status": "open", "created_at": "2026-11-02 09:00:00.000000",
        "updated_at": "2026-11-02 09:00:00.000000"})
    assert pat.sync().rejected == 2
    assert "Only the note's author" in _rejected(pat)[0]
    assert "not an audience" in _rejected(pat)[1]
    ann.sync()
    assert ann.rows("SELECT body, author_id FROM field_notes") == [
        ("Three customers say the 18 in. wrap tears at the core.", ann.user_id.hex)]
