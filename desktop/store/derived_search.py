"""A leaner account and history search: the same two FTS5 indexes, without the
copy of the text they index.

Until migration 0014 ``account_search`` and ``history_search`` were ordinary
FTS5 tables, each holding a second copy of what it indexed (a tenth of the
cache: every account's whole history concatenated). Now each is an
*external-content* table over a view that computes its text from the synced
rows, with shorter doclists (``detail=column`` for the account columns, ``detail=none``
for the history: the search asks for words as prefixes, never phrases).

An external-content index deletes a document by tokenizing what the view says
*now*, so a document has to leave the index while the view still shows what
was indexed, and only if it is indexed (deleting words that are not there
corrupts the index): the ``BEFORE`` triggers below take an account's document
out when its ``_docsize`` row says it is in, and the ``AFTER`` triggers put it
back as the view now shows it. These replace migration 0002's triggers (which
deleted after the change). A bulk load rebuilds with ``'rebuild'``; a
wholesale empty uses ``'delete-all'`` (``DELETE FROM`` would ask the views).
"""

from __future__ import annotations

from desktop.store.derived import _SELECT_ACCOUNT, _SELECT_HISTORY, SUSPENDED

_TOKENIZE = "tokenize = 'unicode61 remove_diacritics 2'"
_ACCOUNT = "{table}_docsize WHERE id = (SELECT {key} FROM accounts WHERE id = {acc})"


def _drop(table: str, acc: str, key: str = "rowid") -> str:
    """Take an account's document out of ``table`` if it is indexed (its
    ``_docsize`` row says so), while the view still shows what was indexed.
    ``key``: the account's column the index's rowid is (``name_key`` for the
    account index since migration 0027, :mod:`desktop.store.derived_name_order`)."""
    return (f"DELETE FROM {table} WHERE rowid = (SELECT id FROM "
            f"{_ACCOUNT.format(table=table, acc=acc, key=key)});")


def _add(table: str, columns: str, acc: str, key: str = "rowid") -> str:
    """Index an account's document as the view shows it now (unless it is in)."""
    return (f"INSERT INTO {table}(rowid, {columns}) SELECT doc, {columns} FROM {table}_rows "
            f"WHERE doc = (SELECT {key} FROM accounts WHERE id = {acc}) AND NOT EXISTS "
            f"(SELECT 1 FROM {table}_docsize WHERE id = doc);")


def _account(kind: str, acc: str, key: str = "rowid") -> str:
    if kind == "drop":
        return _drop("account_search", acc, key)
    return _add("account_search", "name, place, people", acc, key)


def _history(kind: str, acc: str) -> str:
    return _drop("history_search", acc) if kind == "drop" else _add(
        "history_search", "history", acc)


# A visit, call or email counts as contact; a note to self does not (as in 0002).
_LAST_CONTACT = (
    "UPDATE accounts SET last_contact_at = (SELECT max(occurred_at) FROM interactions "
    "WHERE account_id = {acc} AND deleted_at IS NULL AND channel != 'note') WHERE id = {acc};"
)
_ACCOUNT_COLUMNS = ("name, billing_street, billing_city, billing_region, billing_postal_code, "
                    "billing_country, shipping_city, shipping_region, phone, deleted_at")
_CONTACT_COLUMNS = ("first_name, last_name, title, email, alt_email, work_phone, mobile_phone, "
                    "deleted_at, account_id")
_INTERACTION_COLUMNS = "subject, notes, outcome, deleted_at, account_id, occurred_at, channel"

# Migration 0002's triggers, replaced by these (they deleted after the change).
OLD_TRIGGERS = ("accounts_search_ai", "accounts_search_au", "accounts_search_ad",
                "contacts_search_ai", "contacts_search_au", "contacts_search_ad",
                "interactions_derived_ai", "interactions_derived_au", "interactions_derived_ad")


def _trigger(name: str, when: str, body: str) -> str:
    return f"CREATE TRIGGER {name} {when} WHEN {SUSPENDED} BEGIN {body} END"


