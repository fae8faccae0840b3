"""Merging duplicates: every child moves to the survivor, the loser becomes a
tombstone naming it, the rep's field choices land on the survivor, and every
moved row is an edit waiting for sync."""

from __future__ import annotations

import sqlite3
import uuid
from typing import Any

import pytest
from sqlalchemy import JSON, Boolean, Date, Float, Integer, Uuid

from desktop.domain.schema.base import Base, Money, UTCDateTime, account_children
from desktop.services.base import NotFound
from desktop.services.container import Services
from desktop.services.validation import ValidationError

STAMP = "2026-11-20 15:30:00.000000"
# Plain-id links (no foreign key), written out here rather than read from the service.
PLAIN = {
    "accounts": [("accounts", "broker_id"), ("accounts", "parent_id"),
                 ("leads", "referrer_account_id"), ("leads", "converted_account_id"),
                 ("opportunities", "broker_id"), ("orders", "broker_id")],
    "contacts": [("leads", "referrer_contact_id"), ("leads", "converted_contact_id"),
                 ("event_attendees", "contact_id")],
    "leads": [("event_attendees", "lead_id"), ("opportunities", "source_lead_id")],
}


def _links(table: str) -> list[tuple[str, str]]:
    """Every column that names a row of ``table``, found independently of the service."""
    found = [(child, "account_id") for child in account_children()] if table == "accounts" else []
    for t in Base.metadata.sorted_tables:
        for column in t.columns:
            named = any(fk.column.table.name == table for fk in column.foreign_keys)
            if named and (t.name, column.name) not in found:
                found.append((t.name, column.name))
    return found + [p for p in PLAIN[table] if p not in found]


def _dummy(column: Any) -> Any:
    kind = column.type
    if isinstance(kind, Uuid):
        return uuid.uuid4().hex
    if isinstance(kind, UTCDateTime):
        return STAMP
    if isinstance(kind, Date):
        return "2026-11-20"
    if isinstance(kind, Money):
        return "1"
    if isinstance(kind, JSON):
        return "[]"
    if isinstance(kind, Boolean | Integer):
        return 0
    if isinstance(kind, Float):
        return 0.0
    length = getattr(kind, "length", None) or 40
    return uuid.uuid4().hex[:min(length, 12)]  # unique where a constraint asks for it


def _insert(conn: sqlite3.Connection, table: str, **values: Any) -> str:
    """A row with every required column filled (foreign keys off: this is a fixture)."""
    row: dict[str, Any] = {"id": uuid.uuid4().hex, "created_at": STAMP, "updated_at": STAMP}
    for column in Base.metadata.tables[table].columns:
        if column.name not in row and not column.nullable and column.server_default is None:
            row[column.name] = _dummy(column)
    row.update(values)
    names = ", ".join(row)
    conn.execute(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(row))})",
                 list(row.values()))
    return str(row["id"])


def _counts(conn: sqlite3.Connection, links: list[tuple[str, str]], row_id: uuid.UUID
            ) -> dict[str, int]:
    return {f"{t}.{c}": conn.execute(f"SELECT count(*) FROM {t} WHERE {c} = ? AND "
                                     "deleted_at IS NULL", (row_id.hex,)).fetchone()[0]
            for t, c in links}


