"""The proposal list, newest first, read a page at a time.

Keyset pages (``after`` the last row's issue date and rowid) walk
``ix_proposals_issued_on``; filters by status (as the list shows it: a sent
proposal past its date reads as expired) and by amount; search any part of the
number, title or account's name through the trigram index ``proposal_search``.
Each row carries the proposal's total, kept by triggers in ``proposal_amounts``
(migration 0014).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any, NamedTuple

from desktop.domain import proposal_states
from desktop.services import substring_plans
from desktop.services.search import substring_search
from desktop.services.substring_plans import SearchPlan
from desktop.store.store import Store


class ProposalFilter(NamedTuple):
    text: str = ""
    statuses: frozenset[str] = frozenset()  # as shown (expired included); empty: all
    min_amount: float | None = None
    max_amount: float | None = None
    account_id: uuid.UUID | None = None


class ProposalListRow(NamedTuple):
    rowid: int
    id: uuid.UUID
    number: str
    revision: int
    status: str  # as shown: a sent proposal past its valid-until date is expired
    account: str
    issued_on: str
    valid_until: str
    title: str
    amount: float  # the total with tax, optional lines left out (a list figure)
    currency: str
    account_id: uuid.UUID


class Cursor(NamedTuple):
    issued_on: str
    rowid: int


class ProposalPage(NamedTuple):
    rows: list[ProposalListRow]
    next: Cursor | None  # None: the last page


_COLUMNS = ("p.rowid, p.id, p.number, p.revision, p.status, a.name, p.issued_on, "
            "p.valid_until, p.title, coalesce(m.amount, 0), p.currency, p.account_id")
_FROM = ("JOIN accounts a ON a.id = p.account_id "
         "LEFT JOIN proposal_amounts m ON m.proposal_id = p.id")


_SEARCHED = ("number", "title", "account")  # proposal_search's columns


class ProposalList:
    def __init__(self, store: Store, clock: Callable[[], datetime]) -> None:
        self.store = store
        self.clock = clock

    def _where(self, flt: ProposalFilter, search: SearchPlan | None = None
               ) -> tuple[list[str], dict[str, Any]]:
        """The filter's conditions; the search's as ``search`` plans it (else
        every match as one set: a count)."""
        where: list[str] = ["p.deleted_at IS NULL"]
        params: dict[str, Any] = {"today": self.clock().date().isoformat()}
        if flt.statuses:
            shown = []
            for n, status in enumerate(sorted(flt.statuses)):
                params[f"s{n}"] = status
                if status == proposal_states.EXPIRED:
                    shown.append(f"p.status = :s{n} OR (p.status = 'sent' "
                                 "AND p.valid_until < :today)")
                elif status == proposal_states.SENT:
                    shown.append(f"(p.status = :s{n} AND p.valid_until >= :today)")
                else:
                    shown.append(f"p.status = :s{n}")
            where.append("(" + " OR ".join(shown) + ")")
        if search is not None:
            where += search.conditions
            params.update(search.params)
        elif (found := substring_search("proposal_search", _SEARCHED, flt.text)) is not None:
            where.append("p." + found[0])
            params.update(found[1])
        if flt.min_amount is not None:
            where.append("coalesce(m.amount, 0) >= :min_amount")
            params["min_amount"] = flt.min_amount
        if flt.max_amount is not None:
            where.append("coalesce(m.amount, 0) <= :max_amount")
            params["max_amount"] = flt.max_amount
        if flt.account_id is not None:
            where.append("p.account_id = :account")
            params["account"] = flt.account_id.hex
        return where, params

    def _search(self, flt: ProposalFilter) -> SearchPlan | None:
        return substring_plans.plan(self.store.reads(), "proposal_search", _SEARCHED,
                                    flt.text, "p")

    def _statement(self, flt: ProposalFilter, where: list[str], limit: int,
                   search: SearchPlan | None) -> str:
        # A search of few matches, or one account's proposals, start from those
        # (then sort them); the rest walk the issue-date index newest first.
        walk = (search is None or search.walk) and not flt.account_id
        source = "proposals p INDEXED BY ix_proposals_issued_on" if walk else "proposals p"
        return (f"SELECT {_COLUMNS} FROM {source} {_FROM} WHERE {' AND '.join(where)} "
                f"ORDER BY p.issued_on DESC, p.rowid DESC LIMIT {int(limit)}")

    def page(self, flt: ProposalFilter, after: Cursor | None = None, limit: int = 100
             ) -> ProposalPage:
        search = self._search(flt)
        where, params = self._where(flt, search)
        if after is not None:
            where.append("(p.issued_on < :after OR (p.issued_on = :after AND p.rowid < :rid))")
            params.update(after=after.issued_on, rid=after.rowid)
        today = params["today"]
        rows = [ProposalListRow(
            r[0], uuid.UUID(hex=r[1]), r[2], r[3], proposal_states.shown_state(r[4], r[7], today),
            r[5], r[6], r[7], r[8], float(r[9]), r[10], uuid.UUID(hex=r[11]))
            for r in self.store.reads().execute(self._statement(flt, where, limit, search),
                                                params)]
        more = Cursor(rows[-1].issued_on, rows[-1].rowid) if len(rows) == limit else None
        return ProposalPage(rows, more)

    def count(self, flt: ProposalFilter) -> int:
        where, params = self._where(flt)
        row = self.store.reads().execute(
            f"SELECT count(*) FROM proposals p {_FROM} WHERE {' AND '.join(where)}",  # nosec B608 - identifiers from code, values bound
            params).fetchone()
        return int(row[0])

    def plan(self, flt: ProposalFilter) -> list[str]:
        """How SQLite reads a page (EXPLAIN QUERY PLAN's details; tests check it)."""
        search = self._search(flt)
        where, params = self._where(flt, search)
        return [r[3] for r in self.store.reads().execute(
            "EXPLAIN QUERY PLAN " + self._statement(flt, where, 100, search), params)]
