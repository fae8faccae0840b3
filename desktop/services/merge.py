"""Two duplicates made one: the rep picks each field, children move to the
survivor, the loser becomes a tombstone naming it (``merged_into_id``), and a
``record_merges`` row keeps the audit trail (and tells the server to send later
edits of the loser to the survivor). One unit of work; every moved row is an
ordinary edit, so it syncs like any other.

Children are every reference ``merge_refs.references`` finds: for an account
every ``account_id`` child table (``account_children``) and the plain links
(broker, parent, a lead's referrer or conversion); for a contact every
``contact_id``; for a lead its event attendance and the deals it sourced.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.lead_rules import LEAD_RULES
from desktop.domain.rules import ACCOUNT_RULES, CONTACT_RULES, Rule
from desktop.domain.schema import Account, Contact
from desktop.domain.schema.enums import LeadStatus
from desktop.domain.schema.pipeline import Lead, RecordMerge
from desktop.i18n import N_, _
from desktop.services.base import Service
from desktop.services.merge_refs import entity_for, references
from desktop.services.validation import ValidationError
from desktop.store.changes import Changes

TABLES = ("accounts", "contacts", "leads")
SURVIVOR, LOSER = "survivor", "loser"
_RULES: dict[str, dict[str, Rule]] = {
    "accounts": ACCOUNT_RULES, "contacts": CONTACT_RULES,
    "leads": {**LEAD_RULES, "budget": Rule(N_("Budget"))},
}
_ENTITIES: dict[str, type[Account] | type[Contact] | type[Lead]] = {
    "accounts": Account, "contacts": Contact, "leads": Lead}
# Fields a merge never copies: who owns the row decides, not the duplicate.
_NOT_MERGED = frozenset({"geo_source"})


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
    children: dict[str, int]  # "table.column" -> the loser's rows that will move
    survivor_children: dict[str, int]  # the same for the survivor, for the totals


class Merged(NamedTuple):
    merge_id: uuid.UUID | None  # the record_merges row (None: a lead with no account)
    moved: dict[str, int]  # "table.column" -> rows moved
    changes: Changes


def fields_of(table: str) -> list[tuple[str, str]]:
    """(field, label) a rep picks between, in form order."""
    return [(name, rule.label) for name, rule in _RULES[table].items()
            if name not in _NOT_MERGED]


class MergeService(Service):
    def preview(self, table: str, survivor_id: uuid.UUID, loser_id: uuid.UUID) -> MergePreview:
        """Both records' fields side by side and the counts of their children."""
        entity = _entity(table)
        with self.store.unit_of_work() as uow:
            survivor, loser = self._pair(uow.session, entity, survivor_id, loser_id)
            pairs = [FieldPair(name, label, getattr(survivor, name), getattr(loser, name))
                     for name, label in fields_of(table)]
            return MergePreview(table, survivor_id, loser_id, _label(survivor), _label(loser),
                                pairs, self.children(table, loser_id),
                                self.children(table, survivor_id))

    def children(self, table: str, row_id: uuid.UUID) -> dict[str, int]:
        """"table.column" -> live rows that reference ``row_id`` (none listed at 0)."""
        conn = self.store.reads()
        counts = {}
        for child, column in references(table):
            n = conn.execute(f"SELECT count(*) FROM {child} WHERE {column} = ? "  # nosec B608 - identifiers from code, values bound
                             "AND deleted_at IS NULL", (row_id.hex,)).fetchone()[0]
            if n:
                counts[f"{child}.{column}"] = int(n)
        return counts

    def merge(self, table: str, survivor_id: uuid.UUID, loser_id: uuid.UUID,
              chosen: Mapping[str, str]) -> Merged:
        """``chosen`` maps a field to ``"survivor"`` or ``"loser"`` (unnamed
        fields keep the survivor's value)."""
        entity = _entity(table)
        allowed = {name for name, _label in fields_of(table)}
        bad = {k: v for k, v in chosen.items() if k not in allowed or v not in (SURVIVOR, LOSER)}
        if bad:
            raise ValueError(f"not a field choice on {table}: {bad}")
        with self.store.unit_of_work() as uow:
            s = uow.session
            survivor, loser = self._pair(s, entity, survivor_id, loser_id)
            if isinstance(loser, Lead) and loser.status == LeadStatus.CONVERTED.value:
                raise ValidationError({"loser": _(
                    "That lead was converted: merge the accounts it became instead.")})
            now = self.clock()
            self._apply(survivor, {name: getattr(loser, name)
                                   for name, side in chosen.items() if side == LOSER})
            moved = self._move_children(s, table, survivor_id, loser_id)
            self._apply(loser, {"merged_into_id": survivor_id, "deleted_at": now})
            merge_id = None
            account_id = _account_of(survivor)
            if account_id is not None:
                record = self._new(RecordMerge, account_id=account_id, table_name=table,
                                   survivor_id=survivor_id, loser_id=loser_id,
                                   merged_by=self.user_id, merged_at=now,
                                   chosen={k: v for k, v in chosen.items()})
                s.add(record)
                merge_id = record.id
            return Merged(merge_id, moved, uow.commit())

    def _move_children(self, s: Session, table: str, survivor_id: uuid.UUID,
                       loser_id: uuid.UUID) -> dict[str, int]:
        moved: dict[str, int] = {}
        for child, column in references(table):
            cls = entity_for(child)
            col = getattr(cls, column)
            rows = s.execute(select(cls).where(col == loser_id,
                                               cls.deleted_at.is_(None))).scalars().all()
            for row in rows:
                # A self-reference of the survivor (its parent was the loser) is dropped.
                target = None if (child == table and row.id == survivor_id) else survivor_id
                self._apply(row, {column: target})
            if rows:
                moved[f"{child}.{column}"] = len(rows)
        return moved

    def _pair(self, s: Session, entity: type[Any], survivor_id: uuid.UUID,
              loser_id: uuid.UUID) -> tuple[Any, Any]:
        if survivor_id == loser_id:
            raise ValidationError({"loser": _("A record cannot be merged with itself.")})
        survivor = self._get(s, entity, survivor_id)
        loser = self._get(s, entity, loser_id)
        for row in (survivor, loser):
            if row.merged_into_id is not None:
                raise ValidationError({"loser": _("That record was merged already.")})
        return survivor, loser


def _entity(table: str) -> type[Any]:
    if table not in _ENTITIES:
        raise ValueError(f"cannot merge {table!r}: only {', '.join(TABLES)}")
    return _ENTITIES[table]


def _account_of(row: Any) -> uuid.UUID | None:
    """The account a merge record travels with: the survivor, its account, or
    the account a lead became (a lead never converted has none: its tombstone's
    ``merged_into_id`` is the only record)."""
    if isinstance(row, Account):
        return row.id
    if isinstance(row, Contact):
        return row.account_id
    return getattr(row, "converted_account_id", None)


def _label(row: Any) -> str:
    if isinstance(row, Account):
        return ", ".join(p for p in (row.name, row.billing_city) if p)
    if isinstance(row, Contact):
        return row.full_name
    person = " ".join(p for p in (row.first_name, row.last_name) if p)
    return ", ".join(p for p in (row.company, person) if p)
