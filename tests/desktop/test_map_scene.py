"""What the map draws for a problem and its plan."""

from __future__ import annotations

import pytest

from desktop.planning.map_scene import MarkerKind, build_scene
from desktop.planning.sample import DAYTON, FORT_WAYNE, HOME, in_order_plan, sample_trip


def test_visits_are_numbered_per_day_in_their_order() -> None:
    problem = sample_trip()
    scene = build_scene(problem, in_order_plan(problem))
    visits = [m for m in scene.markers if m.kind is MarkerKind.VISIT]
    by_day: dict[int, list[tuple[int, str]]] = {}
    for m in visits:
        assert m.day_index is not None and m.number is not None
        by_day.setdefault(m.day_index, []).append((m.number, m.name))
    assert sorted(by_day[0]) == [(1, "Wabash Valley Feed"), (2, "Cass County Co-op"),
                                 (3, "Kokomo Tool & Die"), (4, "Grant Street Dental"),
                                 (5, "Huntington Hardware")]
    assert [n for n, _ in sorted(by_day[1])] == [1, 2, 3, 4]
    assert [n for n, _ in sorted(by_day[2])] == [1, 2, 3, 4]


def test_each_day_route_runs_from_its_start_place_to_its_end_place() -> None:
    problem = sample_trip()
    scene = build_scene(problem, in_order_plan(problem))
    assert [r.day_index for r in scene.routes] == [0, 1, 2]
    ends = [(r.points[0], r.points[-1]) for r in scene.routes]
    def at(p: object) -> tuple[float, float]:
        return (p.longitude, p.latitude)  # type: ignore[attr-defined]
    assert ends == [(at(HOME), at(FORT_WAYNE)), (at(FORT_WAYNE), at(DAYTON)),
                    (at(DAYTON), at(HOME))]
    assert len(scene.routes[0].points) == 7  # home, five visits, the hotel
    assert scene.routes[0].label == "Day 1 · Mon Dec 7"


def test_places_are_a_home_and_hotels_once_each() -> None:
    problem = sample_trip()
    scene = build_scene(problem, in_order_plan(problem))
    places = [(m.kind, m.name) for m in scene.markers
              if m.kind in (MarkerKind.HOME, MarkerKind.LODGING)]
    assert places == [(MarkerKind.HOME, "Home"), (MarkerKind.LODGING, "Hotel, Fort Wayne"),
                      (MarkerKind.LODGING, "Hotel, Dayton")]


def test_dropped_stops_say_why() -> None:
    problem = sample_trip()
    scene = build_scene(problem, in_order_plan(problem))
    dropped = {m.name: m for m in scene.markers if m.kind is MarkerKind.DROPPED}
    assert set(dropped) == {"Monroe Lab Services", "Queen City Foods"}
    assert "17:30-19:00" in dropped["Monroe Lab Services"].tooltip
    assert dropped["Queen City Foods"].account_id is not None


def test_tooltips_give_the_local_planned_time() -> None:
    problem = sample_trip()
    plan = in_order_plan(problem)
    scene = build_scene(problem, plan)
    toledo = next(m for m in scene.markers if m.name == "Glass City Packaging")
    visit = next(v for d in plan.days for v in d.visits if v.stop_id == toledo.stop_id)
    # Fort Wayne and Toledo are both on Eastern time in December: the clock matches.
    expected = visit.start.strftime("%H:%M")
    assert f"Day 2 · Tue Dec 8, stop 2: {expected}" in toledo.tooltip
    assert "min drive" in toledo.tooltip


def test_an_unsolved_trip_shows_its_stops_unplanned() -> None:
    scene = build_scene(sample_trip(), None)
    kinds = [m.kind for m in scene.markers]
    assert kinds.count(MarkerKind.UNPLANNED) == 15
    assert scene.routes == ()
    assert build_scene(None, None).markers == ()


def test_target_rows_become_pins_when_they_have_a_place() -> None:
    import uuid

    from desktop.planning.map_scene import AccountPin, pins_from_targets
    from desktop.planning.targets import TargetRow

    def row(name: str, lat: float | None, lon: float | None) -> TargetRow:
        return TargetRow(uuid.uuid5(uuid.NAMESPACE_DNS, name), name, "Austin", "TX", "78701",
                         "B", "customer", "active", lat, lon, None, None, None, True)
    pins = pins_from_targets([row("Located", 30.27, -97.74), row("Nowhere", None, None)])
    assert pins == [AccountPin(uuid.uuid5(uuid.NAMESPACE_DNS, "Located"), "Located", 30.27,
                               -97.74, "B", "active")]


