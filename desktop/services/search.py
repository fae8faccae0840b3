"""Turning what a rep types into an FTS5 query that cannot be malformed."""

from __future__ import annotations

import re

_TOKEN = re.compile(r"\w+", re.UNICODE)
ACCOUNT_COLUMNS = "{name place people}"


def fts_query(text: str, *, include_history: bool = False) -> str | None:
    """Every word must match as a prefix, in any order. None if nothing to search.

    Words are quoted, so operators typed by the user (AND, NEAR, quotes, ``*``)
    are searched for as text rather than breaking the query.
    """
    tokens = _TOKEN.findall(text)
    if not tokens:
        return None
    body = " ".join(f'"{t}"*' for t in tokens)
    return body if include_history else f"{ACCOUNT_COLUMNS} : ({body})"
