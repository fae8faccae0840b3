"""Great-circle distances, drive minutes and the matrix the solver reads."""

from __future__ import annotations

import math

from desktop.planning.problem import Place, TravelModel
from desktop.planning.travel import build_matrix, distance_km, drive_minutes, has_location

CHICAGO = Place("Chicago", 41.8781, -87.6298)
NEW_YORK = Place("New York", 40.7128, -74.0060)
ST_LOUIS = Place("St. Louis", 38.6270, -90.1994)


def test_haversine_matches_known_city_distances() -> None:
    assert math.isclose(distance_km(CHICAGO, NEW_YORK), 1145, rel_tol=0.005)
    assert math.isclose(distance_km(CHICAGO, ST_LOUIS), 420, rel_tol=0.01)
    assert distance_km(CHICAGO, CHICAGO) == 0
    assert math.isclose(distance_km(Place("", 0, 179.9), Place("", 0, -179.9)), 22.2, rel_tol=0.01)


def test_drive_minutes_follow_the_road_factor_and_speed_rounded_up() -> None:
    model = TravelModel(road_factor=1.5, average_kmh=60.0)
    assert drive_minutes(10.0, model) == 15  # 15 road km at 60 km/h
    assert drive_minutes(10.01, model) == 16
    assert drive_minutes(0.0, model) == 0


def test_the_matrix_holds_road_km_and_minutes_both_ways() -> None:
    model = TravelModel()
    matrix = build_matrix([CHICAGO, ST_LOUIS, NEW_YORK], model)
    assert len(matrix) == 3
    assert matrix.km[0][1] == matrix.km[1][0] == round(distance_km(CHICAGO, ST_LOUIS) * 1.3, 1)
    assert matrix.minutes[0][2] == drive_minutes(distance_km(CHICAGO, NEW_YORK), model)
    assert all(matrix.minutes[i][i] == 0 for i in range(3))


def test_a_place_never_geocoded_has_no_location() -> None:
    assert has_location(CHICAGO)
    assert not has_location(Place("", float("nan"), float("nan")))
    assert not has_location(Place("", 0.0, 0.0))
    assert not has_location(Place("", 95.0, 10.0))
