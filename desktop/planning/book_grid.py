"""The map of the book without Qt: account pins clustered on a grid per zoom
level, picked by a rectangle or a lasso, and the accounts nearest a stop.

Positions are projected kilometres (the map's projection) in numpy arrays, so
100,000 accounts project and cluster in tens of milliseconds. The index is
built on a worker; each zoom level's clusters are computed once and cached
(``precompute`` fills every level the map can show, also on a worker).
"""

from __future__ import annotations

import math
import threading
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import numpy as np

from desktop.planning.basemap import (
    MAX_SCALE,
    MIN_SCALE,
    Albers,
    Equirectangular,
    Projection,
    projection_for,
)
from desktop.planning.geo import EARTH_RADIUS_KM, KM_PER_MILE
from desktop.planning.map_scene import AccountPin

CELL_PX = 64.0  # a cluster cell's side on screen, at the level's lowest zoom
ZOOM_STEP = math.sqrt(2)  # one cache level per step; cells span 64-91 px on screen
CLUSTER_FROM = 200  # fewer accounts than this: every pin drawn on its own
STALE_DAYS = 90  # faded on the map: not visited for this long (or never)
TIERS = ("A", "B", "C", None)
STATUSES = ("active", "prospect", "dormant", "closed", None)

Array = Any  # numpy arrays (numpy's stubs are not precise enough to help here)


def level_of(scale: float) -> int:
    """The cache level of a zoom (``scale`` px per km)."""
    return math.floor(math.log(scale) / math.log(ZOOM_STEP) + 1e-9)


def cell_km(level: int) -> float:
    return CELL_PX / ZOOM_STEP ** level


def project(projection: Projection, lons: Array, lats: Array) -> tuple[Array, Array]:
    """Many points at once: the formulas of ``basemap`` on arrays."""
    if isinstance(projection, Albers):
        n, c, rho0 = projection._constants
        rho = EARTH_RADIUS_KM * np.sqrt(np.maximum(c - 2 * n * np.sin(np.radians(lats)), 0.0)) / n
        theta = n * np.radians(lons - projection.lon0)
        return rho * np.sin(theta), rho0 - rho * np.cos(theta)
    if isinstance(projection, Equirectangular):
        k = EARTH_RADIUS_KM * math.pi / 180
        return ((lons - projection.lon0) * k * math.cos(math.radians(projection.lat_ts)),
                lats * k)
    pairs = [projection.forward(lon, lat) for lon, lat in zip(lons, lats, strict=True)]
    return np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs])


@dataclass(frozen=True)
class Clusters:
    """One zoom level's clusters, sorted by x (so a view's columns are a bisect).

    ``single`` is the pin's index where a cluster holds one account, else -1;
    ``tiers`` and ``statuses`` count the members per category (``TIERS``,
    ``STATUSES``); ``stale`` counts those not visited for ``STALE_DAYS``."""

    level: int | None
    x: Array
    y: Array
    count: Array
    single: Array
    tiers: Array
    statuses: Array
    stale: Array

    def __len__(self) -> int:
        return len(self.x)

    def visible(self, west: float, east: float) -> tuple[int, int]:
        """The slice of clusters whose x lies in [west, east]."""
        return (int(np.searchsorted(self.x, west, "left")),
                int(np.searchsorted(self.x, east, "right")))


def _category(values: Iterable[str | None], names: Sequence[str | None]) -> Array:
    index = {name: n for n, name in enumerate(names)}
    other = index[None]
    return np.fromiter((index.get(v, other) for v in values), dtype=np.int64)


