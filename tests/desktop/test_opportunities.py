"""Opportunities in the local cache: create with lines priced like proposal
lines, each stage move one stage-change row, won/lost/reopen, the broker
default, and a proposal's acceptance and order moving its deal forward."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal as D

import pytest

from desktop.domain.schema import Account
from desktop.domain.stages import DEFAULT_STAGES
from desktop.services.container import Services
from desktop.services.validation import ValidationError
from tests.conftest import FIXED_NOW
from tests.desktop.test_proposals import _setup


def seed_stages(services: Services) -> None:
    """The default stages, as the server seeds them and sync brings them."""
    from desktop.domain.schema.pipeline import OpportunityStage

    with services.store.unit_of_work() as uow:
        for s in DEFAULT_STAGES:
            uow.session.add(OpportunityStage(
                id=uuid.uuid4(), key=s.key, name=s.name, position=s.position,
                probability=s.probability, kind=s.kind, active=True,
                created_at=FIXED_NOW, updated_at=FIXED_NOW))
        uow.commit()


def _history(services: Services, opp: uuid.UUID) -> list[tuple[str | None, str, str]]:
    return [(r.from_stage, r.to_stage, f"{r.amount.normalize():f}")
            for r in services.opportunities.history(opp)]


def test_create_with_lines_and_move_writes_one_change_per_move(services: Services) -> None:
    seed_stages(services)
    account, wrap = _setup(services)
    opps = services.opportunities
    saved = opps.create({"account_id": account, "name": "Film for line 3",
                         "close_date": date(2027, 1, 31)},
                        lines=[{"product_id": wrap, "quantity": 120, "discount_percent": 5},
                               {"description": "Setup", "unit_price": "50"}])
    assert saved.changes.ids("opportunities") == {saved.id}
    detail = opps.detail(saved.id)
    # 120 x 17.50 (the volume break, in the account's EUR) less 5 % = 1995, + 50
    assert detail.values["amount"] == D("2045") and detail.values["currency"] == "EUR"
    assert detail.values["stage"] == "prospecting" and detail.values["outcome"] == "open"
    assert detail.values["owner_id"] == services.user_id
    assert [x.unit_price for x in detail.lines] == [D("17.5"), D("50")]
    assert _history(services, saved.id) == [(None, "prospecting", "2045")]

    changes = opps.move_stage(saved.id, "needs_analysis")
    assert changes.ids("opportunity_stage_changes") and changes.ids("opportunities") == {
        saved.id}
    assert opps.move_stage(saved.id, "needs_analysis").ids("opportunity_stage_changes") == set()
    opps.move_stage(saved.id, "qualification")
    assert _history(services, saved.id) == [
        (None, "prospecting", "2045"), ("prospecting", "needs_analysis", "2045"),
        ("needs_analysis", "qualification", "2045")]
    by = services.store.reads().execute(
        "SELECT DISTINCT changed_by FROM opportunity_stage_changes").fetchall()
    assert by == [(services.user_id.hex,)]

    with pytest.raises(ValidationError, match="lost"):
        opps.mark_lost(saved.id, "  ")
    opps.mark_lost(saved.id, "Price")
    lost = opps.detail(saved.id).values
    assert (lost["stage"], lost["outcome"], lost["outcome_reason"]) == (
        "closed_lost", "lost", "Price")
    assert lost["closed_at"] == FIXED_NOW
    opps.reopen(saved.id)  # back where it was before it closed
    back = opps.detail(saved.id).values
    assert (back["stage"], back["outcome"], back["closed_at"]) == ("qualification", "open", None)
    opps.mark_won(saved.id)
    assert opps.detail(saved.id).values["outcome"] == "won"
    assert len(opps.history(saved.id)) == 6


def test_amount_follows_lines_and_fields_are_checked(services: Services) -> None:
    seed_stages(services)
    account, wrap = _setup(services)
    opps = services.opportunities
    with pytest.raises(ValidationError) as bad:
        opps.create({"account_id": account, "name": "", "close_date": None, "amount": "x",
                     "currency": "EURO", "probability": "1.5",
                     "forecast_category": "maybe"})
    assert set(bad.value.errors) == {"name", "close_date", "amount", "currency", "probability",
                                     "forecast_category"}
    with pytest.raises(ValidationError, match="active stage"):
        opps.create({"account_id": account, "name": "X", "close_date": date(2027, 1, 1),
                     "stage": "nowhere"})
    plain = opps.create({"account_id": account, "name": "Plain", "amount": "1000",
                         "currency": "usd", "close_date": date(2027, 2, 1),
                         "probability": "0.35", "forecast_category": "commit"}).id
    values = opps.detail(plain).values
    assert (values["amount"], values["currency"], values["probability"]) == (
        D("1000"), "USD", D("0.35"))
    line = opps.add_line(plain, {"product_id": wrap, "quantity": 2, "unit_price": "10"}).id
    assert opps.detail(plain).values["amount"] == D("20")
    opps.update(plain, {"amount": "999", "next_step": "Call back",
                        "next_step_on": date(2026, 12, 1)})
    assert opps.detail(plain).values["amount"] == D("20")  # the lines decide
    opps.remove_line(line)
    assert opps.detail(plain).values["amount"] == D("0")
    opps.update(plain, {"amount": "750", "stage": "proposal"})
    assert opps.detail(plain).values["amount"] == D("750")
    assert _history(services, plain)[-1] == ("prospecting", "proposal", "750")


def test_broker_default_and_defaults_without_synced_stages(services: Services) -> None:
    account, _wrap = _setup(services)  # no stages in the cache: the defaults stand in
    broker = services.accounts.create_account({"name": "Brokers & Co", "kind": "broker"}).id
    services.accounts.update_account(account, {"broker_id": broker})
    opp = services.opportunities.create({"account_id": account, "name": "Via broker",
                                         "close_date": date(2027, 3, 1)}).id
    values = services.opportunities.detail(opp).values
    assert values["broker_id"] == broker and values["stage"] == DEFAULT_STAGES[0].key


def test_accepting_a_proposal_and_placing_the_order_move_the_deal(services: Services) -> None:
    seed_stages(services)
    account, wrap = _setup(services)
    broker = services.accounts.create_account({"name": "Brokers & Co", "kind": "broker"}).id
    services.accounts.update_account(account, {"broker_id": broker})
    opps = services.opportunities
    opp = opps.create({"account_id": account, "name": "Deal", "stage": "needs_analysis",
                       "close_date": date(2027, 1, 15)},
                      lines=[{"product_id": wrap, "quantity": 10}]).id
    proposal = services.proposals.create(account, opportunity_id=opp).id
    assert [x.quantity for x in services.proposals.document(proposal).lines] == [D(10)]
    services.proposals.mark_sent(proposal)
    services.orders.accept(proposal)
    assert opps.detail(opp).values["stage"] == "negotiation"
    order = services.orders.from_proposal(proposal).id
    values = opps.detail(opp).values
    assert (values["stage"], values["outcome"]) == ("closed_won", "won")
    assert services.store.reads().execute(
        "SELECT opportunity_id, broker_id FROM orders WHERE id = ?", (order.hex,)
    ).fetchone() == (opp.hex, broker.hex)
    assert [h[1] for h in _history(services, opp)] == [
        "needs_analysis", "negotiation", "closed_won"]


def test_accepting_never_moves_a_deal_backwards(services: Services) -> None:
    seed_stages(services)
    account, wrap = _setup(services)
    opp = services.opportunities.create({"account_id": account, "name": "Late",
                                         "stage": "negotiation",
                                         "close_date": FIXED_NOW.date() + timedelta(days=9)}).id
    proposal = services.proposals.create(account, opportunity_id=opp).id
    services.proposals.add_line(proposal, {"product_id": wrap, "quantity": 1})
    services.proposals.mark_sent(proposal)
    services.orders.accept(proposal)
    assert services.opportunities.detail(opp).values["stage"] == "negotiation"
    assert len(services.opportunities.history(opp)) == 1


def test_account_must_exist_and_contact_belong(services: Services) -> None:
    seed_stages(services)
    account, _wrap = _setup(services)
    other = services.accounts.create_account({"name": "Other"}).id
    contact = services.accounts.add_contact(other, {"first_name": "Al", "last_name": "B"}).id
    with pytest.raises(ValidationError, match="not at this account"):
        services.opportunities.create({"account_id": account, "name": "X",
                                       "close_date": date(2027, 1, 1), "contact_id": contact})
    with services.store.unit_of_work() as uow:
        assert uow.session.get(Account, account) is not None


def test_lines_and_fields_are_saved_together_or_not_at_all(services: Services) -> None:
    """The deal dialog's save: lines removed and added and fields edited are
    one unit of work, so a refused field leaves the lines as they were."""
    seed_stages(services)
    account, wrap = _setup(services)
    opps = services.opportunities
    saved = opps.create({"account_id": account, "name": "Film", "close_date": date(2027, 1, 31)},
                        lines=[{"description": "Setup", "unit_price": "50"}])
    [setup] = opps.detail(saved.id).lines
    with pytest.raises(ValidationError):
        opps.update(saved.id, {"name": ""}, removed_lines=[setup.id],
                    added_lines=[{"description": "Install", "unit_price": "80"}])
    after = opps.detail(saved.id)
    assert [(x.description, x.unit_price) for x in after.lines] == [("Setup", D("50"))]
    assert after.values["amount"] == D("50") and after.values["name"] == "Film"

    changes = opps.update(saved.id, {"name": "Film and install"}, removed_lines=[setup.id],
                          added_lines=[{"description": "Install", "unit_price": "80"}])
    after = opps.detail(saved.id)
    assert [(x.description, x.unit_price) for x in after.lines] == [("Install", D("80"))]
    assert after.values["amount"] == D("80") and after.values["name"] == "Film and install"
    assert changes.ids("opportunities") == {saved.id}
    assert len(changes.ids("opportunity_lines")) == 2
