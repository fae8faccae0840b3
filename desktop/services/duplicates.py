"""Likely duplicates of a lead, account or contact while it is typed.

Exact phone (E.164, so "(555) 010-2000" is "+15550102000") and exact email
(any case) through indexed lookups; similar names with ``rapidfuzz`` over an
in-memory index of folded names (legal suffixes, case, punctuation, accents and
"&"/"and" folded), blocked on the first letters of each word. Build the index
once off the GUI thread (:meth:`DuplicateFinder.build`), keep it current with
:meth:`DuplicateFinder.apply` from change records, and call
:meth:`DuplicateFinder.candidates` per keystroke (thread-safe).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from enum import StrEnum
from typing import NamedTuple

from desktop.store.changes import Changes
from desktop.store.store import Store


class Kind(StrEnum):
    """What is being typed (also the table its candidates come from first)."""

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
        raise NotImplementedError


class Candidate(NamedTuple):
    table: str  # accounts | contacts | leads
    id: uuid.UUID
    label: str  # "Acme Feed & Seed, Urbana" / "Jane Doe (Acme Feed & Seed)"
    account_id: uuid.UUID | None  # the account itself, a contact's, a lead's converted one
    why: tuple[Why, ...]
    score: int  # best of ``why``: candidates come best first


class DuplicateFinder:
    def __init__(self, store: Store, home_region: str = "US") -> None:
        self.store = store
        self.home_region = home_region

    def build(self) -> None:
        """Read every live account, contact and lead name (seconds on 450,000
        rows: call it off the GUI thread)."""
        raise NotImplementedError

    def apply(self, changes: Changes) -> None:
        """Bring the index up to date with the rows a change record names."""
        raise NotImplementedError

    def candidates(self, kind: Kind | str, fields: Mapping[str, str | None], *,
                   exclude: uuid.UUID | None = None, limit: int = 8) -> list[Candidate]:
        """Likely duplicates of what is typed, best first.

        ``fields`` by kind: leads ``company, first_name, last_name, phone, email,
        country``; accounts ``name, phone, billing_country``; contacts
        ``first_name, last_name, work_phone, mobile_phone, email, alt_email``
        (and ``country`` for the phone's region). ``exclude``: the record being
        edited. Builds the index on first use if :meth:`build` was not called."""
        raise NotImplementedError
