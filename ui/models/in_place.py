"""Turning a model's rows into newly read ones without a reset: the one diff the
list models share (accounts, orders, the short lists, the timeline)."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from PySide6.QtCore import QAbstractItemModel, QModelIndex

T = TypeVar("T")


def replace_rows(model: QAbstractItemModel, rows: list[T], new: list[T],
                 key: Callable[[T], Hashable], last_column: int = 0,
                 forget: Callable[[T], None] = lambda _row: None) -> None:
    """Make ``rows`` (the model's own list, changed in place) equal ``new``: rows
    that left are removed, rows that arrived are inserted where ``new`` has them,
    and rows whose values changed report ``dataChanged``. Views keep their
    selection and scroll position. ``forget`` drops what the model made for a
    row that changed or left (cached display texts)."""
    old_keys = [key(r) for r in rows]
    new_keys = [key(r) for r in new]
    if old_keys != new_keys:
        matcher = difflib.SequenceMatcher(a=old_keys, b=new_keys, autojunk=False)
        # From the end, so that each step's row numbers are still valid.
        for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
            if tag in ("delete", "replace"):
                model.beginRemoveRows(QModelIndex(), i1, i2 - 1)
                for gone in rows[i1:i2]:
                    forget(gone)
                del rows[i1:i2]
                model.endRemoveRows()
            if tag in ("insert", "replace"):
                model.beginInsertRows(QModelIndex(), i1, i1 + (j2 - j1) - 1)
                rows[i1:i1] = new[j1:j2]
                model.endInsertRows()
    for n, (old, fresh) in enumerate(zip(rows, new, strict=True)):
        if old != fresh:
            forget(old)
            rows[n] = fresh
            model.dataChanged.emit(model.index(n, 0), model.index(n, last_column))


def by_id(row: Any) -> Hashable:
    """A row's key: its ``id``."""
    key: Hashable = row.id
    return key
