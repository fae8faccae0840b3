"""Closed business by month, kept by triggers, so the forecast and the quota
roll-up read a few hundred index entries instead of every order line and deal
(migration 0017).

* ``order_revenue`` sums the lines of orders not cancelled (nor deleted) by
  the order's rep, month entered, currency and product: each line's net in
  millionths and its quantity in thousandths, rounded line by line exactly as
  the forecast summed the lines before. An order's rep is its author; an order
  without one counts for its account's owner, so those are kept by account,
  with the owner (``owner_key``) moved along when the account changes hands.
* ``won_revenue`` holds the deals won and not deleted that have no order (an
  order counts through its lines instead), by owner, month closed and currency.
* ``account_first_orders`` holds each live account's first order not
  cancelled, with its owner and creation (new accounts of a period).
* A partial covering index holds the open deals with what the kanban's columns
  and the forecast's pipeline sum and sort.

A line's or an order's trigger takes its old contribution out and puts the new
one in; a deal's or an account's recomputes its one row. So every write path,
sync included, keeps them right. Summed rows whose count falls to zero stay
until a rebuild; they sum to zero.
"""

from __future__ import annotations

from desktop.domain.forecast_math import AMOUNT_SCALE, LINE_SCALE, OPEN_DEAL, scaled_amount_sql
from desktop.store.derived import SUSPENDED

_NET = (f"CAST(round(l.quantity * l.unit_price * (100 - l.discount_percent) * "
        f"{LINE_SCALE // 100}) AS INTEGER)")
_QTY = f"CAST(round(l.quantity * {AMOUNT_SCALE}) AS INTEGER)"
_WON_AMOUNT = scaled_amount_sql("o.amount")
_COUNTS = "o.deleted_at IS NULL AND o.status != 'cancelled' AND l.deleted_at IS NULL"
_KEY = ("coalesce(o.author_id, ''), CASE WHEN o.author_id IS NULL THEN o.account_id "
        "ELSE '' END, substr(o.entered_at, 1, 7), o.currency, coalesce(l.product_id, ''), "
        "CASE WHEN o.author_id IS NULL THEN (SELECT a.owner_id FROM accounts a "
        "WHERE a.id = o.account_id) END")
_UPSERT = (" ON CONFLICT(rep_key, account_key, month, currency, product_key) DO UPDATE SET "
           "net = net + excluded.net, quantity = quantity + excluded.quantity, "
           "lines = lines + excluded.lines")
_INSERT = ("INSERT INTO order_revenue(rep_key, account_key, month, currency, product_key, "
           "owner_key, net, quantity, lines) ")


def _add(sign: str, lines: str, orders: str, where: str) -> str:
    """Add (sign "+") or take out ("-") the contributions of ``lines`` joined to
    ``orders`` (each a table or a one-row SELECT of OLD/NEW values) matching ``where``."""
    return (f"{_INSERT}SELECT {_KEY}, {sign}sum({_NET}), {sign}sum({_QTY}), {sign}count(*) "
            f"FROM {lines} l JOIN {orders} o ON o.id = l.order_id WHERE {_COUNTS} AND {where} "
            f"GROUP BY 1, 2, 3, 4, 5{_UPSERT};")


def _owner_moved(account: str) -> str:
    """An account's orders without an author follow its owner."""
    return (f"UPDATE order_revenue SET owner_key = (SELECT owner_id FROM accounts "
            f"WHERE id = {account}) WHERE rep_key = '' AND account_key = {account};")


_LINE_COLUMNS = "id, order_id, product_id, quantity, unit_price, discount_percent, deleted_at"
_ORDER_COLUMNS = "id, author_id, account_id, entered_at, currency, status, deleted_at"


def _row(prefix: str, columns: str) -> str:
    """A one-row table of a trigger's OLD or NEW values."""
    return "(SELECT " + ", ".join(f"{prefix}.{c} AS {c}" for c in columns.split(", ")) + ")"


def _line(prefix: str, sign: str) -> str:
    """A line's contribution (its order as stored now)."""
    return _add(sign, _row(prefix, _LINE_COLUMNS), "orders", "1")


def _order(prefix: str, sign: str) -> str:
    """An order's lines' contribution (the order's header as OLD or NEW)."""
    return _add(sign, "order_lines", _row(prefix, _ORDER_COLUMNS), f"l.order_id = {prefix}.id")


