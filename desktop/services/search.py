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
