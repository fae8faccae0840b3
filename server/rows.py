"""Reading synced rows in their wire form, filtered to a user's scope."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, Table, or_, select

from desktop.domain import wire
from desktop.domain.schema.base import Base, account_children
from server import busy_rules
from server.scope import ACCOUNTS, Scope

# Reference data every user reads; only administrators write these, and the
# catalogue's price entries (those without an account are global too).
GLOBAL_TABLES = frozenset({"territories", "users", "products", "stock_levels",
                           "opportunity_stages", "lead_score_weights", "sales_materials"})
ADMIN_TABLES = (GLOBAL_TABLES - {"sales_materials"}) | {"price_entries"}
# Everything that belongs to an account and travels (and leaves) with it.
ACCOUNT_TABLES = account_children()
# A rep's own plans: visible to the owner, the owner's team manager and admins.
# Every row carries its owner_id (children too), so no join decides it; rows
# that also name an account need that account in scope as well.
OWNER_TABLES = frozenset({"action_plans", "action_plan_goals", "action_plan_targets", "trips",
                          "trip_days", "trip_stops", "quotas"})
# Rows with an owner and a territory (leads, events): seen by the owner's team
# and by whoever covers the territory; an unassigned lead by its territory's managers.
TERRITORY_OWNER_TABLES = frozenset({"leads", "events", "event_attendees"})
PARENTS = {"action_plan_goals": ("plan_id", "action_plans"),
           "action_plan_targets": ("plan_id", "action_plans"),
           "trip_days": ("trip_id", "trips"), "trip_stops": ("trip_id", "trips")}


def table_of(name: str) -> Table:
    return Base.metadata.tables[name]


# One alias for every scoped SELECT: building a new one per query copied its
# 39 columns each time (a fifth of a pull's CPU, profiled with 50 reps).
SCOPE_ACCOUNTS = ACCOUNTS.alias("scope_accounts")


def scoped_select(name: str, scope: Scope) -> Select[Any]:
    """SELECT of one synced table limited to what ``scope`` may read."""
    t = table_of(name)
    query = select(t)
    if name in busy_rules.TABLES:  # the owner's alone, administrators included
        return query.where(busy_rules.owner_filter(t, scope))
    if name in GLOBAL_TABLES or scope.everything:
        return query
    if name == "accounts":
        return query.where(scope.account_filter())
    if name == "leads":  # assigned, not shared: see Scope.allows_lead
        return query.where(scope.lead_filter(t))
    if name in TERRITORY_OWNER_TABLES:
        return query.where(scope.account_filter(t))
    if name == "field_notes":  # the author's team, the account's territory, the audience
        return query.where(scope.note_filter(t))
    if name in OWNER_TABLES:
        query = query.where(scope.owner_filter(t))
        if "account_id" not in t.c:
            return query
    if name == "price_entries":  # list prices for all, an account's own prices in scope
        a = SCOPE_ACCOUNTS
        return query.outerjoin(a, a.c.id == t.c.account_id).where(
            or_(t.c.account_id.is_(None), scope.account_filter(a)))
    # Rows under an account in scope; conflicts on users or territories (no
    # account) fall out of the inner join: they are for admins only.
    a = SCOPE_ACCOUNTS
    return query.join(a, a.c.id == t.c.account_id).where(scope.account_filter(a))


def encode_row(table: wire.WireTable, row: Any) -> dict[str, Any]:
    return {name: wire.encode(kind, row[name]) for name, kind in table.fields}


def encode_rows(table: wire.WireTable, rows: list[Any]) -> list[list[Any]]:
    """Rows as compact lists: [version, field values in ``table.fields`` order]."""
    encoders = [(name, kind) for name, kind in table.fields]
    out = []
    for row in rows:
        values: list[Any] = [row["sync_version"]]
        for name, kind in encoders:
            value = row[name]
            values.append(None if value is None else wire.encode(kind, value))
        out.append(values)
    return out
