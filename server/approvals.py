"""Discount approvals the server enforces on every push, with the same rule
the app applies (``desktop.domain.approval``):

* ``approved_by`` on a proposal can only be set by that user themself, and
  only if they are the rep's manager or an administrator;
* a proposal is "sent" only if no line's discount is above the rep's
  ceiling, or the discounts were approved: checked on every change that
  leaves it sent (created as sent, or a line repriced after it was sent,
  which also clears the approval: ``server.trust``).

The lines checked are those the server holds when the proposal's change
arrives; the app pushes lines before the change that sends their proposal.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from desktop.domain import approval, pricing, proposal_states, wire
from server.db import WriteTxn
from server.merge import Mutation
from server.rows import table_of
from server.scope import Scope
from server.validate import Invalid, decode_row

_LINE = Mutation(0, "proposal_lines", "", "upsert", None, {})


def check(txn: WriteTxn, scope: Scope, table: str, before: dict[str, Any] | None,
          after: dict[str, Any]) -> None:
    """Refuse an approval by the wrong person, or a send that needs one."""
    if table != "proposals":
        return
    before = before or {}
    approved = after.get("approved_by")
    rep = _user(txn, after.get("author_id"))
    if approved and approved != before.get("approved_by"):
        if approved != scope.user_id.hex:
            raise Invalid("An approval can only be recorded by the approver.")
        if not approval.can_approve(scope.user_id, scope.role, rep["id"] if rep else None,
                                    rep["manager_id"] if rep else None):
            raise Invalid("Only the rep's manager or an administrator can approve discounts.")
    if after.get("status") == proposal_states.SENT and not approved:  # every change
        _refuse_over(txn, after, rep, None)


def check_line(batch: Any, before: dict[str, Any] | None, after: dict[str, Any]) -> None:
    """A repriced line of a sent proposal: its approval is cleared (``server.trust``),
    so the lines, this one as it will be, must be within the rep's ceiling."""
    from server import trust

    if not trust.line_repriced(_LINE, before, after):
        return
    proposal_id = after.get("proposal_id")
    proposal = batch.current("proposals", proposal_id) if isinstance(proposal_id, str) else None
    if proposal is None or proposal.get("status") != proposal_states.SENT:
        return
    _refuse_over(batch.txn, proposal, _user(batch.txn, proposal.get("author_id")), after)


def _refuse_over(txn: WriteTxn, proposal: dict[str, Any], rep: dict[str, Any] | None,
                 line: dict[str, Any] | None) -> None:
    over = _over_ceiling(txn, uuid.UUID(hex=proposal["id"]), str(proposal.get("currency")),
                         approval.ceiling_of(rep["discount_ceiling"] if rep else None), line)
    if over:
        raise Invalid("Needs manager approval: the discount on line "
                      f"{', '.join(map(str, over))} is above the rep's ceiling.")


def _user(txn: WriteTxn, hex_id: object) -> dict[str, Any] | None:
    if not isinstance(hex_id, str):
        return None
    users = table_of("users")
    row = txn.conn.execute(select(users.c.id, users.c.manager_id, users.c.discount_ceiling)
                           .where(users.c.id == uuid.UUID(hex=hex_id))).mappings().first()
    return dict(row) if row is not None else None


def _over_ceiling(txn: WriteTxn, proposal_id: uuid.UUID, currency: str,
                  ceiling: Any, line: dict[str, Any] | None = None) -> list[int]:
    """Positions of lines over the ceiling; ``line`` (a wire row not yet
    written) replaces its stored version."""
    t = table_of("proposal_lines")
    query = select(t).where(t.c.proposal_id == proposal_id, t.c.deleted_at.is_(None))
    if line is not None:
        query = query.where(t.c.id != uuid.UUID(hex=line["id"]))
    rows: list[Any] = list(txn.conn.execute(query).mappings().all())
    if line is not None and not line.get("deleted_at"):
        rows.append(decode_row(wire.tables()["proposal_lines"], line))
    rows.sort(key=lambda r: r["position"])
    lines = [pricing.Line(r["quantity"], r["unit_price"], r["discount_percent"],
                          r["discount_amount"], r["tax_rate"], r["optional"]) for r in rows]
    try:
        return [i + 1 for i in pricing.needs_approval(lines, currency, ceiling)]
    except pricing.PricingError as exc:
        raise Invalid(str(exc)) from None
