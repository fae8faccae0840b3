"""Cross-sell: the product lines an account's peers buy and it does not.

A basket is what one account has bought: the set of product lines on its order
lines (cancelled and deleted orders left out). Peers are the accounts of the
same segment and tier that have a basket. Within a peer group of ``n``
baskets, a rule "bought X, so Y" has

* support    = baskets with X and Y / n
* confidence = baskets with X and Y / baskets with X
* lift       = confidence / (baskets with Y / n)  (above 1: X makes Y likelier)

An account's suggestions are the lines it lacks, each with its best rule from a
line it has (highest lift, then confidence, then support); an account that has
bought nothing gets the group's most bought lines (rule "nothing so far", lift 1).
Rules under ``min_support`` or seen in fewer than ``min_count`` baskets are noise
and left out.

The whole book's baskets are read once (one pass over the order lines and
the accounts, products and cancelled orders looked up in memory) and kept per
segment+tier; a change record touching orders, order lines or an account notes
those accounts (``apply``): the next ask reads just their baskets again (by id,
through the indexes) and moves each from its old group's counts to its new
one's. A product changed (its line) reads the whole book again.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterable
from typing import Any

from desktop.services.cross_sell_rules import (  # noqa: F401 - re-exported
    BookRow,
    Group,
    GroupStats,
    Suggestion,
    best_rule,
    suggest,
)
from desktop.store.changes import Changes
from desktop.store.derived_today import BASKET_LINES, LEFT_OUT, LEFT_OUT_WHERE, indexed_by
from desktop.store.store import Store


class CrossSell:
    def __init__(self, store: Store, *, min_support: float = 0.01, min_count: int = 2) -> None:
        self.store = store
        self.min_support = min_support
        self.min_count = min_count
        self._lock = threading.Lock()
        self._groups: dict[Group, GroupStats] = {}
        self._where: dict[str, Group] = {}  # account hex -> its group, as last read
        self._loaded = False  # the whole book was read once
        self._dirty: set[str] = set()  # accounts a change touched, read again when asked
        self._generation = 0  # bumped by clear(), and apply() before the first read

    # -- reading ----------------------------------------------------------------------
    def for_account(self, account_id: uuid.UUID, limit: int = 10) -> list[Suggestion]:
        """The lines this account's peers buy and it does not, best first."""
        row = self.store.reads().execute(
            "SELECT segment, tier FROM accounts WHERE id = ?", (account_id.hex,)).fetchone()
        if row is None:
            return []
        stats = self.group((row[0], row[1]))
        basket = stats.baskets.get(account_id.hex, frozenset())
        return suggest(stats, basket, self.min_support, self.min_count)[:limit]

    def book(self, bought: str | None = None, missing: str | None = None,
             min_lift: float = 1.0, limit: int = 5000) -> list[BookRow]:
        """Across the book: each account with the best rule it does not follow
        ("bought X, not Y"), highest confidence first; ``bought`` / ``missing``
        narrow it to one line on either side."""
        rows: list[BookRow] = []
        for (segment, tier), stats in self.groups().items():
            seen: dict[frozenset[str], tuple[str, str, float, float, float] | None] = {}
            for account, basket in stats.baskets.items():
                if basket not in seen:  # baskets repeat: each pattern is ranked once
                    seen[basket] = best_rule(stats, basket, bought, missing,
                                              self.min_support, self.min_count, min_lift)
                best = seen[basket]
                if best is not None:
                    x, y, support, confidence, lift = best
                    rows.append(BookRow(uuid.UUID(hex=account), stats.names[account], segment,
                                        tier, x, y, support, confidence, lift))
        rows.sort(key=lambda r: (-r.confidence, -r.lift, r.name.casefold(), r.id))
        return rows[:limit]

    def product_lines(self) -> list[str]:
        rows = self.store.reads().execute(
            "SELECT DISTINCT product_line FROM products WHERE deleted_at IS NULL "
            "AND product_line IS NOT NULL ORDER BY product_line").fetchall()
        return [r[0] for r in rows]

    def group(self, key: Group) -> GroupStats:
        """One segment+tier's baskets: from the whole book's read (made on the first
        ask), brought up to date with the accounts changes touched."""
        with self._lock:
            loaded = self._loaded
        if not loaded:
            return self.groups().get(key, GroupStats())
        self._catch_up()
        with self._lock:
            return self._groups.get(key, GroupStats())

    def groups(self) -> dict[Group, GroupStats]:
        """Every group with a basket: the whole book in one read the first time,
        then only the accounts changes touched."""
        with self._lock:
            loaded, generation = self._loaded, self._generation
        if not loaded:
            read = self._read(None, None)
            with self._lock:
                if generation == self._generation:
                    self._groups, self._loaded, self._dirty = dict(read), True, set()
                    self._where = {a: k for k, s in read.items() for a in s.baskets}
            return read
        self._catch_up()
        with self._lock:
            return {k: v for k, v in self._groups.items() if v.baskets}

    def _catch_up(self) -> None:
        """Read the touched accounts' baskets again (by id, through the indexes) and
        move each from its old group to its new one; a group changed is a new
        object (copied), so a caller holding the old one sees it whole."""
        with self._lock:
            todo, self._dirty, generation = self._dirty, set(), self._generation
        if not todo:
            return
        read = self._read(todo, None)
        with self._lock:
            if generation != self._generation:
                return  # cleared meanwhile: the next ask reads the whole book
            changed: dict[Group, GroupStats] = {}

            def mine(key: Group) -> GroupStats:
                if key not in changed:
                    changed[key] = self._groups.get(key, GroupStats()).copy()
                return changed[key]

            for account in todo:
                old = self._where.pop(account, None)
                if old is not None:
                    mine(old).remove(account)
            for key, stats in read.items():
                for account, basket in stats.baskets.items():
                    mine(key).add(account, stats.names[account], basket)
                    self._where[account] = key
            self._groups.update(changed)

    def _read(self, accounts: set[str] | None, only: Group | None) -> dict[Group, GroupStats]:
        """Baskets of ``accounts`` (None: every account), grouped; with ``only``,
        just that group. Products and the orders left out are small and read
        whole; lines and accounts are one pass (or by id through their indexes)."""
        conn = self.store.reads()
        lines = dict(conn.execute("SELECT id, product_line FROM products "
                                  "WHERE product_line IS NOT NULL"))
        # Narrow indexes (migration 0018) where the cache has them, not the wide rows.
        left_out = {r[0] for r in conn.execute(
            f"SELECT id FROM orders{indexed_by(conn, LEFT_OUT)} WHERE {LEFT_OUT_WHERE}")}  # nosec B608 - identifiers from code, values bound
        baskets: dict[str, set[str]] = {}
        for account, product, order in _by_id(
                conn, "SELECT account_id, product_id, order_id FROM "  # nosec B608 - identifiers from code, values bound
                f"order_lines{indexed_by(conn, BASKET_LINES)} "
                "WHERE deleted_at IS NULL AND product_id IS NOT NULL", "account_id", accounts):
            line = lines.get(product)
            if line is not None and order not in left_out:
                baskets.setdefault(account, set()).add(line)
        groups: dict[Group, GroupStats] = {}
        for account, name, segment, tier in _by_id(
                conn, "SELECT id, name, segment, tier FROM accounts WHERE deleted_at IS NULL "
                "AND merged_into_id IS NULL", "id", accounts):
            basket = baskets.get(account)
            if basket and (only is None or (segment, tier) == only):
                groups.setdefault((segment, tier), GroupStats()).add(
                    account, name, frozenset(basket))
        return groups

    # -- keeping up -------------------------------------------------------------------
    def apply(self, changes: Changes) -> None:
        """Note the accounts a change touches (the next ask reads just them again)."""
        if changes.everything or changes.ids("products"):
            self.clear()
            return
        touched = {i.hex for i in changes.ids("accounts")}
        orders = [i.hex for i in changes.ids("orders")]
        lines = [i.hex for i in changes.ids("order_lines")]
        if orders or lines:
            touched |= self._accounts_of(orders, lines)
        if not touched:
            return
        with self._lock:
            self._dirty |= touched
            if not self._loaded:
                self._generation += 1  # a whole read on its way may predate the change

    def clear(self) -> None:
        with self._lock:
            self._generation += 1
            self._groups, self._where, self._loaded = {}, {}, False
            self._dirty = set()

    def _accounts_of(self, orders: list[str], lines: list[str]) -> set[str]:
        conn, found = self.store.reads(), set[str]()
        for table, ids in (("orders", orders), ("order_lines", lines)):
            for chunk in _chunks(ids, 500):
                marks = ", ".join("?" * len(chunk))
                found.update(r[0] for r in conn.execute(
                    f"SELECT account_id FROM {table} WHERE id IN ({marks})", chunk))  # nosec B608 - identifiers from code, values bound
        return found


def _by_id(conn: Any, sql: str, column: str, ids: set[str] | None) -> Iterable[tuple[Any, ...]]:
    """Rows of ``sql``: all of them, or those whose ``column`` is in ``ids``."""
    if ids is None:
        yield from conn.execute(sql)
        return
    for chunk in _chunks(sorted(ids), 500):
        yield from conn.execute(f"{sql} AND {column} IN ({', '.join('?' * len(chunk))})",
                                chunk)


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
