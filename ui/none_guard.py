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

import sys

# ctypes' own C core: the ``ctypes`` package around it costs ~1.2 ms of every
# start (its type zoo and endian classes), and one integer type is all we need.
from _ctypes import _SimpleCData

_DONE = False
_PLENTY = 1 << 40  # more void calls than any session can make


class _RefCount(_SimpleCData):
    """An object's ``ob_refcnt``: a Py_ssize_t, 64 bits (PySide6 ships 64-bit builds only)."""

    _type_ = "q"


def keep_none_alive() -> None:
    global _DONE
    if _DONE or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    for singleton in (None, True, False):
        count = _RefCount.from_address(id(singleton))
        if count.value < _PLENTY:
            count.value += _PLENTY
    _DONE = True
