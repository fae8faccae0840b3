"""A lead's fit score (0-100) from the weights an administrator sets.

One pure function for the app (the score shown while a lead is captured) and
the server (which recomputes it on every pushed lead, so the stored score
always follows the office's weights, never a client's arithmetic).

A weight names a trait of the lead (``lead_score_weights.factor``):

* ``source:<source>`` - points when the lead came that way (``source:referral``);
* ``timing:<timing>`` - points for when they mean to buy (``timing:now``);
* ``has:<field>`` - points when the field is filled (``has:email``,
  ``has:phone``, ``has:company``, ``has:budget``, ``has:need``, ...);
* ``budget_per_1000`` - points for each full 1,000 of budget (in the lead's
  currency), at most ``cap`` points.

Negative weights are allowed (a source that rarely buys); the sum is clamped
to 0-100. With no weights at all (a new server) the defaults below apply.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

Weights = Mapping[str, tuple[int, int | None]]

BUDGET_FACTOR = "budget_per_1000"
LOW, HIGH = 0, 100

DEFAULT_WEIGHTS: dict[str, tuple[int, int | None]] = {
    "source:referral": (25, None),
    "source:event": (15, None),
    "source:field": (12, None),
    "source:web": (10, None),
    "source:phone": (10, None),
    "source:email": (8, None),
    "source:telemarketing": (5, None),
    "source:fax": (3, None),
    "timing:now": (25, None),
    "timing:quarter": (18, None),
    "timing:half_year": (10, None),
    "timing:year": (5, None),
    "has:budget": (10, None),
    "has:need": (5, None),
    "has:email": (5, None),
    "has:phone": (5, None),
    "has:company": (5, None),
    BUDGET_FACTOR: (1, 20),
}


def _filled(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, Decimal | int | float):
        return value > 0
    return True


def _budget(value: Any) -> Decimal:
    if value is None or isinstance(value, bool):
        return Decimal(0)
    try:
        amount = Decimal(str(value).strip() or "0")
    except InvalidOperation:
        return Decimal(0)
    return amount if amount.is_finite() and amount > 0 else Decimal(0)


def fit_score(lead: Mapping[str, Any], weights: Weights) -> int:
    """The lead's score under ``weights`` (``DEFAULT_WEIGHTS`` when empty), 0-100."""
    weights = weights or DEFAULT_WEIGHTS
    total = 0
    for factor, (weight, cap) in weights.items():
        kind, _, name = factor.partition(":")
        if factor == BUDGET_FACTOR:
            points = int(_budget(lead.get("budget")) // 1000) * weight
            if cap is not None:
                points = min(points, cap) if weight >= 0 else max(points, -cap)
            total += points
        elif kind in ("source", "timing") and name:
            if str(lead.get(kind) or "") == name:
                total += weight
        elif kind == "has" and name:
            value = lead.get(name)
            if _budget(value) > 0 if name == "budget" else _filled(value):
                total += weight
        # An unknown factor adds nothing: a newer server may know more kinds.
    return max(LOW, min(HIGH, total))
