"""Fieldbook benchmarks: one JSON object per line on stdout.

    python tests/bench/run.py            # 100,000 accounts (~1,000,000 interactions)
    python tests/bench/run.py --quick    # 5,000 accounts, for a smoke run
    python tests/bench/run.py --only sync   # just the sync figures (PostgreSQL server)

Each line: {"name", "value", "unit", "target", "floor", "ratio", ...}. ``floor``
and ``ratio`` appear where a floor is measured in the same run (start-up is
compared with a bare PySide6 window). The cache is built once per size under
``bench-out/`` and reused.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

HERE = Path(__file__).resolve().parent


def emit(name: str, value: float, unit: str, *, target: float | None = None,
         floor: float | None = None, **extra: object) -> None:
    line: dict[str, object] = {"name": name, "value": round(value, 3), "unit": unit}
    if target is not None:
        line["target"] = target
        line["meets_target"] = value <= target
    if floor is not None:
        line["floor"] = round(floor, 3)
        line["ratio"] = round(value / floor, 3) if floor else None
    line.update(extra)
    print(json.dumps(line), flush=True)


def build_cache(accounts: int) -> Path:
    from desktop.demo.generator import generate
    from desktop.store.uow import Store

    out = ROOT / "bench-out"
    out.mkdir(exist_ok=True)
    path = out / f"bench-{accounts}.sqlite3"
    from desktop.store.migrations import HEAD

    ready = path.with_suffix(".ready")
    if path.exists() and ready.exists() and ready.read_text() == HEAD:
        return path  # built by this schema version
    for stale in out.glob(f"bench-{accounts}.sqlite3*"):
        if stale.is_dir():  # the blobs beside the cache
            shutil.rmtree(stale)
        else:
            stale.unlink()
    store = Store(path)
    store.close()  # alone with the file, the load can skip the WAL
    started = time.perf_counter()
    summary = generate(store, accounts=accounts, seed=11)
    seconds = time.perf_counter() - started
    store.close()
    ready.write_text(HEAD)
    # The target is set for 100,000 accounts; smaller runs only report the time.
    emit("demo_data_generate", seconds, "s", target=60.0 if accounts >= 100_000 else None,
         accounts=summary.accounts, interactions=summary.interactions,
         file_mb=round(path.stat().st_size / 1e6, 1))
    return path


def child(script: str, *args: str) -> dict[str, float]:
    """Run a helper script in a fresh interpreter; it prints one JSON object."""
    started = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env["FIELDBOOK_BENCH_SPAWNED"] = repr(time.time())  # the child's clock starts here
    proc = subprocess.run([sys.executable, str(HERE / script), *args], capture_output=True,
                          text=True, check=False, env=env)
    if proc.returncode != 0:
        raise SystemExit(f"{script} failed:\n{proc.stderr[-3000:]}")
    wall = time.perf_counter() - started
    result: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    result["wall"] = wall
    return result


def startup(db: Path, rounds: int) -> None:
    """Process start to a painted window, best of ``rounds``, against a bare window.

    The app is the ``fieldbook --db`` command itself (see ``startup_child.py``). The
    floor is a bare script showing an empty QMainWindow (``floor`` and ``ratio``);
    ``floor_with_qt_namespace`` is that window once it has also imported the ``Qt``
    namespace, which any PySide6 app with a Python item model builds.

    Bytecode is compiled first, as pip does on install: with PYTHONDONTWRITEBYTECODE
    set (CI images do), every start would otherwise recompile our sources. The runs
    alternate (floor, app, floor, ...) so that a busy machine slows both alike; the
    medians are reported next to the bests.
    """
    import compileall
    import statistics
    import tempfile

    import cipher_bench

    compileall.compile_dir(str(ROOT / "desktop"), quiet=1)
    compileall.compile_dir(str(ROOT / "ui"), quiet=1)
    runs: dict[str, list[float]] = {"bare": [], "bare-empty": [], "app": []}
    # The app starts on an encrypted copy, its key in a keyring (as on a laptop).
    with tempfile.TemporaryDirectory() as scratch, \
            cipher_bench.encrypted_start(db, Path(scratch)) as encrypted:
        for _ in range(rounds):
            for mode in runs:
                args = (mode, str(encrypted)) if mode == "app" else (mode,)
                runs[mode].append(child("startup_child.py", *args)["painted"])
    best = {mode: min(times) for mode, times in runs.items()}
    median = {mode: statistics.median(times) for mode, times in runs.items()}
    emit("startup_to_painted_window", best["app"], "s", floor=best["bare-empty"],
         target_ratio=1.5, rounds=rounds, median=round(median["app"], 3),
         floor_median=round(median["bare-empty"], 3),
         ratio_median=round(median["app"] / median["bare-empty"], 3),
         floor_with_qt_namespace=round(best["bare"], 3),
         ratio_with_qt_namespace=round(best["app"] / best["bare"], 3),
         ratio_median_with_qt_namespace=round(median["app"] / median["bare"], 3))


def _standalone(name: str, quick: bool) -> None:
    """The benchmarks that make their own data instead of the accounts cache."""
    out = ROOT / "bench-out"
    out.mkdir(exist_ok=True)
    if name == "pdf":
        import catalogue_bench
        import pdf_bench

        pdf_bench.run(emit)
        catalogue_bench.run(out, emit)
    elif name == "routing":
        import routing_bench

        routing_bench.run(emit, quick=quick)
    elif name == "map":
        import map_bench

        map_bench.run(emit)
    elif name == "orders":
        import orders_bench

        orders_bench.run(out, emit)
    elif name == "save_sync":
        result = child("save_during_sync_child.py", str(20_000 if quick else 100_000))
        extra = {k: result[k] for k in ("accounts", "saves", "sync_seconds", "save_median_ms",
                                        "save_max_ms", "sync_error")}
        emit("save_during_initial_sync_p95", result["save_p95_ms"], "ms", target=100.0,
             **extra)
        emit("gui_stall_during_initial_sync", result["longest_stall_ms"], "ms", target=100.0,
             accounts=result["accounts"])
    elif name == "forecast":
        import forecast_bench

        forecast_bench.run(out, emit, quick=quick)
    elif name == "pipeline_ui":
        import pipeline_ui_bench

        pipeline_ui_bench.run(out, emit, quick=quick)
    elif name == "duplicates":
        import duplicates_bench

        duplicates_bench.run(out, emit, quick=quick)
    elif name == "imports":  # a Salesforce export of 100,000 accounts, 300,000 contacts
        import import_bench

        import_bench.run(out, emit, quick=quick)
    elif name == "reports":  # each report's computation and the weekly PDF
        import reports_bench

        reports_bench.run(out, emit, quick=quick)
    elif name == "cross_sell":  # cross-sell, dormant customers, reports painted
        import cross_sell_bench

        cross_sell_bench.run(out, emit, quick=quick)
    elif name == "today":  # the Today view's sections and its paint
        import today_bench

        today_bench.run(out, emit, quick=quick)
    elif name == "rep_actions":  # what a rep does through the window (see its docstring)
        import rep_actions_bench

        rep_actions_bench.run(emit, quick=quick, full="--full" in sys.argv)
    elif name == "cache_size":  # bytes per account on the demo book (cache_size_bench.py)
        __import__("cache_size_bench").run(emit, out=out)
    elif name == "fonts":  # the window's font fallback at start (fonts_bench.py)
        __import__("fonts_bench").main(5 if quick else 15)
    elif name == "load":  # a sales force's day on one PostgreSQL (tests/bench/load_gen.py)
        from tests.bench import load_gen

        load_gen.bench(emit, quick=quick)


STANDALONE = ("pdf", "routing", "map", "orders", "save_sync", "forecast", "duplicates", "imports",
              "rep_actions", "pipeline_ui", "reports", "cross_sell", "today", "load", "cache_size",
              "fonts")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--full", action="store_true", help="rep_actions: 1,000,000 accounts too")
    parser.add_argument("--accounts", type=int, default=None)
    parser.add_argument("--only", choices=["app", "sync", "targets", "cipher", *STANDALONE],
                        default=None,
                        help="pdf: proposal PDFs and catalogue search; routing: trip planning; "
                        "map: the trip map's paint; orders: the 50,000-order list; "
                        "targets: target search on the accounts cache; "
                        "cipher: the encrypted cache against a plain copy (search, open "
                        "account, initial sync); "
                        "save_sync: saves during a first sync of 100,000 accounts; "
                        "forecast: team forecast and the kanban's reads, ~300,000 deals; "
                        "pipeline_ui: the Pipeline board's first paint and a drop, painted; "
                        "duplicates: the duplicate check per keystroke, 450,000 names; "
                        "reports: each report's computation and the weekly PDF; "
                        "cross_sell: cross-sell, dormant customers, each report painted; "
                        "today: the Today view's sections and its paint; "
                        "fonts: start-up with and without the window's font fallback; "
                        "load: 200 simulated reps' day on server processes and PostgreSQL")
    args = parser.parse_args()
    for name in STANDALONE:
        if args.only in (None, name):
            _standalone(name, args.quick)
    if args.only in STANDALONE:
        return
    accounts = args.accounts or (5_000 if args.quick else 100_000)
    db = build_cache(accounts)
    if args.only in (None, "targets"):
        import targets_bench

        targets_bench.run(db, emit)
        if args.only == "targets":
            return
    if args.only in (None, "cipher"):
        import cipher_bench

        cipher_bench.run(db, emit, args.quick)
        if args.only == "cipher":
            return
    if args.only != "app":
        import sync_bench

        sync_bench.run(db, emit)
    if args.only == "sync":
        return
    startup(db, 5 if args.quick else 15)
    result = child("interactive_child.py", str(db))
    emit("search_keystroke_median", result["search_median_ms"], "ms", target=10.0,
         keystrokes=result["keystrokes"])
    emit("search_keystroke_p95", result["search_p95_ms"], "ms", target=30.0)
    emit("search_keystroke_to_painted_median", result["search_painted_median_ms"], "ms",
         note="keystroke, query, model reset and the window's repaint (offscreen raster)")
    emit("search_keystroke_to_painted_p95", result["search_painted_p95_ms"], "ms")
    emit("open_account_200_interactions", result["open_account_ms"], "ms", target=50.0,
         interactions=result["open_account_interactions"])
    emit("scroll_fetch_more_page", result["fetch_more_ms"], "ms")
    emit("peak_memory", result["peak_rss_mb"], "MB", target=300.0)


if __name__ == "__main__":
    main()
