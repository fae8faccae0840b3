"""The duplicate check's in-memory name index.

Two spaces: company names (accounts, leads' companies) and person names
(contacts, leads' people). Each distinct folded name is stored once, its words
sorted (so ``fuzz.ratio`` scores it as ``token_sort_ratio`` would, without
sorting again per keystroke), with the rows that carry it (a member is
``rowid * 4 + table code``), and blocked on the first three letters of each of
its words. A query scores only the names that share a block with one of its
words (the rarest blocks first when the union is large), so its cost follows
the block sizes, not the table sizes.
"""

from __future__ import annotations

import math
import sqlite3
import uuid
from array import array
from collections.abc import Iterable, Iterator

from desktop.services.name_fold import fold, fold_company, fold_person

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


def sorted_words(folded: str) -> str:
    return " ".join(sorted(folded.split()))


class _Block:
    """The names sharing a word prefix, by length: a name can only score
    ``cutoff`` against one of similar length, so a query reads the lengths in
    its window (``window``) and skips the rest of a large block."""

    __slots__ = ("by_length", "size")

    def __init__(self) -> None:
        self.size = 0
        # length -> (name ids, their names: rapidfuzz scores the list as it is)
        self.by_length: dict[int, tuple[array[int], list[str]]] = {}

    def add(self, nid: int, name: str) -> None:
        found = self.by_length.get(len(name))
        if found is None:
            found = self.by_length[len(name)] = (array("l"), [])
        found[0].append(nid)
        found[1].append(name)
        self.size += 1


def window(length: int, cutoff: int) -> range:
    """The name lengths that can score ``cutoff`` % with ``fuzz.ratio`` against a
    query of ``length`` (2 * matches / (l1 + l2), matches <= the shorter)."""
    share = cutoff / 100
    low = math.ceil(length * share / (2 - share))
    high = math.floor(length * (2 - share) / share)
    return range(low, high + 1)


class _Space:
    """One space's names. Most names belong to one row: its member sits in
    ``first`` (a flat array, no Python int per row); the others of a shared name
    in ``more``; -1 marks a name no row carries any longer."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}  # sorted-word name -> name id
        self.first: array[int] = array("q")
        self.more: dict[int, list[int]] = {}
        self.blocks: dict[str, _Block] = {}
        self._where: dict[int, int] | None = None  # member -> name id, made on the first edit

    def members(self, nid: int) -> list[int]:
        head = self.first[nid]
        return ([] if head < 0 else [head]) + self.more.get(nid, [])

    def add(self, member: int, folded: str) -> None:
        words = folded.split()
        words.sort()
        name = " ".join(words)
        nid = self.ids.get(name)
        if nid is None:
            nid = len(self.first)
            self.ids[name] = nid
            self.first.append(member)
            for key in {t[:3] for t in words if t not in _SKIP}:
                block = self.blocks.get(key)
                if block is None:
                    block = self.blocks[key] = _Block()
                block.add(nid, name)
        elif self.first[nid] < 0:
            self.first[nid] = member
        else:
            self.more.setdefault(nid, []).append(member)
        if self._where is not None:
            self._where[member] = nid

    def remove(self, member: int) -> None:
        if self._where is None:
            self._where = {m: nid for nid in range(len(self.first)) for m in self.members(nid)}
        nid = self._where.pop(member, None)
        if nid is None:
            return
        if self.first[nid] == member:
            others = self.more.get(nid)
            self.first[nid] = others.pop() if others else -1
            if others is not None and not others:
                del self.more[nid]
        else:
            self.more[nid].remove(member)

    def block(self, name: str, cutoff: int) -> tuple[array[int], list[str]]:
        """The names worth scoring: those of a similar length sharing a word
        prefix with ``name``, rarest prefixes first, at most ``MAX_BLOCK``."""
        words = [t for t in name.split() if t not in _SKIP] or name.split()
        found = [b for b in (self.blocks.get(k) for k in {w[:3] for w in words}) if b]
        found.sort(key=lambda b: b.size)
        lengths = window(len(name), cutoff)
        nids: array[int] = array("l")
        names: list[str] = []
        for block in found:
            before = len(nids)
            for length in lengths:
                part = block.by_length.get(length)
                if part is not None:
                    nids += part[0]
                    names += part[1]
            if before and len(nids) > MAX_BLOCK:  # a common prefix after a rarer one
                del nids[before:], names[before:]
                break
        return nids, names


class NameIndex:
    def __init__(self) -> None:
        self.spaces = (_Space(), _Space())

    def put(self, table: str, rowid: int, names: dict[int, str]) -> None:
        """The row's folded names now (empty: the row is gone or merged away)."""
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
        query = sorted_words(folded)
        nids, names = space.block(query, cutoff)
        if not nids:
            return []
        best = process.extract(query, names, scorer=fuzz.ratio, score_cutoff=cutoff,
                               limit=limit)
        out: list[tuple[tuple[str, int], int]] = []
        seen: set[int] = set()
        for _text, score, at in best:
            nid = nids[at]
            if nid in seen:  # a name in two of the blocks joined
                continue
            seen.add(nid)
            for member in space.members(nid)[:limit]:
                out.append(((TABLE_NAMES[member & 3], member >> 2), int(round(score))))
        return out


def names_of(table: str, row: tuple[object, ...]) -> dict[int, str]:
    """The folded names of a row as ``_SELECT`` reads it (without the rowid)."""
    if table == "accounts":
        return {COMPANY: fold_company(_s(row[0]))}
    if table == "contacts":
        return {PERSON: fold_person(_s(row[0]), _s(row[1]))}
    return {COMPANY: fold_company(_s(row[0])), PERSON: fold_person(_s(row[1]), _s(row[2]))}


def _s(value: object) -> str | None:
    return None if value is None else str(value)


def load_index(conn: sqlite3.Connection, *, companies: bool = True) -> NameIndex:
    """Every live name in the cache (people's first and last names folded once
    each: they repeat); without ``companies``, only people's names."""
    index = NameIndex()
    company, person = index.spaces
    folded: dict[str | None, str] = {None: ""}

    def part(text: str | None) -> str:
        found = folded.get(text)
        if found is None:
            found = folded[text] = fold(text)
        return found

    for rowid, name in conn.execute(_SELECT["accounts"]) if companies else ():
        if name := fold_company(name):
            company.add(rowid * 4, name)
    for rowid, first, last in conn.execute(_SELECT["contacts"]):
        if name := f"{part(first)} {part(last)}".strip():
            person.add(rowid * 4 + 1, name)
    for rowid, name, first, last in conn.execute(_SELECT["leads"]):
        if companies and (name := fold_company(name)):
            company.add(rowid * 4 + 2, name)
        if name := f"{part(first)} {part(last)}".strip():
            person.add(rowid * 4 + 2, name)
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
                f"SELECT rowid FROM {table} WHERE id IN ({marks})", chunk):  # nosec B608 - identifiers from code, values bound
            yield rowid, names_of(table, live[rowid]) if rowid in live else {}
