"""Turning what a rep types into an FTS5 query that cannot be malformed."""

from __future__ import annotations

import re

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


def substring_search(table: str, columns: tuple[str, ...], text: str
                     ) -> tuple[str, dict[str, str]] | None:
    """A condition on ``rowid`` for a trigram index: every word typed appears
    somewhere in ``columns``, in any order, as any part of a word ("0042",
    "SO-20"). Words of three characters or more go through the index; shorter
    ones are tested against what those matched (alone, they read the index's
    text, a small table). None when nothing was typed."""
    words = text.split()
    if not words:
        return None
    params: dict[str, str] = {}
    long = [w for w in words if len(w) >= 3]
    where: list[str] = []
    if long:
        params["fts"] = " AND ".join('"' + w.replace('"', '""') + '"' for w in long)
        where.append(f"{table} MATCH :fts")
    for n, word in enumerate(w for w in words if len(w) < 3):
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params[f"short{n}"] = f"%{escaped}%"
        where.append("(" + " OR ".join(f"{c} LIKE :short{n} ESCAPE '\\'" for c in columns) + ")")
    return f"rowid IN (SELECT rowid FROM {table} WHERE {' AND '.join(where)})", params
