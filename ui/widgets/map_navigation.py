"""Pan and zoom for a map widget: wheel, drag, +/- keys, fit, and resizing.

:class:`PanZoomWidget` keeps the :class:`View` (where the map is looked at) and
moves it as the person drags, scrolls or presses keys. A subclass says what the
whole map is (:meth:`PanZoomWidget._fitted`), what a click does
(:meth:`PanZoomWidget._click`), and what the cursor shows over a point
(:meth:`PanZoomWidget._hover`, :meth:`PanZoomWidget._rest_cursor`).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QToolButton, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.planning.basemap import View

DRAG_THRESHOLD = 4


class PanZoomWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._view: View | None = None
        self._user_moved = False
        self._press: QPointF | None = None
        self._dragging = False

    # -- hooks for the subclass ----------------------------------------------

    def _fitted(self) -> View:
        """The view that shows the whole map at this size."""
        raise NotImplementedError

    def _click(self, pos: QPointF) -> None:
        """A press and release without a drag."""

    def _hover(self, pos: QPointF) -> None:
        """The mouse moved over ``pos`` without a button down."""

    def _rest_cursor(self) -> Qt.CursorShape:
        return Qt.CursorShape.ArrowCursor

    def _zoom_buttons(self) -> None:
        """The zoom in, zoom out and fit buttons down the top right corner."""
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 8, 8, 8)
        column.setSpacing(4)
        for text, tip, slot in (("+", _("Zoom in"), lambda: self.zoom(1.6)),
                                ("\u2212", _("Zoom out"), lambda: self.zoom(1 / 1.6)),
                                (_("Fit"), _("Show the whole trip"), self.fit)):
            button = QToolButton(self)
            button.setText(text)
            button.setToolTip(tip)
            button.setAutoRaise(False)
            button.setMinimumWidth(30)
            button.clicked.connect(slot)
            column.addWidget(button, 0, Qt.AlignmentFlag.AlignRight)
        column.addStretch(1)

    # -- the view --------------------------------------------------------------

    @property
    def view(self) -> View:
        if self._view is None or (self._view.width, self._view.height) != (
                self.width(), self.height()):
            self._view = self._fitted() if self._view is None else self._view.resized(
                self.width(), self.height())
        return self._view

    def fit(self) -> None:
        self._user_moved = False
        self._view = self._fitted()
        self.update()

    def zoom(self, factor: float, at: QPointF | None = None) -> None:
        point = at or QPointF(self.width() / 2, self.height() / 2)
        self._view = self.view.zoomed(factor, point.x(), point.y())
        self._user_moved = True
        self.update()

    # -- mouse and keys ----------------------------------------------------

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom(1.25 ** steps, event.position())
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton:
            self._press, self._dragging = event.position(), False
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            delta = event.position() - self._press
            if self._dragging or math.hypot(delta.x(), delta.y()) >= DRAG_THRESHOLD:
                self._dragging = True
                self._view = self.view.panned(delta.x(), delta.y())
                self._press = event.position()
                self._user_moved = True
                self.setCursor(Qt.CursorShape.ClosedHandCursor)
                self.update()
        else:
            self._hover(event.position())
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton and self._press is not None:
            if not self._dragging:
                self._click(event.position())
            self._press, self._dragging = None, False
            self.setCursor(self._rest_cursor())
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(1.6)
        elif event.key() == Qt.Key.Key_Minus:
            self.zoom(1 / 1.6)
        else:
            super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        if self._view is not None and not self._user_moved:
            self._view = self._fitted()
        super().resizeEvent(event)
