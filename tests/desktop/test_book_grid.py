"""The map of the book without Qt: clusters account for every account at every
zoom, a polygon holds exactly the points inside it, the nearest accounts to a
stop are the true nearest, and the book is read with ZIP places and last visits."""

from __future__ import annotations

import random
import uuid
from datetime import timedelta

import pytest

from desktop.planning.basemap import MAX_SCALE, MIN_SCALE
from desktop.planning.book import BookReader, as_targets
from desktop.planning.book_grid import CLUSTER_FROM, STATUSES, TIERS, BookIndex, level_of
from desktop.planning.geo import haversine_miles
from desktop.planning.map_scene import AccountPin
from desktop.services.container import Services
from tests.conftest import FIXED_NOW


def scattered(count: int, seed: int = 3) -> list[AccountPin]:
    """Towns and country between them; some on one spot (a shared ZIP centre)."""
    rng = random.Random(seed)
    pins = []
    for n in range(count):
        if n % 10 == 0:
            lat, lon = 39.7684, -86.1581  # many accounts on one ZIP centre
        elif rng.random() < 0.5:
            lat, lon = rng.gauss(41.08, 0.1), rng.gauss(-85.14, 0.1)
        else:
            lat, lon = rng.uniform(37.8, 41.8), rng.uniform(-88.0, -84.8)
        visit = None if n % 7 == 0 else FIXED_NOW - timedelta(days=rng.randint(0, 200))
        pins.append(AccountPin(uuid.UUID(int=n + 1), f"A{n}", lat, lon, rng.choice(TIERS),
                               rng.choice([s for s in STATUSES if s]), visit))
    return pins


def test_cluster_counts_sum_to_the_book_at_every_zoom() -> None:
    pins = scattered(5000)
    index = BookIndex(pins, FIXED_NOW)
    stale = sum(p.last_visit is None or p.last_visit < FIXED_NOW - timedelta(days=90)
                for p in pins)
    levels = range(level_of(MIN_SCALE), level_of(MAX_SCALE) + 1)
    sizes = []
    for level in levels:
        clusters = index.clusters(2 ** (level / 2) * 1.01)
        assert clusters.level == level
        assert int(clusters.count.sum()) == len(pins)
        assert (clusters.tiers.sum(axis=1) == clusters.count).all()
        assert (clusters.statuses.sum(axis=1) == clusters.count).all()
        assert int(clusters.stale.sum()) == stale
        assert list(clusters.x) == sorted(clusters.x)  # the view's columns are a bisect
        singles = clusters.single[clusters.count == 1]
        assert len(set(singles.tolist())) == len(singles) and (singles >= 0).all()
        assert (clusters.single[clusters.count > 1] == -1).all()
        sizes.append(len(clusters))
    assert sizes[0] < 5 and sizes[-1] > 1000  # one blob far out, mostly single close in
    # Closer in, more clusters (cells of sqrt(2) steps do not nest: compare two steps apart).
    assert all(b >= a for a, b in zip(sizes, sizes[2:], strict=False) if a > 20)
    # The 500 on one spot stay one cluster however close the zoom.
    assert int(index.clusters(MAX_SCALE).count.max()) == 500


def test_a_small_book_is_not_clustered() -> None:
    index = BookIndex(scattered(CLUSTER_FROM - 1), FIXED_NOW)
    clusters = index.clusters(0.5)
    assert len(clusters) == CLUSTER_FROM - 1 and (clusters.count == 1).all()


def test_a_polygon_holds_exactly_the_points_inside_it() -> None:
    """A U shape in projected km (a concave bay between its arms), against a
    reference point-in-polygon test on each account."""
    pins = scattered(3000)
    index = BookIndex(pins, FIXED_NOW)
    cx, cy = float(index.x.mean()), float(index.y.mean())
    u = [(cx - 150, cy - 150), (cx + 150, cy - 150), (cx + 150, cy + 150), (cx + 60, cy + 150),
         (cx + 60, cy - 40), (cx - 60, cy - 40), (cx - 60, cy + 150), (cx - 150, cy + 150)]

    def reference(x: float, y: float) -> bool:
        in_square = abs(x - cx) < 150 and abs(y - cy) < 150
        in_bay = abs(x - cx) < 60 and cy - 40 < y < cy + 150
        return in_square and not in_bay

    expected = [n for n in range(len(pins)) if reference(index.x[n], index.y[n])]
    assert 100 < len(expected) < len(pins) - 100
    assert index.inside(u) == expected
    assert index.inside(u[:2]) == []  # not a shape


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_near_a_stop_is_the_true_nearest(seed: int) -> None:
    pins = scattered(4000, seed)
    index = BookIndex(pins, FIXED_NOW)
    rng = random.Random(seed)
    for _n in range(15):
        lat, lon = rng.uniform(37.0, 42.5), rng.uniform(-89.0, -84.0)
        skip = {rng.randrange(len(pins)) for _k in range(3)}
        found = index.near.nearest(lat, lon, 10, exclude=skip)
        brute = sorted((haversine_miles(lat, lon, p.latitude, p.longitude), n)
                       for n, p in enumerate(pins) if n not in skip)[:10]
        assert [n for _d, n in found] == [n for _d, n in brute] or \
            [round(d, 6) for d, _n in found] == [round(d, 6) for d, _n in brute]
        assert [d for d, _n in found] == pytest.approx([d for d, _n in brute], abs=1e-6)
    far = index.near.nearest(60.0, -150.0, 3)  # Alaska: every ring out to the book
    brute = sorted(haversine_miles(60.0, -150.0, p.latitude, p.longitude) for p in pins)[:3]
    assert [d for d, _n in far] == pytest.approx(brute)


def test_near_asks_for_more_than_the_book_holds() -> None:
    index = BookIndex(scattered(5), FIXED_NOW)
    assert len(index.near.nearest(40.0, -86.0, 10)) == 5
    assert BookIndex([], FIXED_NOW).near.nearest(40.0, -86.0, 10) == []


def test_the_book_is_read_with_zip_places_and_last_visits(services: Services) -> None:
    make = services.accounts.create_account
    located = make({"name": "Pinned", "kind": "customer", "status": "active", "tier": "A",
                    "billing_postal_code": "62701", "billing_country": "US"}).id
    by_zip = make({"name": "By ZIP", "kind": "customer", "status": "prospect",
                   "billing_postal_code": "46204", "billing_country": "US"}).id
    make({"name": "Nowhere", "kind": "customer", "status": "active"})
    services.geo.set_location(located, 39.5, -89.0)
    services.history.log_interaction(by_zip, {"channel": "visit", "subject": "Demo",
                                              "occurred_at": FIXED_NOW - timedelta(days=3)})
    pins = {p.name: p for p in BookReader(services.store, services.clock).pins()}
    assert set(pins) == {"Pinned", "By ZIP"}
    assert (pins["Pinned"].latitude, pins["Pinned"].longitude) == (39.5, -89.0)
    assert pins["By ZIP"].latitude == pytest.approx(39.77, abs=0.1)
    assert pins["By ZIP"].last_visit == FIXED_NOW - timedelta(days=3)
    assert pins["Pinned"].last_visit is None and pins["Pinned"].tier == "A"
    index = BookReader(services.store, services.clock).index()
    assert len(index) == 2 and index.position(by_zip) is not None
    assert index.stale.tolist() == [p.last_visit is None for p in index.pins]
    assert [t.id for t in as_targets(index.pins)] == [p.id for p in index.pins]
