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


def crow_km(places: Sequence[Place]) -> list[list[float]]:
    """Great-circle km between every pair, as :func:`distance_km` works it out
    (vectorised: a 300-stop trip has 90,000 pairs)."""
    import numpy as np

    lat = np.radians(np.array([p.latitude for p in places], dtype=float))
    lon = np.radians(np.array([p.longitude for p in places], dtype=float))
    dlat = lat[None, :] - lat[:, None]
    dlon = lon[None, :] - lon[:, None]
    h = np.sin(dlat / 2) ** 2 + np.cos(lat)[:, None] * np.cos(lat)[None, :] * np.sin(dlon / 2) ** 2
    km = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))
    return km.tolist()


def build_matrix(places: Sequence[Place], model: TravelModel,
                 crow: list[list[float]] | None = None) -> Matrix:
    """The matrix for ``places`` in the given order (day starts/ends, then stops).

    ``km`` is the road distance (great circle x road factor), the distance a
    rep reads on the itinerary; minutes follow :func:`drive_minutes`. ``crow``:
    the great-circle km from :func:`crow_km`, when the caller has them.
    """
    if crow is not None:
        import numpy as np

        c = np.array(crow, dtype=float)
        minutes = c * model.road_factor / model.average_kmh * 60.0
        whole = np.where(minutes > 0, np.ceil(minutes - 1e-9), 0).astype(int)
        return Matrix(tuple(places), tuple(map(tuple, np.round(c * model.road_factor, 1).tolist())),
                      tuple(map(tuple, whole.tolist())))
    km_rows: list[tuple[float, ...]] = []
    minute_rows: list[tuple[int, ...]] = []
    for a in places:
        crow_row = [distance_km(a, b) for b in places]
        km_rows.append(tuple(round(c * model.road_factor, 1) for c in crow_row))
        minute_rows.append(tuple(drive_minutes(c, model) for c in crow_row))
    return Matrix(tuple(places), tuple(km_rows), tuple(minute_rows))


def road_km(a: Place, b: Place, model: TravelModel) -> float:
    """The road distance the itinerary prints for one leg."""
    return round(distance_km(a, b) * model.road_factor, 1)
