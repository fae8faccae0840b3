"""What is drawn over the map: the legend, stop names placed clear of the
routes, the scale bar with the data credit, the pin-mode hint."""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen

from desktop.i18n import _
from desktop.planning.basemap import View
from desktop.planning.map_scene import (
    DROPPED_COLOUR,
    UNPLANNED_COLOUR,
    Marker,
    MarkerKind,
    Route,
    day_colour,
)
from ui.widgets.map_paint import INK, LABEL, NAME_COLOURS, STOP_RADIUS, _pen, paint_place


def legend_rows(routes: Sequence[Route], markers: Sequence[Marker],
                pin_legend: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """(symbol key, text): one row per day, the place and dropped symbols, pins."""
    rows: list[tuple[str, str]] = [(f"day:{r.day_index}", r.label) for r in routes]
    kinds = {m.kind for m in markers}
    if MarkerKind.HOME in kinds:
        rows.append(("home", _("Home")))
    if MarkerKind.LODGING in kinds:
        rows.append(("lodging", _("Hotel")))
    if MarkerKind.DROPPED in kinds:
        rows.append(("dropped", _("Not scheduled")))
    if MarkerKind.UNPLANNED in kinds:
        rows.append(("unplanned", _("Stop, not planned yet")))
    return rows + [("pin:" + colour, label) for colour, label in pin_legend]


def _legend_font(base: QFont) -> QFont:
    font = QFont(base)
    font.setPointSizeF(9)
    font.setWeight(QFont.Weight.Normal)
    return font


def legend_size(base: QFont, rows: Sequence[tuple[str, str]]) -> tuple[float, float]:
    if not rows:
        return 0.0, 0.0
    metrics = QFontMetricsF(_legend_font(base))
    line = max(metrics.height() + 5, 18)
    return 44 + max(metrics.horizontalAdvance(text) for _key, text in rows), \
        line * len(rows) + 12


def paint_legend(painter: QPainter, view: View, rows: Sequence[tuple[str, str]]) -> None:
    """Bottom left, on a white card."""
    if not rows:
        return
    font = _legend_font(painter.font())
    width, height = legend_size(painter.font(), rows)
    line = (height - 12) / len(rows)
    box = QRectF(10, view.height - 10 - height, width, height)
    painter.setPen(QPen(QColor(0, 0, 0, 40), 1))
    painter.setBrush(QColor(255, 255, 255, 235))
    painter.drawRoundedRect(box, 5, 5)
    painter.setFont(font)
    for n, (key, text) in enumerate(rows):
        cy = box.top() + 6 + line * n + line / 2
        swatch = QPointF(box.left() + 18, cy)
        if key.startswith("day:"):
            painter.setPen(_pen(day_colour(int(key[4:])), 3.5))
            painter.drawLine(QPointF(swatch.x() - 9, cy), QPointF(swatch.x() + 9, cy))
        elif key in ("home", "lodging"):
            paint_place(painter, swatch, MarkerKind(key), size=7.0)
            painter.setFont(font)
        elif key in ("dropped", "unplanned"):
            colour = DROPPED_COLOUR if key == "dropped" else UNPLANNED_COLOUR
            painter.setPen(_pen("white", 1.5))
            painter.setBrush(QColor(colour))
            painter.drawEllipse(swatch, 7, 7)
            if key == "dropped":
                painter.drawLine(swatch + QPointF(-3, -3), swatch + QPointF(3, 3))
                painter.drawLine(swatch + QPointF(-3, 3), swatch + QPointF(3, -3))
        else:
            painter.setPen(_pen("white", 1.3))
            painter.setBrush(QBrush(QColor(key[4:])))
            painter.drawEllipse(swatch, 4.5, 4.5)
        painter.setPen(INK)
        painter.drawText(QRectF(box.left() + 34, cy - line / 2, width, line),
                         Qt.AlignmentFlag.AlignVCenter, text)


Segment = tuple[tuple[float, float], tuple[float, float], tuple[float, float, float, float]]


def _bounds(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float, float, float]:
    return min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1])


def _crosses(a: tuple[float, float], b: tuple[float, float], c: tuple[float, float],
             d: tuple[float, float]) -> bool:
    def side(p: tuple[float, float], q: tuple[float, float], r: tuple[float, float]) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
    return (side(a, b, c) > 0) != (side(a, b, d) > 0) and \
        (side(c, d, a) > 0) != (side(c, d, b) > 0)


def _hits(box: QRectF, segment: Segment) -> bool:
    """Does a route segment pass through a label's box?"""
    a, b, (west, north, east, south) = segment
    if east < box.left() or west > box.right() or south < box.top() or north > box.bottom():
        return False
    if box.contains(QPointF(*a)) or box.contains(QPointF(*b)):
        return True
    corners = [(box.left(), box.top()), (box.right(), box.top()),
               (box.right(), box.bottom()), (box.left(), box.bottom())]
    return any(_crosses(a, b, corners[i], corners[(i + 1) % 4]) for i in range(4))


def _label_box(x: float, y: float, w: float, h: float, side: int) -> QRectF:
    gap = STOP_RADIUS + 2
    return [QRectF(x + gap, y - h / 2, w, h), QRectF(x - gap - w, y - h / 2, w, h),
            QRectF(x - w / 2, y - gap - h, w, h), QRectF(x - w / 2, y + gap, w, h)][side]


