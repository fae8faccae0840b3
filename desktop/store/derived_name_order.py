"""The account search in name order: ``accounts.name_key``, the search index's rowid.

A search keystroke wants the first page of matches *by name*. With the index
keyed by ``accounts.rowid`` the matches came out in rowid order, so a page
meant reading every match's row to sort them (about 3 µs a match: 20,000
"Northwind ..." at a million accounts took 60-170 ms). Keyed by a number that
grows with the name, FTS5 hands them over in name order and a page stops
after its rows (``ORDER BY rowid LIMIT``), however many match.

``name_key`` follows ``(name COLLATE NOCASE, rowid)`` with gaps between
neighbours, so a new or renamed account takes a number between its two
neighbours' without moving anyone (the search triggers do it, before indexing
the account). Gaps are small (:data:`GAP`): FTS5 stores each document as the
difference to the one before, and wide gaps would cost bytes in every doclist.
When two neighbours leave no room, the account goes to the *spill* range above
:data:`SPILL` (out of order); the list sees a spill and sorts matches as before
until :func:`repair` (in a save's own transaction, after a sync's pull, at
start-up, and for each chunk of an import) spreads the keys around it again.
A bulk load numbers every account at once (:data:`RELABEL`) before it
rebuilds the index.
"""

from __future__ import annotations

import sqlite3

GAP = 64  # between neighbours after a relabel, and after the last account
SPILL = 1 << 62  # keys from here on are out of order (SPILL + rowid)
ORDER = "name COLLATE NOCASE, rowid"  # the order name_key follows (ix_accounts_name_nocase)

COLUMNS = ("name_key",)  # local-only column on accounts (not in the model)
INDEX = "ix_accounts_name_key"

# Every account numbered in name order (a bulk load, the migration), GAP apart;
# through NULL first, so that no key is ever held twice (its index is unique).
RELABEL: list[str] = [
    "UPDATE accounts SET name_key = NULL WHERE name_key IS NOT NULL",
    f"UPDATE accounts SET name_key = r.n * {GAP} FROM (SELECT rowid AS rid, "
    f"row_number() OVER (ORDER BY {ORDER}) AS n FROM accounts) r WHERE accounts.rowid = r.rid",
]

# The keyed neighbours of the account NEW (spilled and unnumbered ones skipped).
_BEFORE = ("(SELECT name_key FROM accounts WHERE (name COLLATE NOCASE, rowid) < "
           f"(NEW.name, NEW.rowid) AND name_key < {SPILL} ORDER BY name COLLATE NOCASE DESC, "
           "rowid DESC LIMIT 1)")
_AFTER = ("(SELECT name_key FROM accounts WHERE (name COLLATE NOCASE, rowid) > "
          f"(NEW.name, NEW.rowid) AND name_key < {SPILL} ORDER BY name COLLATE NOCASE, "
          "rowid LIMIT 1)")

# The trigger statement that numbers NEW between its neighbours.
PLACE_NEW = (
    "UPDATE accounts SET name_key = (SELECT CASE "
    "WHEN p IS NULL AND s IS NULL THEN 0 "
    f"WHEN s IS NULL THEN p + {GAP} "
    f"WHEN p IS NULL THEN s - {GAP} "
    "WHEN s - p >= 2 THEN p + (s - p) / 2 "
    f"ELSE {SPILL} + NEW.rowid END FROM (SELECT {_BEFORE} AS p, {_AFTER} AS s)) "
    "WHERE rowid = NEW.rowid;"
)

RENAMED = PLACE_NEW.replace("WHERE rowid = NEW.rowid;",
                            "WHERE rowid = NEW.rowid AND NEW.name IS NOT OLD.name;")


def _swap(ddl: list[str]) -> list[str]:
    """The search triggers and the account index's view replaced by those in
    ``ddl`` (derived_search's), and the index rebuilt from the new view."""
    from desktop.store import derived_search

    return [*(f"DROP TRIGGER IF EXISTS {name}" for name in derived_search.TRIGGERS),
            "DROP VIEW account_search_rows",
            *(s for s in ddl if s.startswith(("CREATE TRIGGER",
                                              "CREATE VIEW account_search_rows"))),
            "INSERT INTO account_search(account_search) VALUES ('rebuild')"]


def upgrade() -> list[str]:
    """Migration 0027: number every account, then key the index by it."""
    from desktop.store import derived_search

    return ["ALTER TABLE accounts ADD COLUMN name_key INTEGER", *RELABEL,
            f"CREATE UNIQUE INDEX {INDEX} ON accounts (name_key)",
            *_swap(derived_search._ddl("name_key", PLACE_NEW, RENAMED))]


def downgrade() -> list[str]:
    from desktop.store import derived_search

    return [*_swap(derived_search.DDL), f"DROP INDEX {INDEX}",
            "ALTER TABLE accounts DROP COLUMN name_key"]


# The account index for accounts ``low < rowid <= high`` (derived.ranged_rebuild).
RANGED: list[str] = [
    "DELETE FROM account_search WHERE rowid IN (SELECT id FROM account_search_docsize WHERE id "
    "IN (SELECT name_key FROM accounts WHERE rowid > ? AND rowid <= ?))",
    "INSERT INTO account_search(rowid, name, place, people) SELECT doc, name, place, people "
    "FROM account_search_rows WHERE doc IN (SELECT name_key FROM accounts WHERE rowid > ? "
    "AND rowid <= ?)",
]


def spilled(conn: sqlite3.Connection) -> bool:
    """Whether any account's key is out of order (one seek in the key's index)."""
    return conn.execute("SELECT EXISTS (SELECT 1 FROM accounts WHERE name_key >= ?)",
                        (SPILL,)).fetchone()[0] == 1


