"""A column's totals after a card moved, without summing the column again.

A drag moves one loaded card: its column loses its amount and weighted
amount, the other gains them (in the column's currency, or among the other
currencies it counts apart). The card's weighted amount is rounded per card,
the column's sum once, so the view reads the true sums again once moves pause
(``PipelineView``); until then a total may be off by a cent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal

from desktop.services.pipeline_board import Card, Column, Money


def shifted(totals: Mapping[str, Column], old: Card | None, new: Card | None
            ) -> dict[str, Column]:
    """``totals`` with ``old`` taken out of its stage and ``new`` added to its own
    (either None: the deal was not on the board, or has left it)."""
    out = dict(totals)
    for card, sign in ((old, -1), (new, 1)):
        if card is not None and card.stage in out:
            out[card.stage] = _shift(out[card.stage], card, sign)
    return out


def _shift(column: Column, card: Card, sign: int) -> Column:
    if card.currency == column.currency:
        return replace(column, count=column.count + sign,
                       amount=column.amount + sign * card.amount,
                       weighted=column.weighted + sign * card.weighted)
    others = dict(column.others)
    count, amount, weighted = others.get(card.currency, Money(0, Decimal(0), Decimal(0)))
    now = Money(count + sign, amount + sign * card.amount, weighted + sign * card.weighted)
    if count + sign:
        others[card.currency] = now
    else:
        others.pop(card.currency, None)
    return replace(column, count=column.count + sign, others=others)
