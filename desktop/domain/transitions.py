"""Which status may follow which, and who may make each step: one table per
entity, read by the app (what it offers) and by the server (what it accepts).

* an order follows its timeline (``desktop.domain.order_flow.NEXT``), a step
  at a time, forward only; cancelled and invoiced are final;
* a proposal is a draft until sent, and a sent one is then accepted, declined
  or expired (``desktop.domain.proposal_states.NEXT``); a change after that is
  a new revision, never a step back;
* a stock request is decided by the server alone: granted or rejected against
  its stock, and a granted hold expires (``server.rules``). A client never
  changes its status.

A new row starts in its entity's first state. Who approves a discount (the
rep's manager, or an administrator) is ``desktop.domain.approval``'s rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from desktop.domain import order_flow, proposal_states

CLIENT = "client"  # whoever may write the row: a rep, their manager, an administrator
SERVER = "server"  # the server's own rules, never a client


@dataclass(frozen=True)
class Machine:
    """One entity's states: where a new row starts, and each allowed step with
    who may take it."""

    noun: str  # "order", for messages
    start: str
    steps: Mapping[str, Mapping[str, str]]  # from -> {to: CLIENT | SERVER}

    def refusal(self, before: str | None, after: str | None, by: str = CLIENT) -> str | None:
        """Why ``by`` may not move a row from ``before`` (None: a new row) to
        ``after`` (None: the default start), or None when they may."""
        after = self.start if after is None else after
        if after not in self.steps:
            return f"{after!r} is not a status of {_a(self.noun)}."
        if before is None:
            if after == self.start or by == SERVER:
                return None
            return f"A new {self.noun} starts as {self.start}, not {after}."
        if before == after or before not in self.steps:
            return None  # no step; or a state this table does not know, left by hand
        who = self.steps[before].get(after)
        if who is None:
            return f"{_a(self.noun).capitalize()} that is {before} cannot become {after}."
        if who == SERVER and by != SERVER:
            return f"Only the server moves {_a(self.noun)} to {after}."
        return None

    def next(self, before: str, by: str = CLIENT) -> tuple[str, ...]:
        """The states ``by`` may move a row in ``before`` to."""
        return tuple(to for to, who in self.steps.get(before, {}).items()
                     if who == CLIENT or by == SERVER)


def _a(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def _by_client(table: Mapping[str, tuple[str, ...]]) -> dict[str, dict[str, str]]:
    return {state: {to: CLIENT for to in nxt} for state, nxt in table.items()}


ORDER = Machine("order", "entered", _by_client(order_flow.NEXT))
PROPOSAL = Machine("proposal", proposal_states.DRAFT, _by_client(proposal_states.NEXT))
STOCK_REQUEST = Machine("stock request", "requested", {
    "requested": {"granted": SERVER, "rejected": SERVER},
    "granted": {"expired": SERVER},
    "rejected": {},
    "expired": {},
})

# synced table -> the machine of its ``status`` column
MACHINES: dict[str, Machine] = {
    "orders": ORDER, "proposals": PROPOSAL, "stock_requests": STOCK_REQUEST}
