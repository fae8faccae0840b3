"""A moved card's totals: taken out of one column, added to the other, in
the column's currency or among the others it counts apart."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from desktop.domain.stages import DEFAULT_STAGES
from desktop.services.pipeline_board import Card, Column, Money
from ui.views.pipeline_totals import shifted

STAGES = {s.key: s for s in DEFAULT_STAGES}


def card(stage: str, amount: str, currency: str = "USD") -> Card:
    p = STAGES[stage].probability
    return Card(uuid.UUID(int=1), "Deal", uuid.UUID(int=2), "Account", Decimal(amount),
                currency, date(2027, 1, 1), stage, p, Decimal(amount) * p, "pipeline", None,
                None, None, "", "open", ())


def test_a_moved_card_leaves_one_column_and_joins_the_other() -> None:
    totals = {"prospecting": Column(STAGES["prospecting"], 2, Decimal(3500), Decimal(350),
                                    "USD"),
              "qualification": Column(STAGES["qualification"], 1, Decimal(4000),
                                      Decimal(800), "USD", {"EUR": Money(1, Decimal(10),
                                                                         Decimal(2))})}
    moved = shifted(totals, card("prospecting", "2500"), card("qualification", "2500"))
    assert (moved["prospecting"].count, moved["prospecting"].amount,
            moved["prospecting"].weighted) == (1, 1000, 100)
    assert (moved["qualification"].count, moved["qualification"].amount,
            moved["qualification"].weighted) == (2, 6500, 1300)
    euro = shifted(moved, card("qualification", "10", "EUR"), None)  # closed: gone
    assert euro["qualification"].count == 1 and euro["qualification"].others == {}
    assert euro["qualification"].amount == 6500  # the USD sums untouched
    assert totals["prospecting"].count == 2  # the input is left as it was
