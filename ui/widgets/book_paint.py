"""Painting the book on the map: clusters with their count, single pins,
hollow when not visited for 90 days, and the selection on top.

Each cluster is a sprite drawn once per (colour, fade, count, size) and
blitted; a view shows at most a few hundred cells, so a paint is a few hundred
blits whatever the size of the book.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen, QPixmap, QPolygonF

from desktop.domain import formats
from desktop.planning.basemap import View
from desktop.planning.book_grid import STATUSES, TIERS, BookIndex, Clusters
from desktop.planning.map_scene import NO_COLOUR, STATUS_COLOURS, TIER_COLOURS
from ui.widgets.map_paint import INK, PIN_SIZE, pin_sprite

SELECTED = QColor("#1A237E")
NEAR = QColor("#C2185B")
HOLLOW_KEY = "hollow:"  # a legend row's swatch: an account not visited lately
LASSO_FILL = QColor(25, 118, 210, 40)
LASSO_LINE = QColor("#1565C0")


def palette(colour_by: str) -> list[str]:
    """The colour of each category index (``TIERS`` or ``STATUSES`` order)."""
    if colour_by == "status":
        return [STATUS_COLOURS.get(s or "", NO_COLOUR) for s in STATUSES]
    return [TIER_COLOURS.get(t, NO_COLOUR) for t in TIERS]


def count_text(count: int) -> str:
    if count >= 10_000:
        return f"{count // 1000}k"
    if count >= 1000:
        return f"{formats.number(count / 1000, 1)}k"
    return str(count)


def cluster_radius(count: int) -> float:
    """Whole pixels, 12 to 21, growing with the count's digits."""
    return float(min(21, round(12 + 2.5 * math.log10(count))))


Arcs = tuple[tuple[str, int, bool], ...]  # (colour, 12ths of the ring, stale), from the top
_CLUSTERS: dict[tuple[Arcs, float, float], QPixmap] = {}
_TEXTS: dict[tuple[str, float], QPixmap] = {}


def cluster_sprite(ring: Arcs, radius: float, ratio: float) -> QPixmap:
    """A round badge, white inside a ring of the members' colours (the count is
    drawn on it from :func:`text_sprite`)."""
    key = (ring, radius, ratio)
    sprite = _CLUSTERS.get(key)
    if sprite is not None:
        return sprite
    if len(_CLUSTERS) > 4000:
        _CLUSTERS.clear()
    side = 2 * radius + 4
    sprite = QPixmap(math.ceil(side * ratio), math.ceil(side * ratio))
    sprite.setDevicePixelRatio(ratio)
    sprite.fill(Qt.GlobalColor.transparent)
    painter = QPainter(sprite)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    box = QRectF(2, 2, 2 * radius, 2 * radius)
    painter.setPen(QPen(QColor(0, 0, 0, 70), 1.0))
    painter.setBrush(QColor("white"))
    painter.drawEllipse(box)
    painter.setPen(Qt.PenStyle.NoPen)
    start = 90 * 16  # Qt angles: 16ths of a degree, counter-clockwise from 3 o'clock
    for colour, share, stale in ring:
        span = -round(share * 360 * 16 / 12)
        if not stale:
            painter.setBrush(QColor(colour))
            painter.drawPie(box, start, span)
        else:
            painter.setPen(QPen(QColor(colour), 1.6, c=Qt.PenCapStyle.FlatCap))
            painter.drawArc(box.adjusted(0.8, 0.8, -0.8, -0.8), start, span)
            painter.setPen(Qt.PenStyle.NoPen)
        start += span
    painter.setBrush(QColor("white"))
    painter.drawEllipse(box.center(), radius - 4.5, radius - 4.5)
    painter.end()
    _CLUSTERS[key] = sprite
    return sprite


TEXT_BOX = (40.0, 16.0)


def text_sprite(text: str, ratio: float, font: QFont) -> QPixmap:
    """A cluster's count, centred in a ``TEXT_BOX``, drawn once per number."""
    key = (text, ratio)
    sprite = _TEXTS.get(key)
    if sprite is None:
        if len(_TEXTS) > 4000:
            _TEXTS.clear()
        sprite = QPixmap(math.ceil(TEXT_BOX[0] * ratio), math.ceil(TEXT_BOX[1] * ratio))
        sprite.setDevicePixelRatio(ratio)
        sprite.fill(Qt.GlobalColor.transparent)
        painter = QPainter(sprite)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setFont(font)
        painter.setPen(INK)
        painter.drawText(QRectF(0, 0, *TEXT_BOX), Qt.AlignmentFlag.AlignCenter, text)
        painter.end()
        _TEXTS[key] = sprite
    return sprite


_HOLLOW: dict[tuple[str, float], QPixmap] = {}


def hollow_sprite(colour: str, ratio: float) -> QPixmap:
    """A stale account: a ring in its colour, white inside."""
    key = (colour, ratio)
    if key not in _HOLLOW:
        side = PIN_SIZE + 4
        sprite = QPixmap(math.ceil(side * ratio), math.ceil(side * ratio))
        sprite.setDevicePixelRatio(ratio)
        sprite.fill(Qt.GlobalColor.transparent)
        painter = QPainter(sprite)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(colour), 1.8))
        painter.setBrush(QColor(255, 255, 255, 230))
        painter.drawEllipse(QRectF(2.2, 2.2, PIN_SIZE - 0.4, PIN_SIZE - 0.4))
        painter.end()
        _HOLLOW[key] = sprite
    return _HOLLOW[key]