class BookIndex:
    """Every located account of the book, projected once, ready to cluster,
    select and search near a place. Immutable after it is built."""

    def __init__(self, pins: Sequence[AccountPin], now: datetime,
                 projection: Projection | None = None, stale_days: int = STALE_DAYS) -> None:
        self.pins = list(pins)
        self.lats = np.fromiter((p.latitude for p in self.pins), dtype=float, count=len(self.pins))
        self.lons = np.fromiter((p.longitude for p in self.pins), dtype=float,
                                count=len(self.pins))
        self.projection = projection or projection_for(self.corners())
        self.x, self.y = project(self.projection, self.lons, self.lats)
        self.tier = _category((p.tier for p in self.pins), TIERS)
        self.status = _category((p.status for p in self.pins), STATUSES)
        since = now - timedelta(days=stale_days)
        self.stale = np.fromiter((p.last_visit is None or p.last_visit < since
                                  for p in self.pins), dtype=bool, count=len(self.pins))
        self._levels: dict[int | None, Clusters] = {}
        self._lock = threading.Lock()
        self._positions: dict[uuid.UUID, int] | None = None
        self.near = NearGrid(self.lats, self.lons)

    def __len__(self) -> int:
        return len(self.pins)

    def position(self, account_id: uuid.UUID | None) -> int | None:
        """The pin index of an account (None: not on the map)."""
        if self._positions is None:
            self._positions = {p.id: n for n, p in enumerate(self.pins)}
        return None if account_id is None else self._positions.get(account_id)

    def corners(self) -> list[tuple[float, float]]:
        """(lon, lat) around every pin: what "fit" frames, without projecting them all."""
        if not len(self.lats):
            return []
        w, e = float(self.lons.min()), float(self.lons.max())
        s, n = float(self.lats.min()), float(self.lats.max())
        return [(w, s), (w, n), (e, s), (e, n), ((w + e) / 2, s), ((w + e) / 2, n)]

    # -- clusters ------------------------------------------------------------
    def key(self, scale: float) -> int | None:
        """The cache key of a zoom: None when the book is small enough to show whole."""
        return None if len(self.pins) < CLUSTER_FROM else level_of(scale)

    def cached(self, scale: float) -> Clusters | None:
        return self._levels.get(self.key(scale))

    def clusters(self, scale: float) -> Clusters:
        """The clusters at this zoom, computed on first use (call it on a worker)."""
        key = self.key(scale)
        found = self._levels.get(key)
        if found is None:
            found = self._cluster(key)
            with self._lock:
                self._levels[key] = found
        return found

    def precompute(self, scales: Iterable[float] = ()) -> None:
        """Every level between the widest and the closest zoom (``scales`` first)."""
        wanted = [*scales, *(ZOOM_STEP ** level for level in range(
            level_of(MIN_SCALE), level_of(MAX_SCALE) + 1))]
        for scale in wanted:
            self.clusters(scale)

    def _cluster(self, level: int | None) -> Clusters:
        total = len(self.pins)
        if level is None or total == 0:
            inverse = np.arange(total)
            groups = total
        else:
            cell = cell_km(level)
            gx = np.floor(self.x / cell).astype(np.int64)
            gy = np.floor(self.y / cell).astype(np.int64)
            keys = (gx << 32) + (gy & 0xFFFFFFFF)
            _unique, inverse = np.unique(keys, return_inverse=True)
            inverse = inverse.reshape(-1)
            groups = len(_unique)
        count = np.bincount(inverse, minlength=groups)
        cx = np.bincount(inverse, weights=self.x, minlength=groups) / np.maximum(count, 1)
        cy = np.bincount(inverse, weights=self.y, minlength=groups) / np.maximum(count, 1)
        tiers = np.bincount(inverse * len(TIERS) + self.tier,
                            minlength=groups * len(TIERS)).reshape(groups, len(TIERS))
        statuses = np.bincount(inverse * len(STATUSES) + self.status,
                               minlength=groups * len(STATUSES)).reshape(groups, len(STATUSES))
        stale = np.bincount(inverse, weights=self.stale, minlength=groups).astype(np.int64)
        single = np.full(groups, -1, dtype=np.int64)
        single[inverse] = np.arange(total)
        single[count != 1] = -1
        order = np.argsort(cx, kind="stable")
        return Clusters(level, cx[order], cy[order], count[order], single[order],
                        tiers[order], statuses[order], stale[order])

    # -- selection -----------------------------------------------------------
    def inside(self, polygon: Sequence[tuple[float, float]]) -> list[int]:
        """Indices of the pins inside a closed polygon of projected (x, y) km
        (even-odd rule, so a lasso's concave bays are outside), in pin order."""
        if len(polygon) < 3 or not self.pins:
            return []
        xs = np.array([p[0] for p in polygon], dtype=float)
        ys = np.array([p[1] for p in polygon], dtype=float)
        box = ((self.x >= xs.min()) & (self.x <= xs.max())
               & (self.y >= ys.min()) & (self.y <= ys.max()))
        candidates = np.nonzero(box)[0]
        order = np.argsort(self.y[candidates], kind="stable")
        py, px = self.y[candidates][order], self.x[candidates][order]
        hit = np.zeros(len(candidates), dtype=bool)
        for x1, y1, x2, y2 in zip(xs, ys, np.roll(xs, -1), np.roll(ys, -1), strict=True):
            if y1 == y2:
                continue  # a level edge never crosses a horizontal ray
            # The points the edge's span holds (min <= y < max) are all it can cross.
            a, b = np.searchsorted(py, [min(y1, y2), max(y1, y2)], "left")
            at = x1 + (py[a:b] - y1) * (x2 - x1) / (y2 - y1)
            hit[a:b] ^= px[a:b] < at
        return np.sort(candidates[order[hit]]).tolist()


