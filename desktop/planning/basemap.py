"""The offline base map: state and country outlines, projections, a viewport.

Outlines come from ``resources/map/basemap.json`` (public-domain Census and
Natural Earth data, see its README), read once on first use. Projections work
in kilometres; a :class:`View` maps them to widget pixels and back, so the map
widget, hand-pinning and tests share one set of formulas.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any, Protocol

MAP_FILE = Path(__file__).resolve().parents[2] / "resources" / "map" / "basemap.json"
EARTH_KM = 6371.0088

LonLat = tuple[float, float]


@dataclass(frozen=True)
class Region:
    """A state or country: rings (exteriors and holes) of (lon, lat) in degrees."""

    code: str
    name: str
    rings: tuple[tuple[LonLat, ...], ...]
    bounds: tuple[float, float, float, float]  # west, south, east, north

    def contains(self, lon: float, lat: float) -> bool:
        """Even-odd point in polygon over all rings (holes fall out by parity)."""
        west, south, east, north = self.bounds
        if not (west <= lon <= east and south <= lat <= north):
            return False
        inside = False
        for ring in self.rings:
            x2, y2 = ring[-1]
            for x1, y1 in ring:
                if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                    inside = not inside
                x2, y2 = x1, y1
        return inside

    def label_point(self) -> LonLat:
        """The area centroid of the largest ring: where the name goes."""
        ring = max(self.rings, key=lambda r: abs(_area(r)))
        area = _area(ring)
        if area == 0:
            return ring[0]
        cx = cy = 0.0
        x2, y2 = ring[-1]
        for x1, y1 in ring:
            cross = x2 * y1 - x1 * y2
            cx += (x2 + x1) * cross
            cy += (y2 + y1) * cross
            x2, y2 = x1, y1
        return cx / (6 * area), cy / (6 * area)


def _area(ring: Sequence[LonLat]) -> float:
    x2, y2 = ring[-1]
    total = 0.0
    for x1, y1 in ring:
        total += x2 * y1 - x1 * y2
        x2, y2 = x1, y1
    return total / 2


@dataclass(frozen=True)
class Basemap:
    states: tuple[Region, ...]
    countries: tuple[Region, ...]
    sources: tuple[str, ...]

    def state_at(self, lon: float, lat: float) -> Region | None:
        return next((r for r in self.states if r.contains(lon, lat)), None)

    def country_at(self, lon: float, lat: float) -> Region | None:
        return next((r for r in self.countries if r.contains(lon, lat)), None)


def _decode(raw: dict[str, object], scale: float) -> Region:
    rings: list[tuple[LonLat, ...]] = []
    for flat in raw["rings"]:  # type: ignore[attr-defined]
        x = y = 0
        points: list[LonLat] = []
        for i in range(0, len(flat), 2):
            x, y = x + flat[i], y + flat[i + 1]
            points.append((x / scale, y / scale))
        rings.append(tuple(points))
    xs = [p[0] for r in rings for p in r]
    ys = [p[1] for r in rings for p in r]
    return Region(str(raw["code"]), str(raw["name"]), tuple(rings),
                  (min(xs), min(ys), max(xs), max(ys)))


@cache
def load(path: Path = MAP_FILE) -> Basemap:
    """The outlines, parsed on first call and kept."""
    document = json.loads(path.read_text(encoding="utf-8"))
    scale = float(document["scale"])
    return Basemap(tuple(_decode(r, scale) for r in document["states"]),
                   tuple(_decode(r, scale) for r in document["countries"]),
                   tuple(document["sources"].values()))


class Projection(Protocol):
    def forward(self, lon: float, lat: float) -> tuple[float, float]: ...

    def inverse(self, x: float, y: float) -> LonLat: ...


@dataclass(frozen=True)
class Albers:
    """Albers equal-area conic on a sphere; the default is the USGS one for the
    conterminous US (standard parallels 29.5 and 45.5, origin 23N 96W)."""

    lon0: float = -96.0
    lat0: float = 23.0
    lat1: float = 29.5
    lat2: float = 45.5

    @cached_property
    def _constants(self) -> tuple[float, float, float]:
        s1, s2 = math.sin(math.radians(self.lat1)), math.sin(math.radians(self.lat2))
        n = (s1 + s2) / 2
        c = math.cos(math.radians(self.lat1)) ** 2 + 2 * n * s1
        rho0 = EARTH_KM * math.sqrt(c - 2 * n * math.sin(math.radians(self.lat0))) / n
        return n, c, rho0

    def forward(self, lon: float, lat: float) -> tuple[float, float]:
        n, c, rho0 = self._constants
        rho = EARTH_KM * math.sqrt(max(c - 2 * n * math.sin(math.radians(lat)), 0.0)) / n
        theta = n * math.radians(lon - self.lon0)
        return rho * math.sin(theta), rho0 - rho * math.cos(theta)

    def inverse(self, x: float, y: float) -> LonLat:
        n, c, rho0 = self._constants
        dy = rho0 - y
        rho = math.copysign(math.hypot(x, dy), n)
        theta = math.atan2(x, dy) if n > 0 else math.atan2(-x, -dy)
        sine = (c - (rho * n / EARTH_KM) ** 2) / (2 * n)
        lat = math.degrees(math.asin(max(-1.0, min(1.0, sine))))
        return self.lon0 + math.degrees(theta / n), lat


@dataclass(frozen=True)
class Equirectangular:
    """Plate carree with x scaled by cos(lat_ts): true distances near lat_ts."""

    lon0: float = 0.0
    lat_ts: float = 0.0

    def forward(self, lon: float, lat: float) -> tuple[float, float]:
        k = EARTH_KM * math.pi / 180
        return (lon - self.lon0) * k * math.cos(math.radians(self.lat_ts)), lat * k

    def inverse(self, x: float, y: float) -> LonLat:
        k = EARTH_KM * math.pi / 180
        return self.lon0 + x / (k * math.cos(math.radians(self.lat_ts))), y / k


US_ALBERS = Albers()
WORLD = Equirectangular()
# Where the US conic is the projection people expect (Alaska to Puerto Rico).
_NORTH_AMERICA = (-170.0, 15.0, -50.0, 72.0)


def projection_for(points: Iterable[LonLat]) -> Projection:
    """The US conic for US-sized extents, a conic fitted to other regional
    extents, the cos(latitude) plate carree for anything wider."""
    pts = list(points)
    if not pts:
        return US_ALBERS
    west, east = min(p[0] for p in pts), max(p[0] for p in pts)
    south, north = min(p[1] for p in pts), max(p[1] for p in pts)
    w, s, e, n = _NORTH_AMERICA
    if w <= west and east <= e and s <= south and north <= n:
        return US_ALBERS
    mid_lat = (south + north) / 2
    if east - west <= 90 and north - south <= 50 and abs(mid_lat) >= 15:
        span = max(north - south, 4.0)
        return Albers(round((west + east) / 2, 1), round(mid_lat - span / 2, 1),
                      round(mid_lat - span / 3, 1), round(mid_lat + span / 3, 1))
    return Equirectangular(round((west + east) / 2, 1) if east - west < 180 else 0.0,
                           max(-60.0, min(60.0, mid_lat)))


@dataclass(frozen=True)
class View:
    """Pixels from projected kilometres: ``scale`` px per km about a centre."""

    projection: Projection
    scale: float
    cx: float  # projected x at the widget's centre
    cy: float
    width: int
    height: int

    def to_screen(self, lon: float, lat: float) -> tuple[float, float]:
        return self.xy_to_screen(*self.projection.forward(lon, lat))

    def xy_to_screen(self, x: float, y: float) -> tuple[float, float]:
        return (self.width / 2 + (x - self.cx) * self.scale,
                self.height / 2 - (y - self.cy) * self.scale)

    def to_map(self, sx: float, sy: float) -> LonLat:
        """Screen to (lon, lat): where a click lands, for pinning by hand."""
        x = self.cx + (sx - self.width / 2) / self.scale
        y = self.cy - (sy - self.height / 2) / self.scale
        return self.projection.inverse(x, y)

    def zoomed(self, factor: float, sx: float, sy: float) -> View:
        """Zoom by ``factor`` keeping the point under (sx, sy) where it is."""
        scale = min(max(self.scale * factor, MIN_SCALE), MAX_SCALE)
        x = self.cx + (sx - self.width / 2) / self.scale
        y = self.cy - (sy - self.height / 2) / self.scale
        return View(self.projection, scale, x - (sx - self.width / 2) / scale,
                    y + (sy - self.height / 2) / scale, self.width, self.height)

    def panned(self, dx: float, dy: float) -> View:
        """Move the map with the mouse: content follows by (dx, dy) pixels."""
        return View(self.projection, self.scale, self.cx - dx / self.scale,
                    self.cy + dy / self.scale, self.width, self.height)

    def resized(self, width: int, height: int) -> View:
        return View(self.projection, self.scale, self.cx, self.cy, width, height)


MIN_SCALE = 0.005  # px per km: the whole world in ~200 px
MAX_SCALE = 200.0  # a street block fills the view


def fit(projection: Projection, points: Iterable[LonLat], width: int, height: int,
        margin: int | tuple[int, int, int, int] = 48, min_span_km: float = 20.0) -> View:
    """The view that shows every point with ``margin`` pixels to spare (one
    number, or left, top, right, bottom: room for a legend).

    A single point (or none) gets ``min_span_km`` around it, not infinite zoom."""
    left, top, right, bottom = (margin,) * 4 if isinstance(margin, int) else margin
    # Margins never take more than 60% of a side (a small window, a big legend).
    if left + right > 0.6 * width:
        k = 0.6 * width / (left + right)
        left, right = round(left * k), round(right * k)
    if top + bottom > 0.6 * height:
        k = 0.6 * height / (top + bottom)
        top, bottom = round(top * k), round(bottom * k)
    xy = [projection.forward(lon, lat) for lon, lat in points]
    if not xy:
        xy = [projection.forward(-125.0, 24.0), projection.forward(-66.0, 50.0)]
    xs, ys = [p[0] for p in xy], [p[1] for p in xy]
    span_x = max(max(xs) - min(xs), min_span_km)
    span_y = max(max(ys) - min(ys), min_span_km)
    usable_w, usable_h = max(width - left - right, 10), max(height - top - bottom, 10)
    scale = min(max(min(usable_w / span_x, usable_h / span_y), MIN_SCALE), MAX_SCALE)
    # The points' centre goes to the centre of the usable rectangle.
    shift_x, shift_y = (left - right) / 2, (top - bottom) / 2
    return View(projection, scale, (max(xs) + min(xs)) / 2 - shift_x / scale,
                (max(ys) + min(ys)) / 2 + shift_y / scale, width, height)


def project_rings(regions: Sequence[Region], projection: Projection
                  ) -> list[list[tuple[float, float]]]:
    """Every ring in projected km, for a widget to turn into one path. Kept for
    the loaded basemap's outlines (the app warms them on its worker: projecting
    them took 40 ms of a map's first paint); read it, never change it."""
    key = (id(regions), projection)
    found = _PROJECTED.get(key)
    if found is None or found[0] is not regions:
        forward = projection.forward
        found = (regions, [[forward(lon, lat) for lon, lat in ring]
                           for r in regions for ring in r.rings])
        if len(_PROJECTED) < 8:
            _PROJECTED[key] = found
    return found[1]


# (the regions, their rings projected) by the regions' id and the projection
_PROJECTED: dict[tuple[int, Any], tuple[Sequence[Region], list[list[tuple[float, float]]]]] = {}
