"""The map of the book: every located account (clustered when many), the
trip's route on top, and rectangle or lasso selection.

Give it a :class:`~desktop.planning.book_grid.BookIndex` built on a worker
(:meth:`BookMapView.set_book`); it reads no database. In "pan" mode a drag
moves the map and a click on a cluster zooms into it; in "rectangle" or
"lasso" mode a drag draws the shape and, on release, ``selection_changed``
carries the accounts inside it (pin indices of the index).
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter
from PySide6.QtWidgets import QWidget

from desktop.i18n import _
from desktop.planning import map_layout
from desktop.planning.basemap import MAX_SCALE, View
from desktop.planning.book_grid import STATUSES, TIERS, BookIndex, Clusters
from desktop.planning.map_scene import AccountPin, build_scene
from desktop.planning.problem import TripPlan, TripProblem
from ui.widgets import book_paint, map_overlay
from ui.widgets.map_layer import Layer, render_layer
from ui.widgets.map_paint import INK, Outlines
from ui.widgets.map_view import DRAG_THRESHOLD, MapView

MODES = ("pan", "rectangle", "lasso")
LASSO_STEP = 4.0  # px between the lasso's kept points
LAYER_MARGIN = 160  # px of map drawn beyond each edge once a drag starts


class BookMapView(MapView):
    selection_changed = Signal(list)  # pin indices into the index, in pin order

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index: BookIndex | None = None
        self.mode = "pan"
        self.selected = np.zeros(0, dtype=np.int64)
        self.near = np.zeros(0, dtype=np.int64)
        self.shape: list[QPointF] = []  # screen points of the shape being drawn
        self._shape_xy: list[tuple[float, float]] = []  # the last shape, in map km
        self._drawing = False
        self._legend: tuple[object, list[tuple[str, str]]] = (None, [])
        self.painter = book_paint.BookPainter()
        self._layer: Layer | None = None

    # -- the values shown -------------------------------------------------
    def set_book(self, index: BookIndex) -> None:
        """The book's accounts; the selection is cleared (its indices are of the old one)."""
        self.index = index
        self._projection, self._outlines = index.projection, None
        self.selected = self.near = np.zeros(0, dtype=np.int64)
        self._shape_xy = []
        if not self._user_moved:
            self.fit()
        self.changed()

    def set_mode(self, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"mode is one of {MODES}, not {mode!r}")
        self.mode = mode
        self.setCursor(Qt.CursorShape.ArrowCursor if mode == "pan"
                       else Qt.CursorShape.CrossCursor)

    def set_plan(self, problem: TripProblem | None, plan: TripPlan | None) -> None:
        """The trip's route on top; the map stays where the rep moved it."""
        self._scene = build_scene(problem, plan)
        self._names = map_overlay.NameLayer(self._scene)
        if not self._user_moved:
            self.fit()
        self.changed()

    def set_near(self, indices: list[int]) -> None:
        self.near = np.array(indices, dtype=np.int64)
        self.changed()

    def select(self, indices: list[int]) -> None:
        """Select these pins (as a shape would), e.g. the same accounts after a reload."""
        self.selected = np.array(sorted(indices), dtype=np.int64)
        self.changed()
        self.selection_changed.emit(self.selected.tolist())

    def clear_selection(self) -> None:
        self.selected = np.zeros(0, dtype=np.int64)
        self._shape_xy = []
        self.changed()
        self.selection_changed.emit([])

    def clusters(self) -> Clusters | None:
        """What is drawn at this zoom (computed here if the worker has not yet)."""
        return None if self.index is None else self.index.clusters(self.view.scale)

    def _focus_points(self) -> list[tuple[float, float]]:
        """The trip with the accounts around it; without a trip, the whole book."""
        if self.index is not None and len(self.index) and not self._scene.fit_points():
            return self.index.corners()
        return super()._focus_points()

    def _choose_projection(self) -> None:
        if self.index is None:
            super()._choose_projection()

    def pin_legend(self) -> list[tuple[str, str]]:
        """The categories present (counted once per book and colouring), and the hollow pin."""
        key = (id(self.index), self._colour_by)
        if self._legend[0] != key:
            self._legend = (key, self._pin_legend())
        return self._legend[1]

    def _pin_legend(self) -> list[tuple[str, str]]:
        if self.index is None or not len(self.index):
            return []
        rows: list[tuple[str, str]] = []
        colours = book_paint.palette(self._colour_by)
        present = set(np.unique(self.index.status if self._colour_by == "status"
                                else self.index.tier).tolist())
        names = STATUSES if self._colour_by == "status" else TIERS
        for n, name in enumerate(names):
            if n not in present:
                continue
            if self._colour_by == "status":
                label = name.capitalize() if name else _("Other")
            else:
                label = _("Tier {tier}").format(tier=name) if name else _("No tier")
            rows.append((colours[n], label))
        rows.append((book_paint.HOLLOW_KEY + INK.name(), _("No visit in 90 days")))
        return rows

    # -- painting ----------------------------------------------------------
    def _paint_pins(self, painter: QPainter, view: View) -> None:
        clusters = self.clusters()
        if clusters is not None and self.index is not None:
            self.painter.paint(painter, view, clusters, self._colour_by)
            book_paint.paint_marked(painter, view, self.index, self.selected,
                                    book_paint.SELECTED)
            book_paint.paint_marked(painter, view, self.index, self.near, book_paint.NEAR)

    def changed(self) -> None:
        """What the map shows changed (not just where it looks): paint it afresh."""
        self._layer = None
        self.update()

    def _paint(self, painter: QPainter, view: View, outlines: Outlines) -> None:
        """The map from a cached layer that a drag step only moves; it is drawn
        again after a zoom, a change, or a drag past its margin."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        overlays = self.overlays()
        ratio = painter.device().devicePixelRatioF()
        key = (view.scale, view.width, view.height, ratio, id(outlines), self._colour_by)
        layer = self._layer
        if layer is None or layer.key != key:  # zoomed or changed: this view only, quick
            layer = self._layer = self._render(view, outlines, overlays, ratio, key, 0)
        elif not layer.covers(view):  # dragged past the edge: room to drag on
            layer = self._layer = self._render(view, outlines, overlays, ratio, key,
                                               LAYER_MARGIN)
        painter.drawPixmap(layer.origin(view), layer.pixmap)
        self._paint_overlays(painter, view, overlays)
        if self._drawing:
            book_paint.paint_shape(painter, self._shape_points(), closed=True)
        elif self._shape_xy:
            book_paint.paint_shape(painter, [QPointF(*view.xy_to_screen(x, y))
                                             for x, y in self._shape_xy], closed=True)

    def _render(self, view: View, outlines: Outlines, overlays: map_layout.Overlays,
                ratio: float, key: tuple[object, ...], margin: int) -> Layer:
        blocked = [(a + margin, b + margin, c + margin, d + margin)
                   for a, b, c, d in overlays.rects()]
        return render_layer(view, margin, ratio, self.font(), key,
                            lambda painter, big: self._paint_map(painter, big, outlines, blocked))

    def _shape_points(self) -> list[QPointF]:
        if self.mode == "rectangle" and len(self.shape) >= 2:
            a, b = self.shape[0], self.shape[-1]
            return [a, QPointF(b.x(), a.y()), b, QPointF(a.x(), b.y())]
        return self.shape

    # -- what is under the mouse -------------------------------------------
    def pin_at(self, pos: QPointF) -> AccountPin | None:
        found = self._cluster_at(pos)
        if found is None or self.index is None:
            return None
        clusters, n = found
        single = int(clusters.single[n])
        return self.index.pins[single] if single >= 0 else None

    def _cluster_at(self, pos: QPointF) -> tuple[Clusters, int] | None:
        clusters = self.clusters()
        if clusters is None or not len(clusters):
            return None
        view = self.view
        shown = book_paint.visible(clusters, view)
        if not len(shown):
            return None
        dx = view.width / 2 + (clusters.x[shown] - view.cx) * view.scale - pos.x()
        dy = view.height / 2 - (clusters.y[shown] - view.cy) * view.scale - pos.y()
        reach = np.where(clusters.count[shown] > 1,
                         [book_paint.cluster_radius(max(int(c), 2)) for c in
                          clusters.count[shown]], 7.5)
        d = dx * dx + dy * dy - reach * reach
        best = int(np.argmin(d))
        return (clusters, int(shown[best])) if d[best] <= 0 else None

    def tooltip_at(self, pos: QPointF) -> str:
        text = super().tooltip_at(pos)
        if text:
            return text
        found = self._cluster_at(pos)
        if found is None:
            return ""
        count = int(found[0].count[found[1]])
        return _("{n} accounts here: click to zoom in").format(n=count)

    # -- mouse and keys ----------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if self.mode != "pan" and event.button() == Qt.MouseButton.LeftButton:
            self._drawing = True
            self.shape = [event.position()]
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if self._drawing:
            point = event.position()
            last = self.shape[-1]
            if self.mode == "rectangle":
                self.shape = [self.shape[0], point]
            elif math.hypot(point.x() - last.x(), point.y() - last.y()) >= LASSO_STEP:
                self.shape.append(point)
            self.update()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if self._drawing and event.button() == Qt.MouseButton.LeftButton:
            if self.mode == "lasso":
                self.shape.append(event.position())
            else:
                self.shape = [self.shape[0], event.position()]
            self._drawing = False
            start, end = self.shape[0], event.position()
            if all(math.hypot(p.x() - start.x(), p.y() - start.y()) < DRAG_THRESHOLD
                   for p in (*self.shape, end)):  # a click, not a shape
                self.shape = []
                self._click(end)
                return
            self._select(self._shape_points())
            return
        super().mouseReleaseEvent(event)

    def _select(self, points: list[QPointF]) -> None:
        view = self.view
        polygon = [(view.cx + (p.x() - view.width / 2) / view.scale,
                    view.cy - (p.y() - view.height / 2) / view.scale) for p in points]
        chosen = self.index.inside(polygon) if self.index is not None else []
        self._shape_xy = polygon if len(polygon) >= 3 else []
        self.selected = np.array(chosen, dtype=np.int64)
        self.shape = []
        self.changed()
        self.selection_changed.emit(chosen)

    def _click(self, pos: QPointF) -> None:
        """A stop lists its neighbours; a cluster zooms in, centred on it."""
        marker = self.marker_at(pos)
        if marker is not None and marker.stop_id is not None:
            self.stop_clicked.emit(marker.stop_id)
            return
        found = None if marker or self.pin_at(pos) else self._cluster_at(pos)
        if found is None:
            super()._click(pos)
            return
        clusters, n = found
        view = self.view
        self._view = View(view.projection, min(view.scale * 2, MAX_SCALE), float(clusters.x[n]),
                          float(clusters.y[n]), view.width, view.height)
        self._user_moved = True
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Escape and (self._drawing or len(self.selected)):
            self._drawing, self.shape = False, []
            self.clear_selection()
            return
        super().keyPressEvent(event)
