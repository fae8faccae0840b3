"""Qt calls that return nothing leave ``None``'s reference count where it was.

PySide6 6.12.0 under Python 3.11 dropped a reference to ``None`` on every such
(void) call, until the process aborted with "none_dealloc"; the pinned 6.11.3
does not. This test fails if a PySide6 with that bug is installed.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QWidget

CALLS = 100_000
SLACK = 5  # the loop's own bookkeeping may hold or free a reference or two


@pytest.mark.usefixtures("qapp")
def test_void_calls_leave_none_alone() -> None:
    image = QImage(64, 64, QImage.Format.Format_ARGB32)
    widget = QWidget()
    pens = (QPen(QColor("#263238")), QPen(QColor("#00796B")))
    where = QPointF(2, 30)
    painter = QPainter(image)
    try:
        before_none, before_true = sys.getrefcount(None), sys.getrefcount(True)
        for n in range(CALLS // 4):  # four void calls a round
            painter.setPen(pens[n & 1])
            painter.drawText(where, "x")
            painter.setOpacity(1.0)
            widget.update()
        after_none, after_true = sys.getrefcount(None), sys.getrefcount(True)
    finally:
        painter.end()
    assert abs(after_none - before_none) <= SLACK, (before_none, after_none)
    assert abs(after_true - before_true) <= SLACK, (before_true, after_true)
