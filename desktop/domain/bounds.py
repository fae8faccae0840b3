"""Bounds on a decoded value, from the column that will store it.

``desktop.domain.wire`` already refuses what is not a value of its kind
(NaN, Infinity, a lone surrogate, an integer beyond 64 bits, JSON nested too
deep). These are the limits of the columns and of sense, checked before
anything is written so that both databases keep the same value or refuse it
with a reason (PostgreSQL would round a decimal's extra places, SQLite would
keep 310 digits):

* a decimal fits ``Money.PRECISION`` and ``Money.SCALE`` (the schema's own);
* an INTEGER column holds 32 bits on PostgreSQL;
* latitude and longitude are degrees within range, wherever they appear;
* dates and times fall in the years ``YEARS``;
* text is at most its column's length, and ``TEXT_MAX`` characters where the
  column sets none; a JSON value's text at most ``JSON_MAX`` characters.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import Integer, String

from desktop.domain.schema.base import Money
from desktop.domain.value_bounds import (
    DEGREES,
    INT32,
    JSON_MAX,
    TEXT_MAX,
    YEARS,
    OutOfBounds,
    check_value,
)
from desktop.i18n import N_

__all__ = ["DEGREES", "INT32", "JSON_MAX", "TEXT_MAX", "YEARS", "OutOfBounds", "check"]


def check(name: str, column: Any, value: Any) -> None:
    """Raise OutOfBounds, with the reason for the rep, if ``value`` does not fit."""
    kind = column.type
    if isinstance(kind, Money) and isinstance(value, Decimal):
        _decimal(name, value, kind.PRECISION, kind.SCALE)
        return
    check_value(name, value, integer=type(kind) is Integer,
                text_limit=(kind.length or TEXT_MAX) if isinstance(kind, String) else None)


def _decimal(name: str, value: Decimal, precision: int, scale: int) -> None:
    """Digits counted on the number as sent: no context rounds it first."""
    _sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # wire.decode let only finite numbers through
    if not any(digits):
        return  # zero, however it is written
    kept = list(digits)
    while exponent < 0 and kept[-1] == 0:  # trailing zeros after the point
        kept.pop()
        exponent += 1
    if -exponent > scale:
        raise OutOfBounds(N_("{name} has more than {places} decimal places "
                             "(it is refused, not rounded)"), name=name, places=scale)
    if len(kept) + exponent > precision - scale:
        raise OutOfBounds(N_("{name} has more than {digits} digits before the decimal point"),
                          name=name, digits=precision - scale)
