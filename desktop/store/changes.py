"""What a unit of work changed, as the views need to know it."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import NamedTuple

_NOTHING: Mapping[str, frozenset[uuid.UUID]] = MappingProxyType({})


class Changes(NamedTuple):
    """Ids touched per table. Views check the tables they show and update those
    rows. ``everything`` is for the one case where ids make no sense: the cache
    was emptied or replaced (start from the server's data); views reload."""

    by_table: Mapping[str, frozenset[uuid.UUID]] = _NOTHING
    everything: bool = False

    @classmethod
    def reset(cls) -> Changes:
        return cls(_NOTHING, True)

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, uuid.UUID]]) -> Changes:
        collected: dict[str, set[uuid.UUID]] = {}
        for table, row_id in pairs:
            collected.setdefault(table, set()).add(row_id)
        return cls(MappingProxyType({t: frozenset(ids) for t, ids in collected.items()}))

    @classmethod
    def of_stored(cls, pairs: Iterable[tuple[str, str]]) -> Changes:
        """From (table, id) pairs as the cache stores ids: 32 hex digits."""
        return cls.of((table, uuid.UUID(hex=row_id)) for table, row_id in pairs)

    def touches(self, *tables: str) -> bool:
        return self.everything or any(self.by_table.get(t) for t in tables)

    def ids(self, table: str) -> frozenset[uuid.UUID]:
        return self.by_table.get(table, frozenset())

    def merged(self, other: Changes) -> Changes:
        if self.everything or other.everything:
            return Changes.reset()
        return Changes.of(
            [(t, i) for c in (self, other) for t, ids in c.by_table.items() for i in ids]
        )

    def __bool__(self) -> bool:
        return self.everything or any(self.by_table.values())