def _raw(services: Services) -> sqlite3.Connection:
    conn = sqlite3.connect(services.store.path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys=OFF")
    return conn


def test_merging_accounts_moves_every_child(services: Services) -> None:
    survivor = services.accounts.create_account({"name": "Acme Inc.", "billing_city": "Urbana"}).id
    loser = services.accounts.create_account({
        "name": "ACME, LLC", "phone": "(217) 555-0199", "billing_city": "Champaign"}).id
    links = _links("accounts")
    assert len(links) >= 20  # contacts, history, proposals, orders, deals, ... and links
    conn = _raw(services)
    for n, (table, column) in enumerate(links):
        for owner in (loser, loser, survivor):
            _insert(conn, table, **{column: owner.hex})
        if n == 0:  # a deleted child stays where it was
            _insert(conn, table, **{column: loser.hex, "deleted_at": STAMP})
    before_s, before_l = _counts(conn, links, survivor), _counts(conn, links, loser)
    assert all(v == 2 for v in before_l.values()) and all(v == 1 for v in before_s.values())
    outbox_before = conn.execute("SELECT count(*) FROM sync_outbox").fetchone()[0]

    preview = services.merge.preview("accounts", survivor, loser)
    assert preview.children == before_l
    names = {f.name: f for f in preview.fields}
    assert (names["phone"].survivor, names["phone"].loser) == (None, "+12175550199")
    done = services.merge.merge("accounts", survivor, loser,
                                {"phone": "loser", "billing_city": "survivor"})

    after_s, after_l = _counts(conn, links, survivor), _counts(conn, links, loser)
    assert after_l == {k: 0 for k in before_l}
    expected = {k: before_s[k] + before_l[k] for k in before_s}
    expected["record_merges.account_id"] += 1  # this merge's own record
    assert after_s == expected
    assert done.moved == before_l
    first = f"{links[0][0]}.{links[0][1]}"
    assert conn.execute(f"SELECT count(*) FROM {links[0][0]} WHERE {links[0][1]} = ?",
                        (loser.hex,)).fetchone()[0] == 1, first  # the deleted one
    acc = conn.execute("SELECT name, phone, billing_city, deleted_at IS NOT NULL, merged_into_id "
                       "FROM accounts WHERE id = ?", (survivor.hex,)).fetchone()
    assert acc == ("Acme Inc.", "+12175550199", "Urbana", 0, None)
    gone = conn.execute("SELECT deleted_at IS NOT NULL, merged_into_id FROM accounts "
                        "WHERE id = ?", (loser.hex,)).fetchone()
    assert gone == (1, survivor.hex)
    record = conn.execute("SELECT account_id, table_name, survivor_id, loser_id, chosen "
                          "FROM record_merges WHERE id = ?",
                          (done.merge_id.hex if done.merge_id else "",)).fetchone()
    assert record[:4] == (survivor.hex, "accounts", survivor.hex, loser.hex)
    assert '"phone": "loser"' in record[4]
    moved = sum(before_l.values())
    outbox_after = conn.execute("SELECT count(*) FROM sync_outbox").fetchone()[0]
    assert outbox_after - outbox_before == moved + 3  # the moved rows, both accounts, the merge
    assert done.changes.ids("accounts") >= {survivor, loser}


def test_merging_contacts_moves_their_history(services: Services) -> None:
    acc = services.accounts.create_account({"name": "Acme"}).id
    keep = services.accounts.add_contact(acc, {"first_name": "Jane", "last_name": "Doe"}).id
    dup = services.accounts.add_contact(acc, {"first_name": "Jane", "last_name": "Doe",
                                              "email": "jane@acme.com"}).id
    links = _links("contacts")
    assert ("interactions", "contact_id") in links and ("follow_ups", "contact_id") in links
    conn = _raw(services)
    for table, column in links:
        _insert(conn, table, **{column: dup.hex, "account_id": acc.hex}
                if "account_id" in Base.metadata.tables[table].c else {column: dup.hex})
    before = _counts(conn, links, dup)
    done = services.merge.merge("contacts", keep, dup, {"email": "loser"})
    assert _counts(conn, links, dup) == {k: 0 for k in before}
    assert _counts(conn, links, keep) == before and done.moved == before
    assert conn.execute("SELECT email FROM contacts WHERE id = ?", (keep.hex,)).fetchone() == (
        "jane@acme.com",)
    assert conn.execute("SELECT merged_into_id, deleted_at IS NOT NULL FROM contacts "
                        "WHERE id = ?", (dup.hex,)).fetchone() == (keep.hex, 1)
    assert done.merge_id is not None


def test_merging_leads(services: Services) -> None:
    keep = services.leads.capture({"source": "web", "company": "Zephyr"}).id
    dup = services.leads.capture({"source": "event", "company": "Zephyr Ltd",
                                  "email": "x@zephyr.com", "budget": "900"}).id
    conn = _raw(services)
    for table, column in _links("leads"):
        _insert(conn, table, **{column: dup.hex})
    done = services.merge.merge("leads", keep, dup, {"email": "loser", "budget": "loser"})
    assert _counts(conn, _links("leads"), keep) == {
        "event_attendees.lead_id": 1, "opportunities.source_lead_id": 1}
    assert conn.execute("SELECT email, budget FROM leads WHERE id = ?", (keep.hex,)
                        ).fetchone() == ("x@zephyr.com", "900")
    assert done.merge_id is None  # a lead never converted has no account to carry the record
    assert services.lead_list.row(dup) is None


def test_merge_refuses_nonsense(services: Services) -> None:
    a = services.accounts.create_account({"name": "A"}).id
    b = services.accounts.create_account({"name": "B"}).id
    with pytest.raises(ValidationError):
        services.merge.merge("accounts", a, a, {})
    with pytest.raises(ValueError):
        services.merge.merge("accounts", a, b, {"name": "both"})
    with pytest.raises(ValueError):
        services.merge.merge("orders", a, b, {})
    services.merge.merge("accounts", a, b, {})
    with pytest.raises(NotFound):  # merged away: a tombstone
        services.merge.merge("accounts", a, b, {})
