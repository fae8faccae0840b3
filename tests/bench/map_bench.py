"""Trip map paints (offscreen raster, 1366x768): the sample trip over a few
thousand account pins, still and while panning, and the outline load."""

from __future__ import annotations

import statistics
import time
from typing import Any


def run(emit: Any, rounds: int = 30) -> None:
    from desktop.planning import basemap

    started = time.perf_counter()
    basemap.load.cache_clear()
    basemap.load()
    emit("map_outlines_load", (time.perf_counter() - started) * 1000, "ms",
         kb=round(basemap.MAP_FILE.stat().st_size / 1024))

    from desktop.planning.sample import in_order_plan, sample_trip
    from ui.app import make_qapp
    from ui.map_screenshot import sample_pins
    from ui.widgets.map_view import MapView

    make_qapp()
    problem = sample_trip()
    for pins in (0, 3000):
        view = MapView()
        view.resize(1366, 768)
        view.set_plan(problem, in_order_plan(problem))
        view.set_accounts(sample_pins(pins))
        view.show()
        view.grab()  # outlines built for this projection: not part of a paint
        still, panning = [], []
        for n in range(rounds):
            started = time.perf_counter()
            view.grab()
            still.append(time.perf_counter() - started)
            view._view = view.view.panned(3 if n % 2 else -3, 2)  # a drag step
            started = time.perf_counter()
            view.grab()
            panning.append(time.perf_counter() - started)
        emit(f"map_paint_{pins}_pins", statistics.median(still) * 1000, "ms",
             target=33.0, p95=round(sorted(still)[int(rounds * 0.95) - 1] * 1000, 2))
        emit(f"map_pan_frame_{pins}_pins", statistics.median(panning) * 1000, "ms",
             target=33.0)
        view.close()
    book(emit, rounds)


def _timed(paint: Any) -> tuple[float, float]:
    """Wall and this thread's CPU time of one paint (CPU: what a busy machine's
    other processes do not inflate)."""
    wall, cpu = time.perf_counter(), time.thread_time()
    paint()
    return time.perf_counter() - wall, time.thread_time() - cpu


def book(emit: Any, rounds: int = 30, accounts: int = 100_000) -> None:
    """The map of the book: 100,000 accounts clustered, the sample trip on top;
    a drag step (12 px, one way, so the cached layer is drawn again past its
    margin) and a wheel notch repainted (target 50 ms each), over the zoom levels
    from the whole book to a few streets. Also the index build on the
    worker, a lasso over about a third of the book and a near-this-stop query."""
    import math

    from desktop.planning.book_grid import BookIndex
    from desktop.planning.sample import in_order_plan, sample_trip
    from ui.book_screenshot import NOW, sample_book
    from ui.widgets.book_map_view import BookMapView

    pins = sample_book(accounts)
    started = time.perf_counter()
    index = BookIndex(pins, NOW)
    emit(f"book_index_{accounts}", (time.perf_counter() - started) * 1000, "ms", worker=True)
    started = time.perf_counter()
    index.precompute()
    emit(f"book_clusters_every_zoom_{accounts}", (time.perf_counter() - started) * 1000, "ms",
         worker=True, levels=len(index._levels))
    problem = sample_trip()
    view = BookMapView()
    view.resize(1366, 768)
    view.set_book(index)
    view.set_plan(problem, in_order_plan(problem))
    view.show()
    view.grab()
    panning: list[tuple[float, float]] = []  # (wall, this thread's CPU) seconds
    zooming: list[tuple[float, float]] = []
    for zoom_in in range(0, 16, 2):  # whole book out to a few streets, two notches a level
        view.fit()
        view._view = view.view.zoomed(1.25 ** zoom_in, 683, 384)
        view.grab()
        frames = max(4, rounds // 3)
        for _n in range(frames):  # a drag: the first step draws the layer with its margin
            view._view = view.view.panned(12, 5)  # a brisk step, one way: past the margin
            panning.append(_timed(view.grab))
        for n in range(frames):  # wheel notches, in and out about the cursor
            view._view = view.view.zoomed(1.25 if n % 2 else 0.8, 600 + n, 400)
            zooming.append(_timed(view.grab))
    for name, frames in (("pan", panning), ("zoom", zooming)):
        wall, cpu = sorted(f[0] for f in frames), sorted(f[1] for f in frames)
        emit(f"book_{name}_repaint_{accounts}", statistics.median(wall) * 1000, "ms",
             target=50.0, p95=round(wall[int(len(wall) * 0.95) - 1] * 1000, 2),
             worst=round(wall[-1] * 1000, 2), cpu_median=round(statistics.median(cpu) * 1000, 2),
             cpu_p95=round(cpu[int(len(cpu) * 0.95) - 1] * 1000, 2), frames=len(frames))
    view.fit()
    ring = [(683 + 300 * math.cos(a / 120 * 2 * math.pi) * (0.6 + 0.4 * (a % 2)),
             384 + 300 * math.sin(a / 120 * 2 * math.pi) * (0.6 + 0.4 * (a % 2)))
            for a in range(120)]  # a star-shaped lasso of 120 points (concave everywhere)
    v = view.view
    polygon = [(v.cx + (x - v.width / 2) / v.scale, v.cy - (y - v.height / 2) / v.scale)
               for x, y in ring]
    lasso = [_timed(lambda: index.inside(polygon)) for _n in range(5)]
    emit(f"book_lasso_{accounts}", statistics.median(f[0] for f in lasso) * 1000, "ms",
         target=50.0, cpu_median=round(statistics.median(f[1] for f in lasso) * 1000, 2),
         selected=len(index.inside(polygon)), vertices=len(polygon))
    near = [_timed(lambda s=stop: index.near.nearest(s.place.latitude, s.place.longitude, 10))
            for stop in problem.stops]
    emit(f"book_near_stop_{accounts}", statistics.median(f[0] for f in near) * 1000, "ms",
         target=50.0, worst=round(max(f[0] for f in near) * 1000, 2),
         cpu_median=round(statistics.median(f[1] for f in near) * 1000, 2))
    view.close()
