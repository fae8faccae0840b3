"""The aggregate queries of the forecast and the quotas (see ``forecast``).

Each groups in SQL and sums exact integers: order-line nets in millionths
(:data:`LINE_SCALE`), deal amounts and quantities in thousandths, weighted
amounts in thousandths x basis points (``desktop.domain.forecast_math``).
"""

from __future__ import annotations

import sqlite3

from desktop.domain import forecast_math as fm
from desktop.domain import stages as stage_rules

LINE_SCALE = 1_000_000  # an order line's net, to a millionth

_AMOUNT = fm.scaled_amount_sql("o.amount")
_OWN = fm.scaled_probability_sql("o.probability")
# The order's rep: its author, else its account's owner (coalesce looks the
# account up only for an order without an author).
_REP = "coalesce(o.author_id, (SELECT a.owner_id FROM accounts a WHERE a.id = o.account_id))"

TEAM = ("WITH RECURSIVE team(id) AS ("
        " SELECT id FROM users WHERE manager_id = ? AND deleted_at IS NULL"
        " UNION SELECT u.id FROM users u JOIN team t ON u.manager_id = t.id"
        " WHERE u.deleted_at IS NULL) SELECT id FROM team")


def _marks(n: int) -> str:
    return ", ".join("?" * n)


def order_lines(n: int) -> str:
    """(rep, currency, product id, month, net, quantity) of the order lines of
    orders not cancelled entered in [start, end), for ``n`` reps (the product's
    line is looked up after: there are few products). Parameters: start, end,
    rep ids."""
    return (
        f"SELECT {_REP}, o.currency, l.product_id, substr(o.entered_at, 1, 7), "
        "sum(CAST(round(l.quantity * l.unit_price * (100 - l.discount_percent) * "
        f"{LINE_SCALE // 100}) AS INTEGER)), "
        f"sum(CAST(round(l.quantity * {fm.AMOUNT_SCALE}) AS INTEGER)) "
        "FROM orders o JOIN order_lines l ON l.order_id = o.id AND l.deleted_at IS NULL "
        "WHERE o.entered_at >= ? AND o.entered_at < ? AND o.deleted_at IS NULL "
        f"AND o.status != 'cancelled' AND {_REP} IN ({_marks(n)}) "
        "GROUP BY 1, 2, 3, 4")


def product_lines(conn: sqlite3.Connection) -> dict[str | None, str]:
    """Each product's line ("" for none; free-text lines have no product)."""
    lines: dict[str | None, str] = {None: ""}
    lines.update((i, line or "") for i, line in conn.execute(
        "SELECT id, product_line FROM products"))
    return lines


def won_without_order(n: int) -> str:
    """(owner, currency, month, amount) of deals won in [start, end) with no
    order. Parameters: rep ids, start, end."""
    return (
        f"SELECT o.owner_id, o.currency, substr(o.closed_at, 1, 7), sum({_AMOUNT}) "
        f"FROM opportunities o WHERE o.owner_id IN ({_marks(n)}) AND o.outcome = 'won' "
        "AND o.deleted_at IS NULL AND o.closed_at >= ? AND o.closed_at < ? "
        "AND NOT EXISTS (SELECT 1 FROM orders r WHERE r.opportunity_id = o.id "
        "AND r.deleted_at IS NULL) GROUP BY 1, 2, 3")


def open_deals(n: int) -> str:
    """(currency, month, category, stage, amount, amount without an own
    probability, weighted by the own probability) of open deals closing in
    [start, end). Parameters: rep ids, start, end."""
    return (
        f"SELECT o.currency, substr(o.close_date, 1, 7), o.forecast_category, o.stage, "
        f"sum({_AMOUNT}), sum(CASE WHEN o.probability IS NULL THEN {_AMOUNT} END), "
        f"sum(CASE WHEN o.probability IS NOT NULL THEN {_AMOUNT} * {_OWN} END) "
        f"FROM opportunities o WHERE o.owner_id IN ({_marks(n)}) AND o.outcome = 'open' "
        "AND o.deleted_at IS NULL AND o.close_date >= ? AND o.close_date < ? "
        "GROUP BY 1, 2, 3, 4")


def new_accounts(n: int) -> str:
    """(owner, count) of accounts created in [start, end) whose first order not
    cancelled was entered in it. Parameters: start, end, rep ids, start, end, start."""
    return (
        "SELECT a.owner_id, count(DISTINCT a.id) FROM orders o "
        "JOIN accounts a ON a.id = o.account_id "
        "WHERE o.entered_at >= ? AND o.entered_at < ? AND o.deleted_at IS NULL "
        f"AND o.status != 'cancelled' AND a.owner_id IN ({_marks(n)}) "
        "AND a.created_at >= ? AND a.created_at < ? AND a.deleted_at IS NULL "
        "AND NOT EXISTS (SELECT 1 FROM orders p WHERE p.account_id = a.id "
        "AND p.deleted_at IS NULL AND p.status != 'cancelled' AND p.entered_at < ?) "
        "GROUP BY a.owner_id")


def stage_basis_points(conn: sqlite3.Connection) -> dict[str, int]:
    """Each stage's probability in basis points (the defaults when none synced)."""
    rows = conn.execute("SELECT key, probability FROM opportunity_stages "
                        "WHERE deleted_at IS NULL").fetchall()
    if not rows:
        rows = [(s.key, s.probability) for s in stage_rules.DEFAULT_STAGES]
    from decimal import Decimal

    return {key: int((Decimal(str(p)) * fm.PROB_SCALE).to_integral_value())
            for key, p in rows}
