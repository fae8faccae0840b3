"""``fieldbook plan solve`` end to end: the process started, the cache opened,
a one-day trip of 25 stops solved with ``--seconds 1``, the plan saved and
printed. The issue's target is 1 s of wall time, start-up included.

The cache is demo data (400 accounts, seed 7) with the rep's home among the
accounts of their busiest state and the 25 accounts nearest it as stops; it is
built once under ``bench-out/``. Each of the runs is a fresh process (the
console script's own module, ``python -m ui.cli``); the line gives the best and
the median wall time, the median CPU time of the process (user + system, from
``RUSAGE_CHILDREN``) and the load average, since a loaded machine inflates the
wall time but not the CPU time.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
STOPS, ACCOUNTS, RUNS = 25, 400, 5


def build(folder: Path) -> tuple[Path, Path, str]:
    """The demo cache, its settings and the trip's id (reused when present)."""
    from desktop.demo.generator import generate
    from desktop.planning.geo import Point
    from desktop.planning.targets import TargetFilter
    from desktop.services.container import Services
    from desktop.settings import SettingsFile
    from desktop.store.uow import Store

    db, settings, trip_file = (folder / "plan-cli.sqlite3", folder / "plan-cli.json",
                               folder / "plan-cli.trip")
    if db.exists() and trip_file.exists():
        return db, settings, trip_file.read_text().strip()
    for stale in (db, settings):
        stale.unlink(missing_ok=True)
    store = Store(db)
    summary = generate(store, accounts=ACCOUNTS, seed=7)
    store.close()
    services = Services.open(db, SettingsFile(settings))
    services.set_current_user(summary.rep_id)
    rows = [r for r in services.targets.search(TargetFilter(limit=5000))
            if r.latitude is not None and r.longitude is not None]
    state = Counter(r.state for r in rows).most_common(1)[0][0]
    mine = [r for r in rows if r.state == state]
    home = Point(sum(r.latitude or 0 for r in mine) / len(mine),
                 sum(r.longitude or 0 for r in mine) / len(mine))
    services.settings.home_latitude, services.settings.home_longitude = home
    services.settings.home_place_name = "Home office"
    trip = services.trips.create("Day of 25", date(2026, 12, 7), 1).id
    services.trips.add_stops(trip, services.targets.search(
        TargetFilter(near=home, within_miles=120, limit=STOPS)))
    services.session.save()
    services.close()
    trip_file.write_text(str(trip))
    return db, settings, str(trip)


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def run(emit: Any, folder: Path) -> None:
    folder.mkdir(exist_ok=True)
    db, settings, trip = build(folder)
    command = [sys.executable, "-m", "ui.cli", "plan", "solve", "--db", str(db),
               "--settings", str(settings), "--trip", trip, "--seconds", "1"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    walls, cpus = [], []
    for _n in range(RUNS):
        cpu, wall = _cpu(), time.perf_counter()
        subprocess.run(command, env=env, check=True, capture_output=True)
        walls.append(time.perf_counter() - wall)
        cpus.append(_cpu() - cpu)
    emit("route_cli_25_stops_end_to_end", statistics.median(walls), "s", target=1.0,
         best_s=round(min(walls), 3), cpu_median_s=round(statistics.median(cpus), 3),
         runs=RUNS, stops=STOPS, load=round(os.getloadavg()[0], 2))
