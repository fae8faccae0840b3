"""Cross-sell's rules: a peer group's baskets and counts, and the ranking of
the lines an account lacks (pure Python, no reads; ``cross_sell`` keeps the
groups and reads the baskets). Definitions: :mod:`desktop.services.cross_sell`."""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from itertools import permutations
from typing import NamedTuple

Group = tuple[str | None, str | None]  # (segment, tier)

class Suggestion(NamedTuple):
    """A line the account lacks, with the rule that suggests it."""

    product_line: str
    because: str | None  # the line it bought that suggests this one (None: no basket yet)
    support: float
    confidence: float
    lift: float
    buyers: int  # peers that buy the line
    peers: int  # peer baskets


class BookRow(NamedTuple):
    """One account that bought ``bought`` and not ``missing``."""

    id: uuid.UUID  # the account
    name: str
    segment: str | None
    tier: str | None
    bought: str
    missing: str
    support: float
    confidence: float
    lift: float


@dataclass
class GroupStats:
    """One segment+tier: its baskets and how often each line and pair occurs."""

    baskets: dict[str, frozenset[str]] = field(default_factory=dict)  # account hex -> lines
    names: dict[str, str] = field(default_factory=dict)
    lines: Counter[str] = field(default_factory=Counter)
    pairs: Counter[tuple[str, str]] = field(default_factory=Counter)  # (x, y), both orders

    def add(self, account: str, name: str, basket: frozenset[str]) -> None:
        self.baskets[account], self.names[account] = basket, name
        self.lines.update(basket)
        self.pairs.update(permutations(sorted(basket), 2))

    def remove(self, account: str) -> None:
        basket = self.baskets.pop(account, frozenset())
        self.names.pop(account, None)
        pairs = list(permutations(sorted(basket), 2))
        self.lines.subtract(basket)
        self.pairs.subtract(pairs)
        for counter, keys in ((self.lines, basket), (self.pairs, pairs)):
            for key in keys:
                if counter[key] <= 0:  # type: ignore[index]
                    del counter[key]

    def copy(self) -> GroupStats:
        return GroupStats(dict(self.baskets), dict(self.names), Counter(self.lines),
                          Counter(self.pairs))

    def rule(self, bought: str, missing: str) -> tuple[float, float, float, int]:
        """(support, confidence, lift, baskets with both) of "bought, so missing"."""
        n, both = len(self.baskets), self.pairs.get((bought, missing), 0)
        with_x, with_y = self.lines.get(bought, 0), self.lines.get(missing, 0)
        if not n or not with_x or not with_y:
            return 0.0, 0.0, 0.0, both
        confidence = both / with_x
        return both / n, confidence, confidence / (with_y / n), both


def suggest(stats: GroupStats, basket: frozenset[str], min_support: float = 0.0,
            min_count: int = 1) -> list[Suggestion]:
    """The lines missing from ``basket``, each with its best rule, best first."""
    n = len(stats.baskets)
    found: list[Suggestion] = []
    for line, buyers in stats.lines.items():
        if line in basket:
            continue
        if not basket:
            share = buyers / n
            if buyers >= min_count and share >= min_support:
                found.append(Suggestion(line, None, share, share, 1.0, buyers, n))
            continue
        best: Suggestion | None = None
        for bought in basket:
            support, confidence, lift, both = stats.rule(bought, line)
            if both < min_count or support < min_support:
                continue
            candidate = Suggestion(line, bought, support, confidence, lift, buyers, n)
            if best is None or _rank(candidate) < _rank(best):
                best = candidate
        if best is not None:
            found.append(best)
    found.sort(key=lambda s: (*_rank(s), s.product_line))
    return found


def _rank(s: Suggestion) -> tuple[float, float, float]:
    return (-s.lift, -s.confidence, -s.support)


def best_rule(stats: GroupStats, basket: frozenset[str], bought: str | None,
               missing: str | None, min_support: float, min_count: int, min_lift: float
               ) -> tuple[str, str, float, float, float] | None:
    if bought is not None and bought not in basket:
        return None
    best: tuple[str, str, float, float, float] | None = None
    for y in ([missing] if missing is not None else list(stats.lines)):
        if y in basket:
            continue
        for x in ([bought] if bought is not None else sorted(basket)):
            support, confidence, lift, both = stats.rule(x, y)
            if both < min_count or support < min_support or lift < min_lift:
                continue
            if best is None or (confidence, lift, support) > (best[3], best[4], best[2]):
                best = (x, y, support, confidence, lift)
    return best
