"""The Sales Pipe's stages as plain values: the defaults, their order, and
which stage an event moves a deal to (no database).

An administrator keeps the stages on the server (``opportunity_stages``);
these defaults are what the server seeds and the demo data copies. A stage's
``kind`` decides a deal's outcome: ``open``, ``won`` or ``lost``.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import NamedTuple

from desktop.domain.schema.enums import StageKind

OPEN: str = StageKind.OPEN.value
WON: str = StageKind.WON.value
LOST: str = StageKind.LOST.value


class Stage(NamedTuple):
    key: str
    name: str  # as the administrator wrote it (shown as is, not translated)
    position: int
    probability: Decimal  # a share, 0..1
    kind: str = OPEN
    active: bool = True


DEFAULT_STAGES: tuple[Stage, ...] = (
    Stage("prospecting", "Prospecting", 1, Decimal("0.1")),
    Stage("qualification", "Qualification", 2, Decimal("0.2")),
    Stage("needs_analysis", "Needs analysis", 3, Decimal("0.4")),
    Stage("proposal", "Proposal", 4, Decimal("0.6")),
    Stage("negotiation", "Negotiation", 5, Decimal("0.8")),
    Stage("closed_won", "Closed won", 6, Decimal(1), WON),
    Stage("closed_lost", "Closed lost", 7, Decimal(0), LOST),
)

# The stage a proposal stands for: once it is accepted, the deal moves to the
# open stage after it (negotiation in the defaults).
PROPOSAL_STAGE = "proposal"


def ordered(stages: Sequence[Stage]) -> list[Stage]:
    return sorted(stages, key=lambda s: (s.position, s.key))


def open_stages(stages: Sequence[Stage]) -> list[Stage]:
    """The board's columns: active open stages in position order."""
    return [s for s in ordered(stages) if s.active and s.kind == OPEN]


def first_open(stages: Sequence[Stage]) -> Stage | None:
    found = open_stages(stages)
    return found[0] if found else None


def closing(stages: Sequence[Stage], kind: str) -> Stage | None:
    """The first active stage of ``kind`` (won or lost)."""
    return next((s for s in ordered(stages) if s.active and s.kind == kind), None)


def after_proposal(stages: Sequence[Stage], current: str) -> Stage | None:
    """Where an accepted proposal moves a deal at stage ``current``: the open
    stage after ``proposal``, or None when the deal is already there or past it
    (never backwards) or there is no such stage."""
    columns = open_stages(stages)
    keys = [s.key for s in columns]
    if PROPOSAL_STAGE not in keys:
        return None
    at = keys.index(PROPOSAL_STAGE) + 1
    if at >= len(columns):
        return None
    target = columns[at]
    here = next((s for s in ordered(stages) if s.key == current), None)
    if here is None or here.kind != OPEN or here.position >= target.position:
        return None
    return target
