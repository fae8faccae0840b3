"""The trip map widget, offscreen: what it paints and what clicks do."""

from __future__ import annotations

import math
import uuid
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QImage, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication

from desktop.planning.map_scene import AccountPin, MarkerKind, day_colour
from desktop.planning.sample import HOME, in_order_plan, sample_trip
from ui.widgets.map_view import MapView, osm_url

PINS = [
    AccountPin(uuid.UUID(int=1), "Keller Industrial Supply", 39.95, -86.60, "A", "active"),
    AccountPin(uuid.UUID(int=2), "Bayside Dental Group", 41.30, -86.00, "B", "prospect"),
    AccountPin(uuid.UUID(int=3), "Northwind Foods", 40.20, -84.60, None, "dormant"),
]


@pytest.fixture
def view(qtbot: Any) -> MapView:
    widget = MapView()
    qtbot.addWidget(widget)
    widget.resize(1100, 720)
    problem = sample_trip()
    widget.set_plan(problem, in_order_plan(problem))
    widget.set_accounts(PINS)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def near(a: QColor, b: QColor, tolerance: int = 24) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a.getRgb()[:3], b.getRgb()[:3],
                                                      strict=True))


def ring_colours(image: QImage, x: float, y: float, radius: float) -> list[QColor]:
    return [image.pixelColor(round(x + radius * math.cos(a / 8 * math.pi)),
                             round(y + radius * math.sin(a / 8 * math.pi))) for a in range(16)]


def test_it_paints_each_stop_in_its_day_colour(view: MapView) -> None:
    image = view.grab().toImage()
    assert (image.width(), image.height()) == (1100, 720)
    visits = [m for m in view.scene.markers if m.kind is MarkerKind.VISIT]
    assert len(visits) == 13
    for marker in visits:
        x, y = view.view.to_screen(marker.longitude, marker.latitude)
        colours = ring_colours(image, x, y, 7.5)
        matching = sum(near(c, QColor(day_colour(marker.day_index or 0))) for c in colours)
        assert matching >= 12, (marker.name, [c.name() for c in colours])


def test_the_land_and_water_differ(view: MapView) -> None:
    image = view.grab().toImage()
    sea = view.view.to_screen(-70.0, 36.0)  # off the coast, outside this trip's view
    inland = view.view.to_screen(-86.9, 40.6)  # west of Kokomo, no stop or pin there
    land = image.pixelColor(round(inland[0]), round(inland[1]))
    assert near(land, QColor("#F7F6F2"), 4)
    wide = view.view.zoomed(0.1, 550, 360)
    view._view = wide  # look from further out: the Atlantic is in the picture
    image = view.grab().toImage()
    sx, sy = wide.to_screen(-70.0, 36.0)
    assert near(image.pixelColor(round(sx), round(sy)), QColor("#D3E3ED"), 4), sea


def test_clicking_a_pin_emits_its_account(view: MapView, qtbot: Any) -> None:
    pin = PINS[1]
    with qtbot.waitSignal(view.account_clicked) as blocker:
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton,
                         pos=view.screen_position(pin.latitude, pin.longitude))
    assert blocker.args == [pin.id]


def test_clicking_a_stop_emits_its_account_and_stop(view: MapView, qtbot: Any) -> None:
    stop = next(m for m in view.scene.markers if m.name == "Lima Industrial")
    at = view.screen_position(stop.latitude, stop.longitude)
    with qtbot.waitSignal(view.stop_clicked) as stop_signal, \
            qtbot.waitSignal(view.account_clicked) as account_signal:
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=at)
    assert stop_signal.args == [stop.stop_id]
    assert account_signal.args == [stop.account_id]


def test_pin_mode_picks_the_location_under_the_click(view: MapView, qtbot: Any) -> None:
    view.set_pin_mode(True, "Click where Keller Industrial Supply is")
    at = QPoint(400, 500)
    with qtbot.assertNotEmitted(view.account_clicked), \
            qtbot.waitSignal(view.location_picked) as blocker:
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=at)
    lat, lon = blocker.args
    expected_lon, expected_lat = view.view.to_map(400, 500)
    assert (lat, lon) == pytest.approx((expected_lat, expected_lon), abs=1e-9)
    # and a click on the home marker gives the home's own coordinates
    home = view.screen_position(HOME.latitude, HOME.longitude)
    with qtbot.waitSignal(view.location_picked) as blocker:
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=home)
    assert blocker.args == pytest.approx([HOME.latitude, HOME.longitude], abs=0.02)
    with qtbot.waitSignal(view.pin_cancelled):
        qtbot.keyClick(view, Qt.Key.Key_Escape)
    with qtbot.assertNotEmitted(view.location_picked):
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=at)


