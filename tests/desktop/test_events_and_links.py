"""Events (attendees copy the event's owner and territory; the return on an
event) and account links (broker kinds, parents without cycles, the
hierarchy read; currency and locale checked with babel)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal as D

import pytest

from desktop.domain.schema import Territory, User
from desktop.domain.schema.pipeline import Lead
from desktop.services.container import Services
from desktop.services.validation import ValidationError
from tests.conftest import FIXED_NOW
from tests.desktop.test_opportunities import seed_stages


def _users(services: Services) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
    rep, other, territory = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    with services.store.unit_of_work() as uow:
        uow.session.add(Territory(id=territory, code="NE", name="North-East",
                                  created_at=FIXED_NOW, updated_at=FIXED_NOW))
        uow.session.flush()
        for uid, name in ((rep, "Ann Rep"), (other, "Bob Rep")):
            uow.session.add(User(id=uid, name=name, email=f"{uid.hex[:6]}@example.com",
                                 territory_id=territory, created_at=FIXED_NOW,
                                 updated_at=FIXED_NOW))
        uow.commit()
    services.set_current_user(rep)
    return rep, other, territory


def test_event_attendees_and_return(services: Services) -> None:
    seed_stages(services)
    rep, other, territory = _users(services)
    events = services.events
    with pytest.raises(ValidationError) as bad:
        events.create({"name": "", "starts_on": date(2026, 12, 9), "ends_on": date(2026, 12, 8),
                       "kind": "party", "cost": "-1", "currency": "EURO"})
    assert set(bad.value.errors) == {"name", "ends_on", "kind", "cost", "currency"}
    show = events.create({"name": "PackExpo", "kind": "trade_show",
                          "starts_on": date(2026, 12, 9), "cost": "2000",
                          "staff": [rep, other], "city": "Chicago"}).id
    account = services.accounts.create_account({"name": "Acme"}).id
    contact = services.accounts.add_contact(account, {"first_name": "Al", "last_name": "Ray"}).id
    lead = uuid.uuid4()
    with services.store.unit_of_work() as uow:
        uow.session.add(Lead(id=lead, source="event", company="Leadco", first_name="Lu",
                             last_name="Lee", event_id=show, received_at=FIXED_NOW,
                             created_at=FIXED_NOW, updated_at=FIXED_NOW))
        uow.commit()
    first = events.add_attendee(show, contact_id=contact).id
    events.add_attendee(show, lead_id=lead, status="attended")
    with pytest.raises(ValidationError, match="Already"):
        events.add_attendee(show, contact_id=contact)
    with pytest.raises(ValidationError, match="contact or a lead"):
        events.add_attendee(show)
    events.set_attendee_status(first, "no_show")
    rows = events.attendees(show)
    assert [(r.name, r.company, r.status) for r in rows] == [
        ("Al Ray", "Acme", "no_show"), ("Lu Lee", "Leadco", "attended")]
    stored = services.store.reads().execute(
        "SELECT DISTINCT owner_id, territory_id FROM event_attendees").fetchall()
    assert stored == [(rep.hex, territory.hex)]
    events.update(show, {"owner_id": other})  # the attendees follow the event
    assert services.store.reads().execute(
        "SELECT DISTINCT owner_id FROM event_attendees").fetchall() == [(other.hex,)]
    [row] = events.rows()
    assert (row.name, row.attendees, set(row.staff)) == ("PackExpo", 2, {rep, other})

    opps = services.opportunities
    opps.create({"account_id": account, "name": "Open", "amount": "1000", "currency": "USD",
                 "stage": "proposal", "close_date": date(2027, 2, 1), "event_id": show})
    won = opps.create({"account_id": account, "name": "Won", "amount": "3000",
                       "currency": "USD", "close_date": date(2027, 1, 1),
                       "source_lead_id": lead}).id
    opps.mark_won(won)
    opps.create({"account_id": account, "name": "Elsewhere", "amount": "99",
                 "close_date": date(2027, 1, 1)})
    back = events.return_on(show)
    assert (back.open_deals, back.pipeline, back.weighted) == (1, D(1000), D(600))
    assert (back.won_deals, back.won, back.cost, back.leads) == (1, D(3000), D(2000), 1)
    assert back.roi == D("0.5")


def test_broker_parent_currency_and_locale(services: Services) -> None:
    _users(services)
    accounts = services.accounts
    top = accounts.create_account({"name": "Holding", "currency": "eur",
                                   "locale": "de-DE"}).id
    row = services.store.reads().execute("SELECT currency, locale FROM accounts WHERE id = ?",
                                         (top.hex,)).fetchone()
    assert row == ("EUR", "de_DE")
    with pytest.raises(ValidationError) as bad:
        accounts.create_account({"name": "X", "currency": "EURO", "locale": "xx_YY"})
    assert set(bad.value.errors) == {"currency", "locale"}
    with pytest.raises(ValidationError, match="required"):
        accounts.update_account(top, {"currency": ""})
    middle = accounts.create_account({"name": "Division", "parent_id": top}).id
    leaf = accounts.create_account({"name": "Plant", "parent_id": middle}).id
    with pytest.raises(ValidationError, match="cannot be its parent"):
        accounts.update_account(top, {"parent_id": leaf})
    with pytest.raises(ValidationError, match="cannot be its parent"):
        accounts.update_account(top, {"parent_id": top})
    broker = accounts.create_account({"name": "Brokers & Co", "kind": "partner"}).id
    with pytest.raises(ValidationError, match="not a broker"):
        accounts.update_account(leaf, {"broker_id": middle})
    accounts.update_account(leaf, {"broker_id": broker})
    tree = accounts.hierarchy(leaf)
    assert [a.name for a in tree.ancestors] == ["Division", "Holding"]
    assert tree.broker is not None and tree.broker.name == "Brokers & Co"
    assert [c.name for c in accounts.hierarchy(top).children] == ["Division"]
    assert [c.name for c in accounts.hierarchy(broker).clients] == ["Plant"]
    accounts.update_account(middle, {"parent_id": None})
    assert accounts.hierarchy(leaf).ancestors[-1].name == "Division"
