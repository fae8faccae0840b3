"""Inline validation for forms: a message under each bad field, text kept.

A form registers each input widget under the service's field name; when a
service raises ``ValidationError`` the form calls :meth:`FieldErrors.show`,
which marks the inputs, shows the messages and focuses the first bad one.
Nothing the rep typed is cleared.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from ui import style


class FieldErrors:
    def __init__(self) -> None:
        self._inputs: dict[str, QWidget] = {}
        self._labels: dict[str, QLabel] = {}

    def add_row(self, form: QFormLayout, label: str, name: str, widget: QWidget) -> None:
        """Add ``widget`` to ``form`` with an (initially hidden) error line under it."""
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(widget)
        error = QLabel()
        style.error_line(error)
        error.setWordWrap(True)
        error.hide()
        box.addWidget(error)
        form.addRow(label, holder)
        self.register(name, widget, error)

    def register(self, name: str, widget: QWidget, label: QLabel) -> None:
        self._inputs[name] = widget
        self._labels[name] = label

    def show(self, errors: Mapping[str, str]) -> list[str]:
        """Show ``errors``; returns messages for fields this form does not have."""
        self.clear()
        orphans = []
        first: QWidget | None = None
        for name, message in errors.items():
            widget = self._inputs.get(name)
            if widget is None:
                orphans.append(message)
                continue
            label = self._labels[name]
            label.setText(message)
            label.show()
            style.mark_invalid(widget, True)
            widget.setToolTip(message)
            first = first or widget
        if first is not None:
            first.setFocus()
        return orphans

    def clear(self, name: str | None = None) -> None:
        names = [name] if name else list(self._inputs)
        for n in names:
            if n not in self._inputs:
                continue
            self._labels[n].hide()
            widget = self._inputs[n]
            if widget.property("invalid"):
                style.mark_invalid(widget, False)
                widget.setToolTip("")

    def message(self, name: str) -> str | None:
        label = self._labels.get(name)
        return label.text() if label is not None and not label.isHidden() else None
