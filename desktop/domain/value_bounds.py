"""The bounds that need no column object: 32-bit integers, degrees, years, text
length and JSON size (see :mod:`desktop.domain.bounds`, which adds the
decimals and reads the integer and text limits from a SQLAlchemy column).

Kept free of SQLAlchemy so a path that never loads it (``fieldbook plan
solve``, :mod:`desktop.planning.plain_trip`) checks a value exactly as the
unit of work and the server do.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

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


def check_value(name: str, value: Any, *, integer: bool, text_limit: int | None) -> None:
    """Raise OutOfBounds if ``value`` does not fit: ``integer`` when its column
    is a 32-bit INTEGER, ``text_limit`` the characters a text column holds
    (None: not a text column)."""
    if isinstance(value, bool):
        return
    if integer and isinstance(value, int) and not -INT32 <= value < INT32:
        # INTEGER is 32-bit on PostgreSQL
        raise OutOfBounds(N_("{name} is out of range"), name=name)
    if isinstance(value, float) and name in DEGREES:
        bound = DEGREES[name]
        if not -bound <= value <= bound:
            raise OutOfBounds(N_("{name} must be between -{bound} and {bound}"), name=name,
                              bound=f"{bound:g}")
    elif isinstance(value, date | datetime):
        if not YEARS[0] <= value.year <= YEARS[1]:
            raise OutOfBounds(N_("{name} must be in the years {first} to {last}"), name=name,
                              first=YEARS[0], last=YEARS[1])
    elif isinstance(value, str) and text_limit is not None:
        if len(value) > text_limit:
            raise OutOfBounds(N_("{name} is longer than {limit} characters"), name=name,
                              limit=text_limit)
    elif isinstance(value, dict | list) and len(json.dumps(value, ensure_ascii=False)) \
            > JSON_MAX:
        raise OutOfBounds(N_("{name} is longer than {limit} characters as JSON"), name=name,
                          limit=JSON_MAX)
