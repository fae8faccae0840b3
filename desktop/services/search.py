"""Turning what a rep types into an FTS5 query that cannot be malformed."""

from __future__ import annotations

import re
from typing import NamedTuple

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)  # the tokenizer splits at "_" too


def fts_query(text: str) -> str | None:
    """Every word must match as a prefix, in any order. None if nothing to search.

    Words are quoted, so operators typed by the user (AND, NEAR, quotes, ``*``)
    are searched for as text rather than breaking the query.
    """
    return " ".join(fts_terms(text)) or None


def fts_terms(text: str) -> list[str]:
    """One prefix query per word, for matching words across several indexes."""
    return [f'"{t}"*' for t in _TOKEN.findall(text)]


# Words shorter than this match the account's details only, not its history: as
# prefixes they match nearly every account's history (a read of the whole index).
HISTORY_MIN_LETTERS = 3


def history_terms(text: str) -> list[tuple[str, bool]]:
    """Each word's prefix query, and whether it also searches the history."""
    return [(f'"{t}"*', len(t) >= HISTORY_MIN_LETTERS) for t in _TOKEN.findall(text)]


def searches_history(text: str) -> bool:
    """Whether ``text`` has a word long enough to search the history."""
    return any(in_history for _term, in_history in history_terms(text))


class SubstringTerms(NamedTuple):
    """What was typed, for a trigram index: the words of three characters or
    more as one MATCH (``fts``), the shorter ones as LIKE patterns on ``columns``
    (``shorts``: their parameter names); ``params`` binds both."""

    table: str
    columns: tuple[str, ...]
    fts: str | None
    shorts: list[str]
    params: dict[str, str]

    def _likes(self, qualifier: str = "") -> list[str]:
        return ["(" + " OR ".join(f"{qualifier}{c} LIKE :{name} ESCAPE '\\'"
                                  for c in self.columns) + ")" for name in self.shorts]

    def as_set(self) -> str:
        """``rowid IN (...)``: every match, read from the index at once."""
        where = ([f"{self.table} MATCH :fts"] if self.fts else []) + self._likes()
        return f"rowid IN (SELECT rowid FROM {self.table} WHERE {' AND '.join(where)})"

    def shorts_on(self, row: str) -> list[str]:
        """The short words as a test of one row (``row``: how ``s``, the index,
        meets it), or nothing when every word was long."""
        if not self.shorts:
            return []
        return [f"EXISTS (SELECT 1 FROM {self.table} s WHERE {row} AND "
                f"{' AND '.join(self._likes('s.'))})"]


def substring_terms(table: str, columns: tuple[str, ...], text: str) -> SubstringTerms | None:
    """Every word typed must appear somewhere in ``columns``, in any order, as
    any part of a word ("0042", "SO-20"). None when nothing was typed."""
    words = text.split()
    if not words:
        return None
    params: dict[str, str] = {}
    long = [w for w in words if len(w) >= 3]
    fts = " AND ".join('"' + w.replace('"', '""') + '"' for w in long) or None
    if fts:
        params["fts"] = fts
    shorts = []
    for n, word in enumerate(w for w in words if len(w) < 3):
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params[f"short{n}"] = f"%{escaped}%"
        shorts.append(f"short{n}")
    return SubstringTerms(table, columns, fts, shorts, params)


def substring_search(table: str, columns: tuple[str, ...], text: str
                     ) -> tuple[str, dict[str, str]] | None:
    """A condition on ``rowid`` for a trigram index (see :func:`substring_terms`).
    Words of three characters or more go through the index; shorter ones are
    tested against what those matched (alone, they read the index's text, a
    small table). None when nothing was typed."""
    terms = substring_terms(table, columns, text)
    return None if terms is None else (terms.as_set(), terms.params)
