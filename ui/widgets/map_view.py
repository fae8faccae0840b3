"""The trip map: offline outlines, account pins, the plan's routes and stops.

Give it plain values (:meth:`MapView.set_plan`, :meth:`MapView.set_accounts`);
it reads no database and fetches nothing. Wheel zooms about the cursor, drag
pans, "Fit" shows the whole trip. A click on a pin emits ``account_clicked``;
in pin mode a click emits ``location_picked(lat, lon)`` instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QContextMenuEvent,
    QDesktopServices,
    QHelpEvent,
    QKeyEvent,
    QPainter,
    QPaintEvent,
)
from PySide6.QtWidgets import QMenu, QToolTip, QWidget

from desktop.i18n import _
from desktop.planning import basemap, map_layout
from desktop.planning.basemap import Projection, View
from desktop.planning.map_scene import (
    AccountPin,
    Marker,
    Scene,
    build_scene,
    nearest_marker,
    nearest_pin,
    pin_colour,
    pin_legend,
    pin_tooltip,
)
from desktop.planning.problem import TripPlan, TripProblem
from ui.widgets import map_overlay, map_paint
from ui.widgets.map_navigation import DRAG_THRESHOLD as DRAG_THRESHOLD  # book_map_view
from ui.widgets.map_navigation import PanZoomWidget
from ui.widgets.map_paint import Outlines

CREDIT = "Outlines: U.S. Census Bureau TIGER/Line; Natural Earth"


def osm_url(latitude: float, longitude: float) -> QUrl:
    """OpenStreetMap at a point, opened only when the rep asks."""
    return QUrl(f"https://www.openstreetmap.org/?mlat={latitude:.5f}&mlon={longitude:.5f}"
                f"#map=16/{latitude:.5f}/{longitude:.5f}")


class MapView(PanZoomWidget):
    account_clicked = Signal(object)  # uuid.UUID
    stop_clicked = Signal(object)  # uuid.UUID of the trip stop
    location_picked = Signal(float, float)  # latitude, longitude
    pin_cancelled = Signal()  # Escape in pin mode

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(320, 240)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.open_url: Callable[[QUrl], bool] = QDesktopServices.openUrl
        self._scene = Scene()
        self._names = map_overlay.NameLayer(Scene())
        self._pins: list[AccountPin] = []
        self._colour_by = "tier"
        self._pin_mode = False
        self._pin_hint = ""
        self._projection: Projection = basemap.US_ALBERS
        self._outlines: Outlines | None = None
        self._pin_xy: list[tuple[float, float]] = []
        self._pin_layer = map_paint.PinLayer([])
        self.fit_action = QAction(_("Fit to trip"), self)
        self.fit_action.setShortcut("0")
        self.fit_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.fit_action.triggered.connect(self.fit)
        self.addAction(self.fit_action)
        self._zoom_buttons()

    # -- the values shown -------------------------------------------------

    def set_plan(self, problem: TripProblem | None, plan: TripPlan | None) -> None:
        """Show a trip: its stops, and once solved its days' routes in order."""
        self._scene = build_scene(problem, plan)
        self._names = map_overlay.NameLayer(self._scene)
        self._choose_projection()
        self.fit()

    def set_accounts(self, pins: Sequence[AccountPin]) -> None:
        self._pins = list(pins)
        if not self._scene.markers:
            self._choose_projection()
            if not self._user_moved:
                self.fit()
        self._build_pins()
        self.update()

    def set_colour_by(self, what: str) -> None:
        """Colour account pins by ``"tier"`` or ``"status"``."""
        if what not in ("tier", "status"):
            raise ValueError(f"colour by tier or status, not {what!r}")
        self._colour_by = what
        self._build_pins()
        self.update()

    def set_pin_mode(self, on: bool, hint: str = "") -> None:
        """While on, a click picks a location instead of an account."""
        self._pin_mode, self._pin_hint = on, hint
        self.setCursor(Qt.CursorShape.CrossCursor if on else Qt.CursorShape.ArrowCursor)
        self.update()

    @property
    def scene(self) -> Scene:
        return self._scene

    def _focus_points(self) -> list[tuple[float, float]]:
        return self._scene.fit_points() or [(p.longitude, p.latitude) for p in self._pins]

    def _choose_projection(self) -> None:
        projection = basemap.projection_for(self._focus_points())
        if projection != self._projection:
            self._projection, self._outlines = projection, None
            self._build_pins()

    def _legend_rows(self) -> list[tuple[str, str]]:
        return map_overlay.legend_rows(self._scene.routes, self._scene.markers,
                                     self.pin_legend())

    def overlays(self) -> map_layout.Overlays:
        """Where the legend, scale bar and credit are drawn at this size."""
        return map_overlay.layout(self.font(), self.width(), self.height(),
                                  self._legend_rows(), CREDIT)

    def _fitted(self) -> View:
        """Fit the scheduled trip (or the pins) beside the legend and below the
        buttons; names run to the right of their stops, so more room there."""
        overlays = self.overlays()
        legend = overlays.legend or (0.0, self.height(), 0.0, self.height())
        right = min(150, self.width() // 4)
        bottom = 24 + self.height() - round(overlays.scale[1])
        if self.width() - legend[2] - right >= 0.6 * self.width():  # room beside the legend
            margin = (30 + round(legend[2]) if legend[2] else 40, 40, right, bottom)
        else:  # a narrow map: the trip above the legend instead, room for names both sides
            side = min(right, self.width() // 6)
            margin = (side, 40, side, max(bottom, 24 + self.height() - round(legend[1])))
        return basemap.fit(self._projection, self._focus_points(), self.width(),
                           self.height(), margin=margin)

    def _build_pins(self) -> None:
        forward = self._projection.forward
        self._pin_xy = [forward(p.longitude, p.latitude) for p in self._pins]
        self._pin_layer = map_paint.PinLayer(map_paint.pin_groups(
            self._pin_xy, [pin_colour(p, self._colour_by) for p in self._pins]))

    def pin_legend(self) -> list[tuple[str, str]]:
        return pin_legend(self._pin_layer.colours, self._colour_by)

    # -- painting ----------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        view = self.view
        if self._outlines is None:
            self._outlines = Outlines(basemap.load(), self._projection)
        painter = QPainter(self)
        try:
            self._paint(painter, view, self._outlines)
        finally:
            painter.end()

    def _paint(self, painter: QPainter, view: View, outlines: Outlines) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        overlays = self.overlays()
        self._paint_map(painter, view, outlines, overlays.rects())
        self._paint_overlays(painter, view, overlays)

    def _paint_map(self, painter: QPainter, view: View, outlines: Outlines,
                   blocked: Sequence[map_layout.Rect]) -> None:
        """What moves with the map (names keep clear of ``blocked``, the overlays)."""
        outlines.paint(painter, view)
        self._paint_pins(painter, view)
        map_paint.paint_routes(painter, view, self._scene.routes)
        painter.setFont(self.font())  # the outlines' letter-spaced labels stop here
        self._names.paint(painter, view, blocked)
        map_paint.paint_markers(painter, view, self._scene.markers)

    def _paint_overlays(self, painter: QPainter, view: View,
                        overlays: map_layout.Overlays) -> None:
        """What stays put: the legend, the scale bar, the credit, the pin-mode hint."""
        painter.setFont(self.font())
        if overlays.legend is not None:
            map_overlay.paint_legend(painter, overlays.legend, self._legend_rows())
        map_overlay.paint_scale(painter, view, overlays.scale)
        map_overlay.paint_credit(painter, overlays.credit, CREDIT)
        if self._pin_mode:
            map_overlay.paint_hint(painter, view, self._pin_hint
                                   or _("Click the map where the account is"))

    def _paint_pins(self, painter: QPainter, view: View) -> None:
        """The account pins, under the routes (the book map clusters them)."""
        self._pin_layer.paint(painter, view)

    # -- what is under the mouse -------------------------------------------

    def marker_at(self, pos: QPointF) -> Marker | None:
        return nearest_marker(self._scene.markers, self.view, pos.x(), pos.y(),
                              map_paint.STOP_RADIUS + 3)

    def pin_at(self, pos: QPointF) -> AccountPin | None:
        return nearest_pin(self._pins, self._pin_xy, self.view, pos.x(), pos.y(),
                           map_paint.PIN_SIZE / 2 + 4)

    def tooltip_at(self, pos: QPointF) -> str:
        marker = self.marker_at(pos)
        if marker is not None:
            return marker.tooltip
        pin = self.pin_at(pos)
        return pin_tooltip(pin) if pin else ""

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.tooltip_at(QPointF(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    # -- mouse and keys (panning and zooming: map_navigation) -------------

    def _click(self, pos: QPointF) -> None:
        if self._pin_mode:
            lon, lat = self.view.to_map(pos.x(), pos.y())
            self.location_picked.emit(lat, lon)
            return
        marker = self.marker_at(pos)
        if marker is not None:
            if marker.stop_id is not None:
                self.stop_clicked.emit(marker.stop_id)
            if marker.account_id is not None:
                self.account_clicked.emit(marker.account_id)
            return
        pin = self.pin_at(pos)
        if pin is not None:
            self.account_clicked.emit(pin.id)

    def _hover(self, pos: QPointF) -> None:
        if not self._pin_mode:  # a hand over what can be clicked
            over = self.marker_at(pos) or self.pin_at(pos)
            self.setCursor(Qt.CursorShape.PointingHandCursor if over
                           else Qt.CursorShape.ArrowCursor)

    def _rest_cursor(self) -> Qt.CursorShape:
        return Qt.CursorShape.CrossCursor if self._pin_mode else Qt.CursorShape.ArrowCursor

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Escape and self._pin_mode:
            self.set_pin_mode(False)
            self.pin_cancelled.emit()
        else:
            super().keyPressEvent(event)

    def context_actions(self, pos: QPointF) -> list[QAction]:
        """The right-click menu at ``pos``: "Open in maps" on a place, then "Fit"."""
        actions: list[QAction] = []
        marker, pin = self.marker_at(pos), None
        if marker is None:
            pin = self.pin_at(pos)
        where = ((marker.latitude, marker.longitude) if marker
                 else (pin.latitude, pin.longitude) if pin else None)
        if where is not None:
            name = marker.name if marker else pin.name if pin else ""
            action = QAction(_("Open {name} in maps").format(name=name), self)
            url = osm_url(*where)
            action.triggered.connect(lambda: self.open_url(url))
            actions.append(action)
        actions.append(self.fit_action)
        return actions

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 - Qt override
        menu = QMenu(self)
        menu.addActions(self.context_actions(QPointF(event.pos())))
        menu.exec(event.globalPos())

    def screen_position(self, latitude: float, longitude: float) -> QPoint:
        x, y = self.view.to_screen(longitude, latitude)
        return QPoint(round(x), round(y))