class NearGrid:
    """Accounts bucketed by latitude and longitude cells: the nearest ones to a
    place are found ring by ring around its cell, stopping once no farther ring
    can hold anything closer, instead of measuring every account."""

    def __init__(self, lats: Array, lons: Array, cell_deg: float = 0.25) -> None:
        self.lats, self.lons, self.cell = lats, lons, cell_deg
        self.cells: dict[tuple[int, int], Array] = {}
        if not len(lats):
            self.bounds = (0, 0, 0, 0)
            self.cos_min = 1.0
            return
        ix = np.floor(lats / cell_deg).astype(np.int64)
        jx = np.floor(lons / cell_deg).astype(np.int64)
        order = np.lexsort((jx, ix))
        keys = np.stack([ix[order], jx[order]], axis=1)
        starts = np.flatnonzero(np.any(np.diff(keys, axis=0) != 0, axis=1)) + 1
        for chunk in np.split(order, starts):
            self.cells[(int(ix[chunk[0]]), int(jx[chunk[0]]))] = chunk
        self.bounds = (int(ix.min()), int(ix.max()), int(jx.min()), int(jx.max()))
        self.cos_min = math.cos(math.radians(min(89.9, float(np.abs(lats).max()))))

    def _ring(self, i: int, j: int, r: int) -> list[Array]:
        if r == 0:
            found = self.cells.get((i, j))
            return [] if found is None else [found]
        out = []
        for di in range(-r, r + 1):
            step = 1 if abs(di) == r else 2 * r
            for dj in range(-r, r + 1, step):
                found = self.cells.get((i + di, j + dj))
                if found is not None:
                    out.append(found)
        return out

    def nearest(self, latitude: float, longitude: float, k: int = 10,
                exclude: Iterable[int] = ()) -> list[tuple[float, int]]:
        """(miles, index) of the ``k`` accounts nearest the point, nearest first."""
        if not self.cells:
            return []
        skip = np.array(sorted(set(exclude)), dtype=np.int64)
        i, j = math.floor(latitude / self.cell), math.floor(longitude / self.cell)
        cos_min = min(self.cos_min, math.cos(math.radians(min(89.9, abs(latitude)))))
        lat0, lon0 = math.radians(latitude), math.radians(longitude)
        best_km, best_at = np.zeros(0), np.zeros(0, dtype=np.int64)
        south, north, west, east = self.bounds
        reach = max(abs(i - south), abs(i - north), abs(j - west), abs(j - east))
        for r in range(reach + 1):
            chunks = self._ring(i, j, r)
            if chunks:
                at = np.concatenate(chunks)
                if len(skip):
                    at = at[~np.isin(at, skip)]
                lat, lon = np.radians(self.lats[at]), np.radians(self.lons[at])
                h = (np.sin((lat - lat0) / 2) ** 2
                     + math.cos(lat0) * np.cos(lat) * np.sin((lon - lon0) / 2) ** 2)
                km = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))
                best_km, best_at = np.concatenate([best_km, km]), np.concatenate([best_at, at])
                if len(best_km) > k:  # keep the k nearest (ties broken by index, as sorted)
                    keep = np.lexsort((best_at, best_km))[:k]
                    best_km, best_at = best_km[keep], best_at[keep]
            if len(best_km) == k and float(best_km.max()) <= self._floor_km(r, cos_min):
                break
        order = np.lexsort((best_at, best_km))
        return [(float(d) / KM_PER_MILE, int(n)) for d, n in zip(best_km[order], best_at[order],
                                                                   strict=True)]

    def _floor_km(self, r: int, cos_min: float) -> float:
        """The least distance to any account outside rings 0..r: it is more than
        r cells away in latitude or in longitude."""
        arc = math.radians(r * self.cell)
        lat_km = EARTH_RADIUS_KM * arc
        lon_km = 2 * EARTH_RADIUS_KM * math.asin(min(1.0, cos_min * math.sin(min(arc, math.pi)
                                                                             / 2)))
        return min(lat_km, lon_km)
