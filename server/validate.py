"""Server-side checks of a merged row before it is written.

The same schema (column types, lengths, nullability) and the same choice lists
the desktop forms use decide what is valid, so a row the app accepts offline is
accepted here, and a hand-made or corrupted mutation is rejected with a reason.
The limits of each column (and of sense: years, degrees) are
``desktop.domain.bounds``; the app checks the same before it stores.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from typing import Any

from desktop.domain import bounds, wire


class Invalid(ValueError):
    """The mutation cannot be applied; the message goes to the rep."""


@cache
def _choices() -> dict[str, dict[str, type[StrEnum]]]:
    from desktop.domain.rules import ACCOUNT_RULES, CONTACT_RULES, INTERACTION_RULES

    out: dict[str, dict[str, type[StrEnum]]] = {}
    for table, rules in (("accounts", ACCOUNT_RULES), ("contacts", CONTACT_RULES),
                         ("interactions", INTERACTION_RULES)):
        out[table] = {n: r.choices for n, r in rules.items() if r.choices is not None}
    from desktop.domain.pipeline_rules import CHOICES

    for table, fields in CHOICES.items():
        out.setdefault(table, {}).update(fields)
    return out


def _columns(table: str) -> dict[str, Any]:
    from desktop.domain.schema.base import Base

    return {c.name: c for c in Base.metadata.tables[table].columns}


def check_changes(table: wire.WireTable, changes: dict[str, Any]) -> None:
    """Every field named exists and has a value of its kind."""
    kinds = table.kinds
    for name, value in changes.items():
        if name not in kinds:
            raise Invalid(f"{table.name} has no field {name!r}")
        try:
            wire.decode(kinds[name], value, name)
        except wire.WireError as exc:
            raise Invalid(f"bad value for {name}: {exc}") from None


def decode_row(table: wire.WireTable, row: dict[str, Any]) -> dict[str, Any]:
    """A merged wire row to Python values, checked against the schema."""
    columns = _columns(table.name)
    choices = _choices().get(table.name, {})
    out: dict[str, Any] = {}
    for name, kind in table.fields:
        value = row.get(name)
        column = columns[name]
        if value is None:
            if not column.nullable and column.default is None and not column.primary_key:
                raise Invalid(f"{name} is required")
            if not column.nullable and column.default is not None:
                # The schema default, stated: the stored row and the row the
                # push keeps for later mutations of the same batch agree.
                default = column.default
                if default.is_scalar:
                    out[name] = default.arg
                elif default.is_callable and not column.primary_key:
                    out[name] = default.arg(None)
                continue
            out[name] = None
            continue
        try:
            decoded = wire.decode(kind, value, name)
        except wire.WireError as exc:
            raise Invalid(f"bad value for {name}: {exc}") from None
        try:
            bounds.check(name, column, decoded)
        except bounds.OutOfBounds as exc:
            raise Invalid(str(exc)) from None
        enum = choices.get(name)
        if enum is not None and decoded not in {m.value for m in enum}:
            raise Invalid(f"{decoded!r} is not a valid {name}")
        out[name] = decoded
    if "id" not in out:
        raise Invalid("id is required")
    return out
