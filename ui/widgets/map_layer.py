"""The map drawn once into a pixmap that a drag step only moves.

A drag moves the map a few pixels per step; drawing the outlines, the
clusters, the routes and the names again each time is most of a frame. The
layer is drawn with a margin on every side, and a step within the margin is
one blit (the overlays are drawn over it, where they stay).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPointF
from PySide6.QtGui import QFont, QPainter, QPixmap

from desktop.planning.basemap import View


@dataclass(frozen=True)
class Layer:
    """The map drawn for ``view`` with ``margin`` px to spare on every side;
    ``key`` names what it shows (zoom, size, colouring: any change, a new layer)."""

    key: tuple[object, ...]
    view: View
    margin: int
    pixmap: QPixmap

    def offset(self, view: View) -> tuple[float, float]:
        """How far the map moved on screen since the layer was drawn."""
        return (self.view.cx - view.cx) * view.scale, (view.cy - self.view.cy) * view.scale

    def covers(self, view: View) -> bool:
        dx, dy = self.offset(view)
        return abs(dx) <= self.margin and abs(dy) <= self.margin

    def origin(self, view: View) -> QPointF:
        """Where the layer's top left corner goes on the screen now."""
        dx, dy = self.offset(view)
        return QPointF(dx - self.margin, dy - self.margin)


def render_layer(view: View, margin: int, ratio: float, font: QFont, key: tuple[object, ...],
                 paint: Callable[[QPainter, View], None]) -> Layer:
    """``paint`` the map for ``view`` grown by ``margin`` on every side."""
    big = View(view.projection, view.scale, view.cx, view.cy, view.width + 2 * margin,
               view.height + 2 * margin)
    pixmap = QPixmap(math.ceil(big.width * ratio), math.ceil(big.height * ratio))
    pixmap.setDevicePixelRatio(ratio)
    painter = QPainter(pixmap)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setFont(font)
        paint(painter, big)
    finally:
        painter.end()
    return Layer(key, view, margin, pixmap)
