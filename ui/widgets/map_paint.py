"""Painting the trip map: outlines, account pins, routes, markers, legend.

Outlines and pins are built once per projection as paths/polygons in
projected kilometres and drawn through the view's transform with cosmetic
pens, so a paint with thousands of pins is a handful of Qt calls.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QPolygonF,
    QTransform,
)

from desktop.planning.basemap import Basemap, Projection, Region, View, project_rings
from desktop.planning.map_scene import (
    DROPPED_COLOUR,
    UNPLANNED_COLOUR,
    Marker,
    MarkerKind,
    Route,
    day_colour,
)

WATER = QColor("#D3E3ED")
LAND = QColor("#F7F6F2")
COUNTRY_LINE = QColor("#8D9EA8")
STATE_LINE = QColor("#B4C0C7")
LABEL = QColor("#93A3AC")
INK = QColor("#263238")
NAME_COLOURS = {MarkerKind.DROPPED: QColor("#757575"), MarkerKind.LODGING: QColor("#455A64")}
STOP_RADIUS = 11.0
PIN_SIZE = 7.0


def transform(view: View) -> QTransform:
    """Projected km (x east, y north) to widget pixels."""
    s = view.scale
    return QTransform(s, 0, 0, -s, view.width / 2 - view.cx * s, view.height / 2 + view.cy * s)


def outline_path(regions: Sequence[Region], projection: Projection) -> QPainterPath:
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)
    for ring in project_rings(regions, projection):
        path.addPolygon(QPolygonF([QPointF(x, y) for x, y in ring]))
        path.closeSubpath()
    return path


class Outlines:
    """Country land and state borders for one projection, built on first use."""

    def __init__(self, basemap: Basemap, projection: Projection) -> None:
        self.basemap = basemap
        self.projection = projection
        self.land = outline_path(basemap.countries, projection)
        self.states = outline_path(basemap.states, projection)
        self.labels = [(r.code, projection.forward(*r.label_point()), r.bounds)
                       for r in basemap.states]

    def paint(self, painter: QPainter, view: View) -> None:
        painter.fillRect(QRectF(0, 0, view.width, view.height), WATER)
        painter.save()
        painter.setTransform(transform(view), True)
        painter.setPen(_cosmetic(COUNTRY_LINE, 1.0))
        painter.setBrush(LAND)
        painter.drawPath(self.land)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(_cosmetic(STATE_LINE, 1.0))
        painter.drawPath(self.states)
        painter.setPen(_cosmetic(COUNTRY_LINE, 1.0))
        painter.drawPath(self.land)  # country borders stay on top of state lines
        painter.restore()
        self._paint_labels(painter, view)

    def _paint_labels(self, painter: QPainter, view: View) -> None:
        font = QFont(painter.font())
        font.setPointSizeF(9)
        font.setWeight(QFont.Weight.DemiBold)
        font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 115)
        painter.setFont(font)
        painter.setPen(LABEL)
        for code, (x, y), (west, south, east, north) in self.labels:
            wide = (east - west) * 111 * math.cos(math.radians((south + north) / 2))
            if wide * view.scale < 48:  # too small on screen to name
                continue
            sx, sy = view.xy_to_screen(x, y)
            if 0 <= sx <= view.width and 0 <= sy <= view.height:
                painter.drawText(QRectF(sx - 20, sy - 8, 40, 16),
                                 Qt.AlignmentFlag.AlignCenter, code)


def _pen(colour: QColor | str, width: float) -> QPen:
    pen = QPen(QColor(colour), width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def _cosmetic(colour: QColor | str, width: float) -> QPen:
    """A pen whose width is in device pixels whatever the painter's transform."""
    pen = _pen(colour, width)
    pen.setCosmetic(True)
    return pen


PinGroups = list[tuple[str, list[tuple[float, float]]]]


