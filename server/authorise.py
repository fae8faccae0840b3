"""Who may write a pushed row: checked before and after the change is merged.

A row outside the user's scope is refused whatever it says: accounts and
everything under them by territory or owner, plans and trips by owner, leads
by assignment (``Scope.allows_lead``), reference tables by administrators.
"""

from __future__ import annotations

import uuid
from typing import Any

from server import busy_rules, team_rules
from server.merge import Mutation
from server.rows import ADMIN_TABLES, OWNER_TABLES, PARENTS, TERRITORY_OWNER_TABLES
from server.validate import Invalid

# A conflict record is resolved, or moves with its account when that is merged.
CONFLICT_FIELDS = frozenset({"resolved_at", "resolution", "updated_at", "account_id"})


def authorise(batch: Any, m: Mutation, row: dict[str, Any] | None) -> None:
    """Refuse anything outside the user's scope, before and after the change."""
    scope = batch.scope
    if m.table in busy_rules.TABLES:  # the owner's alone, administrators included
        return busy_rules.authorise(batch, row)
    if row is None or scope.everything:
        return
    if m.table in ADMIN_TABLES:
        raise Invalid("Only an administrator can change users, territories and the catalogue.")
    if m.table == "sync_conflicts" and not set(m.changes) <= CONFLICT_FIELDS:
        raise Invalid("Conflict records can only be resolved, not edited.")
    if m.table in OWNER_TABLES:
        _authorise_owner(batch, m.table, row)
        if "account_id" not in row:
            return
    if m.table == "sales_materials":  # the shared library: every rep may add to it
        return
    if m.table == "leads":  # assigned to a rep, not shared by a territory
        lead = [uuid.UUID(hex=v) if isinstance(v, str) else None
                for v in (row.get("territory_id"), row.get("owner_id"))]
        if not scope.allows_lead(lead[0], lead[1]):
            raise Invalid("This lead is assigned to another rep.")
        return
    if m.table == "field_notes":  # by author, territory and audience (server.team_rules)
        team_rules.authorise_note(batch, m, row)
        return
    if m.table in TERRITORY_OWNER_TABLES or m.table == "accounts":
        owner_row: dict[str, Any] | None = row
    else:
        account = row.get("account_id")
        if not isinstance(account, str):
            raise Invalid("This record belongs to no account.")
        owner_row = batch.current("accounts", account)
        if owner_row is None:
            raise Invalid("The account of this record does not exist on the server.")
    assert owner_row is not None
    territory, owner = owner_row.get("territory_id"), owner_row.get("owner_id")
    as_uuid = [uuid.UUID(hex=v) if isinstance(v, str) else None for v in (territory, owner)]
    if not scope.allows(as_uuid[0], as_uuid[1]):
        raise Invalid("This account is outside your territories.")


def _authorise_owner(batch: Any, table: str, row: dict[str, Any]) -> None:
    """A plan or trip row: its owner must be the user (or, for a manager, the
    team), and a child must carry the same owner as its plan or trip."""
    owner = row.get("owner_id")
    if not isinstance(owner, str) or not batch.scope.allows_owner(uuid.UUID(hex=owner)):
        raise Invalid("This plan belongs to another rep.")
    column, parent_table = PARENTS.get(table, ("", ""))
    parent_id = row.get(column) if column else None
    if isinstance(parent_id, str):
        parent = batch.current(parent_table, parent_id)
        if parent is not None and parent.get("owner_id") != owner:
            raise Invalid("This row and its plan belong to different reps.")
