"""References inside scope: every id a pushed row names must be a row the
pusher may see, and under the same account where both rows belong to one.

Authorising the row itself (``server.authorise``) checks only its account; a
rep's row on their own account could otherwise point at another territory's
proposal, order or contact (and, say, slip a line into someone else's
proposal). Only the references a change sets are checked: on a new row every
one, on an edit those whose value changes. The owners, authors and assignees
(users), plans and trips (``authorise``), merged-away ids (``server.merges``)
and a field note's account (``server.team_rules``) are checked where they are
decided.
"""

from __future__ import annotations

from typing import Any

from server import possession
from server.authorise import authorise
from server.merge import Mutation
from server.rows import ADMIN_TABLES
from server.validate import Invalid

# column -> the table it names (wherever the column appears)
TARGETS = {
    "contact_id": "contacts", "proposal_id": "proposals", "order_id": "orders",
    "opportunity_id": "opportunities", "interaction_id": "interactions",
    "order_line_id": "order_lines", "product_id": "products", "event_id": "events",
    "lead_id": "leads", "source_lead_id": "leads", "referrer_contact_id": "contacts",
    "referrer_account_id": "accounts", "broker_id": "accounts", "parent_id": "accounts",
    "carried_from_id": "trip_stops",
}
# references that may name another account (a broker, a parent company, a referrer)
ACROSS_ACCOUNTS = frozenset({"referrer_account_id", "broker_id", "parent_id",
                             "referrer_contact_id"})
NAMES = {"contacts": "contact", "proposals": "proposal", "orders": "order",
         "opportunities": "opportunity", "interactions": "interaction",
         "order_lines": "order line", "products": "product", "events": "event",
         "leads": "lead", "accounts": "account", "trip_stops": "stop"}


def check(batch: Any, m: Mutation, current: dict[str, Any] | None,
          row: dict[str, Any]) -> None:
    """Refuse a reference to a row that is missing, out of scope or under
    another account (see the module's doc)."""
    for column, value in _set(m, current, row):
        _check_one(batch, m, row, column, TARGETS[column], value)
    if m.table == "attachments" and isinstance(row.get("record_id"), str) and (
            current is None or row.get("record_id") != current.get("record_id")
            or row.get("record_table") != current.get("record_table")):
        target = str(row.get("record_table"))
        if target in NAMES and target != "products":
            _check_one(batch, m, row, "record_id", target, row["record_id"])
    possession.check(batch, m, current, row)  # a blob named by its SHA-256


def _set(m: Mutation, current: dict[str, Any] | None,
         row: dict[str, Any]) -> list[tuple[str, str]]:
    out = []
    for column in TARGETS:
        value = row.get(column)
        if isinstance(value, str) and (current is None or current.get(column) != value):
            out.append((column, value))
    return out


def _check_one(batch: Any, m: Mutation, row: dict[str, Any], column: str, target: str,
               value: str) -> None:
    what = NAMES.get(target, target)
    if value == m.row_id and target == m.table:
        raise Invalid(f"{column} names the row itself.")
    found = batch.current(target, value)
    if found is None:
        raise Invalid(f"{column} names a {what} that is not on the server.")
    if batch.scope.everything:
        return
    if target not in ADMIN_TABLES:
        try:
            authorise(batch, Mutation(m.seq, target, value, "upsert", None, {}), found)
        except Invalid:
            raise Invalid(f"{column} names a {what} outside your territories.") from None
    if column in ACROSS_ACCOUNTS:
        return
    mine, theirs = row.get("account_id"), found.get("account_id")
    if m.table == "accounts":
        mine = m.row_id
    if target == "accounts":
        theirs = value
    if isinstance(mine, str) and isinstance(theirs, str) and \
            _survivor(batch, mine) != _survivor(batch, theirs):
        raise Invalid(f"{column}: that {what} belongs to another account.")


def _survivor(batch: Any, account_id: str) -> str:
    """The account a merged-away account lives on as (itself if not merged):
    a row written offline on the loser may name a contact moved to the survivor."""
    seen = {account_id}
    while True:
        found = batch.current("accounts", account_id)
        merged = found.get("merged_into_id") if found is not None else None
        if not isinstance(merged, str) or merged in seen:
            return account_id
        seen.add(merged)
        account_id = merged
