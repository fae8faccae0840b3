"""Every column that points at an account, a contact or a lead: what a merge
re-points from the loser to the survivor.

Foreign keys are found in the schema (so a new child table is included without
a change here: ``account_children`` and every ``contact_id``); plain-id columns
(references that may point outside a rep's scope) are listed by name.
"""

from __future__ import annotations

from functools import cache

from desktop.domain.schema.base import Base, SyncedBase, account_children

# Plain ids (no foreign key) naming a row of each table.
PLAIN: dict[str, tuple[tuple[str, str], ...]] = {
    "accounts": (("accounts", "broker_id"), ("accounts", "parent_id"),
                 ("leads", "referrer_account_id"), ("leads", "converted_account_id"),
                 ("opportunities", "broker_id"), ("orders", "broker_id")),
    "contacts": (("leads", "referrer_contact_id"), ("leads", "converted_contact_id"),
                 ("event_attendees", "contact_id")),
    "leads": (("event_attendees", "lead_id"), ("opportunities", "source_lead_id")),
}


@cache
def references(table: str) -> tuple[tuple[str, str], ...]:
    """(child table, column) of every reference to a row of ``table``."""
    import desktop.domain.schema.entities  # noqa: F401 - registers every table

    tables = Base.metadata.tables
    found: list[tuple[str, str]] = []
    if table == "accounts":
        found += [(child, "account_id") for child in account_children()]
    for t in Base.metadata.sorted_tables:
        for fk in t.foreign_keys:
            pair = (t.name, fk.parent.name)
            if fk.column.table.name == table and pair not in found:
                found.append(pair)
    for pair in PLAIN[table]:
        if pair[0] in tables and pair[1] in tables[pair[0]].c and pair not in found:
            found.append(pair)
    return tuple(found)


def entity_for(table: str) -> type[SyncedBase]:
    """The mapped class of a synced table."""
    import desktop.domain.schema.entities  # noqa: F401

    for mapper in Base.registry.mappers:
        cls = mapper.class_
        if getattr(cls, "__tablename__", None) == table and issubclass(cls, SyncedBase):
            return cls
    raise KeyError(table)
