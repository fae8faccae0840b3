"""Who may approve a discount above a rep's ceiling: the one rule the app
and the server both apply, so an approval made offline is accepted on sync
exactly when the app allowed it."""

from __future__ import annotations

import uuid
from decimal import Decimal

DEFAULT_CEILING = Decimal("0.10")  # a rep with no ceiling of their own: 10 % off a line
APPROVER_ROLES = frozenset({"manager", "admin"})


def ceiling_of(own: Decimal | None) -> Decimal:
    """The rep's ceiling (a share of the line, 0-1), or the company default."""
    return DEFAULT_CEILING if own is None else own


def can_approve(approver_id: uuid.UUID | None, approver_role: str | None,
                rep_id: uuid.UUID | None, rep_manager_id: uuid.UUID | None) -> bool:
    """An administrator approves anyone's discounts; a manager those of the
    reps they manage, never their own."""
    if approver_id is None or approver_role not in APPROVER_ROLES:
        return False
    if approver_role == "admin":
        return True
    return rep_id != approver_id and rep_manager_id == approver_id