def needs_repair(conn: sqlite3.Connection) -> bool:
    """Whether an account is spilled or unnumbered (two seeks)."""
    return conn.execute(
        "SELECT EXISTS (SELECT 1 FROM accounts WHERE name_key >= ?) OR "
        "EXISTS (SELECT 1 FROM accounts WHERE name_key IS NULL)", (SPILL,)).fetchone()[0] == 1


def repair(conn: sqlite3.Connection) -> int:
    """Put every spilled or unnumbered account in order; returns how many were
    numbered. Spilled ones leave the index and lose their key; each run of
    unnumbered accounts between the same two neighbours is spread evenly in
    the room between them, and where a run has no room, that many of its
    numbered neighbours each side join it (their documents move with them)
    until it has. Runs in the caller's transaction; does nothing while a bulk
    load is under way (it numbers everyone at its end)."""
    from desktop.store.derived import SUSPENDED  # (not at import: SQLAlchemy)

    if conn.execute(f"SELECT NOT ({SUSPENDED})").fetchone()[0] == 1:
        return 0
    _unnumber(conn, [r[0] for r in conn.execute(
        "SELECT rowid FROM accounts WHERE name_key >= ?", (SPILL,))])
    while tight := [run for run in _runs(conn) if run.room() < 1]:
        for run in tight:
            width = max(8, len(run.members))
            first, last = run.members[0], run.members[-1]
            _unnumber(conn, _beside(conn, first, "<", width) + _beside(conn, last, ">", width))
    return _number(conn)


def _number(conn: sqlite3.Connection) -> int:
    """Number and index the unnumbered accounts that have room between their
    numbered neighbours: each run between the same two neighbours spread
    evenly over the room between them (a run with no room is left to
    :func:`repair`). Returns how many were numbered."""
    numbered = [(key, member) for run in _runs(conn) if run.room() >= 1
                for key, member in run.numbered()]
    conn.executemany("UPDATE accounts SET name_key = ? WHERE rowid = ?", numbered)
    conn.executemany(
        "INSERT INTO account_search(rowid, name, place, people) SELECT doc, name, place, "
        "people FROM account_search_rows WHERE doc = ?", [(k,) for k, _r in numbered])
    return len(numbered)


_FOLD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")  # NOCASE


class _Run:
    """Unnumbered accounts next to each other in name order (rowids, in order),
    and the keys of the numbered accounts just before and after (None: none)."""

    def __init__(self, members: list[int], low: int | None, high: int | None) -> None:
        slots = len(members) + 1
        if low is None:
            low = (high if high is not None else slots * GAP) - slots * GAP
        if high is None:
            high = low + slots * GAP
        self.members, self.low, self.high = members, low, high

    def room(self) -> int:
        return (self.high - self.low) // (len(self.members) + 1)

    def numbered(self) -> list[tuple[int, int]]:
        room = self.room()
        return [(self.low + n * room, m) for n, m in enumerate(self.members, start=1)]


def _runs(conn: sqlite3.Connection) -> list[_Run]:
    """The unnumbered accounts as runs (a seek or two per run, not per account)."""
    new = conn.execute("SELECT rowid, name FROM accounts WHERE name_key IS NULL "
                       f"ORDER BY {ORDER}").fetchall()  # nosec B608 - identifiers from code, values bound
    runs, at = [], 0
    while at < len(new):
        rowid, name = new[at]
        before = _keyed(conn, "<", name, rowid)
        after = _keyed(conn, ">", name, rowid)
        end = (after[1].translate(_FOLD), after[0]) if after else None
        members = [rowid]
        at += 1
        while at < len(new) and (end is None or (new[at][1].translate(_FOLD), new[at][0]) < end):
            members.append(new[at][0])
            at += 1
        runs.append(_Run(members, before[2] if before else None, after[2] if after else None))
    return runs


def _keyed(conn: sqlite3.Connection, op: str, name: str, rowid: int
           ) -> tuple[int, str, int] | None:
    """The nearest numbered account before (``<``) or after (``>``) in name order."""
    order = "DESC" if op == "<" else "ASC"
    row = conn.execute(
        f"SELECT rowid, name, name_key FROM accounts WHERE (name COLLATE NOCASE, rowid) {op} "  # nosec B608 - identifiers from code, values bound
        f"(?, ?) AND name_key < {SPILL} ORDER BY name COLLATE NOCASE {order}, rowid {order} "
        "LIMIT 1", (name, rowid)).fetchone()
    return (int(row[0]), row[1], int(row[2])) if row else None


def _beside(conn: sqlite3.Connection, rowid: int, op: str, width: int) -> list[int]:
    """Up to ``width`` accounts before (``<``) or after (``>``) one, nearest first."""
    order = "DESC" if op == "<" else "ASC"
    return [int(r[0]) for r in conn.execute(
        f"SELECT b.rowid FROM accounts a, accounts b WHERE a.rowid = ? AND "  # nosec B608 - identifiers from code, values bound
        f"(b.name COLLATE NOCASE, b.rowid) {op} (a.name, a.rowid) "
        f"ORDER BY b.name COLLATE NOCASE {order}, b.rowid {order} LIMIT ?", (rowid, width))]


def _unnumber(conn: sqlite3.Connection, rowids: list[int]) -> None:
    """Take these accounts out of the index (under their key, while the view
    still shows them so) and clear their keys."""
    conn.executemany(
        "DELETE FROM account_search WHERE rowid = (SELECT name_key FROM accounts WHERE rowid = ?"
        ") AND rowid IN (SELECT id FROM account_search_docsize)", [(r,) for r in rowids])
    conn.executemany("UPDATE accounts SET name_key = NULL WHERE rowid = ?",
                     [(r,) for r in rowids])
