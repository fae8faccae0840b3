"""How a list searched through a trigram index reads its newest page.

A list of documents (orders, proposals) shows its newest first. Searching it
"collects the matches, then sorts them" only while the matches are few: at a
million accounts "River" matches 20,000 orders and "SO-" every one, and
sorting them took 0.1-5 s a keystroke. When many match, the list's own date
index is walked newest first and each document tested, stopping at a page:
against the set of matches read once (``scan``), or, when nearly everything
matches, the index asked about each document (``exists``). Words under three
characters (no trigram) are tested on each document the walk reaches, rather
than by reading every document's text.

The plan comes from the newest ``PLAN_SAMPLE`` matches (as the account search's
comes from its first): fewer is the exact count; otherwise how far back into
the rowids they reach gives the share where the walk starts.
"""

from __future__ import annotations

import sqlite3
from typing import Any, NamedTuple

from desktop.services.search import substring_terms

SORT_MAX = 1_500  # fewer matches: collect and sort them
EXISTS_SHARE = 0.4  # this share or more: ask the index about each document
PLAN_SAMPLE = 2_000


class SearchPlan(NamedTuple):
    conditions: list[str]  # on the list's alias
    params: dict[str, Any]
    walk: bool  # walk the list's date index (else collect the matches and sort)
    name: str  # "sort", "scan", "exists" or "walk" (only short words): tests read it


def plan(conn: sqlite3.Connection, table: str, columns: tuple[str, ...], text: str,
         alias: str) -> SearchPlan | None:
    """The conditions for ``text`` on ``alias`` (a list over the rows ``table``
    indexes, sharing their rowids); None when nothing was typed."""
    terms = substring_terms(table, columns, text)
    if terms is None:
        return None
    shorts = terms.shorts_on(f"s.rowid = {alias}.rowid")
    if terms.fts is None:
        return SearchPlan(shorts, terms.params, True, "walk")
    # The newest matches: a walk starts there, and the rowids follow the order
    # the documents were written in (the oldest orders may all hold "SO-0").
    seen, reach, top = conn.execute(
        f"SELECT count(*), min(rowid), (SELECT rowid FROM {table} ORDER BY rowid DESC "  # nosec B608 - identifiers from code, values bound
        f"LIMIT 1) FROM (SELECT rowid FROM {table} WHERE {table} MATCH :fts "
        "ORDER BY rowid DESC LIMIT :sample)", {"fts": terms.fts, "sample": PLAN_SAMPLE}
    ).fetchone()
    if seen < SORT_MAX:
        return SearchPlan([f"{alias}.{terms.as_set()}"], terms.params, False, "sort")
    if seen >= PLAN_SAMPLE and seen / max(top - reach + 1, 1) >= EXISTS_SHARE:
        each = (f"EXISTS (SELECT 1 FROM {table} s WHERE s.rowid = {alias}.rowid "
                f"AND {table} MATCH :fts)")
        return SearchPlan([each, *shorts], terms.params, True, "exists")
    matches = f"{alias}.rowid IN (SELECT rowid FROM {table} WHERE {table} MATCH :fts)"
    return SearchPlan([matches, *shorts], terms.params, True, "scan")