def pin_groups(xy: Sequence[tuple[float, float]], colours: Sequence[str]) -> PinGroups:
    """Projected pin positions by colour, lightest first so the important
    pins are drawn on top."""
    groups: dict[str, list[tuple[float, float]]] = {}
    for point, colour in zip(xy, colours, strict=True):
        groups.setdefault(colour, []).append(point)
    return [(c, groups[c]) for c in sorted(groups, key=lambda c: -QColor(c).lightnessF())]


_SPRITES: dict[tuple[str, float], QPixmap] = {}


def pin_sprite(colour: str, ratio: float) -> QPixmap:
    """One antialiased pin (a dot with a white rim), drawn once per colour and
    screen density: blitting it is ~25x faster than stroking each pin."""
    key = (colour, ratio)
    if key not in _SPRITES:
        side = PIN_SIZE + 4
        sprite = QPixmap(math.ceil(side * ratio), math.ceil(side * ratio))
        sprite.setDevicePixelRatio(ratio)
        sprite.fill(Qt.GlobalColor.transparent)
        painter = QPainter(sprite)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor("white"), 1.3))
        painter.setBrush(QColor(colour))
        painter.drawEllipse(QRectF(2, 2, PIN_SIZE, PIN_SIZE))
        painter.end()
        _SPRITES[key] = sprite
    return _SPRITES[key]


class PinLayer:
    """Account pins by colour, ready to blit: positions are kept pre-multiplied
    by the current zoom and sorted by x, so a paint (and every pan step) is a
    translate, a bisect for the visible columns and one blit per visible pin."""

    def __init__(self, groups: PinGroups) -> None:
        self.groups = groups
        self.colours = {colour for colour, _points in groups}
        self._scale = -1.0
        self._scaled: list[tuple[str, list[float], list[QPointF]]] = []

    def _rescale(self, scale: float) -> None:
        half = PIN_SIZE / 2 + 2
        self._scaled = []
        for colour, points in self.groups:
            xy = sorted((x * scale - half, -y * scale - half) for x, y in points)
            self._scaled.append((colour, [p[0] for p in xy], [QPointF(*p) for p in xy]))
        self._scale = scale

    def paint(self, painter: QPainter, view: View) -> None:
        if not self.groups:
            return
        if view.scale != self._scale:
            self._rescale(view.scale)
        ratio = painter.device().devicePixelRatioF()
        tx = view.width / 2 - view.cx * view.scale
        ty = view.height / 2 + view.cy * view.scale
        pad = PIN_SIZE + 4
        top, bottom = -ty - pad, -ty + view.height
        painter.save()
        painter.translate(tx, ty)
        draw = painter.drawPixmap
        for colour, xs, points in self._scaled:
            sprite = pin_sprite(colour, ratio)
            first = bisect.bisect_left(xs, -tx - pad)
            last = bisect.bisect_right(xs, -tx + view.width)
            for point in points[first:last]:
                if top <= point.y() <= bottom:
                    draw(point, sprite)
        painter.restore()


def paint_routes(painter: QPainter, view: View, routes: Sequence[Route]) -> None:
    for route in routes:
        line = QPolygonF([QPointF(*view.to_screen(lon, lat)) for lon, lat in route.points])
        painter.setPen(_pen("white", 6.0))  # opaque: an alpha halo costs 3x
        painter.drawPolyline(line)
        painter.setPen(_pen(day_colour(route.day_index), 3.0))
        painter.drawPolyline(line)


