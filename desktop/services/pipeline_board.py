"""The Sales Pipe read for the kanban board and the list, on plain sqlite3.

Columns are the active open stages in position order (won and lost on
request), each with its count, amount and weighted amount (amount times the
deal's own probability, else its stage's). Totals are in the rep's currency
(``settings.home_currency``): the cache holds no exchange rates, so deals in
another currency are counted but summed apart (``Column.others``) and the
column says ``mixed``; nothing is converted at a made-up rate.

Cards come a page at a time, keyset by close date then id (the
``ix_opportunities_outcome_close_date`` index); the list pages the same way
by any sortable column. Sums run in SQL on exact integers
(``desktop.domain.forecast_math``). A deal is stale when its next step's date
or its close date has passed, or nothing was logged on its account for
``settings.stale_after_days`` days (the account's ``last_contact_at``; the
deal's creation when nothing was ever logged).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any, NamedTuple

from desktop.domain import forecast_math as fm
from desktop.domain import stages as stage_rules
from desktop.domain.forecast_math import open_deal
from desktop.domain.stages import Stage
from desktop.services.base import Service


@dataclass(frozen=True)
class PipeFilter:
    """What the board or the list shows. ``owners`` None: every deal in the cache."""

    owners: tuple[uuid.UUID, ...] | None = None
    close_from: date | None = None  # close date on or after
    close_to: date | None = None  # close date before (exclusive)
    stages: tuple[str, ...] | None = None  # the list's stage filter
    stale_only: bool = False
    text: str = ""  # part of the deal's or the account's name
    outcome: str = stage_rules.OPEN  # the list: open, won or lost deals


class Money(NamedTuple):
    deals: int
    amount: Decimal
    weighted: Decimal


@dataclass(frozen=True)
class Column:
    stage: Stage
    count: int  # every deal in the column, whatever its currency
    amount: Decimal  # in ``currency``
    weighted: Decimal
    currency: str
    others: dict[str, Money] = field(default_factory=dict)  # other currencies, not converted

    @property
    def mixed(self) -> bool:
        """Some deals are in another currency: the totals leave them out."""
        return bool(self.others)


class Card(NamedTuple):
    id: uuid.UUID
    name: str
    account_id: uuid.UUID
    account: str
    amount: Decimal
    currency: str
    close_date: date
    stage: str
    probability: Decimal  # the deal's own, else its stage's
    weighted: Decimal
    forecast_category: str
    next_step: str | None
    next_step_on: date | None
    owner_id: uuid.UUID | None
    owner: str
    outcome: str
    stale: tuple[str, ...]  # reasons (forecast_math.STALE_*); empty: not stale


class CardCursor(NamedTuple):
    key: Any  # the sort value of the last row (close date text on the board)
    id: str  # its id (32 hex digits)


class CardPage(NamedTuple):
    cards: list[Card]
    next: CardCursor | None  # None: the last page


class SortKey(StrEnum):
    NAME = "name"
    ACCOUNT = "account"
    AMOUNT = "amount"
    WEIGHTED = "weighted"
    CLOSE_DATE = "close_date"
    STAGE = "stage"
    OWNER = "owner"
    NEXT_STEP = "next_step"


_SELECT = ("SELECT o.id, o.name, o.account_id, a.name, o.amount, o.currency, o.close_date, "
           "o.stage, o.probability, o.forecast_category, o.next_step, o.next_step_on, "
           "o.owner_id, coalesce(u.name, ''), o.outcome, "
           "substr(coalesce(a.last_contact_at, o.created_at), 1, 10) "
           "FROM opportunities o JOIN accounts a ON a.id = o.account_id "
           "LEFT JOIN users u ON u.id = o.owner_id ")


class PipelineBoard(Service):
    """Reads only; the rep's currency, staleness and today come from the session."""

    def stages(self) -> list[Stage]:
        rows = self.store.reads().execute(
            "SELECT key, name, position, probability, kind, active FROM opportunity_stages "
            "WHERE deleted_at IS NULL").fetchall()
        if not rows:
            return list(stage_rules.DEFAULT_STAGES)
        return stage_rules.ordered([Stage(k, n, p, Decimal(str(pr)), kind, bool(act))
                                    for k, n, p, pr, kind, act in rows])

    def columns(self, flt: PipeFilter = PipeFilter(), *, include_closed: bool = False
                ) -> list[Column]:
        """The board's columns with their totals, in position order."""
        all_stages = self.stages()
        shown = stage_rules.open_stages(all_stages)
        if include_closed:
            shown += [s for s in (stage_rules.closing(all_stages, stage_rules.WON),
                                  stage_rules.closing(all_stages, stage_rules.LOST)) if s]
        sql, params = self._where(flt, outcome=None, all_stages=all_stages)
        keys = tuple(s.key for s in shown)
        outcomes = tuple(sorted({s.kind for s in shown}))  # the index's second column
        if outcomes == (stage_rules.OPEN,):  # literal: the open board's partial index
            sql.append(open_deal("o"))
            outcomes = ()
        else:
            sql.append(f"o.outcome IN ({', '.join('?' * len(outcomes))})")
        sql.append(f"o.stage IN ({', '.join('?' * len(keys))})")
        amount = fm.scaled_amount_sql("o.amount")
        own = fm.scaled_probability_sql("o.probability")
        rows = self.store.reads().execute(
            f"SELECT o.stage, o.currency, count(*), sum({amount}), "  # nosec B608 - identifiers from code, values bound
            f"sum(CASE WHEN o.probability IS NULL THEN {amount} END), "
            f"sum(CASE WHEN o.probability IS NOT NULL THEN {amount} * {own} END) "
            f"FROM opportunities o {self._join(flt)} WHERE {' AND '.join(sql)} "
            "GROUP BY o.stage, o.currency", [*params, *outcomes, *keys]).fetchall()
        home = self.session.settings.home_currency
        sums: dict[str, dict[str, Money]] = {}
        by_key = {s.key: s for s in shown}
        for key, currency, count, total, plain, own_weighted in rows:
            stage_bp = round(by_key[key].probability * fm.PROB_SCALE)
            weighted_units = (plain or 0) * stage_bp + (own_weighted or 0)
            sums.setdefault(key, {})[currency] = Money(
                count, fm.unscale(total, fm.AMOUNT_SCALE, currency),
                fm.unscale(weighted_units, fm.AMOUNT_SCALE * fm.PROB_SCALE, currency))
        out = []
        for stage in shown:
            per = sums.get(stage.key, {})
            mine = per.pop(home, Money(0, Decimal(0), Decimal(0)))
            out.append(Column(stage, mine.deals + sum(m.deals for m in per.values()),
                              mine.amount, mine.weighted, home, per))
        return out

    def cards(self, stage: str, flt: PipeFilter = PipeFilter(),
              after: CardCursor | None = None, limit: int = 50) -> CardPage:
        """One column's cards, by close date then id, ``limit`` at a time."""
        all_stages = self.stages()
        kind = next((s.kind for s in all_stages if s.key == stage), stage_rules.OPEN)
        sql, params = self._where(flt, outcome=None if kind == stage_rules.OPEN else kind,
                                  all_stages=all_stages)
        if kind == stage_rules.OPEN:  # literal: the open board's partial index
            sql.append(open_deal("o"))
        sql.append("o.stage = ?")
        params.append(stage)
        if after is not None:
            sql.append("(o.close_date > ? OR (o.close_date = ? AND o.id > ?))")
            params += [after.key, after.key, after.id]
        # The column's first cards are picked from the index; only they are joined:
        # the owners' board index when owners are chosen, else the stage's.
        from desktop.store.derived_forecast import OPEN_BOARD, OPEN_STAGE  # not at start-up
        from desktop.store.derived_today import indexed_by

        conn = self.store.reads()
        named = ""
        if kind == stage_rules.OPEN:
            named = indexed_by(conn, OPEN_BOARD if flt.owners is not None else OPEN_STAGE)
        rows = conn.execute(
            f"{_SELECT} WHERE o.rowid IN (SELECT o.rowid FROM opportunities o{named} "  # nosec B608 - identifiers from code, values bound
            f"{self._join(flt)} WHERE {' AND '.join(sql)} ORDER BY o.close_date, o.id "
            f"LIMIT {int(limit)}) ORDER BY o.close_date, o.id", params).fetchall()
        cards = [self._card(r, all_stages) for r in rows]
        more = (CardCursor(cards[-1].close_date.isoformat(), cards[-1].id.hex)
                if len(cards) == limit else None)
        return CardPage(cards, more)

    def card(self, opp_id: uuid.UUID) -> Card | None:
        """One deal's card (after a move, to place it in its new column)."""
        row = self.store.reads().execute(f"{_SELECT} WHERE o.id = ?",  # noqa: S608
                                         (opp_id.hex,)).fetchone()
        return None if row is None else self._card(row, self.stages())

    def page(self, flt: PipeFilter = PipeFilter(), sort: SortKey = SortKey.CLOSE_DATE,
             descending: bool = False, after: CardCursor | None = None, limit: int = 100
             ) -> CardPage:
        """The list: deals of ``flt.outcome`` sorted by ``sort`` (then id), keyset pages."""
        all_stages = self.stages()
        sql, params = self._where(flt, outcome=flt.outcome, all_stages=all_stages)
        expr, expr_params = self._sort_expr(sort, all_stages)
        op, order = ("<", "DESC") if descending else (">", "ASC")
        if after is not None:
            sql.append(f"({expr} {op} ? OR ({expr} = ? AND o.id {op} ?))")
            params += [*expr_params, after.key, *expr_params, after.key, after.id]
        rows = self.store.reads().execute(
            f"{_SELECT.replace('SELECT ', f'SELECT {expr}, ', 1)} "  # noqa: S608
            f"WHERE {' AND '.join(sql)} ORDER BY 1 {order}, o.id {order} LIMIT {int(limit)}",
            [*expr_params, *params]).fetchall()
        cards = [self._card(r[1:], all_stages) for r in rows]
        more = CardCursor(rows[-1][0], cards[-1].id.hex) if len(cards) == limit else None
        return CardPage(cards, more)

    def count(self, flt: PipeFilter = PipeFilter()) -> int:
        sql, params = self._where(flt, outcome=flt.outcome, all_stages=self.stages())
        row = self.store.reads().execute(
            f"SELECT count(*) FROM opportunities o {self._join(flt)} "  # nosec B608 - identifiers from code, values bound
            f"WHERE {' AND '.join(sql)}", params).fetchone()
        return int(row[0])

    # -- helpers ---------------------------------------------------------------------
    def _today(self) -> date:
        return self.clock().date()

    def _join(self, flt: PipeFilter) -> str:
        needs = flt.stale_only or flt.text.strip()
        return "JOIN accounts a ON a.id = o.account_id" if needs else ""

    def _where(self, flt: PipeFilter, *, outcome: str | None,
               all_stages: list[Stage]) -> tuple[list[str], list[Any]]:
        sql: list[str] = ["o.deleted_at IS NULL"]
        params: list[Any] = []
        if outcome is not None:
            sql.append("o.outcome = ?")
            params.append(outcome)
        if flt.owners is not None:
            sql.append(f"o.owner_id IN ({', '.join('?' * len(flt.owners))})")
            params += [o.hex for o in flt.owners]
        if flt.close_from is not None:
            sql.append("o.close_date >= ?")
            params.append(flt.close_from.isoformat())
        if flt.close_to is not None:
            sql.append("o.close_date < ?")
            params.append(flt.close_to.isoformat())
        if flt.stages:
            sql.append(f"o.stage IN ({', '.join('?' * len(flt.stages))})")
            params += list(flt.stages)
        if flt.stale_only:
            today = self._today()
            quiet = today - timedelta(days=self.session.settings.stale_after_days)
            sql.append("(o.next_step_on < ? OR o.close_date < ? OR "
                       "substr(coalesce(a.last_contact_at, o.created_at), 1, 10) < ?)")
            params += [today.isoformat(), today.isoformat(), quiet.isoformat()]
        text = flt.text.strip()
        if text:
            escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            sql.append("(o.name LIKE ? ESCAPE '\\' OR a.name LIKE ? ESCAPE '\\')")
            params += [f"%{escaped}%", f"%{escaped}%"]
        return sql, params

    def _sort_expr(self, sort: SortKey, all_stages: list[Stage]) -> tuple[str, list[Any]]:
        if sort in (SortKey.STAGE, SortKey.WEIGHTED):
            cases = " ".join("WHEN ? THEN ?" for _ in all_stages)
            if sort == SortKey.STAGE:
                return (f"CASE o.stage {cases} ELSE 0 END",
                        [v for s in all_stages for v in (s.key, s.position)])
            return (f"CAST(o.amount AS REAL) * coalesce(CAST(o.probability AS REAL), "
                    f"CASE o.stage {cases} ELSE 0 END)",
                    [v for s in all_stages for v in (s.key, float(s.probability))])
        return {
            SortKey.NAME: "o.name", SortKey.ACCOUNT: "a.name",
            SortKey.AMOUNT: "CAST(o.amount AS REAL)", SortKey.CLOSE_DATE: "o.close_date",
            SortKey.OWNER: "coalesce(u.name, '')",
            SortKey.NEXT_STEP: "coalesce(o.next_step_on, '9999-12-31')",
        }[sort], []

    def _card(self, r: Any, all_stages: list[Stage]) -> Card:
        stage = next((s for s in all_stages if s.key == r[7]), None)
        own = Decimal(r[8]) if r[8] not in (None, "") else None
        probability = own if own is not None else (stage.probability if stage else Decimal(0))
        amount, currency = Decimal(r[4]), r[5]
        close_date = date.fromisoformat(r[6])
        next_on = date.fromisoformat(r[11]) if r[11] else None
        outcome = r[14]
        stale = () if outcome != stage_rules.OPEN else fm.stale_reasons(
            self._today(), next_on, close_date, date.fromisoformat(r[15]) if r[15] else None,
            self.session.settings.stale_after_days)
        return Card(uuid.UUID(hex=r[0]), r[1], uuid.UUID(hex=r[2]), r[3], amount, currency,
                    close_date, r[7], probability, fm.weighted(amount, probability, currency),
                    r[9], r[10], next_on, uuid.UUID(hex=r[12]) if r[12] else None, r[13],
                    outcome, stale)
