"""The offline base map: the data file, projections, fitting and the viewport."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.planning import basemap
from desktop.planning.basemap import Albers, Equirectangular, fit, projection_for

CITIES = [  # (state, lon, lat): well inside their state at 400 m simplification
    ("IL", -89.65, 39.78), ("IL", -87.63, 41.88), ("TX", -97.74, 30.27),
    ("CO", -104.99, 39.74), ("WA", -122.33, 47.61), ("FL", -80.19, 25.77),
    ("NY", -73.76, 42.65), ("MI", -83.05, 42.33), ("IN", -86.16, 39.77),
    ("OH", -84.19, 39.76), ("AK", -149.90, 61.22), ("HI", -157.86, 21.31),
    ("CA", -118.24, 34.05), ("GA", -84.39, 33.75), ("ME", -70.26, 43.66),
]


def test_the_data_file_is_small_and_complete() -> None:
    assert basemap.MAP_FILE.stat().st_size < 1_500_000
    data = basemap.load()
    assert len(data.states) == 51  # 50 states and DC
    assert {"IL", "DC", "AK", "HI"} <= {s.code for s in data.states}
    assert len(data.countries) > 170
    assert any("Census" in s for s in data.sources)
    assert any("Natural Earth" in s for s in data.sources)


@pytest.mark.parametrize(("code", "lon", "lat"), CITIES)
def test_a_city_lands_in_its_state(code: str, lon: float, lat: float) -> None:
    found = basemap.load().state_at(lon, lat)
    assert found is not None and found.code == code


@pytest.mark.parametrize(("name", "lon", "lat"), [
    ("France", 2.35, 48.86), ("Germany", 13.40, 52.52), ("Mexico", -99.13, 19.43),
    ("Canada", -79.38, 43.65), ("Japan", 139.69, 35.69), ("Brazil", -47.88, -15.79)])
def test_a_city_lands_in_its_country(name: str, lon: float, lat: float) -> None:
    found = basemap.load().country_at(lon, lat)
    assert found is not None and found.name == name


def test_the_sea_is_in_no_state() -> None:
    data = basemap.load()
    assert data.state_at(-70.0, 38.0) is None  # the Atlantic off Virginia
    assert data.country_at(-40.0, 30.0) is None


@pytest.mark.parametrize("code", ["CO", "IL", "TX", "IN", "KS"])
def test_the_label_point_is_inside_the_state(code: str) -> None:
    state = next(s for s in basemap.load().states if s.code == code)
    assert state.contains(*state.label_point())


PROJECTIONS = [Albers(), Albers(10.0, 40.0, 42.0, 52.0), Equirectangular(),
               Equirectangular(-90.0, 40.0)]


@pytest.mark.parametrize("projection", PROJECTIONS, ids=repr)
@given(lon=st.floats(-179.0, 179.0), lat=st.floats(-80.0, 80.0))
def test_projections_round_trip(projection: basemap.Projection, lon: float, lat: float
                                ) -> None:
    if isinstance(projection, Albers) and abs(lon - projection.lon0) > 175:
        return  # beyond the cone's seam a conic has no unique inverse
    back = projection.inverse(*projection.forward(lon, lat))
    assert back == pytest.approx((lon, lat), abs=1e-7)


def test_albers_keeps_areas_and_north_up() -> None:
    p = basemap.US_ALBERS
    # One degree squares at the same latitude have the same area anywhere in longitude.
    def area(lon: float, lat: float) -> float:
        corners = [p.forward(lon, lat), p.forward(lon + 1, lat), p.forward(lon + 1, lat + 1),
                   p.forward(lon, lat + 1)]
        return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2)
                       in zip(corners, corners[1:] + corners[:1], strict=True))) / 2
    assert area(-120, 40) == pytest.approx(area(-75, 40), rel=0.05)
    assert p.forward(-96, 45)[1] > p.forward(-96, 30)[1]  # north is up
    assert p.forward(-80, 40)[0] > p.forward(-110, 40)[0]  # east is right


def test_the_projection_follows_the_extent() -> None:
    assert projection_for([(-86.2, 39.8), (-84.2, 41.6)]) == basemap.US_ALBERS
    assert projection_for([]) == basemap.US_ALBERS
    europe = projection_for([(2.35, 48.86), (13.40, 52.52), (12.5, 41.9)])
    assert isinstance(europe, Albers) and 0 < europe.lon0 < 14
    world = projection_for([(-87.6, 41.9), (139.7, 35.7)])
    assert isinstance(world, Equirectangular)


points = st.lists(st.tuples(st.floats(-124, -67), st.floats(25, 49)), min_size=1, max_size=30)


@given(pts=points, width=st.integers(640, 2000), height=st.integers(240, 1400))
def test_fit_shows_every_point_inside_the_margin(pts: list[tuple[float, float]], width: int,
                                                 height: int) -> None:
    view = fit(basemap.US_ALBERS, pts, width, height, margin=(200, 30, 120, 40))
    for lon, lat in pts:
        x, y = view.to_screen(lon, lat)
        assert 200 - 1e-6 <= x <= width - 120 + 1e-6
        assert 30 - 1e-6 <= y <= height - 40 + 1e-6


def test_fit_shrinks_margins_that_leave_no_room() -> None:
    view = fit(basemap.US_ALBERS, [(-88, 38), (-84, 42)], 320, 240, margin=(200, 30, 120, 40))
    for lon, lat in [(-88, 38), (-84, 42)]:
        x, y = view.to_screen(lon, lat)
        assert 0 < x < 320 and 0 < y < 240


def test_fit_of_one_point_is_not_infinite_zoom() -> None:
    view = fit(basemap.US_ALBERS, [(-86.16, 39.77)], 800, 600)
    assert view.to_screen(-86.16, 39.77) == pytest.approx((400, 300))
    assert view.scale < basemap.MAX_SCALE


@given(sx=st.floats(0, 800), sy=st.floats(0, 600), factor=st.floats(0.2, 5.0))
def test_zoom_keeps_the_point_under_the_cursor(sx: float, sy: float, factor: float) -> None:
    view = fit(basemap.US_ALBERS, [(-88, 38), (-84, 42)], 800, 600)
    before = view.to_map(sx, sy)
    after = view.zoomed(factor, sx, sy)
    assert after.scale == pytest.approx(view.scale * factor)
    assert after.to_map(sx, sy) == pytest.approx(before, abs=1e-7)


def test_pan_moves_the_map_with_the_mouse() -> None:
    view = fit(basemap.US_ALBERS, [(-88, 38), (-84, 42)], 800, 600)
    under = view.to_map(300, 200)
    moved = view.panned(50, -30)
    assert moved.to_map(350, 170) == pytest.approx(under, abs=1e-9)


def test_screen_to_map_is_the_inverse_of_map_to_screen() -> None:
    view = fit(basemap.US_ALBERS, [(-88, 38), (-84, 42)], 800, 600)
    assert view.to_map(*view.to_screen(-86.16, 39.77)) == pytest.approx((-86.16, 39.77))
