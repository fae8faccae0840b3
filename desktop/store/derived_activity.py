"""Interactions counted by day, kept by triggers (migration 0020), so the
activity report adds up a few thousand narrow rows in key order instead of
grouping every interaction of the period (about 120,000 in a quarter of the
100,000-account book; 1.3 s of CPU for everyone).

``activity_daily``: by UTC day (``substr(occurred_at, 1, 10)``), author ('' for
none), channel, and the account's kind and status (what an action plan's goal
segment is made of, ``goal_counts.SEGMENT_SQL``), with the count of
interactions. An interaction counts while it is not deleted, whatever its
account; one whose account is not in the cache counts under kind and status
``MISSING``. An interaction's trigger takes its old contribution out and puts
the new one in; an account's moves its interactions from its old kind and
status to the new ones (and from and to ``MISSING`` when it arrives or goes), so
every write path, sync included, keeps the counts right. Rows whose count falls
to zero stay until a rebuild; they add nothing.

Migration 0020 also adds covering indexes for the delivery and closings reports
(``INDEXES``): orders by id, by entry date and by account with what the
reports read of them, so a probe or a range reads the index, not the wide
rows; and
``ix_order_lines_ship_date`` (0016's) grows to cover the lines due in a period.
"""

from __future__ import annotations

from desktop.store.derived import SUSPENDED

MISSING = "-"  # the kind and status of an interaction whose account is not here
KEYS = ("day", "rep_key", "channel", "kind", "status")
_EXPRS = ("substr(i.occurred_at, 1, 10)", "coalesce(i.author_id, '')", "i.channel",
          f"CASE WHEN a.id IS NULL THEN '{MISSING}' ELSE coalesce(a.kind, '') END",
          f"CASE WHEN a.id IS NULL THEN '{MISSING}' ELSE coalesce(a.status, '') END")
_INTERACTION_COLUMNS = "id, account_id, author_id, channel, occurred_at, deleted_at"
_ACCOUNT_COLUMNS = "id, kind, status"
_NO_ACCOUNT = "(SELECT NULL AS id, NULL AS kind, NULL AS status WHERE 0)"


def _row(prefix: str, columns: str) -> str:
    """A one-row table of a trigger's OLD or NEW values."""
    return "(SELECT " + ", ".join(f"{prefix}.{c} AS {c}" for c in columns.split(", ")) + ")"


def _add(sign: str, where: str, interactions: str = "interactions",
         accounts: str = "accounts", upsert: bool = True) -> str:
    """Add (sign "+") or take out ("-") the interactions matching ``where``;
    ``interactions``/``accounts``: a one-row SELECT of OLD/NEW in place of the table."""
    keys = ", ".join(KEYS)
    conflict = (f" ON CONFLICT({keys}) DO UPDATE SET n = n + excluded.n" if upsert else "")
    return (f"INSERT INTO activity_daily({keys}, n) SELECT {', '.join(_EXPRS)}, "
            f"{sign}count(*) FROM {interactions} i LEFT JOIN {accounts} a ON a.id = i.account_id "
            f"WHERE i.deleted_at IS NULL AND {where} GROUP BY 1, 2, 3, 4, 5{conflict};")


def _trigger(name: str, event: str, body: str) -> str:
    return f"CREATE TRIGGER {name} {event} WHEN {SUSPENDED} BEGIN {body} END"


_OLD_I = _add("-", "1", interactions=_row("OLD", _INTERACTION_COLUMNS))
_NEW_I = _add("+", "1", interactions=_row("NEW", _INTERACTION_COLUMNS))


def _account(prefix: str, sign: str, present: bool) -> str:
    """Account ``prefix``'s interactions, counted with its row (``present``) or as missing."""
    return _add(sign, f"i.account_id = {prefix}.id",
                accounts=_row(prefix, _ACCOUNT_COLUMNS) if present else _NO_ACCOUNT)


_ORDER_FACTS = "deleted_at, status, author_id, account_id, expedite, currency"
ORDERS_BY_ID = "ix_orders_facts"
ORDERS_BY_ENTRY = "ix_orders_entered_facts"
INDEXES: dict[str, str] = {
    ORDERS_BY_ID: f"orders (id, {_ORDER_FACTS}, entered_at)",
    ORDERS_BY_ENTRY: f"orders (entered_at, {_ORDER_FACTS}, id)",
    # an account's orders before a date (closings: reactivated accounts)
    "ix_orders_account_entered": "orders (account_id, entered_at, deleted_at, status)",
}
LINES_DUE = "ix_order_lines_ship_date"
_LINES_DUE_ON = "order_lines (ship_date, deleted_at, order_id, id)"
_LINES_DUE_BEFORE = "order_lines (ship_date)"  # 0016's

DDL: list[str] = [
    "CREATE TABLE activity_daily (day CHAR(10) NOT NULL, rep_key VARCHAR NOT NULL, "
    "channel VARCHAR NOT NULL, kind VARCHAR NOT NULL, status VARCHAR NOT NULL, "
    f"n INTEGER NOT NULL, PRIMARY KEY ({', '.join(KEYS)})) WITHOUT ROWID",
    _trigger("activity_daily_interaction_ai", "AFTER INSERT ON interactions", _NEW_I),
    _trigger("activity_daily_interaction_au", "AFTER UPDATE OF account_id, author_id, channel, "
             "occurred_at, deleted_at ON interactions", f"{_OLD_I} {_NEW_I}"),
    _trigger("activity_daily_interaction_ad", "AFTER DELETE ON interactions", _OLD_I),
    _trigger("activity_daily_account_ai", "AFTER INSERT ON accounts",
             f"{_account('NEW', '-', False)} {_account('NEW', '+', True)}"),
    _trigger("activity_daily_account_au", "AFTER UPDATE OF kind, status ON accounts",
             f"{_account('OLD', '-', True)} {_account('NEW', '+', True)}"),
    _trigger("activity_daily_account_ad", "AFTER DELETE ON accounts",
             f"{_account('OLD', '-', True)} {_account('OLD', '+', False)}"),
    *(f"CREATE INDEX {name} ON {on}" for name, on in INDEXES.items()),
    f"DROP INDEX IF EXISTS {LINES_DUE}",
    f"CREATE INDEX {LINES_DUE} ON {_LINES_DUE_ON}",
]

REBUILD: list[str] = [
    "DELETE FROM activity_daily",
    _add("", "1", upsert=False).removesuffix(";"),
]

TABLES = frozenset({"activity_daily"})
TRIGGERS = tuple(s.split()[2] for s in DDL if s.startswith("CREATE TRIGGER"))

DROP: list[str] = [
    *(f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGERS),
    "DROP TABLE IF EXISTS activity_daily",
    *(f"DROP INDEX IF EXISTS {name}" for name in INDEXES),
    f"DROP INDEX IF EXISTS {LINES_DUE}",
    f"CREATE INDEX {LINES_DUE} ON {_LINES_DUE_BEFORE}",
]
