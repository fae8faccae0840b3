"""Keyset pages in SQL that SQLite answers from the sort key's index.

A page after ``(value, rowid)`` in ``ORDER BY key, rowid`` is read as two
seeks rather than one ``key > v OR (key = v AND rowid > id)`` condition (which
no index can seek: each page would walk from the top, and scrolling to the
bottom would cost the square of the pages): first the rest of the rows whose
key equals ``value`` (``key = v AND rowid > id``, rowid order), then the rows
past ``value`` (``key > v``). Keys never hold NULL (``coalesce`` in the
expression), so there is no third group to page through. ``until`` bounds a
page from above (inclusive): a page read again by its key range.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class Cursor(NamedTuple):
    """Where a page ended: the last row's sort value and rowid."""

    sort_value: Any
    rowid: int


class Keyset(NamedTuple):
    """One page's query: the sort key and how to read the rows."""

    key: str  # the sort key expression, as its index is written
    source: str  # FROM ... (with INDEXED BY when walking the key's index)
    where: list[str]
    params: dict[str, Any]
    walk: bool  # True: read through the key's index (two seeks past a cursor)
    pinned: bool = False  # a filter holds the key to one value: rowid order is the order
    unique: bool = False  # no two rows share a key: the key alone is the order


def statements(ks: Keyset, columns: str, descending: bool, after: Cursor | None,
               until: Cursor | None) -> list[tuple[str, dict[str, Any]]]:
    """The page's statements: run them in order, each with ``:limit`` set to
    what the earlier ones left of the page; each selects ``columns``, then the key."""
    key = ks.key
    more, less, order = ("<", ">", "DESC") if descending else (">", "<", "ASC")
    where, params = list(ks.where), dict(ks.params)
    if until is not None:
        where.append(f"{key} {less}= :until" if ks.unique else
                     f"({key} {less} :until OR ({key} = :until AND a.rowid {less}= :until_id))")
        params.update(until=until.sort_value, until_id=until.rowid)

    def select(extra: list[str], order_by: str) -> str:
        return (f"SELECT {columns}, {key} {ks.source} WHERE {' AND '.join(where + extra)} "
                f"ORDER BY {order_by} LIMIT :limit")

    # SQLite does not see that an expression held equal needs no sorting: say so.
    both = (f"a.rowid {order}" if ks.pinned else f"{key} {order}" if ks.unique
            else f"{key} {order}, a.rowid {order}")
    if after is None:
        return [(select([], both), params)]
    params.update(after=after.sort_value, after_id=after.rowid)
    if ks.unique:
        return [(select([f"{key} {more} :after"], both), params)]
    if not ks.walk:  # the matches are few and sorted anyway: one statement
        return [(select([f"({key} {more} :after OR ({key} = :after AND a.rowid {more} "
                         ":after_id))"], both), params)]
    return [(select([f"{key} = :after", f"a.rowid {more} :after_id"], f"a.rowid {order}"),
             params),
            (select([f"{key} {more} :after"], both), params)]
