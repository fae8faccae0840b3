"""PySide6 6.12 on Python 3.11 drops a reference to None per void call; the
guard keeps None alive through any number of them."""

from __future__ import annotations

import sys

from PySide6.QtGui import QPainterPath

from ui.none_guard import keep_none_alive


def test_none_survives_many_void_calls() -> None:
    keep_none_alive()
    path = QPainterPath()
    before = sys.getrefcount(None)
    for n in range(20_000):  # more than None's whole count at start on 3.11
        path.lineTo(n, 1)
    assert path.elementCount() == 20_001
    if sys.version_info < (3, 12):
        assert sys.getrefcount(None) > 1 << 39  # still far from zero
        assert before - sys.getrefcount(None) <= 20_000
        assert sys.getrefcount(True) > 1 << 39 and sys.getrefcount(False) > 1 << 39
