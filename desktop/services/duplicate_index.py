"""The duplicate check's in-memory name index.

Two spaces: company names (accounts, leads' companies) and person names
(contacts, leads' people). Each distinct folded name is stored once with the
rows that carry it (a member is ``rowid * 4 + table code``), and blocked on the
first three letters of each of its words. A query scores only the names that
share a block with one of its words (the rarest blocks first when the union is
large), so its cost follows the block sizes, not the table sizes.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterable, Iterator

from desktop.services.name_fold import fold_company, fold_person

COMPANY, PERSON = 0, 1
TABLE_CODES = {"accounts": 0, "contacts": 1, "leads": 2}
TABLE_NAMES = {code: name for name, code in TABLE_CODES.items()}
MAX_BLOCK = 6_000  # names scored per query at most (the rarest blocks are kept)
_SKIP = frozenset({"and", "the", "of"})

# Live rows whose names count: merged-away rows and converted leads do not.
_SELECT = {
    "accounts": ("SELECT rowid, name FROM accounts WHERE deleted_at IS NULL "
                 "AND merged_into_id IS NULL"),
    "contacts": ("SELECT rowid, first_name, last_name FROM contacts WHERE deleted_at IS NULL "
                 "AND merged_into_id IS NULL"),
    "leads": ("SELECT rowid, company, first_name, last_name FROM leads WHERE deleted_at IS NULL "
              "AND merged_into_id IS NULL AND status != 'converted'"),
}


def _keys(folded: str) -> set[str]:
    return {t[:3] for t in folded.split() if t not in _SKIP}


class _Space:
    def __init__(self) -> None:
        self.names: list[str] = []
        self.ids: dict[str, int] = {}
        self.members: list[list[int]] = []
        self.blocks: dict[str, list[int]] = {}
        self.where: dict[int, int] = {}  # member -> name id

    def add(self, member: int, folded: str) -> None:
        nid = self.ids.get(folded)
        if nid is None:
            nid = len(self.names)
            self.ids[folded] = nid
            self.names.append(folded)
            self.members.append([])
            for key in _keys(folded):
                self.blocks.setdefault(key, []).append(nid)
        self.members[nid].append(member)
        self.where[member] = nid

    def remove(self, member: int) -> None:
        nid = self.where.pop(member, None)
        if nid is not None:
            self.members[nid].remove(member)

    def block(self, folded: str) -> list[int]:
        words = [t for t in folded.split() if t not in _SKIP] or folded.split()
        lists = sorted((self.blocks.get(t[:3], []) for t in {w[:3] for w in words}), key=len)
        chosen: list[int] = []
        for nids in lists:
            if chosen and len(chosen) + len(nids) > MAX_BLOCK:
                break
            chosen.extend(nids)
        return chosen


class NameIndex:
    def __init__(self) -> None:
        self.spaces = (_Space(), _Space())

    def put(self, table: str, rowid: int, names: dict[int, str]) -> None:
        """The row's names now (empty: the row is gone or merged away)."""
        member = rowid * 4 + TABLE_CODES[table]
        for space_id, space in enumerate(self.spaces):
            space.remove(member)
            folded = names.get(space_id)
            if folded:
                space.add(member, folded)

    def similar(self, space_id: int, folded: str, cutoff: int, limit: int
                ) -> list[tuple[tuple[str, int], int]]:
        """((table, rowid), percent) of the rows whose names score ``cutoff`` or more."""
        if len(folded.replace(" ", "")) < 3:
            return []
        from rapidfuzz import fuzz, process

        space = self.spaces[space_id]
        nids = space.block(folded)
        if not nids:
            return []
        names = space.names
        choices = [names[n] for n in nids]
        best = process.extract(folded, choices, scorer=fuzz.token_sort_ratio,
                               score_cutoff=cutoff, limit=limit)
        out: list[tuple[tuple[str, int], int]] = []
        for _text, score, at in best:
            for member in space.members[nids[at]][:limit]:
                out.append(((TABLE_NAMES[member & 3], member >> 2), int(round(score))))
        return out


def names_of(table: str, row: tuple[object, ...]) -> dict[int, str]:
    """The folded names of a row as ``_SELECT`` reads it (without the rowid)."""
    if table == "accounts":
        return {COMPANY: fold_company(str(row[0] or ""))}
    if table == "contacts":
        return {PERSON: fold_person(_s(row[0]), _s(row[1]))}
    return {COMPANY: fold_company(_s(row[0])), PERSON: fold_person(_s(row[1]), _s(row[2]))}


def _s(value: object) -> str | None:
    return None if value is None else str(value)


def load_index(conn: sqlite3.Connection) -> NameIndex:
    """Every live name in the cache."""
    index = NameIndex()
    for table, sql in _SELECT.items():
        for row in conn.execute(sql):
            index.put(table, row[0], names_of(table, row[1:]))
    return index


def rows_for(conn: sqlite3.Connection, table: str, ids: Iterable[uuid.UUID]
             ) -> Iterator[tuple[int, dict[int, str]]]:
    """(rowid, names) of these rows; names empty for a row no longer counted."""
    hexes = [i.hex for i in ids]
    for start in range(0, len(hexes), 500):
        chunk = hexes[start:start + 500]
        marks = ", ".join("?" * len(chunk))
        live = {row[0]: row[1:] for row in conn.execute(
            _SELECT[table] + f" AND id IN ({marks})", chunk)}
        for (rowid,) in conn.execute(
                f"SELECT rowid FROM {table} WHERE id IN ({marks})", chunk):
            yield rowid, names_of(table, live[rowid]) if rowid in live else {}
