"""A bound on a document's total for a list's filter row (orders, proposals)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDoubleSpinBox


def amount_bound(empty: str, changed: Callable[[], None]) -> QDoubleSpinBox:
    """Whole amounts in steps of 100; 0 shows ``empty`` and means none.
    ``changed()`` on each change of the value."""
    box = QDoubleSpinBox()
    box.setRange(0, 1e9)
    box.setDecimals(0)
    box.setSingleStep(100)
    box.setSpecialValueText(empty)
    box.setMinimumWidth(100)
    box.valueChanged.connect(lambda _v: changed())
    return box
