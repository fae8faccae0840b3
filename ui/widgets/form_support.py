"""Inline validation for forms: a message under each bad field, text kept.

A form registers each input widget under the service's field name; when a
service raises ``ValidationError`` the form calls :meth:`FieldErrors.show`,
which marks the inputs, shows the messages and focuses the first bad one.
Nothing the rep typed is cleared.

Each field's message line is reserved (one line, empty until needed), so a
message never moves the fields below it, nor the button under the pointer; a
message longer than the line is elided there and shown whole in its tooltip.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFormLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ui import style


class ErrorLine(QLabel):
    """A message line of fixed height: its full text in ``message()``, elided to fit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        style.error_line(self)
        self._message = ""
        self.setFixedHeight(self.fontMetrics().height())
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def set_message(self, text: str) -> None:
        self._message = text
        self._elide()

    def message(self) -> str:
        return self._message

    def elided(self) -> bool:
        return bool(self._message) and self.text() != self._message

    def _elide(self) -> None:
        width = self.width() if self.isVisible() else max(self.width(), 10_000)
        shown = self.fontMetrics().elidedText(self._message, Qt.TextElideMode.ElideRight,
                                              width)
        self.setText(shown)
        self.setToolTip(self._message if shown != self._message else "")

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._elide()


class FieldErrors:
    def __init__(self) -> None:
        self._inputs: dict[str, QWidget] = {}
        self._labels: dict[str, QLabel] = {}
        self._shown: dict[str, str] = {}

    def add_row(self, form: QFormLayout, label: str, name: str, widget: QWidget) -> None:
        """Add ``widget`` to ``form`` with its (reserved, empty) error line under it."""
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(1)
        box.addWidget(widget)
        error = ErrorLine()
        box.addWidget(error)
        form.addRow(label, holder)
        self.register(name, widget, error)

    def register(self, name: str, widget: QWidget, label: QLabel) -> None:
        """``label`` may serve several fields (their messages are joined) and may be
        an :class:`ErrorLine` (reserved) or a plain label (shown only with a message)."""
        self._inputs[name] = widget
        self._labels[name] = label

    def names(self) -> list[str]:
        return list(self._inputs)

    def elided(self) -> list[str]:
        """The messages shown shortened (for a form to repeat in full elsewhere)."""
        return [m for n, m in self._shown.items()
                if isinstance(self._labels[n], ErrorLine)
                and self._labels[n].elided()]  # type: ignore[attr-defined]

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
            self._shown[name] = message
            label = self._labels[name]
            text = " · ".join(m for n, m in self._shown.items() if self._labels[n] is label)
            _set_label(label, text)
            target = _marked(widget)
            style.mark_invalid(target, True)
            target.setToolTip(message)
            first = first or widget
        if first is not None:
            first.setFocus()
        return orphans

    def clear(self, name: str | None = None) -> None:
        names = [name] if name else list(self._inputs)
        for n in names:
            if n not in self._inputs:
                continue
            self._shown.pop(n, None)
            label = self._labels[n]
            _set_label(label, " · ".join(m for k, m in self._shown.items()
                                         if self._labels[k] is label))
            target = _marked(self._inputs[n])
            if target.property("invalid"):
                style.mark_invalid(target, False)
                target.setToolTip("")

    def message(self, name: str) -> str | None:
        return self._shown.get(name)


def _marked(widget: QWidget) -> QWidget:
    """The widget that shows the red frame: a compound input's own editor."""
    proxy = widget.focusProxy()
    while proxy is not None:
        widget, proxy = proxy, proxy.focusProxy()
    return widget


def _set_label(label: QLabel, text: str) -> None:
    if isinstance(label, ErrorLine):
        label.set_message(text)
        return
    label.setText(text)
    label.setVisible(bool(text))