def test_fit_frames_the_scheduled_stops_and_not_a_far_dropped_one() -> None:
    from desktop.planning.map_scene import Marker, Scene

    def visit(name: str, lat: float, lon: float, n: int) -> Marker:
        return Marker(MarkerKind.VISIT, lat, lon, name, name, 0, n)
    home = Marker(MarkerKind.HOME, 41.05, -73.54, "Home", "Home")
    visits = [visit("Norwalk", 41.12, -73.41, 1), visit("Greenwich", 41.03, -73.63, 2),
              visit("Bridgeport", 41.18, -73.19, 3)]
    far = Marker(MarkerKind.DROPPED, 42.89, -78.88, "Buffalo", "Buffalo\nNot scheduled")
    scene = Scene((home, *visits, far))
    framed = scene.fit_points()
    for m in (home, *visits):
        assert (m.longitude, m.latitude) in framed
    assert (far.longitude, far.latitude) not in framed
    lons, lats = [p[0] for p in framed], [p[1] for p in framed]
    assert max(lons) - min(lons) == pytest.approx(0.44)  # Greenwich to Bridgeport, not Buffalo
    assert max(lats) - min(lats) == pytest.approx(0.15)
    # with nothing scheduled, every stop is what the trip is
    unsolved = Scene((home, far))
    assert (far.longitude, far.latitude) in unsolved.fit_points()


def test_fit_of_the_sample_plan_leaves_out_its_dropped_stops() -> None:
    problem = sample_trip()
    scene = build_scene(problem, in_order_plan(problem))
    dropped = {(m.longitude, m.latitude) for m in scene.markers if m.kind is MarkerKind.DROPPED}
    scheduled = {(m.longitude, m.latitude) for m in scene.markers if m.kind is MarkerKind.VISIT}
    framed = set(scene.fit_points())
    assert scheduled <= framed
    assert not dropped & (framed - scheduled)


def test_labels_are_named_in_visit_order_then_hotels_then_dropped() -> None:
    problem = sample_trip()
    order = build_scene(problem, in_order_plan(problem)).label_order()
    kinds = [m.kind for m in order]
    assert kinds == sorted(kinds, key=[MarkerKind.VISIT, MarkerKind.LODGING,
                                       MarkerKind.DROPPED].index)
    visits = [(m.day_index, m.number) for m in order if m.kind is MarkerKind.VISIT]
    assert visits == sorted(visits)
    assert MarkerKind.HOME not in kinds


def test_two_stops_at_one_spot_get_one_label() -> None:
    from desktop.planning.map_layout import LabelRequest, place_labels

    same = [LabelRequest(200, 100, 11, (80, 16)), LabelRequest(200, 100, 11, (90, 16))]
    first, second = place_labels(same, (0, 0, 400, 300))
    assert first == (213, 92, 293, 108)  # to the right, the first choice
    assert second is None  # every side covers the first name or the first pin


def test_a_label_moves_left_then_above_then_below_and_stays_in_view() -> None:
    from desktop.planning.map_layout import LabelRequest, place_labels

    edge = LabelRequest(380, 100, 11, (80, 16))
    assert place_labels([edge], (0, 0, 400, 300)) == [(287, 92, 367, 108)]  # left
    legend = (250, 80, 400, 120)  # an overlay right across both sides
    assert place_labels([edge], (0, 0, 400, 300), [legend]) == [None]
    middle = LabelRequest(200, 100, 11, (80, 16))
    assert place_labels([middle], (0, 0, 400, 300), [(210, 90, 400, 110), (0, 90, 190, 110)]
                        ) == [(160, 71, 240, 87)]  # above
    # a route through the right side: the left is preferred, but the right is
    # still used when it is the only room
    route = [((220.0, 100.0), (300.0, 100.0))]
    assert place_labels([middle], (0, 0, 400, 300), routes=route) == [(107, 92, 187, 108)]
    assert place_labels([middle], (0, 0, 400, 300), [(0, 0, 210, 300)], route
                        ) == [(213, 92, 293, 108)]


def test_the_overlays_never_overlap() -> None:
    from desktop.planning.map_layout import layout_overlays, overlaps

    legend, scale, credit = (180.0, 110.0), (132.0, 28.0), (290.0, 16.0)
    for width, height in ((1366, 768), (420, 640), (330, 480)):
        boxes = layout_overlays(width, height, legend, scale, credit).rects()
        assert len(boxes) == 3
        for i, a in enumerate(boxes):
            assert a[0] >= 0 and a[2] <= width and a[1] >= 0 and a[3] <= height, (width, a)
            for b in boxes[i + 1:]:
                assert not overlaps(a, b), (width, a, b)
    wide = layout_overlays(1366, 768, legend, scale, credit)
    assert wide.legend == (10, 648, 190, 758)  # bottom left, level with the credit
    narrow = layout_overlays(420, 640, legend, scale, credit)
    assert narrow.legend is not None and narrow.legend[3] <= narrow.credit[1]
