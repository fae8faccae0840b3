"""Leads: capture, status, assignment and conversion to account + contact + deal."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import text

from desktop.domain.schema import User
from desktop.services.container import Services
from desktop.services.validation import ValidationError
from tests.conftest import FIXED_NOW


def _rows(services: Services, sql: str, **params: object) -> list[tuple[object, ...]]:
    with services.store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql), params).all()]


def _lead(services: Services, **values: object) -> uuid.UUID:
    base: dict[str, object] = {
        "source": "web", "company": "Acme Feed Inc.", "first_name": "Jane", "last_name": "Doe",
        "phone": "(217) 555-0142", "email": "Jane@Acme-Feed.com", "budget": "25,000",
        "timing": "now", "need": "Three seed drills", "city": "Urbana", "region": "IL"}
    return services.leads.capture({**base, **values}).id


def _user(services: Services, name: str = "Rita Rep") -> uuid.UUID:
    row = User(id=uuid.uuid4(), created_at=FIXED_NOW, updated_at=FIXED_NOW, name=name,
               email=f"{name.split()[0].lower()}@example.com", role="rep")
    with services.store.unit_of_work() as uow:
        uow.session.add(row)
        uow.commit()
    return row.id


def test_capture_normalises_and_scores(services: Services) -> None:
    saved = services.leads.capture({"source": "referral", "company": " Acme ",
                                    "phone": "217.555.0142", "email": "A@B.COM",
                                    "budget": "$12,500.50", "timing": "quarter"})
    assert saved.changes.ids("leads") == {saved.id}
    (row,) = _rows(services, "SELECT company, phone, email, budget, status, country, "
                   "received_at, fit_score FROM leads")
    assert row[:6] == ("Acme", "+12175550142", "a@b.com", "12500.5", "new", "US")
    assert str(row[6]).startswith("2026-11-20 15:30")
    # referral 25 + quarter 18 + budget 10 + email 5 + phone 5 + company 5 + 12 (per 1000)
    assert row[7] == 80


def test_capture_refuses_what_cannot_be_kept(services: Services) -> None:
    with pytest.raises(ValidationError) as err:
        services.leads.capture({"source": "web", "email": "x@y.com"})
    assert "company" in err.value.errors
    with pytest.raises(ValidationError) as err:
        services.leads.capture({"source": "radio", "company": "A", "budget": "lots",
                                "phone": "12", "email": "nope"})
    assert set(err.value.errors) == {"source", "budget", "phone", "email"}
    assert _rows(services, "SELECT count(*) FROM leads") == [(0,)]


def test_capture_phone_in_the_leads_country(services: Services) -> None:
    services.leads.capture({"source": "phone", "company": "Müller GmbH", "country": "DE",
                            "phone": "030 1234567"})
    assert _rows(services, "SELECT phone FROM leads") == [("+49301234567",)]


def test_status_disqualify_needs_a_reason(services: Services) -> None:
    lead = _lead(services)
    with pytest.raises(ValidationError):
        services.leads.set_status(lead, "disqualified")
    with pytest.raises(ValidationError):
        services.leads.set_status(lead, "converted")
    services.leads.set_status(lead, "disqualified", "  no budget this year ")
    assert _rows(services, "SELECT status, disqualified_reason FROM leads") == [
        ("disqualified", "no budget this year")]
    services.leads.set_status(lead, "working")
    assert _rows(services, "SELECT status, disqualified_reason FROM leads") == [
        ("working", None)]


def test_assign_and_unassign(services: Services) -> None:
    lead = _lead(services, owner_id=None)
    assert _rows(services, "SELECT owner_id FROM leads") == [(None,)]
    rep = _user(services)
    changes = services.leads.assign(lead, rep)
    assert changes.ids("leads") == {lead}
    assert _rows(services, "SELECT owner_id FROM leads") == [(rep.hex,)]
    with pytest.raises(ValidationError):
        services.leads.assign(lead, uuid.uuid4())


def test_update_rescores(services: Services) -> None:
    lead = _lead(services, budget=None, timing="unknown")
    before = _rows(services, "SELECT fit_score FROM leads")[0][0]
    services.leads.update(lead, {"timing": "now", "budget": "50000"})
    after = _rows(services, "SELECT fit_score, timing, budget FROM leads")[0]
    assert after[1:] == ("now", "50000")
    assert isinstance(before, int) and after[0] == min(100, before + 25 + 10 + 20)


def test_convert_makes_one_account_contact_and_opportunity(services: Services) -> None:
    lead = _lead(services)
    done = services.leads.convert(lead)
    assert _rows(services, "SELECT count(*) FROM accounts") == [(1,)]
    assert _rows(services, "SELECT count(*) FROM contacts") == [(1,)]
    assert _rows(services, "SELECT count(*) FROM opportunities") == [(1,)]
    assert {t for t, _id in done.created} == {"accounts", "contacts", "opportunities"}
    (acc,) = _rows(services, "SELECT id, name, phone, billing_city, status FROM accounts")
    assert acc == (done.account_id.hex, "Acme Feed Inc.", "+12175550142", "Urbana", "prospect")
    (contact,) = _rows(services, "SELECT account_id, first_name, last_name, email, work_phone "
                       "FROM contacts")
    assert contact == (done.account_id.hex, "Jane", "Doe", "jane@acme-feed.com",
                       "+12175550142")
    (opp,) = _rows(services, "SELECT id, account_id, contact_id, amount, stage, close_date, "
                   "source_lead_id, outcome FROM opportunities")
    assert opp[:4] == (done.opportunity_id.hex if done.opportunity_id else None,
                       done.account_id.hex, done.contact_id.hex if done.contact_id else None,
                       "25000")
    assert opp[4] == "prospecting"  # the first open stage (defaults: none synced)
    assert opp[5] == str(FIXED_NOW.date() + timedelta(days=30)) and opp[6:] == (lead.hex, "open")
    assert _rows(services, "SELECT from_stage, to_stage, amount FROM opportunity_stage_changes"
                 ) == [(None, "prospecting", "25000")]
    (row,) = _rows(services, "SELECT status, converted_account_id, converted_contact_id, "
                   "converted_opportunity_id, converted_at FROM leads")
    assert row[:4] == ("converted", done.account_id.hex,
                       done.contact_id.hex if done.contact_id else None,
                       done.opportunity_id.hex if done.opportunity_id else None)
    assert str(row[4]).startswith("2026-11-20 15:30")
    assert done.changes.ids("leads") == {lead}
    with pytest.raises(ValidationError):
        services.leads.convert(lead)
    assert _rows(services, "SELECT count(*) FROM accounts") == [(1,)]
    assert _rows(services, "SELECT count(*) FROM opportunities") == [(1,)]


def test_convert_onto_an_existing_account_and_contact(services: Services) -> None:
    acc = services.accounts.create_account({"name": "Acme Feed"}).id
    jane = services.accounts.add_contact(acc, {"first_name": "Jane", "last_name": "Doe"}).id
    lead = _lead(services)
    done = services.leads.convert(lead, account_id=acc, contact_id=jane,
                                  close_date=date(2027, 3, 31), opportunity_name="Drills")
    assert (done.account_id, done.contact_id) == (acc, jane)
    assert [t for t, _id in done.created] == ["opportunities"]
    assert _rows(services, "SELECT count(*) FROM accounts") == [(1,)]
    assert _rows(services, "SELECT count(*) FROM contacts") == [(1,)]
    assert _rows(services, "SELECT name, close_date, amount FROM opportunities") == [
        ("Drills", "2027-03-31", "25000")]


def test_convert_onto_an_existing_account_with_a_new_contact(services: Services) -> None:
    acc = services.accounts.create_account({"name": "Acme Feed"}).id
    other = services.accounts.create_account({"name": "Other"}).id
    stranger = services.accounts.add_contact(other, {"first_name": "A", "last_name": "B"}).id
    lead = _lead(services, budget=None)
    with pytest.raises(ValidationError):
        services.leads.convert(lead, account_id=acc, contact_id=stranger)
    done = services.leads.convert(lead, account_id=acc, opportunity=False)
    assert done.opportunity_id is None and [t for t, _ in done.created] == ["contacts"]
    assert _rows(services, "SELECT count(*) FROM contacts WHERE account_id = :a",
                 a=acc.hex) == [(1,)]
    assert _rows(services, "SELECT count(*) FROM opportunities") == [(0,)]


def test_convert_uses_the_stages_in_the_cache(services: Services) -> None:
    from desktop.domain.schema.pipeline import OpportunityStage

    with services.store.unit_of_work() as uow:
        for key, pos, kind in (("won", 1, "won"), ("discover", 3, "open"), ("qualify", 2, "open")):
            uow.session.add(OpportunityStage(
                id=uuid.uuid4(), created_at=FIXED_NOW, updated_at=FIXED_NOW, key=key,
                name=key.title(), position=pos, probability=Decimal("0.2"), kind=kind))
        uow.commit()
    services.leads.convert(_lead(services))
    assert _rows(services, "SELECT stage FROM opportunities") == [("qualify",)]
