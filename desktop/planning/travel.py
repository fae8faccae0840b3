"""Distances and drive times without a road network.

Great-circle distance times a road factor over an average speed is crude but
offline, fast and the same on every machine; the solver, the explanations and
the printed itinerary all read their figures from one :class:`Matrix`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from desktop.planning.problem import Place, TravelModel

EARTH_RADIUS_KM = 6371.0088  # the mean radius (IUGG)


def has_location(place: Place) -> bool:
    """False for a place that was never geocoded.

    The contract has plain floats, so "no coordinates" is NaN (or the 0,0 that
    an empty geocoder answer leaves behind, which is in the Gulf of Guinea).
    """
    lat, lon = place.latitude, place.longitude
    if not (math.isfinite(lat) and math.isfinite(lon)):
        return False
    if lat == 0.0 and lon == 0.0:
        return False
    return -90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0


def distance_km(a: Place, b: Place) -> float:
    """Great-circle (haversine) distance between two places in km."""
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat = lat2 - lat1
    dlon = math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def drive_minutes(km: float, model: TravelModel) -> int:
    """Whole minutes on the road for ``km`` of great-circle distance, rounded up
    (a plan never promises an arrival earlier than the model allows)."""
    minutes = km * model.road_factor / model.average_kmh * 60.0
    return math.ceil(minutes - 1e-9) if minutes > 0 else 0


@dataclass(frozen=True)
class Matrix:
    """Road km and drive minutes between every pair of ``places``."""

    places: tuple[Place, ...]
    km: tuple[tuple[float, ...], ...]
    minutes: tuple[tuple[int, ...], ...]

    def __len__(self) -> int:
        return len(self.places)


def build_matrix(places: Sequence[Place], model: TravelModel) -> Matrix:
    """The matrix for ``places`` in the given order (day starts/ends, then stops).

    ``km`` is the road distance (great circle x road factor), the distance a
    rep reads on the itinerary; minutes follow :func:`drive_minutes`.
    """
    km_rows: list[tuple[float, ...]] = []
    minute_rows: list[tuple[int, ...]] = []
    for a in places:
        crow = [distance_km(a, b) for b in places]
        km_rows.append(tuple(round(c * model.road_factor, 1) for c in crow))
        minute_rows.append(tuple(drive_minutes(c, model) for c in crow))
    return Matrix(tuple(places), tuple(km_rows), tuple(minute_rows))


def road_km(a: Place, b: Place, model: TravelModel) -> float:
    """The road distance the itinerary prints for one leg."""
    return round(distance_km(a, b) * model.road_factor, 1)
