"""The state machines the app and the server share (``desktop.domain.transitions``):
the app's own steps are exactly the table's, and the table refuses what a
forged client would send."""

from __future__ import annotations

import pytest

from desktop.domain import order_flow, proposal_states
from desktop.domain.transitions import CLIENT, MACHINES, ORDER, PROPOSAL, SERVER, STOCK_REQUEST


def test_the_app_offers_the_tables_steps() -> None:
    for status in order_flow.NEXT:
        offered = set(order_flow.allowed_steps(status, True)) | set(
            order_flow.allowed_steps(status, False))
        assert offered == set(ORDER.next(status)), status
    assert set(proposal_states.ANSWERABLE) == {
        s for s in PROPOSAL.steps if {"declined", "expired"} <= set(PROPOSAL.next(s))}
    assert set(proposal_states.ACCEPTABLE) == {
        s for s in PROPOSAL.steps if "accepted" in PROPOSAL.next(s)} | {"accepted"}
    assert STOCK_REQUEST.next("requested") == ()  # nothing for a client
    assert set(STOCK_REQUEST.next("requested", SERVER)) == {"granted", "rejected"}


@pytest.mark.parametrize(("table", "before", "after", "by", "refused"), [
    ("orders", None, "entered", CLIENT, None),
    ("orders", None, "shipped", CLIENT, "starts as entered"),
    ("orders", "confirmed", "entered", CLIENT, "cannot become entered"),
    ("orders", "cancelled", "confirmed", CLIENT, "cannot become confirmed"),
    ("orders", "entered", "invoiced", CLIENT, "cannot become invoiced"),
    ("orders", "shipped", "shipped", CLIENT, None),
    ("orders", "entered", None, CLIENT, None),
    ("orders", "confirmed", None, CLIENT, "cannot become entered"),
    ("orders", "entered", "lost", CLIENT, "not a status of an order"),
    ("proposals", None, "sent", CLIENT, "starts as draft"),
    ("proposals", "draft", "sent", CLIENT, None),
    ("proposals", "sent", "draft", CLIENT, "cannot become draft"),
    ("proposals", "accepted", "declined", CLIENT, "cannot become declined"),
    ("stock_requests", None, "granted", CLIENT, "starts as requested"),
    ("stock_requests", "requested", "granted", CLIENT, "Only the server"),
    ("stock_requests", "requested", "granted", SERVER, None),
    ("stock_requests", "granted", "expired", CLIENT, "Only the server"),
    ("stock_requests", "expired", "granted", SERVER, "cannot become granted"),
], ids=lambda v: str(v))
def test_steps(table: str, before: str | None, after: str | None, by: str,
               refused: str | None) -> None:
    reason = MACHINES[table].refusal(before, after, by)
    if refused is None:
        assert reason is None
    else:
        assert reason is not None and refused in reason
