"""Search and amounts for the Orders and Proposals lists, kept by triggers.

``order_search`` and ``proposal_search`` are FTS5 indexes with the trigram
tokenizer, so any part of a number ("0042", "SO-20") or an account's name
matches, as the lists' ``LIKE '%text%'`` did, without reading every order.
``order_amounts`` and ``proposal_amounts`` hold each document's total (net of
discounts, with tax; optional proposal lines left out, as in
:func:`desktop.domain.pricing.totals`), recomputed from its lines when a line
changes, indexed, so the lists show and filter amounts without summing lines.
The amounts are rounded to cents line by line in SQL: a list figure, the
editor's Decimal totals stay the reference. ``ix_stock_requests_order_line``
lets an order's stock requests be found from its lines.
"""

from __future__ import annotations

from desktop.store.derived import SUSPENDED

_TRIGRAM = "tokenize = 'trigram'"

_ORDER_TEXT = (
    "SELECT o.rowid, coalesce(o.number, '') || ' ' || o.provisional_number, a.name "
    "FROM orders o JOIN accounts a ON a.id = o.account_id WHERE o.deleted_at IS NULL"
)
_PROPOSAL_TEXT = (
    "SELECT p.rowid, p.number, p.title, a.name "
    "FROM proposals p JOIN accounts a ON a.id = p.account_id WHERE p.deleted_at IS NULL"
)
_ORDER_INSERT = "INSERT INTO order_search(rowid, number, account) "
_PROPOSAL_INSERT = "INSERT INTO proposal_search(rowid, number, title, account) "


_GROSS = "round(CAST(quantity AS REAL) * CAST(unit_price AS REAL), 2)"


def _lines_total(table: str, key: str, value: str, extra: str = "", only: str = "") -> str:
    """SQL for a document's total: each line's gross, less its discount, plus tax
    on the rest, summed."""
    net = f"({_GROSS} - round({_GROSS} * CAST(discount_percent AS REAL) / 100{extra}, 2))"
    return (f"SELECT coalesce(sum(n + round(n * t, 2)), 0) FROM (SELECT {net} AS n, "
            f"CAST(tax_rate AS REAL) AS t FROM {table} WHERE {key} = {value} "
            f"AND deleted_at IS NULL{only})")


def _order_lines(oid: str) -> str:
    return _lines_total("order_lines", "order_id", oid)


def _proposal_lines(pid: str) -> str:
    return _lines_total("proposal_lines", "proposal_id", pid,
                        " + CAST(discount_amount AS REAL)", " AND NOT optional")


# Delete, then insert: a trigger's INSERT OR REPLACE takes the conflict rule of
# the statement that fired it, and sync applies pulled lines with an upsert
# (ON CONFLICT(id) DO UPDATE), under which the REPLACE became an abort.
def _set_order(oid: str) -> str:
    return (f"DELETE FROM order_amounts WHERE order_id = {oid}; "
            f"INSERT INTO order_amounts(order_id, amount) VALUES ({oid}, "
            f"({_order_lines(oid)}));")


def _set_proposal(pid: str) -> str:
    return (f"DELETE FROM proposal_amounts WHERE proposal_id = {pid}; "
            f"INSERT INTO proposal_amounts(proposal_id, amount) VALUES ({pid}, "
            f"({_proposal_lines(pid)}));")


def _reindex_order(rowid: str, oid: str) -> str:
    return (f"DELETE FROM order_search WHERE rowid = {rowid}; "
            f"{_ORDER_INSERT}{_ORDER_TEXT} AND o.id = {oid};")


def _reindex_proposal(rowid: str, pid: str) -> str:
    return (f"DELETE FROM proposal_search WHERE rowid = {rowid}; "
            f"{_PROPOSAL_INSERT}{_PROPOSAL_TEXT} AND p.id = {pid};")


_LINE_COLUMNS = "quantity, unit_price, discount_percent, tax_rate, deleted_at"

