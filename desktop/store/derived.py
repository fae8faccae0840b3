"""Local derived data kept by SQLite triggers: the search index and
``accounts.last_contact_at``.

Triggers (not service code) keep them right, so every write path, including
the sync client applying server rows, updates them. A bulk loader may set
``derived_suspended`` and call :func:`rebuild` once at the end.

The FTS rows are keyed by ``accounts.rowid``; VACUUM may renumber rowids of
tables without an INTEGER PRIMARY KEY, so anything that vacuums must rebuild.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, text

SUSPENDED = "NOT EXISTS (SELECT 1 FROM derived_suspended)"


def _phone_tokens(col: str) -> str:
    """SQL for searchable forms of an E.164 number: full digits, and for NANP
    numbers the national digits and their 3-3-4 groups."""
    return (
        f"coalesce(substr({col}, 2) || ' ' || CASE WHEN {col} LIKE '+1%' THEN "
        f"substr({col}, 3) || ' ' || substr({col}, 3, 3) || ' ' || substr({col}, 6, 3)"
        f" || ' ' || substr({col}, 9) ELSE '' END, '')"
    )


def _c(col: str) -> str:
    return f"coalesce({col}, '')"


_PLACE = " || ' ' || ".join(
    _c(f"a.{c}")
    for c in (
        "billing_street",
        "billing_city",
        "billing_region",
        "billing_postal_code",
        "billing_country",
        "shipping_city",
        "shipping_region",
    )
)
_PEOPLE = (
    "coalesce((SELECT group_concat("
    + " || ' ' || ".join(
        [_c("c.first_name"), _c("c.last_name"), _c("c.title"), _c("c.email"), _c("c.alt_email")]
        + [_phone_tokens("c.work_phone"), _phone_tokens("c.mobile_phone")]
    )
    + ", ' ') FROM contacts c WHERE c.account_id = a.id AND c.deleted_at IS NULL), '')"
    + " || ' ' || "
    + _phone_tokens("a.phone")
)
_HISTORY = (
    "(SELECT group_concat(i.subject || ' ' || coalesce(i.notes, '') || ' ' || "
    "coalesce(i.outcome, ''), ' ') FROM interactions i "
    "WHERE i.account_id = a.id AND i.deleted_at IS NULL)"
)
_SELECT_ACCOUNT = (
    f"SELECT a.rowid, a.name, {_PLACE}, {_PEOPLE} FROM accounts a WHERE a.deleted_at IS NULL"
)
_SELECT_HISTORY = (
    f"SELECT a.rowid, {_HISTORY} FROM accounts a WHERE a.deleted_at IS NULL "
    "AND EXISTS (SELECT 1 FROM interactions i WHERE i.account_id = a.id)"
)


def _refresh(account_id_expr: str) -> str:
    """Re-index an account's name, place and people."""
    return (
        "DELETE FROM account_search WHERE rowid = "
        f"(SELECT rowid FROM accounts WHERE id = {account_id_expr}); "
        "INSERT INTO account_search(rowid, name, place, people) "
        f"{_SELECT_ACCOUNT} AND a.id = {account_id_expr};"
    )


def _refresh_history(account_id_expr: str) -> str:
    """Re-index an account's contact history (subjects, notes, outcomes)."""
    return (
        "DELETE FROM history_search WHERE rowid = "
        f"(SELECT rowid FROM accounts WHERE id = {account_id_expr}); "
        "INSERT INTO history_search(rowid, history) "
        f"{_SELECT_HISTORY} AND a.id = {account_id_expr};"
    )


# A visit, call or email counts as contact; a note to self does not.
_LAST_CONTACT = (
    "UPDATE accounts SET last_contact_at = (SELECT max(occurred_at) FROM interactions "
    "WHERE account_id = {acc} AND deleted_at IS NULL AND channel != 'note') WHERE id = {acc};"
)

