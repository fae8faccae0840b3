"""The wire format, derived from the one schema that also builds both databases.

Each synced entity's wire fields are its columns minus local caches
(``info={"local": True}``) and ``sync_version`` (it travels as the row's
``version``). Values are JSON scalars in the same text forms the SQLite cache
stores, so the client applies a pulled page without converting it:

========  ==========================================  =================
kind      wire                                        Python
========  ==========================================  =================
uuid      32 lowercase hex digits                     uuid.UUID
datetime  "YYYY-MM-DD HH:MM:SS.ffffff", always UTC     aware datetime
date      "YYYY-MM-DD"                                date
decimal   canonical text ("19.9", "100")             Decimal
json      any JSON value (finite, at most 32 deep)    list / dict
bool      true / false                                bool
int       integer (64-bit)                            int
float     finite number                               float
str       string                                      str
========  ==========================================  =================
"""

from __future__ import annotations

import hashlib
import json
import math
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

PROTOCOL_VERSION = 1
DT_FORMAT = "%Y-%m-%d %H:%M:%S.%f"
INT_LIMIT = 2**63  # an int field holds -2**63 .. 2**63 - 1
JSON_DEPTH = 32  # nesting of a json field's value


@dataclass(frozen=True)
class WireTable:
    name: str
    fields: tuple[tuple[str, str], ...]  # (column, kind), "id" first
    order: int  # foreign-key dependency order

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(n for n, _ in self.fields)

    @property
    def kinds(self) -> dict[str, str]:
        return dict(self.fields)


def kind_of(column: Any) -> str:
    """A schema column's wire kind (uuid, datetime, date, decimal, json, bool, int, float, str)."""
    from sqlalchemy import JSON, Boolean, Date, Float, Integer, String, Text, Uuid

    from desktop.domain.schema.base import Money, UTCDateTime

    t = column.type
    for cls, kind in ((Uuid, "uuid"), (UTCDateTime, "datetime"), (Money, "decimal"),
                      (Date, "date"), (JSON, "json"),
                      (Boolean, "bool"), (Integer, "int"), (Float, "float"), (String, "str"),
                      (Text, "str")):
        if isinstance(t, cls):
            return kind
    raise TypeError(f"no wire form for {column.table.name}.{column.name}: {t!r}")


@cache
def tables() -> dict[str, WireTable]:
    """Every synced table's wire description, in dependency order."""
    from sqlalchemy import Table

    from desktop.domain.schema.base import synced_entities

    out: dict[str, WireTable] = {}
    for order, entity in enumerate(synced_entities()):
        table = entity.__table__
        assert isinstance(table, Table)
        fields = tuple(
            (c.name, kind_of(c)) for c in table.columns
            if not c.info.get("local") and c.name != "sync_version"
        )
        out[table.name] = WireTable(table.name, fields, order)
    return out


@cache
def schema_fingerprint() -> str:
    """Both ends compare this before applying anything (invariant 11)."""
    desc = [[t.name, list(t.fields)] for t in tables().values()]
    return hashlib.sha256(json.dumps(desc).encode()).hexdigest()[:16]


class WireError(ValueError):
    """A value that does not fit its field: the mutation is rejected, not applied."""


def encode(kind: str, value: Any) -> Any:
    """A Python value (as SQLAlchemy returns it) to its wire form."""
    if value is None:
        return None
    if kind == "uuid":
        return value.hex if isinstance(value, uuid.UUID) else uuid.UUID(str(value)).hex
    if kind == "datetime":
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.strftime(DT_FORMAT)
    if kind == "date":
        return value.isoformat() if isinstance(value, date) else str(value)
    if kind == "bool":
        return bool(value)
    if kind == "decimal":
        from desktop.domain.schema.base import canonical_decimal

        return canonical_decimal(Decimal(str(value)))
    return value  # json values arrive already decoded from SQLAlchemy


def decode(kind: str, value: Any, field: str = "") -> Any:
    """A wire value to the Python value SQLAlchemy binds; WireError if malformed."""
    if value is None:
        return None
    try:
        if kind == "uuid":
            return uuid.UUID(hex=str(value))
        if kind == "datetime":
            parsed = datetime.fromisoformat(str(value))
            return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
        if kind == "date":
            return date.fromisoformat(str(value))
        if kind == "decimal":
            if not isinstance(value, str):
                raise TypeError("a decimal travels as text")
            number = Decimal(value)
            if not number.is_finite():
                raise TypeError("not a finite number")
            return number
        if kind == "bool":
            if not isinstance(value, bool):
                raise TypeError("not a boolean")
            return value
        if kind == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError("not an integer")
            if not -INT_LIMIT <= value < INT_LIMIT:
                raise TypeError("out of range")
            return value
        if kind == "float":
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise TypeError("not a number")
            if not math.isfinite(value):
                raise TypeError("not a finite number")
            return float(value)
        if kind == "str":
            if not isinstance(value, str):
                raise TypeError("not text")
            if "\x00" in value:
                raise TypeError("text cannot contain NUL characters")
            value.encode("utf-8")  # a lone surrogate cannot be stored: UnicodeEncodeError
            return value
        if kind == "json":
            _check_json(value, 0)
        return value
    except UnicodeEncodeError:
        raise WireError(f"{field or kind}: not valid Unicode text") from None
    except (TypeError, ValueError, InvalidOperation, OverflowError) as exc:
        raise WireError(f"{field or kind}: {exc or 'not a number'}") from None


def _check_json(value: Any, depth: int) -> None:
    """A JSON value both databases store and give back as JSON: finite numbers,
    Unicode text without NUL, nested at most JSON_DEPTH deep."""
    if depth > JSON_DEPTH:
        raise TypeError(f"nested more than {JSON_DEPTH} deep")
    if isinstance(value, float) and not math.isfinite(value):
        raise TypeError("not a finite number")
    if isinstance(value, str):
        if "\x00" in value:
            raise TypeError("text cannot contain NUL characters")
        value.encode("utf-8")
    elif isinstance(value, dict):
        for key, inner in value.items():
            _check_json(key, depth + 1)
            _check_json(inner, depth + 1)
    elif isinstance(value, list):
        for inner in value:
            _check_json(inner, depth + 1)


def to_sqlite(kind: str, value: Any) -> Any:
    """A wire value in the cache's storage form (only JSON needs work)."""
    if kind == "json" and value is not None:
        return json.dumps(value)
    return value


def from_sqlite(kind: str, value: Any) -> Any:
    """A raw cache value to its wire form."""
    if value is None:
        return None
    if kind == "json":
        return json.loads(value)
    if kind == "bool":
        return bool(value)
    if kind == "datetime" and len(value) == 19:  # written without microseconds
        return value + ".000000"
    return value


def row_digest(table: WireTable, row: dict[str, Any]) -> bytes:
    """A content hash of one row's wire form, identical on client and server."""
    payload = json.dumps([row.get(n) for n in table.names], separators=(",", ":"),
                         ensure_ascii=False, sort_keys=True)
    return hashlib.blake2b(payload.encode(), digest_size=8).digest()
