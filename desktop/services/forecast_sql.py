"""The aggregate queries of the forecast and the quotas (see ``forecast``).

Each groups in SQL and sums exact integers: order-line nets in millionths
(:data:`LINE_SCALE`), deal amounts and quantities in thousandths, weighted
amounts in thousandths x basis points (``desktop.domain.forecast_math``).
"""

from __future__ import annotations

import sqlite3

from desktop.domain import forecast_math as fm
from desktop.domain import stages as stage_rules
from desktop.store.derived_forecast import LINE_SCALE as LINE_SCALE  # a line's net, in millionths

_AMOUNT = fm.scaled_amount_sql("o.amount")
_OWN = fm.scaled_probability_sql("o.probability")

TEAM = ("WITH RECURSIVE team(id) AS ("
        " SELECT id FROM users WHERE manager_id = ? AND deleted_at IS NULL"
        " UNION SELECT u.id FROM users u JOIN team t ON u.manager_id = t.id"
        " WHERE u.deleted_at IS NULL) SELECT id FROM team")


def _marks(n: int) -> str:
    return ", ".join("?" * n)


def order_lines(n: int) -> str:
    """(rep, currency, product id, month, net, quantity) of the lines of orders
    not cancelled entered in the months [start, end), for ``n`` reps, from the
    monthly sums the triggers keep (``desktop.store.derived_forecast``); an
    order without an author counts for its account's owner. Parameters: start
    month, end month ("YYYY-MM"), rep ids."""
    rep = ("coalesce(nullif(r.rep_key, ''), "
           "(SELECT a.owner_id FROM accounts a WHERE a.id = r.account_key))")
    return (
        f"SELECT {rep}, r.currency, nullif(r.product_key, ''), r.month, sum(r.net), "
        "sum(r.quantity) FROM order_revenue r WHERE r.month >= ? AND r.month < ? "
        f"AND {rep} IN ({_marks(n)}) GROUP BY 1, 2, 3, 4 HAVING sum(r.lines) > 0")


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
    cancelled was entered in it (``account_first_orders``). Parameters: start,
    end, rep ids, start, end."""
    return (
        "SELECT a.owner_id, count(*) FROM account_first_orders f "
        "JOIN accounts a ON a.id = f.account_id "
        "WHERE f.entered_at >= ? AND f.entered_at < ? "
        f"AND a.owner_id IN ({_marks(n)}) AND a.created_at >= ? AND a.created_at < ? "
        "AND a.deleted_at IS NULL GROUP BY a.owner_id")


def stage_basis_points(conn: sqlite3.Connection) -> dict[str, int]:
    """Each stage's probability in basis points (the defaults when none synced)."""
    rows = conn.execute("SELECT key, probability FROM opportunity_stages "
                        "WHERE deleted_at IS NULL").fetchall()
    if not rows:
        rows = [(s.key, s.probability) for s in stage_rules.DEFAULT_STAGES]
    from decimal import Decimal

    return {key: int((Decimal(str(p)) * fm.PROB_SCALE).to_integral_value())
            for key, p in rows}
