"""Work around PySide6/shiboken 6.12.0 dropping a reference to ``None`` on
every call of a method that returns nothing (void), under CPython 3.11.

CPython 3.12 made ``None`` immortal, so the missing increment is harmless
there; on 3.11 ``None``'s count (a few thousand at start) runs down by one per
``setPen``/``drawText``/``update`` call, and the process aborts with
"none_dealloc: deallocating None" after a few dozen map paints. ``True`` and
``False`` run down the same way (a full test run ended in "bool_dealloc" at
exit). We give these three the same effectively-immortal count 3.12 does. Remove this when the
pinned PySide6 is fixed or the app requires Python 3.12.
"""

from __future__ import annotations

import ctypes
import sys

_DONE = False
_PLENTY = 1 << 40  # more void calls than any session can make


def keep_none_alive() -> None:
    global _DONE
    if _DONE or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    for singleton in (None, True, False):
        count = ctypes.c_ssize_t.from_address(id(singleton))
        if count.value < _PLENTY:
            count.value += _PLENTY
    _DONE = True
