"""What a unit of work changed, as the views need to know it."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True)
class Changes:
    """Ids touched per table. Views check the tables they show and refresh."""

    by_table: Mapping[str, frozenset[uuid.UUID]] = field(
        default_factory=lambda: MappingProxyType({})
    )

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, uuid.UUID]]) -> Changes:
        collected: dict[str, set[uuid.UUID]] = {}
        for table, row_id in pairs:
            collected.setdefault(table, set()).add(row_id)
        return cls(MappingProxyType({t: frozenset(ids) for t, ids in collected.items()}))

    def touches(self, *tables: str) -> bool:
        return any(self.by_table.get(t) for t in tables)

    def ids(self, table: str) -> frozenset[uuid.UUID]:
        return self.by_table.get(table, frozenset())

    def merged(self, other: Changes) -> Changes:
        return Changes.of(
            [(t, i) for c in (self, other) for t, ids in c.by_table.items() for i in ids]
        )

    def __bool__(self) -> bool:
        return any(self.by_table.values())
