"""Closed business by month, kept by triggers, so the forecast and the quota
roll-up read a few hundred rows instead of every order line (migration 0017).

``order_revenue`` sums the lines of orders not cancelled (nor deleted) by the
order's rep, currency, month entered and product: each line's net in
millionths and its quantity in thousandths, rounded line by line exactly as
:func:`desktop.services.forecast_sql.order_lines` did over the lines. An order's
rep is its author; an order without one counts for its account's owner, which
can change, so those orders are kept by account (``rep_key`` empty) and the
owner is looked up when read.

``account_first_orders`` holds each account's first order not cancelled (new
accounts: created in a period and first ordering in it). Two partial covering
indexes hold each rep's won deals with what the forecast sums of them, and the
open deals with what the kanban's columns sum and sort.

Each trigger takes a line's (or an order's lines') old contribution out and
puts the new one in, so every write path, sync included, keeps the sums right.
Rows whose count falls to zero stay until a rebuild; they sum to zero.
"""

from __future__ import annotations

from desktop.domain.forecast_math import AMOUNT_SCALE
from desktop.store.derived import SUSPENDED

LINE_SCALE = 1_000_000  # a line's net, to a millionth
OPEN_DEAL = "outcome = 'open' AND deleted_at IS NULL"  # a deal on the kanban


def open_deal(alias: str) -> str:
    """:data:`OPEN_DEAL` on a table alias, literally: a query wanting the board's
    partial index must say it (a bound parameter would not let SQLite use it)."""
    return f"{alias}.outcome = 'open' AND {alias}.deleted_at IS NULL"

_NET = (f"CAST(round(l.quantity * l.unit_price * (100 - l.discount_percent) * "
        f"{LINE_SCALE // 100}) AS INTEGER)")
_QTY = f"CAST(round(l.quantity * {AMOUNT_SCALE}) AS INTEGER)"
_COUNTS = "o.deleted_at IS NULL AND o.status != 'cancelled' AND l.deleted_at IS NULL"
_KEY = ("coalesce(o.author_id, ''), CASE WHEN o.author_id IS NULL THEN o.account_id "
        "ELSE '' END, substr(o.entered_at, 1, 7), o.currency, coalesce(l.product_id, '')")
_UPSERT = (" ON CONFLICT(rep_key, account_key, month, currency, product_key) DO UPDATE SET "
           "net = net + excluded.net, quantity = quantity + excluded.quantity, "
           "lines = lines + excluded.lines")
_INSERT = ("INSERT INTO order_revenue(rep_key, account_key, month, currency, product_key, "
           "net, quantity, lines) ")


def _add(sign: str, lines: str, orders: str, where: str) -> str:
    """Add (sign "+") or take out ("-") the contributions of ``lines`` joined to
    ``orders`` (each a table or a one-row SELECT of OLD/NEW values) matching ``where``."""
    return (f"{_INSERT}SELECT {_KEY}, {sign}sum({_NET}), {sign}sum({_QTY}), {sign}count(*) "
            f"FROM {lines} l JOIN {orders} o ON o.id = l.order_id WHERE {_COUNTS} AND {where} "
            f"GROUP BY 1, 2, 3, 4, 5{_UPSERT};")


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
    """Recompute one account's first order not cancelled."""
    return (f"DELETE FROM account_first_orders WHERE account_id = {account}; "
            "INSERT INTO account_first_orders(account_id, entered_at) "
            f"SELECT {account}, min(entered_at) FROM orders WHERE account_id = {account} "
            "AND deleted_at IS NULL AND status != 'cancelled' HAVING count(*) > 0;")


_HEADER = "author_id, account_id, entered_at, currency, status, deleted_at"

DDL: list[str] = [
    "CREATE TABLE order_revenue (rep_key CHAR(32) NOT NULL, account_key CHAR(32) NOT NULL, "
    "month CHAR(7) NOT NULL, currency CHAR(3) NOT NULL, product_key CHAR(32) NOT NULL, "
    "net INTEGER NOT NULL, quantity INTEGER NOT NULL, lines INTEGER NOT NULL, "
    "PRIMARY KEY (rep_key, account_key, month, currency, product_key)) WITHOUT ROWID",
    "CREATE TABLE account_first_orders (account_id CHAR(32) PRIMARY KEY, "
    "entered_at VARCHAR NOT NULL) WITHOUT ROWID",
    "CREATE INDEX ix_order_revenue_month ON order_revenue (month)",
    "CREATE INDEX ix_account_first_orders_entered_at ON account_first_orders (entered_at)",
    # The kanban's open deals: each column's totals and first cards from the index
    # alone (partial: open deals only, so it stays small as history grows).
    f"CREATE INDEX ix_opportunities_open_board ON opportunities (owner_id, outcome, stage, "
    f"close_date, id, currency, amount, probability) WHERE {OPEN_DEAL}",
    # Won deals of a rep in a period, from the index alone (deals won without an order).
    "CREATE INDEX ix_opportunities_won ON opportunities (owner_id, closed_at, currency, "
    "amount, id) WHERE outcome = 'won' AND deleted_at IS NULL",
    f"CREATE TRIGGER order_revenue_line_ai AFTER INSERT ON order_lines WHEN {SUSPENDED} "
    f"BEGIN {_line('NEW', '+')} END",
    "CREATE TRIGGER order_revenue_line_au AFTER UPDATE OF order_id, product_id, quantity, "
    f"unit_price, discount_percent, deleted_at ON order_lines WHEN {SUSPENDED} "
    f"BEGIN {_line('OLD', '-')} {_line('NEW', '+')} END",
    f"CREATE TRIGGER order_revenue_line_ad AFTER DELETE ON order_lines WHEN {SUSPENDED} "
    f"BEGIN {_line('OLD', '-')} END",
    f"CREATE TRIGGER order_revenue_order_ai AFTER INSERT ON orders WHEN {SUSPENDED} "
    f"BEGIN {_order('NEW', '+')} {_first_order('NEW.account_id')} END",
    f"CREATE TRIGGER order_revenue_order_au AFTER UPDATE OF {_HEADER} ON orders "
    f"WHEN {SUSPENDED} BEGIN {_order('OLD', '-')} {_order('NEW', '+')} "
    f"{_first_order('OLD.account_id')} {_first_order('NEW.account_id')} END",
    f"CREATE TRIGGER order_revenue_order_ad AFTER DELETE ON orders WHEN {SUSPENDED} "
    f"BEGIN {_order('OLD', '-')} {_first_order('OLD.account_id')} END",
]

REBUILD: list[str] = [
    "DELETE FROM order_revenue",
    _add("", "order_lines", "orders", "1").removesuffix(";").replace(_UPSERT, ""),
    "DELETE FROM account_first_orders",
    "INSERT INTO account_first_orders(account_id, entered_at) SELECT account_id, "
    "min(entered_at) FROM orders WHERE deleted_at IS NULL AND status != 'cancelled' "
    "GROUP BY account_id",
]

# Local-only objects (not in the schema's metadata: the model comparison skips them).
INDEXES = frozenset(s.split()[2] for s in DDL if s.startswith("CREATE INDEX"))
TABLES = frozenset({"order_revenue", "account_first_orders"})
TRIGGERS = tuple(s.split()[2] for s in DDL if s.startswith("CREATE TRIGGER"))

DROP: list[str] = [
    *(f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGERS),
    *(f"DROP INDEX IF EXISTS {name}" for name in sorted(INDEXES)),
    *(f"DROP TABLE IF EXISTS {name}" for name in sorted(TABLES)),
]
