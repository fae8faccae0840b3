"""The aggregate queries of the forecast and the quotas (see ``forecast``).

Each groups in SQL and sums exact integers: order-line nets in millionths
(:data:`LINE_SCALE`), deal amounts and quantities in thousandths, weighted
amounts in thousandths x basis points (``desktop.domain.forecast_math``).
"""

from __future__ import annotations

import sqlite3

from desktop.domain import forecast_math as fm
from desktop.domain import stages as stage_rules
from desktop.domain.forecast_math import LINE_SCALE as LINE_SCALE  # a line's net, in millionths
from desktop.domain.forecast_math import open_deal

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
    monthly sums the triggers keep (``desktop.store.derived_forecast``): orders
    by their author, and orders without one by their account's owner.
    Parameters: rep ids, start month, end month ("YYYY-MM"), rep ids, start
    month, end month."""
    sums = ("sum(net) AS net, sum(quantity) AS quantity, sum(lines) AS lines "
            "FROM order_revenue")
    return (
        "SELECT rep, currency, nullif(product_key, ''), month, sum(net), sum(quantity) FROM ("
        f"SELECT rep_key AS rep, currency, product_key, month, {sums} "
        f"WHERE rep_key IN ({_marks(n)}) AND account_key = '' AND month >= ? AND month < ? "
        "GROUP BY 1, 2, 3, 4 UNION ALL "
        f"SELECT owner_key, currency, product_key, month, {sums} "
        f"WHERE rep_key = '' AND owner_key IN ({_marks(n)}) AND month >= ? AND month < ? "
        "GROUP BY 1, 2, 3, 4) GROUP BY 1, 2, 3, 4 HAVING sum(lines) > 0")


def product_lines(conn: sqlite3.Connection) -> dict[str | None, str]:
    """Each product's line ("" for none; free-text lines have no product)."""
    lines: dict[str | None, str] = {None: ""}
    lines.update((i, line or "") for i, line in conn.execute(
        "SELECT id, product_line FROM products"))
    return lines


def won_without_order(n: int) -> str:
    """(owner, currency, month, amount) of deals won in the months [start, end)
    with no order (``won_revenue``). Parameters: rep ids, start month, end month."""
    return (
        "SELECT owner_id, currency, month, sum(amount) FROM won_revenue "
        f"WHERE owner_id IN ({_marks(n)}) AND month >= ? AND month < ? GROUP BY 1, 2, 3")


def open_deals(n: int) -> str:
    """(currency, month, category, stage, amount, amount without an own
    probability, weighted by the own probability) of open deals closing in
    [start, end). Parameters: rep ids, start, end."""
    return (
        f"SELECT o.currency, substr(o.close_date, 1, 7), o.forecast_category, o.stage, "
        f"sum({_AMOUNT}), sum(CASE WHEN o.probability IS NULL THEN {_AMOUNT} END), "
        f"sum(CASE WHEN o.probability IS NOT NULL THEN {_AMOUNT} * {_OWN} END) "
        f"FROM opportunities o WHERE o.owner_id IN ({_marks(n)}) AND {open_deal('o')} "
        "AND o.close_date >= ? AND o.close_date < ? "
        "GROUP BY 1, 2, 3, 4")


def new_accounts(n: int) -> str:
    """(owner, count) of accounts created in [start, end) whose first order not
    cancelled was entered in it (``account_first_orders``). Parameters: rep ids,
    start, end, start, end."""
    return (
        "SELECT owner_id, count(*) FROM account_first_orders "
        f"WHERE owner_id IN ({_marks(n)}) AND entered_at >= ? AND entered_at < ? "
        "AND created_at >= ? AND created_at < ? GROUP BY owner_id")


def stage_basis_points(conn: sqlite3.Connection) -> dict[str, int]:
    """Each stage's probability in basis points (the defaults when none synced)."""
    rows = conn.execute("SELECT key, probability FROM opportunity_stages "
                        "WHERE deleted_at IS NULL").fetchall()
    if not rows:
        rows = [(s.key, s.probability) for s in stage_rules.DEFAULT_STAGES]
    from decimal import Decimal

    return {key: int((Decimal(str(p)) * fm.PROB_SCALE).to_integral_value())
            for key, p in rows}