def paint_markers(painter: QPainter, view: View, markers: Sequence[Marker]) -> None:
    font = QFont(painter.font())
    font.setPointSizeF(8.5)
    font.setWeight(QFont.Weight.Bold)
    painter.setFont(font)
    order = {MarkerKind.DROPPED: 0, MarkerKind.UNPLANNED: 1, MarkerKind.VISIT: 2}
    for m in sorted(markers, key=lambda m: order.get(m.kind, 3)):
        x, y = view.to_screen(m.longitude, m.latitude)
        if m.kind is MarkerKind.DROPPED and not (0 <= x <= view.width and 0 <= y <= view.height):
            paint_edge_arrow(painter, view, x, y)
            continue
        if m.kind in (MarkerKind.HOME, MarkerKind.LODGING):
            paint_place(painter, QPointF(x, y), m.kind)
            continue
        colour = (day_colour(m.day_index or 0) if m.kind is MarkerKind.VISIT
                  else DROPPED_COLOUR if m.kind is MarkerKind.DROPPED else UNPLANNED_COLOUR)
        painter.setPen(QPen(QColor("white"), 2.0))
        painter.setBrush(QColor(colour))
        radius = STOP_RADIUS if m.kind is MarkerKind.VISIT else STOP_RADIUS - 3
        painter.drawEllipse(QPointF(x, y), radius, radius)
        if m.kind is MarkerKind.VISIT:
            painter.setPen(QColor("white"))
            painter.drawText(QRectF(x - radius, y - radius, 2 * radius, 2 * radius),
                             Qt.AlignmentFlag.AlignCenter, str(m.number))
        elif m.kind is MarkerKind.DROPPED:
            painter.setPen(_pen("white", 2.0))
            d = radius * 0.45
            painter.drawLine(QPointF(x - d, y - d), QPointF(x + d, y + d))
            painter.drawLine(QPointF(x - d, y + d), QPointF(x + d, y - d))


def edge_point(view: View, x: float, y: float, inset: float = 14.0) -> tuple[float, float]:
    """Where the line from the view's centre to off-screen (x, y) meets the
    view's edge, ``inset`` px inside it."""
    cx, cy = view.width / 2, view.height / 2
    dx, dy = x - cx, y - cy
    reach = min((cx - inset) / abs(dx) if dx else math.inf,
                (cy - inset) / abs(dy) if dy else math.inf)
    return cx + dx * reach, cy + dy * reach


def paint_edge_arrow(painter: QPainter, view: View, x: float, y: float) -> None:
    """A small grey arrow at the edge pointing at a dropped stop off the map."""
    ex, ey = edge_point(view, x, y)
    angle = math.atan2(y - ey, x - ex)
    painter.save()
    painter.translate(ex, ey)
    painter.rotate(math.degrees(angle))
    painter.setPen(_pen("white", 1.5))
    painter.setBrush(QColor(DROPPED_COLOUR))
    painter.drawPolygon(QPolygonF([QPointF(8, 0), QPointF(-6, -6), QPointF(-3, 0),
                                   QPointF(-6, 6)]))
    painter.restore()


def paint_place(painter: QPainter, at: QPointF, kind: MarkerKind, size: float = 11.0) -> None:
    """Home: a house; lodging: a square with an H (a hotel sign)."""
    x, y = at.x(), at.y()
    painter.setPen(_pen("white", 2.0))
    painter.setBrush(INK)
    if kind is MarkerKind.HOME:
        house = QPolygonF([QPointF(x, y - size), QPointF(x + size, y - 1),
                           QPointF(x + size * 0.7, y - 1), QPointF(x + size * 0.7, y + size * 0.8),
                           QPointF(x - size * 0.7, y + size * 0.8), QPointF(x - size * 0.7, y - 1),
                           QPointF(x - size, y - 1)])
        painter.drawPolygon(house)
        painter.fillRect(QRectF(x - 2.5, y + 2, 5, size * 0.8 - 2), QColor("white"))
        return
    painter.drawRoundedRect(QRectF(x - size * 0.85, y - size * 0.85, size * 1.7, size * 1.7),
                            3, 3)
    font = QFont(painter.font())
    font.setPointSizeF(8.5)
    font.setWeight(QFont.Weight.Bold)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(QRectF(x - size, y - size, 2 * size, 2 * size),
                     Qt.AlignmentFlag.AlignCenter, "H")
