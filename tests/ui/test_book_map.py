"""The map of the book, offscreen and driven with the mouse: a lasso selects
exactly the accounts inside it (not those in its concave bay), a rectangle
too, a cluster click zooms in; in the Trips view the selection becomes trip
stops and action-plan targets, and a stop clicked lists its nearest accounts."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt

from desktop.planning.book_grid import BookIndex
from desktop.planning.geo import haversine_miles
from desktop.planning.map_scene import AccountPin
from desktop.planning.targets import TargetFilter
from tests.conftest import FIXED_NOW
from ui.widgets.book_map_view import BookMapView

from .clicks import click, click_tab, model_checks
from .test_trips_ui import book, trips_view

LEFT = Qt.MouseButton.LeftButton


def grid_pins() -> list[AccountPin]:
    """9 x 9 accounts on a latitude-longitude grid over Indiana (too few to cluster)."""
    return [AccountPin(uuid.UUID(int=1 + r * 9 + c), f"R{r}C{c}", 38.4 + r * 0.4,
                       -87.6 + c * 0.45, "ABC"[c % 3], "active")
            for r in range(9) for c in range(9)]


def drag(qtbot: Any, widget: Any, corners: list[tuple[float, float]], step: float = 6.0,
         close: bool = False) -> None:
    """Press at the first corner, move along the edges in small steps, release."""
    path = corners + ([corners[0]] if close else [])
    qtbot.mousePress(widget, LEFT, pos=QPoint(round(path[0][0]), round(path[0][1])))
    for (x1, y1), (x2, y2) in zip(path, path[1:], strict=False):
        steps = max(1, round(max(abs(x2 - x1), abs(y2 - y1)) / step))
        for n in range(1, steps + 1):
            qtbot.mouseMove(widget, QPoint(round(x1 + (x2 - x1) * n / steps),
                                           round(y1 + (y2 - y1) * n / steps)))
    qtbot.mouseRelease(widget, LEFT, pos=QPoint(round(path[-1][0]), round(path[-1][1])))


def distance(p: tuple[float, float], edge: tuple[tuple[float, float], ...]) -> float:
    """From a point to a segment, in px."""
    (ax, ay), (bx, by) = edge
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((p[0] - ax) * dx + (p[1] - ay) * dy) / (dx * dx + dy * dy)))
    return float(((p[0] - ax - t * dx) ** 2 + (p[1] - ay - t * dy) ** 2) ** 0.5)


@pytest.fixture
def book_map(qtbot: Any) -> BookMapView:
    view = BookMapView()
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    qtbot.waitExposed(view)
    view.set_book(BookIndex(grid_pins(), FIXED_NOW))
    return view


def screen(view: BookMapView) -> list[tuple[float, float]]:
    assert view.index is not None
    return [view.view.to_screen(p.longitude, p.latitude) for p in view.index.pins]


def test_a_lasso_selects_exactly_the_accounts_inside_it(book_map: BookMapView,
                                                        qtbot: Any) -> None:
    """A U drawn with the mouse, its corners half way between accounts of the
    9 x 9 grid: its arms hold accounts, its bay (open to the north) holds
    accounts that are not selected, and accounts around it stay out."""
    points = screen(book_map)

    def between(r: int, c: int) -> tuple[float, float]:
        """The middle of the grid cell between rows r, r+1 and columns c, c+1."""
        four = [points[(r + dr) * 9 + c + dc] for dr in (0, 1) for dc in (0, 1)]
        return sum(p[0] for p in four) / 4, sum(p[1] for p in four) / 4

    u = [between(r, c) for r, c in ((1, 1), (1, 7), (7, 7), (7, 5), (3, 5), (3, 3), (7, 3),
                                    (7, 1))]
    expected = [r * 9 + c for r in range(2, 8) for c in range(2, 8)
                if not (c in (4, 5) and r >= 4)]
    in_bay = [r * 9 + c for r in range(4, 8) for c in (4, 5)]
    edges = list(zip(u, u[1:] + u[:1], strict=True))
    assert all(min(distance(p, e) for e in edges) > 8 for p in points), \
        "no account near the shape's edge: no judgement calls"
    book_map.set_mode("lasso")
    with qtbot.waitSignal(book_map.selection_changed) as got:
        drag(qtbot, book_map, u)
    assert got.args[0] == expected
    assert not set(in_bay) & set(got.args[0])
    assert book_map.selected.tolist() == expected
    book_map.grab()  # the shape and the rings paint
    qtbot.keyClick(book_map, Qt.Key.Key_Escape)
    assert book_map.selected.tolist() == []


def test_a_rectangle_selects_what_it_covers(book_map: BookMapView, qtbot: Any) -> None:
    points = screen(book_map)
    a, b = (points[20][0] + points[21][0]) / 2, (points[23][0] + points[24][0]) / 2
    top = (points[9][1] + points[18][1]) / 2  # between rows 1 and 2 (screen y grows down)
    bottom = (points[36][1] + points[45][1]) / 2
    expected = [n for n, (x, y) in enumerate(points) if min(a, b) < x < max(a, b)
                and min(top, bottom) < y < max(top, bottom)]
    book_map.set_mode("rectangle")
    with qtbot.waitSignal(book_map.selection_changed) as got:
        drag(qtbot, book_map, [(a, top), (b, bottom)], step=20)
    assert got.args[0] == expected and len(expected) == 9  # 3 columns by 3 rows


def test_a_drag_in_move_mode_pans_and_selects_nothing(book_map: BookMapView,
                                                      qtbot: Any) -> None:
    before = book_map.view.cx
    with qtbot.assertNotEmitted(book_map.selection_changed):
        drag(qtbot, book_map, [(300, 300), (400, 300)])
    assert book_map.view.cx != before


def test_a_large_book_is_clustered_and_a_click_zooms_in(qtbot: Any) -> None:
    from ui.book_screenshot import sample_book

    view = BookMapView()
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    qtbot.waitExposed(view)
    view.set_book(BookIndex(sample_book(5000), FIXED_NOW))
    clusters = view.clusters()
    assert clusters is not None and int(clusters.count.sum()) == 5000
    biggest = int(clusters.count.argmax())
    assert int(clusters.count[biggest]) > 50
    x, y = view.view.xy_to_screen(float(clusters.x[biggest]), float(clusters.y[biggest]))
    assert "accounts here" in view.tooltip_at(QPoint(round(x), round(y)).toPointF())
    scale = view.view.scale
    qtbot.mouseClick(view, LEFT, pos=QPoint(round(x), round(y)))
    assert view.view.scale == pytest.approx(scale * 2)
    view.set_colour_by("status")
    assert [label for _c, label in view.pin_legend()][-1] == "No visit in 90 days"
    assert view.grab().width() == 900


def test_the_book_tab_adds_the_lasso_to_the_trip_and_lists_near_a_stop(
        make_app: Any, qtbot: Any, prompts: Any, request: Any) -> None:
    app = make_app()
    check = model_checks(request)
    ids = book(app.services)
    trips = app.services.trips
    settings = app.services.settings
    settings.home_latitude, settings.home_longitude = 39.80, -89.65  # Springfield
    settings.home_time_zone = "America/Chicago"
    trip = app.services.store.writer.call(lambda: trips.create("Central", date(2026, 12, 8), 1))
    far = [t for t in app.services.targets.search(TargetFilter()) if t.name == "Peoria Packaging"]
    app.services.store.writer.call(lambda: trips.add_stops(trip.id, far))
    view = trips_view(app, qtbot)
    assert view.book.page is None  # built when first shown (numpy is a large import)
    click_tab(qtbot, view.pages, view.book)
    page = view.book.page
    assert page is not None
    assert app.window.minimumSizeHint().width() <= 1366 / 1.25  # a 125 % laptop still fits
    qtbot.waitUntil(lambda: page.index is not None and not page.loading)
    assert len(page.index) == len(ids)  # every account has a ZIP place
    check(page.selection)
    check(page.near)
    # A lasso around Springfield and Decatur (not Peoria, Champaign, Bloomington).
    wanted = {"Keller Industrial Supply", "Capitol Dental", "Decatur Feed & Seed"}
    pos = {p.name: page.map.view.to_screen(p.longitude, p.latitude) for p in page.index.pins}
    xs = [pos[n][0] for n in wanted]
    ys = [pos[n][1] for n in wanted]
    ring = [(min(xs) - 12, min(ys) - 12), (max(xs) + 12, min(ys) - 12),
            (max(xs) + 12, max(ys) + 12), (min(xs) - 12, max(ys) + 12)]
    others = [pos[n] for n in pos if n not in wanted]
    assert not any(ring[0][0] < x < ring[1][0] and ring[0][1] < y < ring[2][1] for x, y in others)
    click(qtbot, next(b for b in page.modes.buttons() if b.property("mode") == "lasso"))
    drag(qtbot, page.map, ring)
    assert {p.name for p in page.selected_pins()} == wanted
    assert page.add_to_trip.isEnabled()
    click(qtbot, page.add_to_trip)
    qtbot.waitUntil(lambda: len(trips.stops(trip.id)) == 4)
    on_trip = {s.account_name for s in trips.stops(trip.id)}
    assert on_trip == wanted | {"Peoria Packaging"}
    qtbot.waitUntil(lambda: "3 stops added" in page.status.text())
    # The book map's trip follows at once (the Trips tab is hidden: it catches up when shown).
    assert {s.place.name for s in page.problem.stops} == wanted | {"Peoria Packaging"}
    assert len([m for m in page.map.scene.markers if m.stop_id is not None]) == 4
    # The same selection onto an action plan, chosen from the rep's plans.
    plan = app.services.store.writer.call(lambda: app.services.action_plans.create(
        "December", date(2026, 12, 1), date(2026, 12, 31)))
    prompts.choice_answers.append(0)
    click(qtbot, page.add_to_plan)
    qtbot.waitUntil(lambda: len(app.services.action_plans.targets(plan.id)) == 3)
    assert {t.account_name for t in app.services.action_plans.targets(plan.id)} == wanted
    # Near this stop: Peoria's stop on the map, clicked.
    stop = next(s for s in view.problem.stops if s.place.name == "Peoria Packaging")
    qtbot.mouseClick(page.map, LEFT, pos=page.map.screen_position(stop.place.latitude,
                                                                  stop.place.longitude))
    names = [page.near.row_at(n)[0].name for n in range(page.near.rowCount())]
    brute = sorted((haversine_miles(stop.place.latitude, stop.place.longitude, p.latitude,
                                    p.longitude), p.name) for p in page.index.pins
                   if p.name not in on_trip)  # those on the trip are left out
    assert names == [name for _d, name in brute] and len(names) == 3
    assert "Peoria Packaging" in page.near_title.text()
    # An account edited elsewhere: the book is read again, the selection stays.
    before = page.index
    keller = ids["Keller Industrial Supply"]
    changes = app.services.store.writer.call(lambda: app.services.accounts.update_account(
        keller, {"name": "Keller Industrial Supply Co."}))
    assert keller in changes.ids("accounts")
    app.bus.publish(changes)
    qtbot.waitUntil(lambda: page.index is not before and not page.loading)
    assert {p.name for p in page.selected_pins()} == wanted - {"Keller Industrial Supply"} | {
        "Keller Industrial Supply Co."}
    assert len(page.map.selected) == 3


def _near_names(page: Any) -> list[str]:
    return [page.near.row_at(n)[0].name for n in range(page.near.rowCount())]


def _brute(page: Any, stop: Any, on_trip: set[str]) -> list[str]:
    found = sorted((haversine_miles(stop.place.latitude, stop.place.longitude, p.latitude,
                                    p.longitude), p.name) for p in page.index.pins
                   if p.name not in on_trip)
    return [name for _d, name in found]


def test_a_stop_picked_in_the_plan_tab_lists_the_accounts_near_it(
        make_app: Any, qtbot: Any) -> None:
    from .clicks import click_row

    app = make_app()
    book(app.services)
    trips, settings = app.services.trips, app.services.settings
    settings.home_latitude, settings.home_longitude = 39.80, -89.65  # Springfield
    settings.home_time_zone = "America/Chicago"
    trip = app.services.store.writer.call(lambda: trips.create("Central", date(2026, 12, 8), 1))
    picked = [t for t in app.services.targets.search(TargetFilter())
              if t.name in ("Peoria Packaging", "Prairie Foods")]
    app.services.store.writer.call(lambda: trips.add_stops(trip.id, picked))
    view = trips_view(app, qtbot)
    panel, on_trip = view.plan_panel, {"Peoria Packaging", "Prairie Foods"}
    stops = {s.place.name: s for s in view.problem.stops}

    def pick(name: str) -> None:
        click_tab(qtbot, view.pages, view.splitter)
        click_tab(qtbot, view.tabs, panel)
        row = panel.stops.row_of(stops[name].id)
        assert row is not None
        click_row(qtbot, panel.stop_table, row)
        assert panel.selected_stop().stop.id == stops[name].id

    pick("Peoria Packaging")  # before the map of the book was ever built
    assert view.book.page is None
    click_tab(qtbot, view.pages, view.book)
    page: Any = view.book.page  # built now
    assert page is not None
    qtbot.waitUntil(lambda: page.index is not None and not page.loading
                    and page.near.rowCount() > 0)
    assert _near_names(page) == _brute(page, stops["Peoria Packaging"], on_trip)
    assert _near_names(page)[0] == "Bloomington Tool" and len(_near_names(page)) == 5
    assert "Near Peoria Packaging" in page.near_title.text()
    assert len(page.map.near) == 5  # ringed on the map too
    near_peoria = _near_names(page)

    pick("Prairie Foods")  # the page exists now: it follows at once
    click_tab(qtbot, view.pages, view.book)
    assert _near_names(page) == _brute(page, stops["Prairie Foods"], on_trip)
    assert _near_names(page) != near_peoria
    assert "Near Prairie Foods" in page.near_title.text()
