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