def _ddl(key: str = "rowid", place: str = "", renamed: str = "") -> list[str]:
    """The views, indexes and triggers; ``key`` as for :func:`_drop`, ``place``
    numbers a new account before it is indexed, ``renamed`` a renamed one."""
    a = "a.name_key" if key == "name_key" else "a.rowid"
    # An account not numbered yet is not indexed (FTS5 would number it itself).
    unnumbered = " AND a.name_key IS NOT NULL" if key == "name_key" else ""

    def acc(kind: str, account: str) -> str:
        return _account(kind, account, key)

    return [
        f"CREATE VIEW account_search_rows(doc, name, place, people) AS "
        f"{_SELECT_ACCOUNT.replace('SELECT a.rowid,', f'SELECT {a},', 1)}{unnumbered}",
        f"CREATE VIEW history_search_rows(doc, history) AS {_SELECT_HISTORY}",
        "CREATE VIRTUAL TABLE account_search USING fts5(name, place, people, "
        "content = 'account_search_rows', content_rowid = 'doc', "
        f"{_TOKENIZE}, prefix = '1 2', detail = column)",
        "CREATE VIRTUAL TABLE history_search USING fts5(history, "
        "content = 'history_search_rows', content_rowid = 'doc', "
        f"{_TOKENIZE}, detail = none)",
        # accounts
        _trigger("accounts_search_ai", "AFTER INSERT ON accounts",
                 place + acc("add", "NEW.id") + _history("add", "NEW.id")),
        _trigger("accounts_search_bu", f"BEFORE UPDATE OF {_ACCOUNT_COLUMNS} ON accounts",
                 acc("drop", "OLD.id") + _history("drop", "OLD.id")),
        _trigger("accounts_search_au", f"AFTER UPDATE OF {_ACCOUNT_COLUMNS} ON accounts",
                 renamed + acc("add", "NEW.id") + _history("add", "NEW.id")),
        _trigger("accounts_search_bd", "BEFORE DELETE ON accounts",
                 acc("drop", "OLD.id") + _history("drop", "OLD.id")),
        # contacts: their account's people
        _trigger("contacts_search_bi", "BEFORE INSERT ON contacts", acc("drop", "NEW.account_id")),
        _trigger("contacts_search_ai", "AFTER INSERT ON contacts", acc("add", "NEW.account_id")),
        _trigger("contacts_search_bu", f"BEFORE UPDATE OF {_CONTACT_COLUMNS} ON contacts",
                 acc("drop", "OLD.account_id") + acc("drop", "NEW.account_id")),
        _trigger("contacts_search_au", f"AFTER UPDATE OF {_CONTACT_COLUMNS} ON contacts",
                 acc("add", "OLD.account_id") + acc("add", "NEW.account_id")),
        _trigger("contacts_search_bd", "BEFORE DELETE ON contacts", acc("drop", "OLD.account_id")),
        _trigger("contacts_search_ad", "AFTER DELETE ON contacts", acc("add", "OLD.account_id")),
        # interactions: their account's history, and its last contact
        _trigger("interactions_derived_bi", "BEFORE INSERT ON interactions",
                 _history("drop", "NEW.account_id")),
        _trigger("interactions_derived_ai", "AFTER INSERT ON interactions",
                 _history("add", "NEW.account_id") + _LAST_CONTACT.format(acc="NEW.account_id")),
        _trigger("interactions_derived_bu",
                 f"BEFORE UPDATE OF {_INTERACTION_COLUMNS} ON interactions",
                 _history("drop", "OLD.account_id") + _history("drop", "NEW.account_id")),
        _trigger("interactions_derived_au",
                 f"AFTER UPDATE OF {_INTERACTION_COLUMNS} ON interactions",
                 _history("add", "OLD.account_id") + _history("add", "NEW.account_id")
                 + _LAST_CONTACT.format(acc="OLD.account_id")
                 + _LAST_CONTACT.format(acc="NEW.account_id")),
        _trigger("interactions_derived_bd", "BEFORE DELETE ON interactions",
                 _history("drop", "OLD.account_id")),
        _trigger("interactions_derived_ad", "AFTER DELETE ON interactions",
                 _history("add", "OLD.account_id") + _LAST_CONTACT.format(acc="OLD.account_id")),
    ]


DDL = _ddl()  # as migration 0014 made them (frozen)

TRIGGERS = tuple(s.split()[2] for s in DDL if s.startswith("CREATE TRIGGER"))

# The indexes as the views say they should be (after migrating, or a bulk load).
REBUILD: list[str] = [
    "INSERT INTO account_search(account_search) VALUES ('rebuild')",
    "INSERT INTO history_search(history_search) VALUES ('rebuild')",
]

# Empty both indexes whatever the views say (the cache is being emptied).
EMPTY: list[str] = [
    "INSERT INTO account_search(account_search) VALUES ('delete-all')",
    "INSERT INTO history_search(history_search) VALUES ('delete-all')",
]

# The tables as migration 0002 made them (for the downgrade).
_OLD: list[str] = [
    "CREATE VIRTUAL TABLE account_search USING fts5("
    f"name, place, people, {_TOKENIZE}, prefix = '1 2')",
    f"CREATE VIRTUAL TABLE history_search USING fts5(history, {_TOKENIZE})",
]


def upgrade() -> list[str]:
    return [*(f"DROP TRIGGER IF EXISTS {name}" for name in OLD_TRIGGERS),
            "DROP TABLE account_search", "DROP TABLE history_search", *DDL, *REBUILD]


def downgrade() -> list[str]:
    from desktop.store.derived import DDL_V1, rebuild_statements_v1

    old_triggers = [s for s in DDL_V1 if s.startswith("CREATE TRIGGER")]
    return [*(f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGERS),
            "DROP TABLE account_search", "DROP TABLE history_search",
            "DROP VIEW account_search_rows", "DROP VIEW history_search_rows",
            *_OLD, *old_triggers, *rebuild_statements_v1()[:4]]