def wheel(widget: MapView, at: QPointF, clicks: int) -> None:
    event = QWheelEvent(at, widget.mapToGlobal(at), QPoint(0, 0), QPoint(0, 120 * clicks),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def mouse(widget: MapView, kind: QEvent.Type, at: QPointF, buttons: Qt.MouseButton) -> None:
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else \
        Qt.MouseButton.LeftButton
    event = QMouseEvent(kind, at, widget.mapToGlobal(at), button, buttons,
                        Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def test_wheel_zoom_keeps_the_point_under_the_cursor(view: MapView) -> None:
    cursor = QPointF(300.0, 250.0)
    before, scale = view.view.to_map(300, 250), view.view.scale
    wheel(view, cursor, 2)
    assert view.view.scale == pytest.approx(scale * 1.25 ** 2)
    assert view.view.to_map(300, 250) == pytest.approx(before, abs=1e-9)
    wheel(view, cursor, -3)
    assert view.view.scale == pytest.approx(scale / 1.25)
    assert view.view.to_map(300, 250) == pytest.approx(before, abs=1e-9)


def test_drag_pans_and_fit_brings_the_trip_back(view: MapView, qtbot: Any) -> None:
    fitted = view.view
    start, end = QPointF(500, 400), QPointF(620, 330)
    grabbed = view.view.to_map(start.x(), start.y())
    with qtbot.assertNotEmitted(view.account_clicked), \
            qtbot.assertNotEmitted(view.location_picked):
        mouse(view, QEvent.Type.MouseButtonPress, start, Qt.MouseButton.LeftButton)
        for step in range(1, 5):
            mouse(view, QEvent.Type.MouseMove, start + (end - start) * (step / 4),
                  Qt.MouseButton.LeftButton)
        mouse(view, QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton)
    assert view.view.to_map(end.x(), end.y()) == pytest.approx(grabbed, abs=1e-9)
    view.fit_action.trigger()
    assert view.view == fitted


def test_the_tooltip_names_the_stop_and_its_time(view: MapView) -> None:
    stop = next(m for m in view.scene.markers if m.name == "Kokomo Tool & Die")
    x, y = view.view.to_screen(stop.longitude, stop.latitude)
    text = view.tooltip_at(QPointF(x + 3, y - 2))
    assert text.startswith("Kokomo Tool & Die\nDay 1 · Mon Dec 7, stop 3: ")
    pin = PINS[0]
    x, y = view.view.to_screen(pin.longitude, pin.latitude)
    assert view.tooltip_at(QPointF(x, y)) == "Keller Industrial Supply · Tier A · Active"
    assert view.tooltip_at(QPointF(5, 5)) == ""


def test_open_in_maps_only_when_asked(view: MapView) -> None:
    opened: list[QUrl] = []
    view.open_url = lambda url: opened.append(url) or True
    view.grab()
    assert opened == []  # painting fetched and opened nothing
    stop = next(m for m in view.scene.markers if m.name == "Lima Industrial")
    x, y = view.view.to_screen(stop.longitude, stop.latitude)
    actions = view.context_actions(QPointF(x, y))
    assert [a.text() for a in actions] == ["Open Lima Industrial in maps", "Fit to trip"]
    actions[0].trigger()
    assert opened == [osm_url(stop.latitude, stop.longitude)]
    assert opened[0].toString().startswith(
        "https://www.openstreetmap.org/?mlat=40.74260&mlon=-84.10520")
    assert [a.text() for a in view.context_actions(QPointF(5, 5))] == ["Fit to trip"]


def test_the_legend_follows_the_pin_colouring(view: MapView) -> None:
    assert [label for _c, label in view.pin_legend()] == ["Tier A", "Tier B", "No tier"]
    view.set_colour_by("status")
    assert [label for _c, label in view.pin_legend()] == ["Active", "Prospect", "Dormant"]
    with pytest.raises(ValueError):
        view.set_colour_by("size")


def test_pins_alone_are_fitted_in_view(qtbot: Any) -> None:
    widget = MapView()
    qtbot.addWidget(widget)
    widget.resize(800, 600)
    widget.set_accounts(PINS)
    for pin in PINS:
        x, y = widget.view.to_screen(pin.longitude, pin.latitude)
        assert 0 < x < 800 and 0 < y < 600
    assert not widget.grab().isNull()