DDL_V1: list[str] = [
    "CREATE TABLE derived_suspended (reason TEXT)",
    # Names, places and people: small, searched on every keystroke, so with
    # prefix indexes for the short prefixes typing produces.
    "CREATE VIRTUAL TABLE account_search USING fts5("
    "name, place, people, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2')",
    # The history is ten times larger and searched on request: no prefix indexes.
    "CREATE VIRTUAL TABLE history_search USING fts5("
    "history, tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE INDEX ix_accounts_name_nocase ON accounts (name COLLATE NOCASE)",
    "CREATE INDEX ix_accounts_city_nocase ON accounts (billing_city COLLATE NOCASE)",
    "CREATE INDEX ix_accounts_last_contact_at ON accounts (last_contact_at)",
    # accounts
    f"CREATE TRIGGER accounts_search_ai AFTER INSERT ON accounts WHEN {SUSPENDED} "
    f"BEGIN {_refresh('NEW.id')} END",
    "CREATE TRIGGER accounts_search_au AFTER UPDATE OF name, billing_street, billing_city, "
    "billing_region, billing_postal_code, billing_country, shipping_city, shipping_region, "
    f"phone, deleted_at ON accounts WHEN {SUSPENDED} BEGIN {_refresh('NEW.id')} "
    f"{_refresh_history('NEW.id')} END",
    f"CREATE TRIGGER accounts_search_ad AFTER DELETE ON accounts WHEN {SUSPENDED} "
    "BEGIN DELETE FROM account_search WHERE rowid = OLD.rowid; "
    "DELETE FROM history_search WHERE rowid = OLD.rowid; END",
    # contacts
    f"CREATE TRIGGER contacts_search_ai AFTER INSERT ON contacts WHEN {SUSPENDED} "
    f"BEGIN {_refresh('NEW.account_id')} END",
    "CREATE TRIGGER contacts_search_au AFTER UPDATE OF first_name, last_name, title, email, "
    "alt_email, work_phone, mobile_phone, deleted_at, account_id ON contacts "
    f"WHEN {SUSPENDED} BEGIN {_refresh('OLD.account_id')} {_refresh('NEW.account_id')} END",
    f"CREATE TRIGGER contacts_search_ad AFTER DELETE ON contacts WHEN {SUSPENDED} "
    f"BEGIN {_refresh('OLD.account_id')} END",
    # interactions
    f"CREATE TRIGGER interactions_derived_ai AFTER INSERT ON interactions WHEN {SUSPENDED} "
    f"BEGIN {_refresh_history('NEW.account_id')} "
    f"{_LAST_CONTACT.format(acc='NEW.account_id')} END",
    "CREATE TRIGGER interactions_derived_au AFTER UPDATE OF subject, notes, outcome, "
    "deleted_at, account_id, occurred_at, channel ON interactions "
    f"WHEN {SUSPENDED} BEGIN {_refresh_history('OLD.account_id')} "
    f"{_refresh_history('NEW.account_id')} "
    f"{_LAST_CONTACT.format(acc='OLD.account_id')} {_LAST_CONTACT.format(acc='NEW.account_id')}"
    " END",
    f"CREATE TRIGGER interactions_derived_ad AFTER DELETE ON interactions WHEN {SUSPENDED} "
    f"BEGIN {_refresh_history('OLD.account_id')} "
    f"{_LAST_CONTACT.format(acc='OLD.account_id')} END",
]


def _set_aside(cursor: Any, kinds: tuple[str, ...], tables: tuple[str, ...],
               chosen: Callable[[str, str], bool]) -> list[str]:
    """Drop these tables' indexes or triggers (``kinds``) for which ``chosen(name,
    sql)`` holds; return the SQL that recreates them, in creation order."""
    rows = cursor.execute(
        f"SELECT type, name, sql FROM sqlite_master WHERE type IN ({', '.join('?' * len(kinds))}) "  # nosec B608 - identifiers from code, values bound
        f"AND sql IS NOT NULL AND tbl_name IN ({', '.join('?' * len(tables))}) ORDER BY rowid",
        (*kinds, *tables)).fetchall()
    away = [(kind, name, sql) for kind, name, sql in rows if chosen(name, sql)]
    for kind, name, _sql in away:
        cursor.execute(f'DROP {kind.upper()} "{name}"')
    return [sql for _kind, _name, sql in away]


def drop_indexes(cursor: Any, tables: tuple[str, ...]) -> list[str]:
    """Drop these tables' secondary indexes and triggers; return the SQL that
    recreates them (a bulk load then builds each index once, not row by row;
    even a trigger whose WHEN clause is false costs a program run per row)."""
    return _set_aside(cursor, ("index", "trigger"), tables, lambda _name, _sql: True)


def drop_secondary_indexes(cursor: Any, tables: tuple[str, ...],
                           keep: frozenset[str]) -> list[str]:
    """Drop these tables' secondary indexes but those in ``keep`` (their triggers
    stay); return the SQL that recreates them. Each index a row goes into is
    another B-tree insert at a random place: the quick book's deals went into
    their 12 indexes at 39 us a row, into none at 13."""
    return _set_aside(cursor, ("index",), tables, lambda name, _sql: name not in keep)


def drop_suspended_triggers(cursor: Any, tables: tuple[str, ...]) -> list[str]:
    """Drop these tables' triggers that ``derived_suspended`` switches off (their
    indexes stay); return the SQL that recreates them, in creation order. A bulk
    load that has set ``derived_suspended`` and rebuilds at its end loses
    nothing by it, and saves the trigger programs SQLite runs for every row even
    when their WHEN clause is false (50,000 accounts in pages of 2,000, SQLCipher:
    4.9 s CPU with their 16 triggers, 4.1 s without). A trigger that may fire
    while suspended stays."""
    return _set_aside(cursor, ("trigger",), tables, lambda _name, sql: switched_off(sql))