def _first_order(account: str) -> str:
    """Recompute one live account's first order not cancelled, with its owner
    and creation (new accounts: created and first ordering in a period)."""
    return (f"DELETE FROM account_first_orders WHERE account_id = {account}; "
            "INSERT INTO account_first_orders(account_id, owner_id, created_at, entered_at) "
            "SELECT a.id, coalesce(a.owner_id, ''), a.created_at, (SELECT min(o.entered_at) "
            "FROM orders o WHERE o.account_id = a.id AND o.deleted_at IS NULL "
            "AND o.status != 'cancelled') AS first FROM accounts a "
            f"WHERE a.id = {account} AND a.deleted_at IS NULL AND first IS NOT NULL;")


def _won(deal: str) -> str:
    """Recompute one deal's place among the deals won without an order."""
    return (f"DELETE FROM won_revenue WHERE opportunity_id = {deal}; "
            "INSERT INTO won_revenue(opportunity_id, owner_id, month, currency, amount) "
            f"SELECT o.id, coalesce(o.owner_id, ''), substr(o.closed_at, 1, 7), o.currency, "
            f"{_WON_AMOUNT} FROM opportunities o WHERE o.id = {deal} AND o.outcome = 'won' "
            "AND o.deleted_at IS NULL AND o.closed_at IS NOT NULL AND NOT EXISTS (SELECT 1 "
            "FROM orders r WHERE r.opportunity_id = o.id AND r.deleted_at IS NULL);")


_HEADER = "author_id, account_id, entered_at, currency, status, deleted_at"

DDL: list[str] = [
    "CREATE TABLE order_revenue (rep_key CHAR(32) NOT NULL, account_key CHAR(32) NOT NULL, "
    "month CHAR(7) NOT NULL, currency CHAR(3) NOT NULL, product_key CHAR(32) NOT NULL, "
    "owner_key CHAR(32), net INTEGER NOT NULL, quantity INTEGER NOT NULL, "
    "lines INTEGER NOT NULL, "
    "PRIMARY KEY (rep_key, account_key, month, currency, product_key)) WITHOUT ROWID",
    "CREATE TABLE account_first_orders (account_id CHAR(32) PRIMARY KEY, "
    "owner_id CHAR(32) NOT NULL, created_at VARCHAR NOT NULL, entered_at VARCHAR NOT NULL) "
    "WITHOUT ROWID",
    "CREATE TABLE won_revenue (opportunity_id CHAR(32) PRIMARY KEY, owner_id CHAR(32) NOT NULL, "
    "month CHAR(7) NOT NULL, currency CHAR(3) NOT NULL, amount INTEGER NOT NULL) WITHOUT ROWID",
    # Orders without an author, by their account's owner.
    "CREATE INDEX ix_order_revenue_owner ON order_revenue (owner_key, month) "
    "WHERE rep_key = ''",
    "CREATE INDEX ix_account_first_orders_owner ON account_first_orders "
    "(owner_id, entered_at, created_at)",
    "CREATE INDEX ix_won_revenue_owner ON won_revenue (owner_id, month, currency, amount)",
    # The kanban's open deals: each column's totals and first cards from the index
    # alone (partial: open deals only, so it stays small as history grows).
    f"CREATE INDEX ix_opportunities_open_board ON opportunities (owner_id, outcome, stage, "
    f"close_date, id, currency, amount, probability, forecast_category) WHERE {OPEN_DEAL}",
    f"CREATE TRIGGER order_revenue_line_ai AFTER INSERT ON order_lines WHEN {SUSPENDED} "
    f"BEGIN {_line('NEW', '+')} END",
    "CREATE TRIGGER order_revenue_line_au AFTER UPDATE OF order_id, product_id, quantity, "
    f"unit_price, discount_percent, deleted_at ON order_lines WHEN {SUSPENDED} "
    f"BEGIN {_line('OLD', '-')} {_line('NEW', '+')} END",
    f"CREATE TRIGGER order_revenue_line_ad AFTER DELETE ON order_lines WHEN {SUSPENDED} "
    f"BEGIN {_line('OLD', '-')} END",
    f"CREATE TRIGGER order_revenue_order_ai AFTER INSERT ON orders WHEN {SUSPENDED} "
    f"BEGIN {_order('NEW', '+')} {_first_order('NEW.account_id')} "
    f"{_won('NEW.opportunity_id')} END",
    f"CREATE TRIGGER order_revenue_order_au AFTER UPDATE OF {_HEADER}, opportunity_id "
    f"ON orders WHEN {SUSPENDED} BEGIN {_order('OLD', '-')} {_order('NEW', '+')} "
    f"{_first_order('OLD.account_id')} {_first_order('NEW.account_id')} "
    f"{_won('OLD.opportunity_id')} {_won('NEW.opportunity_id')} END",
    f"CREATE TRIGGER order_revenue_order_ad AFTER DELETE ON orders WHEN {SUSPENDED} "
    f"BEGIN {_order('OLD', '-')} {_first_order('OLD.account_id')} "
    f"{_won('OLD.opportunity_id')} END",
    # an account: its owner (orders without an author), creation, deletion
    f"CREATE TRIGGER order_revenue_account_ai AFTER INSERT ON accounts WHEN {SUSPENDED} "
    f"BEGIN {_owner_moved('NEW.id')} {_first_order('NEW.id')} END",
    "CREATE TRIGGER order_revenue_account_au AFTER UPDATE OF owner_id, created_at, deleted_at "
    f"ON accounts WHEN {SUSPENDED} BEGIN {_owner_moved('NEW.id')} {_first_order('NEW.id')} END",
    f"CREATE TRIGGER order_revenue_account_ad AFTER DELETE ON accounts WHEN {SUSPENDED} "
    "BEGIN DELETE FROM account_first_orders WHERE account_id = OLD.id; END",
    # a deal won (or no longer): the deals won without an order
    f"CREATE TRIGGER won_revenue_ai AFTER INSERT ON opportunities WHEN {SUSPENDED} "
    f"BEGIN {_won('NEW.id')} END",
    "CREATE TRIGGER won_revenue_au AFTER UPDATE OF outcome, closed_at, owner_id, currency, "
    f"amount, deleted_at ON opportunities WHEN {SUSPENDED} BEGIN {_won('NEW.id')} END",
    f"CREATE TRIGGER won_revenue_ad AFTER DELETE ON opportunities WHEN {SUSPENDED} "
    "BEGIN DELETE FROM won_revenue WHERE opportunity_id = OLD.id; END",
]

