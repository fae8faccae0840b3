"""Invariant 1: an edit and its outbox entry commit in one local transaction."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest

from desktop.services.container import Services
from desktop.services.validation import ValidationError
from tests.conftest import FIXED_NOW


def _outbox(services: Services) -> list[tuple[str, str, str, dict | None, dict]]:
    rows = services.store.reads().execute(
        "SELECT table_name, row_id, op, base, changes FROM sync_outbox ORDER BY seq").fetchall()
    return [(t, r, o, json.loads(b) if b else None, json.loads(c)) for t, r, o, b, c in rows]


def test_create_records_every_wire_field(services: Services) -> None:
    saved = services.accounts.create_account({"name": "Acme", "kind": "customer"})
    [(table, row_id, op, base, changes)] = _outbox(services)
    assert (table, row_id, op, base) == ("accounts", saved.id.hex, "upsert", None)
    assert changes["name"] == "Acme" and changes["id"] == saved.id.hex
    assert "last_contact_at" not in changes  # local caches stay off the wire
    assert changes["created_at"] == "2026-11-20 15:30:00.000000"


def test_update_records_old_and_new_values_of_changed_fields_only(services: Services) -> None:
    saved = services.accounts.create_account({"name": "Acme", "kind": "customer"})
    services.accounts.session.clock = lambda: FIXED_NOW + timedelta(minutes=5)
    services.accounts.update_account(saved.id, {"name": "Acme Corp", "tier": "A"})
    table, row_id, op, base, changes = _outbox(services)[1]
    assert op == "upsert"
    assert base == {"name": "Acme", "tier": None, "updated_at": "2026-11-20 15:30:00.000000"}
    assert changes == {"name": "Acme Corp", "tier": "A",
                       "updated_at": "2026-11-20 15:35:00.000000"}


def test_tombstone_is_a_delete_carrying_the_row_as_seen(services: Services) -> None:
    acc = services.accounts.create_account({"name": "Acme", "kind": "customer"}).id
    services.history.session.clock = lambda: FIXED_NOW + timedelta(hours=1)
    call = services.history.log_interaction(acc, {
        "channel": "phone", "subject": "Intro", "occurred_at": FIXED_NOW}).id
    services.history.delete_interaction(call)
    table, row_id, op, base, changes = _outbox(services)[-1]
    assert (table, row_id, op) == ("interactions", call.hex, "delete")
    assert base is not None and base["subject"] == "Intro" and base["deleted_at"] is None
    assert changes["deleted_at"] == "2026-11-20 16:30:00.000000"


def test_failed_edit_leaves_no_outbox_entry(services: Services) -> None:
    saved = services.accounts.create_account({"name": "Acme", "kind": "customer"})
    with pytest.raises(ValidationError):
        services.accounts.update_account(saved.id, {"phone": "not a phone"})
    assert len(_outbox(services)) == 1


def test_edit_and_outbox_roll_back_together(services: Services) -> None:
    """A crash between the row write and the commit leaves neither."""
    from desktop.domain.schema import Account

    with services.store.unit_of_work() as uow:
        account = Account(id=uuid.uuid4(), name="Ghost", kind="customer",
                          created_at=FIXED_NOW, updated_at=FIXED_NOW)
        uow.session.add(account)
        uow.session.flush()
        count = uow.session.connection().exec_driver_sql(
            "SELECT count(*) FROM sync_outbox").scalar()
        assert count == 1  # written by the same flush, inside the transaction
        uow.rollback()
    reads = services.store.reads()
    assert reads.execute("SELECT count(*) FROM accounts").fetchone()[0] == 0
    assert reads.execute("SELECT count(*) FROM sync_outbox").fetchone()[0] == 0
