"""What the window's font fallback (ui/fonts.py) adds to the start.

    python tests/bench/fonts_bench.py [ROUNDS]

The ``fieldbook --db`` start to its first paint (``startup_child.py app``, on an
encrypted copy of the 5,000-account bench cache, as run.py's start-up bench),
alternating a start with the fonts registered and one with ``ui.fonts.install``
replaced by a no-op, so that a busy machine slows both alike. One JSON line:
the install's own wall and CPU ms, timed inside the start, and the difference
of the two kinds of start, wall (process start to painted) and CPU (the
child's user + system time), with the load.
"""

from __future__ import annotations

import json
import os
import resource
import runpy
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def child_main(fonts: bool) -> None:
    """One start, through startup_child.py, with or without the fallback fonts;
    with them, the install's own wall and CPU ms on stderr."""
    import ui.fonts

    install = ui.fonts.install

    def timed(app: object) -> list[str]:
        wall, cpu = time.perf_counter(), time.process_time()
        families = install(app)  # type: ignore[arg-type]
        print(f"INSTALL {(time.perf_counter() - wall) * 1000:.3f} "
              f"{(time.process_time() - cpu) * 1000:.3f}", file=sys.stderr)
        return families

    ui.fonts.install = timed if fonts else lambda app: []
    sys.argv = [str(HERE / "startup_child.py"), *sys.argv[3:]]
    runpy.run_path(str(HERE / "startup_child.py"), run_name="__main__")


def one_start(fonts: bool, db: Path) -> tuple[float, float, float, float]:
    """Seconds to the painted window, the child's CPU seconds, and the install's
    wall and CPU ms (0 without it)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    env["FIELDBOOK_BENCH_SPAWNED"] = repr(time.time())
    proc = subprocess.run([sys.executable, __file__, "child", "on" if fonts else "off",
                           "app", str(db)], capture_output=True, text=True, check=False,
                          env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(proc.stderr[-3000:])
    painted = json.loads(proc.stdout.strip().splitlines()[-1])["painted"]
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    install = [line.split()[1:] for line in proc.stderr.splitlines()
               if line.startswith("INSTALL ")]
    wall_ms, cpu_ms = (float(x) for x in install[0]) if install else (0.0, 0.0)
    return float(painted), cpu, wall_ms, cpu_ms


def main(rounds: int) -> None:
    sys.path.insert(0, str(HERE))
    import cipher_bench
    from run import build_cache, emit

    db = build_cache(5_000)
    runs: dict[bool, list[tuple[float, float, float, float]]] = {True: [], False: []}
    load = [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory() as scratch, \
            cipher_bench.encrypted_start(db, Path(scratch)) as encrypted:
        for _ in range(rounds):
            for fonts in (False, True):
                runs[fonts].append(one_start(fonts, encrypted))
    load.append(os.getloadavg()[0])

    def median(fonts: bool, i: int) -> float:
        return statistics.median(r[i] for r in runs[fonts])

    # The install's own cost, timed inside the start (precise); beside it the
    # difference of the two kinds of start (the whole start's noise on a busy
    # machine is larger than the install).
    emit("window_fonts_install", median(True, 2), "ms", cpu_ms=round(median(True, 3), 2),
         rounds=rounds, max_ms=round(max(r[2] for r in runs[True]), 2),
         start_difference_ms=round((median(True, 0) - median(False, 0)) * 1000, 1),
         painted_with=round(median(True, 0), 3), painted_without=round(median(False, 0), 3),
         cpu_added_ms=round((median(True, 1) - median(False, 1)) * 1000, 1),
         cpu_with=round(median(True, 1), 3), cpu_without=round(median(False, 1), 3),
         load=[round(x, 1) for x in load], cores=os.cpu_count())


if __name__ == "__main__":
    if sys.argv[1:2] == ["child"]:
        sys.path.insert(0, str(ROOT))
        child_main(sys.argv[2] == "on")
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 9)