REBUILD: list[str] = [
    "DELETE FROM order_revenue",
    _add("", "order_lines", "orders", "1").removesuffix(";").replace(_UPSERT, ""),
    "DELETE FROM account_first_orders",
    "INSERT INTO account_first_orders(account_id, owner_id, created_at, entered_at) "
    "SELECT a.id, coalesce(a.owner_id, ''), a.created_at, f.first FROM (SELECT account_id, "
    "min(entered_at) AS first FROM orders WHERE deleted_at IS NULL AND status != 'cancelled' "
    "GROUP BY account_id) f JOIN accounts a ON a.id = f.account_id WHERE a.deleted_at IS NULL",
    "DELETE FROM won_revenue",
    "INSERT INTO won_revenue(opportunity_id, owner_id, month, currency, amount) "
    f"SELECT o.id, coalesce(o.owner_id, ''), substr(o.closed_at, 1, 7), o.currency, "
    f"{_WON_AMOUNT} FROM opportunities o WHERE o.outcome = 'won' AND o.deleted_at IS NULL "
    "AND o.closed_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM orders r "
    "WHERE r.opportunity_id = o.id AND r.deleted_at IS NULL)",
]

# Local-only objects (not in the schema's metadata: the model comparison skips them).
INDEXES = frozenset(s.split()[2] for s in DDL if s.startswith("CREATE INDEX"))
TABLES = frozenset({"order_revenue", "account_first_orders", "won_revenue"})
TRIGGERS = tuple(s.split()[2] for s in DDL if s.startswith("CREATE TRIGGER"))

DROP: list[str] = [
    *(f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGERS),
    *(f"DROP INDEX IF EXISTS {name}" for name in sorted(INDEXES)),
    *(f"DROP TABLE IF EXISTS {name}" for name in sorted(TABLES)),
]

# A board column's first cards when the board shows everyone's deals (migration
# 0024): the board's own index starts with the owner, so an unfiltered column
# walked every open deal by close date for its stage (19-41 ms a column at
# 1,000,000 accounts, five columns on opening); this one seeks the stage.
OPEN_STAGE = "ix_opportunities_open_stage"
OPEN_BOARD = "ix_opportunities_open_board"  # the board's own, by owner (above)
OPEN_STAGE_DDL = (f"CREATE INDEX IF NOT EXISTS {OPEN_STAGE} ON opportunities "
                  f"(stage, close_date, id) WHERE {OPEN_DEAL}")
