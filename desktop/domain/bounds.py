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

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Integer, String

from desktop.domain.schema.base import Money
from desktop.i18n import N_

DEGREES = {"latitude": 90.0, "longitude": 180.0}
YEARS = (1900, 2200)
TEXT_MAX = 100_000  # characters in a text field without its own length
JSON_MAX = 100_000  # characters of a JSON field's value, encoded
INT32 = 2**31


class OutOfBounds(ValueError):
    """The value is of its kind but outside what the column or sense allows.
    ``template`` (marked for translation) and ``values`` make the message, so
    the app can show it translated; ``str()`` is the English reason the server
    sends."""

    def __init__(self, template: str, **values: Any) -> None:
        self.template, self.values = template, values
        super().__init__(template.format(**values))


def check(name: str, column: Any, value: Any) -> None:
    """Raise OutOfBounds, with the reason for the rep, if ``value`` does not fit."""
    kind = column.type
    if isinstance(kind, Money) and isinstance(value, Decimal):
        _decimal(name, value, kind.PRECISION, kind.SCALE)
    elif isinstance(value, bool):
        return
    elif type(kind) is Integer and isinstance(value, int) and not -INT32 <= value < INT32:
        # INTEGER is 32-bit on PostgreSQL
        raise OutOfBounds(N_("{name} is out of range"), name=name)
    elif isinstance(value, float) and name in DEGREES:
        bound = DEGREES[name]
        if not -bound <= value <= bound:
            raise OutOfBounds(N_("{name} must be between -{bound} and {bound}"), name=name,
                              bound=f"{bound:g}")
    elif isinstance(value, date | datetime):
        if not YEARS[0] <= value.year <= YEARS[1]:
            raise OutOfBounds(N_("{name} must be in the years {first} to {last}"), name=name,
                              first=YEARS[0], last=YEARS[1])
    elif isinstance(value, str) and isinstance(kind, String):
        limit = kind.length or TEXT_MAX
        if len(value) > limit:
            raise OutOfBounds(N_("{name} is longer than {limit} characters"), name=name,
                              limit=limit)
    elif isinstance(value, dict | list) and len(json.dumps(value, ensure_ascii=False)) \
            > JSON_MAX:
        raise OutOfBounds(N_("{name} is longer than {limit} characters as JSON"), name=name,
                          limit=JSON_MAX)


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
