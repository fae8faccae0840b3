"""Build ``basemap.json`` (state and country outlines) from public-domain data.

Run once by a developer, never at app start::

    python resources/map/build_basemap.py            # fetches the two wheels with pip
    python resources/map/build_basemap.py --wheels DIR   # or reads them from DIR

Sources (both read straight from the wheels, nothing unpacked or imported):

- US states: ``bokeh_sampledata`` 2026.1, ``_data/geographic_boundaries.db``
  (US Census Bureau TIGER/Line 2009, not copyrighted; WKB polygons in SQLite).
- Countries: ``geopandas`` 0.14.4, ``datasets/naturalearth_lowres``
  (Natural Earth 1:110m Admin 0 countries, public domain; an ESRI shapefile).

The output keeps each ring as integers in thousandths of a degree, delta
encoded (lon, lat, dlon, dlat, ...), after a Douglas-Peucker pass, so the app
reads it with ``json`` alone. Standard library only.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import struct
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
WHEELS = {"states": ("bokeh_sampledata", "2026.1"), "countries": ("geopandas", "0.14.4")}
STATES_DB = "bokeh_sampledata/_data/geographic_boundaries.db"
WORLD = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
SCALE = 1000  # thousandths of a degree: ~100 m, far below a pixel at state zoom
TOLERANCE = 0.004  # degrees (~400 m), Douglas-Peucker

Ring = list[tuple[float, float]]


def fetch_wheels(folder: Path) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for key, (name, version) in WHEELS.items():
        matches = sorted(folder.glob(f"{name}-{version}-*.whl"))
        if not matches:
            subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps",
                            "-d", str(folder), f"{name}=={version}"], check=True)
            matches = sorted(folder.glob(f"{name}-{version}-*.whl"))
        found[key] = matches[0]
    return found


def _wkb_rings(data: bytes) -> list[Ring]:
    """Polygon (3) and MultiPolygon (6) WKB to a flat list of rings."""
    rings: list[Ring] = []

    def geometry(offset: int) -> int:
        order = "<" if data[offset] == 1 else ">"
        (kind,) = struct.unpack_from(order + "I", data, offset + 1)
        offset += 5
        if kind == 6:
            (count,) = struct.unpack_from(order + "I", data, offset)
            offset += 4
            for _ in range(count):
                offset = geometry(offset)
            return offset
        if kind != 3:
            raise ValueError(f"unexpected WKB geometry type {kind}")
        (count,) = struct.unpack_from(order + "I", data, offset)
        offset += 4
        for _ in range(count):
            (points,) = struct.unpack_from(order + "I", data, offset)
            offset += 4
            flat = struct.unpack_from(order + f"{2 * points}d", data, offset)
            offset += 16 * points
            rings.append(list(zip(flat[0::2], flat[1::2], strict=True)))
        return offset

    geometry(0)
    return rings


def read_states(wheel: Path, scratch: Path) -> list[dict[str, object]]:
    with zipfile.ZipFile(wheel) as archive:
        db = scratch / "boundaries.db"
        db.write_bytes(archive.read(STATES_DB))
    with sqlite3.connect(db) as connection:
        rows = connection.execute("SELECT metadata, geometry FROM us_states ORDER BY id")
        return [{"code": json.loads(meta)["code"], "name": json.loads(meta)["name"],
                 "rings": _wkb_rings(wkb)} for meta, wkb in rows]


def _dbf_records(data: bytes) -> list[dict[str, str]]:
    count, header, size = struct.unpack_from("<IHH", data, 4)
    fields: list[tuple[str, int]] = []
    offset = 32
    while data[offset] != 0x0D:
        name = data[offset:offset + 11].split(b"\0")[0].decode("ascii")
        fields.append((name, data[offset + 16]))
        offset += 32
    records = []
    for n in range(count):
        start = header + n * size + 1  # skip the deletion flag
        record = {}
        for name, length in fields:
            # The shapefile's .cpg names ISO-8859-1.
            record[name] = data[start:start + length].decode("latin-1").strip()
            start += length
        records.append(record)
    return records


def _shp_rings(data: bytes) -> list[list[Ring]]:
    shapes: list[list[Ring]] = []
    offset = 100
    while offset < len(data):
        _, words = struct.unpack_from(">II", data, offset)
        body = offset + 8
        (kind,) = struct.unpack_from("<i", data, body)
        rings: list[Ring] = []
        if kind == 5:  # polygon
            parts, points = struct.unpack_from("<ii", data, body + 36)
            starts = list(struct.unpack_from(f"<{parts}i", data, body + 44)) + [points]
            flat = struct.unpack_from(f"<{2 * points}d", data, body + 44 + 4 * parts)
            xy = list(zip(flat[0::2], flat[1::2], strict=True))
            rings = [xy[a:b] for a, b in zip(starts, starts[1:], strict=False)]
        shapes.append(rings)
        offset = body + 2 * words
    return shapes


def read_countries(wheel: Path) -> list[dict[str, object]]:
    with zipfile.ZipFile(wheel) as archive:
        records = _dbf_records(archive.read(WORLD + ".dbf"))
        shapes = _shp_rings(archive.read(WORLD + ".shp"))
    # Antarctica wraps the pole: in a conic it folds over the whole map, and
    # no trip goes there.
    return [{"code": rec["iso_a3"], "name": rec["name"], "rings": rings}
            for rec, rings in zip(records, shapes, strict=True) if rec["iso_a3"] != "ATA"]


def simplify(ring: Ring, tolerance: float) -> Ring:
    """Douglas-Peucker, iterative; a ring keeps at least four points."""
    if len(ring) < 5:
        return ring
    keep = [False] * len(ring)
    keep[0] = keep[-1] = True
    stack = [(0, len(ring) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = ring[first], ring[last]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            x, y = ring[i]
            if norm == 0:
                distance = ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
            else:
                distance = abs(dy * x - dx * y + x2 * y1 - y2 * x1) / norm
            if distance > worst:
                worst, index = distance, i
        if worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    kept = [p for p, k in zip(ring, keep, strict=True) if k]
    return kept if len(kept) >= 4 else ring


def encode(ring: Ring) -> list[int]:
    out: list[int] = []
    last_x = last_y = 0
    for x, y in ring:
        qx, qy = round(x * SCALE), round(y * SCALE)
        if out and (qx, qy) == (last_x, last_y):
            continue
        out += [qx - last_x, qy - last_y] if out else [qx, qy]
        last_x, last_y = qx, qy
    return out


def pack(regions: list[dict[str, object]]) -> list[dict[str, object]]:
    packed = []
    for region in regions:
        rings = [encode(simplify(r, TOLERANCE)) for r in region["rings"]]  # type: ignore[attr-defined]
        packed.append({"code": region["code"], "name": region["name"],
                       "rings": [r for r in rings if len(r) >= 8]})
    return packed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheels", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=HERE / "basemap.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        wheels = fetch_wheels(args.wheels or Path(tmp))
        states = read_states(wheels["states"], Path(tmp))
        countries = read_countries(wheels["countries"])
    document = {
        "scale": SCALE,
        "sources": {
            "states": "US Census Bureau TIGER/Line 2009 state boundaries, as shipped in "
                      "bokeh_sampledata 2026.1 (not copyrighted; credit: U.S. Census Bureau)",
            "countries": "Natural Earth 1:110m Admin 0 countries, as shipped in "
                         "geopandas 0.14.4 (public domain)",
        },
        "states": pack(states),
        "countries": pack(countries),
    }
    args.out.write_text(json.dumps(document, separators=(",", ":")) + "\n", encoding="utf-8")
    points = sum(len(r) // 2 for k in ("states", "countries") for g in document[k]
                 for r in g["rings"])  # type: ignore[attr-defined]
    print(f"{args.out}: {args.out.stat().st_size:,} bytes, {len(states)} states, "
          f"{len(countries)} countries, {points:,} points")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