class NameLayer:
    """Stop names on white tags beside their markers, on whichever side (right,
    left, above, below) keeps clear of the routes, the markers and the other
    names; left out when the trip is too crowded to name every stop. Sides are
    chosen once per zoom level: panning moves everything alike."""

    def __init__(self, markers: Sequence[Marker], routes: Sequence[Route]) -> None:
        self.markers = [m for m in markers if m.kind is not MarkerKind.HOME]
        if len(self.markers) > 60:
            self.markers = []
        self.all_markers, self.routes = markers, routes
        self._scale = -1.0
        self._boxes: list[QRectF] = []  # relative to the marker

    def _place(self, view: View, metrics: QFontMetricsF) -> None:
        segments: list[Segment] = []
        for route in self.routes:
            screen = [view.to_screen(lon, lat) for lon, lat in route.points]
            segments += [(a, b, _bounds(a, b)) for a, b in zip(screen, screen[1:], strict=False)]
        taken = []
        for m in self.all_markers:
            x, y = view.to_screen(m.longitude, m.latitude)
            taken.append(QRectF(x - STOP_RADIUS, y - STOP_RADIUS, 2 * STOP_RADIUS,
                                2 * STOP_RADIUS))
        self._boxes = []
        for m in self.markers:
            x, y = view.to_screen(m.longitude, m.latitude)
            w, h = metrics.horizontalAdvance(m.name) + 8, metrics.height() + 2
            boxes = [_label_box(x, y, w, h, side) for side in range(4)]
            box = next((b for b in boxes if not any(_hits(b, seg) for seg in segments)
                        and not any(b.intersects(t) for t in taken)), boxes[0])
            taken.append(box)
            self._boxes.append(box.translated(-x, -y))
        self._scale = view.scale

    def paint(self, painter: QPainter, view: View) -> None:
        if not self.markers:
            return
        font = QFont(painter.font())
        font.setPointSizeF(8)
        font.setWeight(QFont.Weight.Medium)
        painter.setFont(font)
        if view.scale != self._scale:
            self._place(view, QFontMetricsF(font))
        tag = QColor(255, 255, 255, 225)
        for m, offset in zip(self.markers, self._boxes, strict=True):
            x, y = view.to_screen(m.longitude, m.latitude)
            if not (0 <= x <= view.width and 0 <= y <= view.height):
                continue
            box = offset.translated(x, y)
            painter.fillRect(box, tag)
            painter.setPen(NAME_COLOURS.get(m.kind, INK))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, m.name)


def paint_scale(painter: QPainter, view: View, credit: str) -> None:
    """Bottom right: a scale bar in km and miles, and the data credit."""
    font = QFont(painter.font())
    font.setPointSizeF(7.5)
    font.setWeight(QFont.Weight.Normal)
    painter.setFont(font)
    metrics = QFontMetricsF(font)
    right, bottom = view.width - 10.0, view.height - 6.0
    card = metrics.horizontalAdvance(credit) + 12
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(255, 255, 255, 200))
    painter.drawRoundedRect(QRectF(right - card + 6, bottom - 2 * metrics.height() - 16,
                                   card, 2 * metrics.height() + 20), 4, 4)
    painter.setPen(LABEL.darker(130))
    painter.drawText(QRectF(0, bottom - metrics.height(), right, metrics.height()),
                     Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, credit)
    # Kilometres per pixel at the centre, measured on the map (not a constant).
    lon1, lat1 = view.to_map(view.width / 2 - 50, view.height / 2)
    lon2, lat2 = view.to_map(view.width / 2 + 50, view.height / 2)
    km_per_px = _km(lon1, lat1, lon2, lat2) / 100
    if not math.isfinite(km_per_px) or km_per_px <= 0:
        return
    km = _nice(km_per_px * 120)
    length = km / km_per_px
    y = bottom - metrics.height() - 8
    painter.setPen(QPen(INK, 1.5))
    painter.drawLine(QPointF(right - length, y), QPointF(right, y))
    for x in (right - length, right):
        painter.drawLine(QPointF(x, y - 4), QPointF(x, y + 1))
    text = _("{km} km · {mi} mi").format(km=_num(km), mi=_num(km / 1.609344))
    painter.setPen(INK)
    painter.drawText(QRectF(right - length - 160, y - 4 - metrics.height(), length + 160,
                            metrics.height()), Qt.AlignmentFlag.AlignRight, text)


def _num(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 else f"{value:.1f}".rstrip("0").rstrip(".")


def _nice(km: float) -> float:
    base = 10 ** math.floor(math.log10(km))
    return max(n * base for n in (1, 2, 5) if n * base <= km)


def _km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def paint_hint(painter: QPainter, view: View, text: str) -> None:
    """Pin mode: what a click will do, top centre on a dark tag."""
    font = QFont(painter.font())
    font.setPointSizeF(10)
    font.setWeight(QFont.Weight.DemiBold)
    painter.setFont(font)
    width = QFontMetricsF(font).horizontalAdvance(text) + 28
    box = QRectF((view.width - width) / 2, 10, width, 30)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(38, 50, 56, 225))
    painter.drawRoundedRect(box, 6, 6)
    painter.setPen(QColor("white"))
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
