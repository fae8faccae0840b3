"""Rows encoded to their wire form by the database itself.

A pull page is mostly encoding: doing it in SQL (``json_build_array`` on
PostgreSQL, ``json_array`` on SQLite) instead of per value in Python makes the
server several times faster, and the page's rows reach the response as ready
JSON text. The forms are those of ``desktop.domain.wire`` (tests compare both).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, Text, case, cast, func, literal
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import String

from desktop.domain import wire


def _pg(kind: str, col: Any) -> ColumnElement[Any]:
    if kind == "uuid":
        return func.replace(cast(col, String), "-", "")
    if kind == "datetime":
        return func.to_char(col, literal("YYYY-MM-DD HH24:MI:SS.US"))
    if kind == "date":
        return func.to_char(col, literal("YYYY-MM-DD"))
    if kind == "decimal":  # canonical text, as desktop.domain.wire writes it
        return cast(func.trim_scale(col), Text)
    return col


def _sqlite(kind: str, col: Any) -> ColumnElement[Any]:
    if kind == "json":
        return func.json(col)
    if kind == "bool":
        return case((col.is_(None), None), (col != 0, func.json("true")),
                    else_=func.json("false"))
    return col


def row_json(table: wire.WireTable, t: Table, dialect: str) -> ColumnElement[str]:
    """``[version, field, ...]`` as JSON text, in ``table.fields`` order."""
    encode = _pg if dialect == "postgresql" else _sqlite
    args = [t.c.sync_version] + [encode(kind, t.c[name]) for name, kind in table.fields]
    builder = func.json_build_array if dialect == "postgresql" else func.json_array
    return cast(builder(*args), Text).label("row_json")
