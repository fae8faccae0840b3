"""What the map draws for a problem and its plan."""

from __future__ import annotations

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
    assert scene.routes[0].label == "Day 1 · Mon Dec 07"


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
    assert f"Day 2 · Tue Dec 08, stop 2: {expected}" in toledo.tooltip
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
