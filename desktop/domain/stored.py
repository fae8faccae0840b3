"""Reading the SQLite cache: the one decoder from stored values to Python values.

The cache stores each value in its wire form (``desktop.domain.wire``), with JSON
as text and booleans as 0/1. ``from_store`` turns a raw value of a wire kind into
what SQLAlchemy would return: ``uuid.UUID``, an aware UTC ``datetime``, ``date``,
``Decimal``, parsed JSON, ``bool``; text and numbers stay as they are. ``reader``
does it for a row of a table's columns, taking each column's kind from the schema,
so services, planning and sync never guess a type from a column's name.

Light on purpose (the account list reads through it before the first paint): the
schema and ``decimal`` load only when a reader or a decimal needs them.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from functools import cache
from typing import Any


def _uuid(value: str) -> uuid.UUID:
    return uuid.UUID(hex=value)


def _datetime(value: str) -> datetime:
    # Stored naive in UTC ("YYYY-MM-DD HH:MM:SS.ffffff", sometimes without the fraction).
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


def _decimal(value: Any) -> Any:
    from decimal import Decimal

    return Decimal(str(value))


_DECODE: dict[str, Callable[[Any], Any]] = {
    "uuid": _uuid,
    "datetime": _datetime,
    "date": date.fromisoformat,
    "decimal": _decimal,
    "json": json.loads,
    "bool": bool,
}
# An empty text in these kinds means "no value", as NULL does.
_EMPTY_IS_NONE = frozenset({"uuid", "datetime", "date", "decimal"})


def from_store(kind: str, value: Any) -> Any:
    """A raw value read from the cache as the Python value of its wire ``kind``."""
    if value is None or (value == "" and kind in _EMPTY_IS_NONE):
        return None
    decode = _DECODE.get(kind)
    return value if decode is None else decode(value)


def parse_time(value: str | None) -> datetime | None:
    """A stored time as an aware UTC datetime (None stays None)."""
    return from_store("datetime", value)


def parse_uuid(value: str | None) -> uuid.UUID | None:
    """A stored id (32 hex digits) as a UUID (None stays None)."""
    return from_store("uuid", value)


def store_time(value: datetime) -> str:
    """A datetime in the text form the cache stores (naive UTC), for comparisons in SQL."""
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


@cache
def kinds(table: str) -> dict[str, str]:
    """The wire kind of every column of ``table``, the cache's own columns
    (``info={"local": True}``) and ``sync_version`` included."""
    from desktop.domain import wire
    from desktop.domain.schema.base import Base, synced_entities

    synced_entities()  # registers every table
    return {c.name: wire.kind_of(c) for c in Base.metadata.tables[table].columns}


def reader(table: str, names: Sequence[str]) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    """A function that decodes a row of ``table``'s columns ``names`` (in that order)
    into a tuple of Python values. A name that is not a column of ``table`` is an
    error: select joined columns after these and take them as they are."""
    of = kinds(table)
    decoders = [_DECODE.get(of[name]) for name in names]  # KeyError names a bad column
    empty_none = [of[name] in _EMPTY_IS_NONE for name in names]
    plan = list(zip(decoders, empty_none, strict=True))

    def read(row: Sequence[Any]) -> tuple[Any, ...]:
        return tuple(
            None if v is None or (empty and v == "") else (v if decode is None else decode(v))
            for (decode, empty), v in zip(plan, row, strict=False))

    return read