def visible(clusters: Clusters, view: View, pad_px: float = 26.0) -> np.ndarray:
    """Indices of the clusters whose centre falls in the view (plus a badge's reach)."""
    s = view.scale
    half_w, half_h = (view.width / 2 + pad_px) / s, (view.height / 2 + pad_px) / s
    lo, hi = clusters.visible(view.cx - half_w, view.cx + half_w)
    ys = clusters.y[lo:hi]
    return np.flatnonzero((ys >= view.cy - half_h) & (ys <= view.cy + half_h)) + lo


class BookPainter:
    """Paints a zoom level's clusters; each cluster's badge is looked up once per
    level and colouring (the last few levels kept: a wheel goes in and out), so
    a paint mostly blits what it already knows."""

    LEVELS = 6

    def __init__(self) -> None:
        self._levels: dict[tuple[int, str, float], dict[int, Badge]] = {}

    def paint(self, painter: QPainter, view: View, clusters: Clusters, colour_by: str) -> None:
        shown = visible(clusters, view)
        if not len(shown):
            return
        ratio = painter.device().devicePixelRatioF()
        key = (id(clusters), colour_by, ratio)
        badges = self._levels.pop(key, None)
        if badges is None:
            badges = {}
            while len(self._levels) >= self.LEVELS:
                del self._levels[next(iter(self._levels))]  # the least recently painted
        self._levels[key] = badges
        sx = view.width / 2 + (clusters.x[shown] - view.cx) * view.scale
        sy = view.height / 2 - (clusters.y[shown] - view.cy) * view.scale
        total = clusters.count[shown]
        draw = painter.drawPixmap
        order = np.argsort(total, kind="stable")  # singles first, the big clusters on top
        missing = [int(shown[n]) for n in order if int(shown[n]) not in badges]
        if missing:
            badges.update(make_badges(painter.font(), clusters, colour_by, missing, ratio))
        tx, ty = TEXT_BOX[0] / 2, TEXT_BOX[1] / 2
        for n in order:
            sprite, half, text = badges[int(shown[n])]
            draw(QPointF(sx[n] - half, sy[n] - half), sprite)
            if text is not None:
                draw(QPointF(sx[n] - tx, sy[n] - ty), text)



Badge = tuple[QPixmap, float, QPixmap | None]  # sprite, half its side, the count's sprite


def make_badges(base: QFont, clusters: Clusters, colour_by: str, which: list[int],
                ratio: float) -> dict[int, Badge]:
    """The badges of clusters ``which``: a pin (hollow when stale) for one account,
    a ring with the count for more. The ring gives each category its share in
    its colour, split into the visited part (a thick arc) and the stale part (a
    thin one, as a stale pin is hollow), in 12ths of the ring, so few rings
    differ and each is drawn once. The split uses the cluster's stale share (the
    grid keeps one stale count per cell, not one per category)."""
    colours = palette(colour_by)
    at = np.array(which, dtype=np.int64)
    counts = (clusters.statuses if colour_by == "status" else clusters.tiers)[at]
    total, stale = clusters.count[at], clusters.stale[at]
    start = np.cumsum(counts, axis=1) - counts
    fresh = start + counts * (1 - stale / total)[:, None]
    edges = [np.rint(12 * v / total[:, None]).astype(np.int64)
             for v in (start, fresh, start + counts)]
    thick, thin = (edges[1] - edges[0]).tolist(), (edges[2] - edges[1]).tolist()
    font = QFont(base)
    font.setPointSizeF(7.5)
    font.setWeight(QFont.Weight.Bold)
    half_pin = PIN_SIZE / 2 + 2
    out: dict[int, Badge] = {}
    for row, n in enumerate(which):
        count = int(total[row])
        if count == 1:
            colour = colours[int(counts[row].argmax())]
            out[n] = (hollow_sprite(colour, ratio) if stale[row]
                      else pin_sprite(colour, ratio), half_pin, None)
            continue
        ring = tuple((colour, share, k == 1) for colour, a, b in
                     zip(colours, thick[row], thin[row], strict=True)
                     for k, share in enumerate((a, b)) if share > 0)
        radius = cluster_radius(count)
        out[n] = (cluster_sprite(ring or ((colours[0], 12, False),), radius, ratio),
                  radius + 2, text_sprite(count_text(count), ratio, font))
    return out


def paint_marked(painter: QPainter, view: View, index: BookIndex, marked: np.ndarray,
                 colour: QColor, limit: int = 300) -> None:
    """A ring around each marked account in view (the selection, the near list);
    past ``limit`` in view the rings would be a blot: the shape shows the selection."""
    if not len(marked):
        return
    x = view.width / 2 + (index.x[marked] - view.cx) * view.scale
    y = view.height / 2 - (index.y[marked] - view.cy) * view.scale
    inside = np.flatnonzero((x >= -8) & (x <= view.width + 8) & (y >= -8)
                            & (y <= view.height + 8))
    if len(inside) > limit:
        return
    painter.setPen(QPen(QColor("white"), 3.0))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for n in inside:
        painter.drawEllipse(QPointF(x[n], y[n]), 5.5, 5.5)
    painter.setPen(QPen(colour, 1.8))
    for n in inside:
        painter.drawEllipse(QPointF(x[n], y[n]), 5.5, 5.5)


def paint_shape(painter: QPainter, points: list[QPointF], closed: bool) -> None:
    """The rectangle or lasso being drawn (or the last one), translucent blue."""
    if len(points) < 2:
        return
    path = QPainterPath()
    path.addPolygon(QPolygonF(points))
    if closed:
        path.closeSubpath()
    painter.setBrush(LASSO_FILL)
    pen = QPen(LASSO_LINE, 1.5)
    pen.setStyle(Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.drawPath(path)
