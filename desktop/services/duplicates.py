"""Likely duplicates of a lead, account or contact while it is typed.

Exact phone (E.164, so "(555) 010-2000" is "+15550102000") and exact email
(any case) through indexed lookups (migration 0012); similar names with
``rapidfuzz`` over an in-memory index of folded names (``name_fold``: legal
forms, case, punctuation, accents and "&"/"and" folded). The index keeps each
distinct folded name once with the rows that carry it, and blocks names on the
first three letters of each word, so a keystroke scores a few thousand names,
not 450,000. Build it once off the GUI thread (:meth:`DuplicateFinder.build`),
keep it current with :meth:`DuplicateFinder.apply` from change records, and call
:meth:`DuplicateFinder.candidates` per keystroke (any thread).
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Mapping
from enum import StrEnum
from typing import NamedTuple

from desktop.i18n import _
from desktop.services.duplicate_index import COMPANY, PERSON, NameIndex, load_index, rows_for
from desktop.services.duplicate_lookup import e164
from desktop.services.name_fold import fold_company, fold_person
from desktop.store.changes import Changes
from desktop.store.store import Store

NAME_CUTOFF = 85  # percent: below this a name is not "similar"
_TABLES = ("accounts", "contacts", "leads")


class Kind(StrEnum):
    """What is being typed."""

    LEAD = "leads"
    ACCOUNT = "accounts"
    CONTACT = "contacts"


class Why(NamedTuple):
    """One reason a record matches: ``kind`` is phone, email or name; ``score``
    is 100 for an exact match, else the name similarity in percent."""

    kind: str
    score: int

    def describe(self) -> str:
        """ "same phone", "same email", "similar name 92 %" in the installed language."""
        if self.kind == "phone":
            return _("same phone")
        if self.kind == "email":
            return _("same email")
        if self.score >= 100:
            return _("same name")
        return _("similar name {score} %").format(score=self.score)


class Candidate(NamedTuple):
    table: str  # accounts | contacts | leads
    id: uuid.UUID
    label: str  # "Acme Feed & Seed, Urbana" / "Jane Doe (Acme Feed & Seed)"
    account_id: uuid.UUID | None  # the account itself, a contact's, a lead's converted one
    why: tuple[Why, ...]
    score: int  # best of ``why``: candidates come best first

    def reasons(self) -> str:
        """ "same phone, similar name 92 %" """
        return ", ".join(w.describe() for w in self.why)


class DuplicateFinder:
    def __init__(self, store: Store, home_region: str = "US") -> None:
        self.store = store
        self.home_region = home_region
        self._index: NameIndex | None = None
        self._lock = threading.RLock()
        self._building = threading.Lock()
        self._pending: list[Changes] | None = None  # changes seen during a build
        # The last names looked up: typing a phone does not score the names again.
        self._recent: dict[tuple[int, str], list[tuple[tuple[str, int], int]]] = {}
        # table -> the last rowid offered (None: all): an import's check in its
        # worker must not offer the rows the import writes meanwhile.
        self.upto: dict[str, int] | None = None

    @property
    def ready(self) -> bool:
        return self._index is not None

    def build(self, *, people_only: bool = False) -> None:
        """Read every live account, contact and lead name (seconds on 450,000
        rows: call it off the GUI thread). Changes applied meanwhile are kept
        and replayed onto the new index. ``people_only``: no company names, for
        a finder that only ever looks up contacts (an import's check worker)."""
        with self._building:
            with self._lock:
                self._pending = []
            index = load_index(self.store.reads(), companies=not people_only)
            e164("(202) 555-0100", "US")  # loads the phone metadata before the first keystroke
            with self._lock:
                pending, self._pending = self._pending or [], None
                self._index = index
                self._recent.clear()
                for changes in pending:
                    self._apply(changes)

    def apply(self, changes: Changes) -> None:
        """Bring the index up to date with the rows a change record names."""
        if not changes.touches(*_TABLES):
            return
        with self._lock:
            if self._pending is not None:
                self._pending.append(changes)
            if self._index is not None:
                self._apply(changes)

    def _apply(self, changes: Changes) -> None:
        assert self._index is not None
        self._recent.clear()
        if changes.everything:
            self._index = None  # rebuilt on the next use
            return
        conn = self.store.reads()
        for table in _TABLES:
            ids = changes.ids(table)
            if ids:
                for rowid, names in rows_for(conn, table, ids):
                    self._index.put(table, rowid, names)

    def _similar(self, space: int, folded: str, limit: int
                 ) -> list[tuple[tuple[str, int], int]]:
        """The index's similar names, remembered for the next keystrokes (which
        mostly change another field); none while the index is being built."""
        if self._index is None:
            return []
        hits = self._recent.get((space, folded))
        if hits is None:
            hits = self._index.similar(space, folded, NAME_CUTOFF, limit)
            if len(self._recent) >= 8:
                self._recent.pop(next(iter(self._recent)))
            self._recent[(space, folded)] = hits
        return hits

    def candidates(self, kind: Kind | str, fields: Mapping[str, str | None], *,
                   exclude: uuid.UUID | None = None, limit: int = 8) -> list[Candidate]:
        """Likely duplicates of what is typed, best first.

        ``fields`` by kind: leads ``company, first_name, last_name, phone, email,
        country``; accounts ``name, phone, billing_country``; contacts
        ``first_name, last_name, work_phone, mobile_phone, email, alt_email``
        (and ``country`` for the phones' region). ``exclude``: the record being
        edited. Builds the index on first use if :meth:`build` was not called;
        while another thread builds it, only exact phone and email matches come."""
        from desktop.services.duplicate_lookup import exact_matches, labels

        kind = Kind(kind)
        if self._index is None and not self._building.locked():
            self.build()  # on first use; while another thread builds, exact matches only
        found: dict[tuple[str, int], list[Why]] = {}
        region = (fields.get("country") or fields.get("billing_country")
                  or self.home_region or "US")
        conn = self.store.reads()
        for key, why in exact_matches(conn, kind.value, fields, str(region), self.upto):
            found.setdefault(key, []).append(why)
        company = fields.get("company") if kind is Kind.LEAD else (
            fields.get("name") if kind is Kind.ACCOUNT else None)
        spaces: list[tuple[int, str]] = []
        if company:
            spaces.append((COMPANY, fold_company(company)))
        if kind in (Kind.LEAD, Kind.CONTACT):
            spaces.append((PERSON, fold_person(fields.get("first_name"), fields.get("last_name"))))
        with self._lock:
            for space, folded in spaces:
                for key, score in self._similar(space, folded, limit * 4):
                    found.setdefault(key, []).append(Why("name", score))
        ranked = sorted(found.items(), key=lambda kv: (-_rank(kv[1]), kv[0]))
        out: list[Candidate] = []
        for (table, rowid), whys in ranked:
            if len(out) >= limit:
                break
            label = labels(conn, table, rowid)
            if label is None or label[0] == exclude:
                continue
            row_id, text, account_id = label
            best = max(w.score for w in whys)
            out.append(Candidate(table, row_id, text, account_id,
                                 tuple(sorted(set(whys), key=_order)), best))
        return out


def _order(why: Why) -> tuple[int, int]:
    """Best first; equal scores phone, email, name (a set's order varies by process)."""
    return -why.score, {"phone": 0, "email": 1}.get(why.kind, 2)


def _rank(whys: list[Why]) -> int:
    """Exact phones and emails first (many people share a name, few a mailbox),
    then the best name score, then the number of reasons."""
    exact = len({w.kind for w in whys if w.kind != "name"})
    return exact * 1000 + max(w.score for w in whys) + 5 * (len(set(whys)) - 1)
