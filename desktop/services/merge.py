"""Two duplicates made one: the rep picks each field, children move to the
survivor, the loser becomes a tombstone naming it (``merged_into_id``), and a
``record_merges`` row keeps the audit trail (and tells the server to send later
edits of the loser to the survivor). One unit of work."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any, NamedTuple

from desktop.services.base import Service
from desktop.store.changes import Changes

TABLES = ("accounts", "contacts", "leads")


class FieldPair(NamedTuple):
    name: str
    label: str
    survivor: Any
    loser: Any

    @property
    def differs(self) -> bool:
        return self.survivor != self.loser


class MergePreview(NamedTuple):
    table: str
    survivor_id: uuid.UUID
    loser_id: uuid.UUID
    survivor_label: str
    loser_label: str
    fields: list[FieldPair]  # every editable field, side by side
    children: dict[str, int]  # child table -> the loser's rows that will move
    survivor_children: dict[str, int]  # the same for the survivor, for the totals


class Merged(NamedTuple):
    merge_id: uuid.UUID  # the record_merges row
    moved: dict[str, int]  # child table -> rows moved
    changes: Changes


class MergeService(Service):
    def preview(self, table: str, survivor_id: uuid.UUID, loser_id: uuid.UUID) -> MergePreview:
        """Both records' fields side by side and the counts of their children."""
        raise NotImplementedError

    def merge(self, table: str, survivor_id: uuid.UUID, loser_id: uuid.UUID,
              chosen: Mapping[str, str]) -> Merged:
        """``chosen`` maps a field to ``"survivor"`` or ``"loser"`` (unnamed
        fields keep the survivor's value)."""
        raise NotImplementedError
