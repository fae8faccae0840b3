"""A proposal's states: which follow which, what each allows, and their labels
(plain values, no database).

A proposal is written as a draft, sent (issued) to the customer, and then
accepted, declined or expired; a sent proposal past its valid-until date reads
as expired before anyone says so. An accepted proposal makes the contract and
the order. Any issued proposal can be revised: the revision is a new draft.
"""

from __future__ import annotations

from enum import StrEnum

from desktop.i18n import N_, _


class ProposalState(StrEnum):
    DRAFT = "draft"
    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"


# The stored values, as plain strings (for SQL parameters and comparisons).
DRAFT: str = ProposalState.DRAFT.value
SENT: str = ProposalState.SENT.value
ACCEPTED: str = ProposalState.ACCEPTED.value
DECLINED: str = ProposalState.DECLINED.value
EXPIRED: str = ProposalState.EXPIRED.value

# Marked for the catalogue, translated where shown (``label``).
LABELS: dict[str, str] = {
    DRAFT: N_("Draft"), SENT: N_("Sent"), ACCEPTED: N_("Accepted"),
    DECLINED: N_("Declined"), EXPIRED: N_("Expired"),
}

# What a rep may do with a proposal in each state (the window's buttons follow it).
ACTIONS: dict[str, frozenset[str]] = {
    DRAFT: frozenset({"edit", "preview"}),
    SENT: frozenset({"preview", "revise", "accept", "decline", "expire"}),
    ACCEPTED: frozenset({"preview", "contract", "order", "revise"}),
    DECLINED: frozenset({"preview", "revise"}),
    EXPIRED: frozenset({"preview", "revise"}),
}

# Which state may follow which: the one table the app and the server both
# follow (``desktop.domain.transitions``). A change after sending is a revision.
NEXT: dict[str, tuple[str, ...]] = {
    DRAFT: (SENT,),
    SENT: (ACCEPTED, DECLINED, EXPIRED),
    ACCEPTED: (),
    DECLINED: (),
    EXPIRED: (),
}

OPEN = (DRAFT, SENT)  # a quote still waiting for the customer's answer
HOLDS_STOCK = (DRAFT, SENT, ACCEPTED)  # a quote stock can still be reserved for
# accepting twice is harmless
ACCEPTABLE = (*(s for s, nxt in NEXT.items() if ACCEPTED in nxt), ACCEPTED)
# declined or expired only after it was sent
ANSWERABLE = tuple(s for s, nxt in NEXT.items() if DECLINED in nxt and EXPIRED in nxt)


def label(state: str) -> str:
    """A proposal's state in the installed language; an unknown one (a newer
    client's) shows as stored."""
    return _(LABELS[state]) if state in LABELS else state


def actions(state: str) -> frozenset[str]:
    """What the rep may do with a proposal in ``state`` (nothing for an unknown one)."""
    return ACTIONS.get(state, frozenset())


def shown_state(state: str, valid_until: str, today: str) -> str:
    """The state a list shows: a sent proposal past its valid-until date (ISO dates)
    reads as expired."""
    return EXPIRED if state == SENT and valid_until < today else state