DDL: list[str] = [
    "CREATE VIRTUAL TABLE order_search USING fts5(number, account, "
    f"{_TRIGRAM}, columnsize = 0)",
    "CREATE VIRTUAL TABLE proposal_search USING fts5(number, title, account, "
    f"{_TRIGRAM}, columnsize = 0)",
    "CREATE TABLE order_amounts (order_id CHAR(32) PRIMARY KEY, amount REAL NOT NULL) "
    "WITHOUT ROWID",
    "CREATE TABLE proposal_amounts (proposal_id CHAR(32) PRIMARY KEY, amount REAL NOT NULL) "
    "WITHOUT ROWID",
    "CREATE INDEX ix_order_amounts_amount ON order_amounts (amount)",
    "CREATE INDEX ix_proposal_amounts_amount ON proposal_amounts (amount)",
    "CREATE INDEX ix_proposals_issued_on ON proposals (issued_on)",
    "CREATE INDEX ix_stock_requests_order_line ON stock_requests (order_line_id)",
    # orders
    f"CREATE TRIGGER orders_search_ai AFTER INSERT ON orders WHEN {SUSPENDED} "
    f"BEGIN {_ORDER_INSERT}{_ORDER_TEXT} AND o.id = NEW.id; END",
    "CREATE TRIGGER orders_search_au AFTER UPDATE OF number, provisional_number, account_id, "
    f"deleted_at ON orders WHEN {SUSPENDED} BEGIN {_reindex_order('NEW.rowid', 'NEW.id')} END",
    f"CREATE TRIGGER orders_search_ad AFTER DELETE ON orders WHEN {SUSPENDED} "
    "BEGIN DELETE FROM order_search WHERE rowid = OLD.rowid; "
    "DELETE FROM order_amounts WHERE order_id = OLD.id; END",
    # proposals
    f"CREATE TRIGGER proposals_search_ai AFTER INSERT ON proposals WHEN {SUSPENDED} "
    f"BEGIN {_PROPOSAL_INSERT}{_PROPOSAL_TEXT} AND p.id = NEW.id; END",
    "CREATE TRIGGER proposals_search_au AFTER UPDATE OF number, title, account_id, deleted_at "
    f"ON proposals WHEN {SUSPENDED} BEGIN {_reindex_proposal('NEW.rowid', 'NEW.id')} END",
    f"CREATE TRIGGER proposals_search_ad AFTER DELETE ON proposals WHEN {SUSPENDED} "
    "BEGIN DELETE FROM proposal_search WHERE rowid = OLD.rowid; "
    "DELETE FROM proposal_amounts WHERE proposal_id = OLD.id; END",
    # a renamed account: its orders and proposals
    f"CREATE TRIGGER accounts_orders_search_au AFTER UPDATE OF name ON accounts WHEN {SUSPENDED} "
    "BEGIN DELETE FROM order_search WHERE rowid IN "
    "(SELECT rowid FROM orders WHERE account_id = NEW.id); "
    f"{_ORDER_INSERT}{_ORDER_TEXT} AND o.account_id = NEW.id; "
    "DELETE FROM proposal_search WHERE rowid IN "
    "(SELECT rowid FROM proposals WHERE account_id = NEW.id); "
    f"{_PROPOSAL_INSERT}{_PROPOSAL_TEXT} AND p.account_id = NEW.id; END",
    # lines: the document's amount
    f"CREATE TRIGGER order_lines_amount_ai AFTER INSERT ON order_lines WHEN {SUSPENDED} "
    f"BEGIN {_set_order('NEW.order_id')} END",
    f"CREATE TRIGGER order_lines_amount_au AFTER UPDATE OF {_LINE_COLUMNS}, order_id "
    f"ON order_lines WHEN {SUSPENDED} BEGIN {_set_order('OLD.order_id')} "
    f"{_set_order('NEW.order_id')} END",
    f"CREATE TRIGGER order_lines_amount_ad AFTER DELETE ON order_lines WHEN {SUSPENDED} "
    f"BEGIN {_set_order('OLD.order_id')} END",
    f"CREATE TRIGGER proposal_lines_amount_ai AFTER INSERT ON proposal_lines WHEN {SUSPENDED} "
    f"BEGIN {_set_proposal('NEW.proposal_id')} END",
    f"CREATE TRIGGER proposal_lines_amount_au AFTER UPDATE OF {_LINE_COLUMNS}, "
    f"discount_amount, optional, proposal_id ON proposal_lines WHEN {SUSPENDED} "
    f"BEGIN {_set_proposal('OLD.proposal_id')} {_set_proposal('NEW.proposal_id')} END",
    f"CREATE TRIGGER proposal_lines_amount_ad AFTER DELETE ON proposal_lines WHEN {SUSPENDED} "
    f"BEGIN {_set_proposal('OLD.proposal_id')} END",
]

REBUILD: list[str] = [
    "DELETE FROM order_search",
    _ORDER_INSERT + _ORDER_TEXT,
    "DELETE FROM proposal_search",
    _PROPOSAL_INSERT + _PROPOSAL_TEXT,
    "DELETE FROM order_amounts",
    "INSERT INTO order_amounts(order_id, amount) SELECT o.id, ("
    + _order_lines("o.id") + ") FROM orders o",
    "DELETE FROM proposal_amounts",
    "INSERT INTO proposal_amounts(proposal_id, amount) SELECT p.id, ("
    + _proposal_lines("p.id") + ") FROM proposals p",
]

# Local-only objects (not in the schema's metadata: the model comparison skips them).
INDEXES = frozenset(s.split()[2] for s in DDL if s.startswith("CREATE INDEX"))
TABLES = frozenset({"order_search", "proposal_search", "order_amounts", "proposal_amounts"})
TRIGGERS = tuple(s.split()[2] for s in DDL if s.startswith("CREATE TRIGGER"))

DROP: list[str] = [
    *(f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGERS),
    *(f"DROP INDEX IF EXISTS {name}" for name in sorted(INDEXES)),
    *(f"DROP TABLE IF EXISTS {name}" for name in sorted(TABLES)),
]