def switched_off(trigger_sql: str) -> bool:
    """Whether a trigger never fires while ``derived_suspended`` holds a row: its
    WHEN is the guard, alone or ANDed with a condition that has no OR outside
    parentheses. Anything else (no guard, an OR, other spelling) counts as firing."""
    when = trigger_sql.split(" BEGIN ", 1)[0].partition(" WHEN ")[2]
    if not when.startswith(SUSPENDED):
        return False
    rest = when[len(SUSPENDED):].strip()
    if not rest:
        return True
    depth, top = 0, []  # the condition's characters outside parentheses
    for char in rest:
        depth += (char == "(") - (char == ")")
        top.append(char if depth == 0 and char != ")" else " ")
    return rest.startswith("AND ") and " OR " not in f" {''.join(top).upper()} "


def recreate(cursor: Any, statements: list[str]) -> None:
    """Run ``drop_indexes``'s statements, skipping what exists (a resumed load)."""
    existing = {row[0] for row in cursor.execute("SELECT sql FROM sqlite_master")}
    for statement in statements:
        if statement not in existing:
            cursor.execute(statement)


def rebuild_statements() -> list[str]:
    """SQL that recomputes every derived value from the synced rows."""
    from desktop.store import (
        derived_activity,
        derived_delivery,
        derived_forecast,
        derived_leads,
        derived_name_order,
        derived_orders,
        derived_search,
        derived_shipping,
        derived_sorts,
        derived_trends,
        derived_visits,
    )
    from desktop.store.derived_products import REBUILD

    # The account and history indexes rebuild from their views (derived_search),
    # then the rest of what migration 0002 computed.
    return [*derived_name_order.RELABEL, *derived_search.REBUILD, *rebuild_statements_v1()[4:],
            *REBUILD,
            *derived_visits.REBUILD, *derived_leads.REBUILD, *derived_sorts.REBUILD,
            *derived_orders.REBUILD, *derived_forecast.REBUILD, *derived_trends.REBUILD,
            *derived_shipping.REBUILD, *derived_activity.REBUILD, *derived_delivery.REBUILD]


def rebuild_statements_v1() -> list[str]:
    """The accounts' search and last-contact data, as migration 0002 built them
    (frozen: a migration must do tomorrow what it did when it was written)."""
    return [
        "DELETE FROM account_search",
        "INSERT INTO account_search(rowid, name, place, people) " + _SELECT_ACCOUNT,
        "DELETE FROM history_search",
        "INSERT INTO history_search(rowid, history) " + _SELECT_HISTORY,
        "UPDATE accounts SET last_contact_at = (SELECT max(occurred_at) FROM interactions i "
        "WHERE i.account_id = accounts.id AND i.deleted_at IS NULL AND i.channel != 'note')",
        "INSERT INTO account_search(account_search) VALUES ('optimize')",
    ]


def ranged_rebuild() -> list[str]:
    """The per-account part of :func:`rebuild_statements` for the accounts with
    ``low < rowid <= high`` (two parameters each), with the triggers on: a bulk
    loader runs it range by range, each a write of its own, so that the rep's
    edits (kept right by the triggers) may go between the ranges."""
    from desktop.store import derived_name_order, derived_sorts

    between = "rowid > ? AND rowid <= ?"
    # What is indexed (its _docsize row) is taken out as the view shows it
    # (derived_search: deleting words that are not there corrupts it).
    return [*derived_sorts.RANGED, *derived_name_order.RANGED,
        f"DELETE FROM history_search WHERE rowid IN (SELECT id FROM history_search_docsize WHERE "
        f"{between.replace('rowid', 'id')})",
        "INSERT INTO history_search(rowid, history) " + _SELECT_HISTORY + f" AND a.{between}",
        "UPDATE accounts SET last_contact_at = (SELECT max(occurred_at) FROM interactions i "
        "WHERE i.account_id = accounts.id AND i.deleted_at IS NULL AND i.channel != 'note') "
        f"WHERE {between}",
    ]


def whole_rebuild() -> list[str]:
    """What :func:`ranged_rebuild` leaves: the catalogue's search, the last
    visits, and merging the account index's segments."""
    from desktop.store import (
        derived_activity,
        derived_delivery,
        derived_forecast,
        derived_leads,
        derived_orders,
        derived_shipping,
        derived_trends,
        derived_visits,
    )
    from desktop.store.derived_products import REBUILD

    return [*REBUILD, *derived_visits.REBUILD, *derived_leads.REBUILD, *derived_orders.REBUILD,
            *derived_forecast.REBUILD, *derived_trends.REBUILD, *derived_shipping.REBUILD,
            *derived_activity.REBUILD, *derived_delivery.REBUILD,
            "INSERT INTO account_search(account_search) VALUES ('optimize')"]


def rebuild(conn: Connection, statements: list[str] | None = None) -> None:
    """Recompute every derived value (after a bulk load or a VACUUM)."""
    for statement in statements if statements is not None else rebuild_statements():
        conn.execute(text(statement))


def suspend(conn: Connection, reason: str) -> None:
    conn.execute(text("INSERT INTO derived_suspended(reason) VALUES (:r)"), {"r": reason})


def resume(conn: Connection) -> None:
    conn.execute(text("DELETE FROM derived_suspended"))
