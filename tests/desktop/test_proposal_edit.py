"""Editing a draft proposal: header, lines, order; discounts above the rep's
ceiling need a manager's approval; declined and expired."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal as D

import pytest

from desktop.domain.schema import User
from desktop.services.container import Services
from desktop.services.validation import ValidationError
from tests.conftest import FIXED_NOW
from tests.desktop.test_proposals import _setup


def add_manager(services: Services, role: str = "manager") -> uuid.UUID:
    """A manager of the current rep (or an unrelated one with ``role='other'``)."""
    boss = uuid.uuid4()
    with services.store.unit_of_work() as uow:
        uow.session.add(User(id=boss, name="Mia Manager", email=f"{boss.hex[:6]}@example.com",
                             role="manager" if role == "other" else role,
                             created_at=FIXED_NOW, updated_at=FIXED_NOW))
        uow.session.flush()
        rep = uow.session.get(User, services.user_id)
        assert rep is not None
        if role != "other":
            rep.manager_id = boss
        uow.commit()
    return boss


def _lines(services: Services, proposal: uuid.UUID) -> list[tuple[str, D, D]]:
    doc = services.proposals.document(proposal)
    return [(x.description, x.quantity, x.unit_price) for x in doc.lines]


def test_a_discount_over_the_ceiling_needs_approval(services: Services) -> None:
    account, wrap = _setup(services)
    rep = services.user_id
    edit = services.proposal_edit
    p = services.proposals.create(account).id
    services.proposals.add_line(p, {"product_id": wrap, "quantity": 10, "discount_percent": 5})
    line = services.proposals.add_line(p, {"product_id": wrap, "quantity": 10,
                                           "discount_percent": 25}).id
    state = edit.approval(p)
    assert (state.over, state.ceiling, state.needed, state.can_approve) == (
        (2,), D("0.10"), True, False)
    with pytest.raises(ValidationError, match="Needs manager approval.*line 2"):
        services.proposals.mark_sent(p)
    with pytest.raises(ValidationError, match="manager or an administrator"):
        edit.approve(p)  # the rep cannot approve their own discounts

    stranger = add_manager(services, role="other")
    services.set_current_user(stranger)
    assert not edit.approval(p).can_approve  # a manager, but not this rep's
    services.set_current_user(rep)
    boss = add_manager(services)
    services.set_current_user(boss)
    assert edit.approval(p).can_approve
    edit.approve(p)
    assert edit.approval(p).approved_by == "Mia Manager" and not edit.approval(p).needed
    subject = services.store.reads().execute(
        "SELECT subject FROM interactions WHERE channel = 'note'").fetchone()[0]
    assert subject.startswith("Discounts approved on AR")

    services.set_current_user(rep)
    edit.update_line(line, {"discount_percent": "30"})  # an edit after approval clears it
    assert edit.approval(p).needed
    services.set_current_user(boss)
    edit.approve(p)
    services.set_current_user(rep)
    services.proposals.mark_sent(p)
    assert services.proposals.rows()[0].status == "sent"


def test_a_ceiling_of_the_reps_own_is_used(services: Services) -> None:
    account, wrap = _setup(services)
    with services.store.unit_of_work() as uow:
        rep = uow.session.get(User, services.user_id)
        assert rep is not None
        rep.discount_ceiling = D("0.30")
        uow.commit()
    p = services.proposals.create(account).id
    services.proposals.add_line(p, {"product_id": wrap, "quantity": 10, "discount_percent": 25})
    assert not services.proposal_edit.approval(p).needed
    services.proposals.mark_sent(p)


def test_lines_are_edited_repriced_removed_and_reordered(services: Services) -> None:
    account, wrap = _setup(services)
    edit = services.proposal_edit
    p = services.proposals.create(account).id
    a = services.proposals.add_line(p, {"product_id": wrap, "quantity": 10}).id
    b = services.proposals.add_line(p, {"description": "Installation", "unit_price": "250"}).id
    c = services.proposals.add_line(p, {"description": "Training", "unit_price": "90"}).id
    edit.update_line(a, {"quantity": "120"})  # the volume break from 100 applies
    assert _lines(services, p)[0] == ("Pallet wrap 500 mm", D(120), D("17.50"))
    edit.update_line(a, {"quantity": "150", "unit_price": "16,80"})  # typed price wins
    assert _lines(services, p)[0][2] == D("16.80")
    edit.update_line(b, {"tax_rate": "0.19", "optional": True, "ship_date": date(2026, 12, 1)})
    doc = services.proposals.document(p)
    assert doc.lines[1].optional and doc.optional_total == D("297.50")  # 250 + 19 %
    with pytest.raises(ValidationError) as refused:
        edit.update_line(c, {"quantity": "zwei", "discount_percent": "150"})
    assert refused.value.errors["quantity"] == "“zwei” is not a number."
    with pytest.raises(ValidationError, match="between 0 and 100"):
        edit.update_line(c, {"discount_percent": "150"})
    with pytest.raises(ValidationError, match="larger than the line"):
        edit.update_line(c, {"discount_amount": "91"})
    edit.move_line(c, -1)
    assert [x[0] for x in _lines(services, p)] == ["Pallet wrap 500 mm", "Training",
                                                   "Installation"]
    edit.move_line(c, -1)
    edit.move_line(c, -1)  # already first: nothing moves
    assert [x[0] for x in _lines(services, p)][0] == "Training"
    edit.remove_line(a)
    assert [x[0] for x in _lines(services, p)] == ["Training", "Installation"]


def test_header_edits_keep_to_the_rules(services: Services) -> None:
    account, _wrap = _setup(services)
    edit = services.proposal_edit
    p = services.proposals.create(account, title="Wrap supply 2027").id
    edit.update_header(p, {"title": " Wrap and tape 2027 ", "cover_letter": "Dear Jürgen,",
                           "summary": "", "clauses": ["payment-net", "warranty"],
                           "valid_until": FIXED_NOW.date() + timedelta(days=45)})
    doc = services.proposals.document(p)
    assert (doc.title, doc.cover_letter, doc.summary) == ("Wrap and tape 2027", "Dear Jürgen,",
                                                          "")
    assert [h for h, _t in doc.terms] == ["Payment", "Warranty"]
    assert doc.valid_until == date(2027, 1, 4)
    with pytest.raises(ValidationError) as refused:
        edit.update_header(p, {"title": " ", "valid_until": date(2026, 1, 1),
                               "clauses": ["no-such"], "contact_id": uuid.uuid4()})
    assert set(refused.value.errors) == {"title", "valid_until", "clauses", "contact_id"}
    assert services.proposals.document(p).title == "Wrap and tape 2027"  # nothing half-saved


def test_declined_expired_and_past_validity(services: Services) -> None:
    account, wrap = _setup(services)
    edit = services.proposal_edit
    first, second, third = (services.proposals.create(account).id for _ in range(3))
    with pytest.raises(ValidationError, match="Only a sent proposal"):
        edit.decline(first)
    for p in (first, second, third):
        services.proposals.add_line(p, {"product_id": wrap, "quantity": 1})
        services.proposals.mark_sent(p)
    edit.decline(first)
    edit.expire(second)
    with pytest.raises(ValidationError, match="frozen"):
        edit.update_header(third, {"title": "Late change"})
    with services.store.unit_of_work() as uow:  # the third's date passes
        from desktop.domain.schema.sales import Proposal

        row = uow.session.get(Proposal, third)
        assert row is not None
        row.valid_until = FIXED_NOW.date() - timedelta(days=1)
        uow.commit()
    statuses = {r.id: r.status for r in services.proposals.rows()}
    assert statuses == {first: "declined", second: "expired", third: "expired"}
