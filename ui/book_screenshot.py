"""``python -m ui.book_screenshot OUT.png [WIDTHxHEIGHT] [ACCOUNTS]``: the map
of the book, offscreen: a sample book clustered around Indiana's and western
Ohio's towns, the sample trip's route on top, a lasso selection made with the
mouse and the accounts near a stop marked.

Used for ``packaging/screenshots/map.png``; everything is seeded, so the
picture changes only when the map does.
"""

from __future__ import annotations

import os
import random
import sys
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from desktop.planning.map_scene import AccountPin

NOW = datetime(2026, 12, 7, 12, tzinfo=UTC)
TOWNS = ((39.77, -86.16, 0.22, 8), (41.08, -85.14, 0.12, 3), (37.97, -87.57, 0.10, 2),
         (41.68, -86.25, 0.10, 2), (39.76, -84.19, 0.14, 3), (39.96, -83.00, 0.16, 4),
         (39.10, -84.51, 0.14, 4), (40.42, -86.88, 0.07, 1), (39.17, -86.53, 0.06, 1),
         (40.19, -85.39, 0.06, 1), (39.47, -87.41, 0.06, 1), (40.49, -86.13, 0.05, 1))


def sample_book(count: int = 20_000, seed: int = 7, now: datetime = NOW) -> list[AccountPin]:
    """Accounts mostly in towns (weighted by size), a fifth spread over the country
    between them; every tier and status; last visits from yesterday to never."""
    rng = random.Random(seed)
    weights = [t[3] for t in TOWNS]
    tiers = ["A"] * 1 + ["B"] * 3 + ["C"] * 5 + [None]
    statuses = ["active"] * 6 + ["prospect"] * 3 + ["dormant", "closed"]
    pins = []
    for n in range(count):
        if rng.random() < 0.2:
            lat, lon = rng.uniform(38.2, 41.7), rng.uniform(-87.5, -83.0)
        else:
            t_lat, t_lon, spread, _w = rng.choices(TOWNS, weights)[0]
            lat, lon = rng.gauss(t_lat, spread), rng.gauss(t_lon, spread * 1.3)
        age = rng.random()
        last = None if age < 0.15 else now - timedelta(days=int(rng.expovariate(1 / 70)))
        pins.append(AccountPin(uuid.UUID(int=rng.getrandbits(128)), f"Account {n + 1}", lat,
                               lon, rng.choice(tiers), rng.choice(statuses), last))
    return pins


def lasso(view: Any, qtbot: Any, points: list[tuple[float, float]]) -> None:
    """Draw a lasso through screen points with the mouse, as a person would."""
    from PySide6.QtCore import QPoint, Qt

    first = QPoint(round(points[0][0]), round(points[0][1]))
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=first)
    for x, y in points[1:]:
        qtbot.mouseMove(view, QPoint(round(x), round(y)))
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=QPoint(round(points[-1][0]),
                                                                  round(points[-1][1])))


def render(out: Path, size: tuple[int, int] = (1366, 768), accounts: int = 12_000) -> Path:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QPointF

    from desktop.planning.book_grid import BookIndex
    from desktop.planning.sample import in_order_plan, sample_trip
    from ui.app import make_qapp
    from ui.widgets.book_map_view import BookMapView

    make_qapp()
    index = BookIndex(sample_book(accounts), NOW)
    index.precompute()
    problem = sample_trip()
    view = BookMapView()
    view.resize(*size)
    view.set_book(index)
    view.set_plan(problem, in_order_plan(problem))
    view.show()
    # A lasso along day 1 north of Indianapolis (Kokomo to Marion), a bay cut in.
    ring = [(40.30, -86.35), (40.75, -86.05), (40.62, -85.55), (40.38, -85.60),
            (40.50, -85.85), (40.28, -86.00), (40.12, -86.15)]
    view.set_mode("lasso")
    view._drawing = True
    view.shape = [QPointF(*view.view.to_screen(lon, lat)) for lat, lon in ring]
    view._drawing = False
    view._select(view.shape)
    stop = problem.stops[3]
    found = index.near.nearest(stop.place.latitude, stop.place.longitude, 10)
    view.set_near([n for _miles, n in found])
    view.grab().save(str(out))
    return out


if __name__ == "__main__":
    width, _sep, height = (sys.argv[2] if len(sys.argv) > 2 else "1366x768").partition("x")
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 12_000
    print(render(Path(sys.argv[1]), (int(width), int(height)), count))
