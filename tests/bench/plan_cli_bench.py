"""``fieldbook plan solve`` end to end: the process started, the cache opened,
the trip solved, the plan saved and printed. The issue's targets, start-up
included: a one-day trip of 25 stops (``--seconds 1``) in at most 1 s, a
five-day trip of 150 stops (``--seconds 3``) in at most 3 s.

The cache is demo data (400 accounts, seed 7) with the rep's home among the
accounts of their busiest state; the 25 accounts nearest it are the day's
stops, the up to 150 within 400 miles the week's (104 in this cache: the line
says how many, and how many were planned); it is built once under
``bench-out/``. Each of the runs is a fresh process (the console script's own
module, ``python -m ui.cli``); the line gives the best and the median wall
time, the median CPU time of the process (user + system, from
``RUSAGE_CHILDREN``) and the load average, since a loaded machine inflates the
wall time but not the CPU time. Bytecode is compiled first, as pip and the
bundle install it (and as run.py's start-up benchmark does): with
PYTHONDONTWRITEBYTECODE set, every run would otherwise recompile our sources
(about 0.06 s of CPU).
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
STOPS, ACCOUNTS, RUNS = 25, 400, 5
WEEK_STOPS, WEEK_DAYS = 150, 5


def build(folder: Path) -> tuple[Path, Path, str]:
    """The demo cache, its settings and the day trip's id (reused when present)."""
    from desktop.demo.generator import generate
    from desktop.planning.targets import TargetFilter
    from desktop.services.container import Services
    from desktop.settings import SettingsFile
    from desktop.store.uow import Store
    from tests.rep_at_home import settle_home

    db, settings, trip_file = (folder / "plan-cli.sqlite3", folder / "plan-cli.json",
                               folder / "plan-cli.trip")
    if db.exists() and trip_file.exists():
        return db, settings, trip_file.read_text().strip()
    for stale in (db, settings, folder / "plan-cli-week.trip"):  # the week's trip too
        stale.unlink(missing_ok=True)
    store = Store(db)
    summary = generate(store, accounts=ACCOUNTS, seed=7)
    store.close()
    services = Services.open(db, SettingsFile(settings))
    services.set_current_user(summary.rep_id)
    home = settle_home(services)
    trip = services.trips.create("Day of 25", date(2026, 12, 7), 1).id
    services.trips.add_stops(trip, services.targets.search(
        TargetFilter(near=home, within_miles=120, limit=STOPS)))
    services.session.save()
    services.close()
    trip_file.write_text(str(trip))
    return db, settings, str(trip)


def week(folder: Path, db: Path, settings: Path) -> str:
    """The five-day trip of the 150 accounts nearest home, added to the cache once."""
    from desktop.planning.geo import Point
    from desktop.planning.targets import TargetFilter
    from desktop.services.container import Services
    from desktop.settings import SettingsFile

    trip_file = folder / "plan-cli-week.trip"
    if trip_file.exists():
        return trip_file.read_text().strip()
    services = Services.open(db, SettingsFile(settings))
    home = Point(services.settings.home_latitude or 0.0, services.settings.home_longitude or 0.0)
    trip = services.trips.create("Week of 150", date(2026, 12, 7), WEEK_DAYS).id
    services.trips.add_stops(trip, services.targets.search(
        TargetFilter(near=home, within_miles=400, limit=WEEK_STOPS)))
    services.session.save()
    services.close()
    trip_file.write_text(str(trip))
    return str(trip)


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def timed(root: Path, db: Path, settings: Path, trip: str, seconds: int,
          runs: int = RUNS) -> dict[str, Any]:
    """Median and best wall time, median CPU of ``runs`` fresh processes (the
    checkout at ``root``: the benchmark can time another revision)."""
    import compileall

    for package in ("desktop", "ui"):
        compileall.compile_dir(str(root / package), quiet=1)
    command = [sys.executable, "-m", "ui.cli", "plan", "solve", "--db", str(db),
               "--settings", str(settings), "--trip", trip, "--seconds", str(seconds)]
    env = {**os.environ, "PYTHONPATH": str(root)}
    walls, cpus, out = [], [], {}
    for _n in range(runs):
        cpu, wall = _cpu(), time.perf_counter()
        done = subprocess.run(command, env=env, check=True, capture_output=True, cwd=root)
        walls.append(time.perf_counter() - wall)
        cpus.append(_cpu() - cpu)
        out = json.loads(done.stdout)
    return {"wall_median_s": round(statistics.median(walls), 3), "best_s": round(min(walls), 3),
            "cpu_median_s": round(statistics.median(cpus), 3), "runs": runs,
            "load": round(os.getloadavg()[0], 2), "stops": out["visits"] + len(out["dropped"]),
            "visits": out["visits"], "drive_minutes": out["drive_minutes"]}


def run(emit: Any, folder: Path, root: Path = ROOT) -> None:
    folder.mkdir(exist_ok=True)
    db, settings, trip = build(folder)
    for name, trip_id, seconds, target in (
            ("route_cli_25_stops_end_to_end", trip, 1, 1.0),
            ("route_cli_150_stops_5_days_end_to_end", week(folder, db, settings), 3, 3.0)):
        figures = timed(root, db, settings, trip_id, seconds)  # stops: the trip's, planned
        emit(name, figures.pop("wall_median_s"), "s", target=target, **figures)


if __name__ == "__main__":  # python tests/bench/plan_cli_bench.py [CHECKOUT]
    def _print(name: str, value: float, unit: str, **extra: Any) -> None:
        print(json.dumps({"name": name, "value": value, "unit": unit, **extra}))

    sys.path.insert(0, str(ROOT))
    run(_print, ROOT / "bench-out", Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT)
