"""The server enforces discount approvals: only the rep's manager (or an
administrator) approves, in their own name, and nothing above the ceiling is
sent without it. On SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from decimal import Decimal as D
from typing import Any

from sqlalchemy import select

from desktop.domain.schema.sales import Proposal
from desktop.services.proposal_edit import ProposalEditor
from desktop.services.proposals import ProposalService
from server.rows import table_of
from tests.server import factories
from tests.sync.conftest import Replica, territory_id


def _tamper(replica: Replica, proposal: uuid.UUID, **values: Any) -> str:
    """Change the proposal as a hand-made client would (no service checks) and
    push; returns the server's reason for refusing it."""
    replica.sync()
    with replica.store.unit_of_work() as uow:
        row = uow.session.get(Proposal, proposal)
        assert row is not None
        for name, value in values.items():
            setattr(row, name, value)
        uow.commit()
    assert replica.sync().rejected == 1
    return str(replica.rows("SELECT reason FROM sync_rejected")[0][0])


def test_only_the_reps_manager_approves_and_the_server_holds_the_line(
        make_replica: Any, admin_db: Any) -> None:
    mia_id = factories.user(admin_db, "mia", "manager", ("EAST",))
    ann_id = factories.user(admin_db, "ann", "rep", ("EAST",), manager=mia_id)
    olga_id = factories.user(admin_db, "olga", "manager", ("EAST",))
    ann = make_replica("ann", user_id=ann_id)
    ann.sync()
    account = ann.accounts.create_account({"name": "Acme", "kind": "customer",
                                           "territory_id": territory_id(ann, "EAST")}).id
    proposals = ProposalService(ann.store, user_id=ann_id)
    quote = proposals.create(account).id
    proposals.add_line(quote, {"description": "Pallet wrap", "unit_price": "100",
                               "quantity": 10, "discount_percent": 25})
    assert ann.sync().rejected == 0

    reason = _tamper(make_replica("ann", user_id=ann_id), quote, status="sent")
    assert reason.startswith("Needs manager approval") and "line 1" in reason
    reason = _tamper(make_replica("ann", user_id=ann_id), quote, approved_by=ann_id)
    assert "manager or an administrator" in reason  # no approving one's own discounts
    reason = _tamper(make_replica("olga", user_id=olga_id), quote, approved_by=olga_id)
    assert "manager or an administrator" in reason  # a manager, but not Ann's
    reason = _tamper(make_replica("mia", user_id=mia_id), quote, approved_by=olga_id)
    assert "recorded by the approver" in reason  # nobody approves in another's name

    mia = make_replica("mia", user_id=mia_id)
    mia.sync()
    ProposalEditor(mia.store, user_id=mia_id).approve(quote)
    assert mia.sync().rejected == 0
    ann.sync()
    proposals.mark_sent(quote)
    assert ann.sync().rejected == 0
    t = table_of("proposals")
    with admin_db.plain() as conn:
        status, approved = conn.execute(select(t.c.status, t.c.approved_by)
                                        .where(t.c.id == quote)).one()
    assert (status, approved) == ("sent", mia_id)
    lines = table_of("proposal_lines")
    with admin_db.plain() as conn:
        assert conn.execute(select(lines.c.discount_percent)).scalar_one() == D(25)
