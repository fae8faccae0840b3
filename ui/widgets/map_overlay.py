"""What is drawn over the map: the legend, stop names placed clear of the
routes, the scale bar with the data credit, the pin-mode hint."""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen

from desktop.i18n import _
from desktop.planning import map_layout
from desktop.planning.basemap import View
from desktop.planning.map_layout import Rect
from desktop.planning.map_scene import (
    DROPPED_COLOUR,
    UNPLANNED_COLOUR,
    Marker,
    MarkerKind,
    Route,
    Scene,
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


def paint_legend(painter: QPainter, at: Rect, rows: Sequence[tuple[str, str]]) -> None:
    """On a white card at ``at`` (see :func:`layout`)."""
    if not rows:
        return
    font = _legend_font(painter.font())
    width, height = at[2] - at[0], at[3] - at[1]
    line = (height - 12) / len(rows)
    box = QRectF(at[0], at[1], width, height)
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
        elif key.startswith("pin:hollow:"):  # the book map: not visited lately
            painter.setPen(_pen(key[11:], 1.8))
            painter.setBrush(QColor("white"))
            painter.drawEllipse(swatch, 4, 4)
        else:
            painter.setPen(_pen("white", 1.3))
            painter.setBrush(QBrush(QColor(key[4:])))
            painter.drawEllipse(swatch, 4.5, 4.5)
        painter.setPen(INK)
        painter.drawText(QRectF(box.left() + 34, cy - line / 2, width, line),
                         Qt.AlignmentFlag.AlignVCenter, text)


def _segments(view: View, routes: Sequence[Route]) -> list[map_layout.Segment]:
    segments: list[map_layout.Segment] = []
    for route in routes:
        screen = [view.to_screen(lon, lat) for lon, lat in route.points]
        segments += list(zip(screen, screen[1:], strict=False))
    return segments


def _radius(marker: Marker) -> float:
    return STOP_RADIUS if marker.kind in (MarkerKind.VISIT, MarkerKind.HOME,
                                          MarkerKind.LODGING) else STOP_RADIUS - 3


class NameLayer:
    """Stop names on white tags beside their markers, on whichever side (right,
    left, above, below) keeps clear of the other names and pins and the
    overlays, preferring one off the routes (see ``map_layout.place_labels``).
    A name with no room is left out; its tooltip still says it. Scheduled
    stops are named first, in visit order. Sides are chosen once per zoom
    level and size: panning moves everything alike."""

    def __init__(self, scene: Scene) -> None:
        self.markers = scene.label_order()
        if len(self.markers) > 60:
            self.markers = []
        self.pins_only = [m for m in scene.markers if m.kind is MarkerKind.HOME]
        self.routes = scene.routes
        self._key: tuple[float, int, int] | None = None
        self._boxes: list[QRectF | None] = []  # relative to the marker

    def _place(self, view: View, metrics: QFontMetricsF, blocked: Sequence[Rect]) -> None:
        requests = []
        for m in self.markers:
            x, y = view.to_screen(m.longitude, m.latitude)
            requests.append(map_layout.LabelRequest(
                x, y, _radius(m), (metrics.horizontalAdvance(m.name) + 8, metrics.height() + 2)))
        homes = [map_layout.pin_box(map_layout.LabelRequest(
            *view.to_screen(m.longitude, m.latitude), STOP_RADIUS, (0, 0)), map_layout.PIN_PAD)
            for m in self.pins_only]
        boxes = map_layout.place_labels(requests, (0, 0, view.width, view.height),
                                        [*blocked, *homes], _segments(view, self.routes))
        self._boxes = [None if b is None else QRectF(b[0] - r.x, b[1] - r.y, b[2] - b[0],
                                                     b[3] - b[1])
                       for b, r in zip(boxes, requests, strict=True)]
        self._key = (view.scale, view.width, view.height)

    def shown(self) -> list[tuple[Marker, QRectF]]:
        """The names placed at the last paint, with their boxes relative to the marker."""
        return [(m, b) for m, b in zip(self.markers, self._boxes, strict=True) if b is not None]

    def paint(self, painter: QPainter, view: View, blocked: Sequence[Rect] = ()) -> None:
        if not self.markers:
            return
        font = QFont(painter.font())
        font.setPointSizeF(8)
        font.setWeight(QFont.Weight.Medium)
        painter.setFont(font)
        if self._key != (view.scale, view.width, view.height):
            self._place(view, QFontMetricsF(font), blocked)
        tag = QColor(255, 255, 255, 225)
        for m, offset in self.shown():
            x, y = view.to_screen(m.longitude, m.latitude)
            if not (0 <= x <= view.width and 0 <= y <= view.height):
                continue
            box = offset.translated(x, y)
            painter.fillRect(box, tag)
            painter.setPen(NAME_COLOURS.get(m.kind, INK))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, m.name)


def _small_font(base: QFont) -> QFont:
    font = QFont(base)
    font.setPointSizeF(7.5)
    font.setWeight(QFont.Weight.Normal)
    return font


SCALE_BAR = 120.0  # the longest the bar gets, px


def layout(base: QFont, width: float, height: float, rows: Sequence[tuple[str, str]],
           credit: str) -> map_layout.Overlays:
    """Where the legend, the scale bar and the credit go in a view this size."""
    metrics = QFontMetricsF(_small_font(base))
    scale = (max(SCALE_BAR, metrics.horizontalAdvance("1,000 km · 621 mi")) + 12,
             metrics.height() + 14)
    return map_layout.layout_overlays(width, height, legend_size(base, rows), scale,
                                      (metrics.horizontalAdvance(credit) + 12,
                                       metrics.height() + 4))


def paint_credit(painter: QPainter, at: Rect, credit: str) -> None:
    """The data credit on a light card."""
    painter.setFont(_small_font(painter.font()))
    box = QRectF(at[0], at[1], at[2] - at[0], at[3] - at[1])
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(255, 255, 255, 200))
    painter.drawRoundedRect(box, 4, 4)
    painter.setPen(LABEL.darker(130))
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, credit)


def paint_scale(painter: QPainter, view: View, at: Rect) -> None:
    """A scale bar in km and miles, right-aligned in ``at``."""
    font = _small_font(painter.font())
    painter.setFont(font)
    metrics = QFontMetricsF(font)
    # Kilometres per pixel at the centre, measured on the map (not a constant).
    lon1, lat1 = view.to_map(view.width / 2 - 50, view.height / 2)
    lon2, lat2 = view.to_map(view.width / 2 + 50, view.height / 2)
    km_per_px = _km(lon1, lat1, lon2, lat2) / 100
    if not math.isfinite(km_per_px) or km_per_px <= 0:
        return
    km = _nice(km_per_px * SCALE_BAR)
    length = km / km_per_px
    text = _("{km} km · {mi} mi").format(km=_num(km), mi=_num(km / 1.609344))
    right = at[2] - 6
    wide = max(length, metrics.horizontalAdvance(text)) + 12
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(255, 255, 255, 200))
    painter.drawRoundedRect(QRectF(at[2] - wide, at[1], wide, at[3] - at[1]), 4, 4)
    y = at[3] - 5
    painter.setPen(QPen(INK, 1.5))
    painter.drawLine(QPointF(right - length, y), QPointF(right, y))
    for x in (right - length, right):
        painter.drawLine(QPointF(x, y - 4), QPointF(x, y + 1))
    painter.setPen(INK)
    painter.drawText(QRectF(at[0], at[1] + 1, right - at[0], metrics.height()),
                     Qt.AlignmentFlag.AlignRight, text)


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
