"""A rep's busy times (``desktop.domain.schema.busy``): the rep's alone.

* The owner is whoever pushes a new busy time; the ``owner_id`` a client sends
  is ignored, and a stored one never changes (``decide``).
* Only the owner writes it: anyone else, an administrator included, is refused
  (``authorise``), and only the owner reads it (``owner_filter``, used by
  ``server.rows.scoped_select``).
* It ends after it starts and lasts at most ``MAX_DAYS`` days; otherwise the
  mutation is refused with the reason (``decide``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Table

from desktop.domain import wire
from desktop.domain.schema.busy import problem
from server.merge import Mutation
from server.scope import Scope
from server.validate import Invalid

TABLES = frozenset({"busy_times"})


def owner_filter(table: Table, scope: Scope) -> ColumnElement[bool]:
    """The WHERE clause that keeps a user's own busy times."""
    return table.c.owner_id == scope.user_id


def authorise(batch: Any, row: dict[str, Any] | None) -> None:
    """A stored (or merged) busy time of another user is refused."""
    if row is not None and row.get("owner_id") != batch.scope.user_id.hex:
        raise Invalid("This busy time belongs to another user.")


def decide(batch: Any, m: Mutation, current: dict[str, Any] | None,
           row: dict[str, Any]) -> dict[str, Any]:
    """The merged wire row with the owner the server decides, its times checked."""
    if m.table not in TABLES:
        return row
    owner = batch.scope.user_id.hex if current is None else current.get("owner_id")
    out = {**row, "owner_id": owner}
    try:
        starts = wire.decode("datetime", out.get("starts_at"), "starts_at")
        ends = wire.decode("datetime", out.get("ends_at"), "ends_at")
    except wire.WireError:
        return out  # missing or malformed: decode_row says which
    if starts is not None and ends is not None and (reason := problem(starts, ends)):
        raise Invalid(reason)
    return out
