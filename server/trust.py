"""Fields only the server decides: whatever a client sends for them is a
request, and the server's value is what is stored and pulled back.

* status changes follow the state machines (``server.transitions``): a stock
  request is created as "requested" and only the server grants, rejects or
  expires it (``server.rules``); its reason, quantity, product, warehouse, kind
  and expiry never change after it arrives;
* an order's ``number`` comes from the server's sequence (``server.rules``);
  one sent on a new order is ignored and a stored one never changes;
* a proposal's ``author_id`` is the pusher. A manager may act for a rep of
  their team and an administrator for anyone (the author then names that rep,
  whose ceiling applies); afterwards only an administrator changes it;
* conflict records are written by the server only: a client may resolve one
  (``server.authorise``) but never create one;
* a change to a proposal line's price after a manager's approval clears that
  approval on the server (``after_write``); ``server.approvals`` then checks
  the ceiling on every change that leaves a proposal sent.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import update

from server import transitions
from server.merge import Mutation
from server.rows import table_of
from server.validate import Invalid

STOCK_FIXED = ("status", "reason", "quantity", "product_id", "warehouse", "kind", "expires_at")
PRICED = ("proposal_id", "quantity", "unit_price", "discount_percent", "discount_amount",
          "tax_rate", "optional", "deleted_at")


def decide(batch: Any, m: Mutation, current: dict[str, Any] | None,
           row: dict[str, Any]) -> dict[str, Any]:
    """The merged wire row with the server's fields put back (see the module's doc)."""
    scope = batch.scope
    transitions.check(m, current, row)  # status steps: the state machines
    if m.table == "sync_conflicts" and current is None and not scope.everything:
        raise Invalid("Conflict records are written by the server; a client can only "
                      "resolve them.")
    out = dict(row)
    if m.table == "stock_requests":
        if current is None:
            out["status"], out["reason"] = "requested", None
        else:  # decided against the stock: only the server changes these
            for field in STOCK_FIXED:
                out[field] = current.get(field)
    elif m.table == "orders":
        out["number"] = None if current is None else current.get("number")
    elif m.table == "proposals":
        if current is None:
            named = row.get("author_id")
            if not (isinstance(named, str) and named != scope.user_id.hex
                    and (scope.everything or uuid.UUID(hex=named) in scope.owner_ids)):
                out["author_id"] = scope.user_id.hex
        elif not scope.everything:
            out["author_id"] = current.get("author_id")
    return out


def line_repriced(m: Mutation, current: dict[str, Any] | None, row: dict[str, Any]) -> bool:
    """A proposal line created, deleted or changed in anything that sets its price."""
    if m.table != "proposal_lines":
        return False
    return current is None or any(row.get(k) != current.get(k) for k in PRICED)


def after_write(batch: Any, m: Mutation, current: dict[str, Any] | None,
                row: dict[str, Any]) -> None:
    """Clear the approval of a proposal whose line was repriced after it."""
    if not line_repriced(m, current, row):
        return
    for proposal_id in {row.get("proposal_id"), (current or {}).get("proposal_id")}:
        if not isinstance(proposal_id, str):
            continue
        proposal = batch.current("proposals", proposal_id)
        if proposal is None or not proposal.get("approved_by"):
            continue
        t = table_of("proposals")
        batch.txn.conn.execute(update(t).where(t.c.id == uuid.UUID(hex=proposal_id)).values(
            approved_by=None, sync_version=batch.txn.next_version()))
        batch.rows[("proposals", proposal_id)] = {**proposal, "approved_by": None}
