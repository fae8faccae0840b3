"""Target search on the bench cache: accounts within 50 miles of a place (median / p95)."""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Any

# Places reps start from: dense and sparse parts of the demo book's map.
CENTRES = ((39.7817, -89.6501), (40.7128, -74.0060), (41.8781, -87.6298), (29.7604, -95.3698),
           (39.7392, -104.9903), (34.0522, -118.2437), (47.6062, -122.3321), (33.7490, -84.3880))


def run(db: Path, emit: Any) -> None:
    from desktop.planning.geo import Point
    from desktop.planning.targets import TargetFilter, TargetSearch
    from desktop.store.store import Store

    store = Store(db)
    search = TargetSearch(store)
    accounts = store.reads().execute("SELECT count(*) FROM accounts").fetchone()[0]
    search.search(TargetFilter(near=Point(*CENTRES[0]), within_miles=50))  # warm up
    times, cpu, found = [], [], []
    for _ in range(5):
        for centre in CENTRES:
            started, used = time.perf_counter(), time.process_time()
            rows = search.search(TargetFilter(near=Point(*centre), within_miles=50, limit=5000))
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - used) * 1000)
            found.append(len(rows))
    times.sort()
    emit("targets_radius_50mi_median", statistics.median(times), "ms", target=50.0,
         accounts=accounts, rows_median=statistics.median(found), rows_max=max(found),
         cpu_median_ms=round(statistics.median(cpu), 3),
         note="every match returned (up to 5,000 rows), nearest first")
    emit("targets_radius_50mi_p95", times[int(len(times) * 0.95) - 1], "ms", target=50.0,
         cpu_p95_ms=round(sorted(cpu)[int(len(cpu) * 0.95) - 1], 3))
    started = time.perf_counter()
    due = search.search(TargetFilter(near=Point(*CENTRES[1]), within_miles=50,
                                     due_for_visit=True, tiers=frozenset({"A", "B"})))
    emit("targets_radius_50mi_due_ab", (time.perf_counter() - started) * 1000, "ms",
         rows=len(due))
    store.close()
