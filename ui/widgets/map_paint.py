"""Painting the trip map: outlines, account pins, routes, markers, legend.

Outlines and pins are built once per projection as paths/polygons in
projected kilometres and drawn through the view's transform with cosmetic
pens, so a paint with thousands of pins is a handful of Qt calls.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QPolygonF,
    QTransform,
)

from desktop.i18n import _
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
TIER_COLOURS = {"A": "#00695C", "B": "#26A69A", "C": "#80CBC4", None: "#B0BEC5"}
STATUS_COLOURS = {"active": "#2E7D32", "prospect": "#EF9A00", "dormant": "#8D6E63",
                  "closed": "#BDBDBD"}
NAME_COLOURS = {MarkerKind.DROPPED: QColor("#757575"), MarkerKind.LODGING: QColor("#455A64")}
STOP_RADIUS = 11.0
PIN_SIZE = 7.0


def transform(view: View) -> QTransform:
    """Projected km (x east, y north) to widget pixels."""
    s = view.scale
    return QTransform(s, 0, 0, -s, view.width / 2 - view.cx * s, view.height / 2 + view.cy * s)


def outline_path(regions: Iterable[Region], projection: Projection) -> QPainterPath:
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


def paint_pins(painter: QPainter, view: View, groups: PinGroups) -> None:
    """Blit each visible pin's sprite; the view's arithmetic is inlined (this
    loop runs a few thousand times a paint)."""
    ratio = painter.device().devicePixelRatioF()
    half = PIN_SIZE / 2 + 2
    s = view.scale
    ox, oy = view.width / 2 - view.cx * s - half, view.height / 2 + view.cy * s - half
    low, right, bottom = -2 * half, view.width, view.height
    draw = painter.drawPixmap
    for colour, points in groups:
        sprite = pin_sprite(colour, ratio)
        for x, y in points:
            sx, sy = ox + x * s, oy - y * s
            if low <= sx <= right and low <= sy <= bottom:
                draw(QPointF(sx, sy), sprite)


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


Segment = tuple[tuple[float, float], tuple[float, float]]


def _crosses(a: tuple[float, float], b: tuple[float, float], c: tuple[float, float],
             d: tuple[float, float]) -> bool:
    def side(p: tuple[float, float], q: tuple[float, float], r: tuple[float, float]) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
    return (side(a, b, c) > 0) != (side(a, b, d) > 0) and \
        (side(c, d, a) > 0) != (side(c, d, b) > 0)


def _hits(box: QRectF, segment: Segment) -> bool:
    """Does a route segment pass through a label's box?"""
    a, b = segment
    if box.contains(QPointF(*a)) or box.contains(QPointF(*b)):
        return True
    corners = [(box.left(), box.top()), (box.right(), box.top()),
               (box.right(), box.bottom()), (box.left(), box.bottom())]
    return any(_crosses(a, b, corners[i], corners[(i + 1) % 4]) for i in range(4))


def _label_box(x: float, y: float, w: float, h: float, side: int) -> QRectF:
    gap = STOP_RADIUS + 2
    return [QRectF(x + gap, y - h / 2, w, h), QRectF(x - gap - w, y - h / 2, w, h),
            QRectF(x - w / 2, y - gap - h, w, h), QRectF(x - w / 2, y + gap, w, h)][side]


def paint_names(painter: QPainter, view: View, markers: Sequence[Marker],
                routes: Sequence[Route]) -> None:
    """Stop names on white tags beside their markers, on whichever side (right,
    left, above, below) keeps clear of the routes, the markers and the other
    names; left out when the trip is too crowded to name every stop."""
    named = [m for m in markers if m.kind is not MarkerKind.HOME]
    if not named or len(named) > 60:
        return
    font = QFont(painter.font())
    font.setPointSizeF(8)
    font.setWeight(QFont.Weight.Medium)
    painter.setFont(font)
    metrics = QFontMetricsF(font)
    segments: list[Segment] = []
    for route in routes:
        screen = [view.to_screen(lon, lat) for lon, lat in route.points]
        segments += list(zip(screen, screen[1:], strict=False))
    spots = [view.to_screen(m.longitude, m.latitude) for m in markers]
    taken = [QRectF(x - STOP_RADIUS, y - STOP_RADIUS, 2 * STOP_RADIUS, 2 * STOP_RADIUS)
             for x, y in spots]
    tag = QColor(255, 255, 255, 225)
    for m in named:
        x, y = view.to_screen(m.longitude, m.latitude)
        if not (0 <= x <= view.width and 0 <= y <= view.height):
            continue
        w, h = metrics.horizontalAdvance(m.name) + 8, metrics.height() + 2
        boxes = [_label_box(x, y, w, h, side) for side in range(4)]
        box = next((b for b in boxes if not any(_hits(b, seg) for seg in segments)
                    and not any(b.intersects(t) for t in taken)), boxes[0])
        taken.append(box)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(tag)
        painter.drawRoundedRect(box, 3, 3)
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
