"""Smoke test of the bundle: ``python packaging/smoke.py build/bundle/dist/fieldbook``.

The bundle writes a demo book, starts its window offscreen and renders a
screenshot of it, lists the proposals and writes one as a PDF, each exiting 0.
It also times the window's start (the screenshot command, best of three) for
the bundle and for the virtual environment beside this Python, and prints the
figures as one JSON line. Settings, logs and caches go to a scratch folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 3


def run(command: list[str], env: dict[str, str], what: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"smoke: {what} exited {done.returncode}")
    return done


def timed(command: list[str], env: dict[str, str], what: str) -> float:
    best = float("inf")
    for _ in range(RUNS):
        started = time.perf_counter()
        run(command, env, what)
        best = min(best, time.perf_counter() - started)
    return best


def main(bundle: Path) -> int:
    exe = bundle / ("fieldbook.exe" if os.name == "nt" else "fieldbook")
    venv = Path(sys.executable).parent / "fieldbook"
    scratch = Path(tempfile.mkdtemp(prefix="fieldbook-smoke-"))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(scratch),
           "XDG_CONFIG_HOME": str(scratch / "config"), "XDG_DATA_HOME": str(scratch / "data"),
           "XDG_STATE_HOME": str(scratch / "state"), "XDG_CACHE_HOME": str(scratch / "cache")}
    db = scratch / "demo.sqlite3"
    run([str(exe), "demo-data", "--db", str(db), "--accounts", "200", "--seed", "7"], env,
        "demo-data")
    shot = scratch / "accounts.png"
    shot_cmd = ["screenshot", "--db", str(db), "--size", "1366x768", "--out", str(shot)]
    bundle_s = timed([str(exe), *shot_cmd], env, "screenshot (bundle)")
    if not shot.exists() or shot.stat().st_size < 20_000:
        raise SystemExit("smoke: the screenshot is missing or blank")
    listed = json.loads(run([str(exe), "proposals", "list", "--db", str(db), "--format",
                             "json"], env, "proposals list").stdout)
    pdf = scratch / "proposal.pdf"
    run([str(exe), "proposal", "pdf", "--db", str(db), "--id", listed[0]["id"], "--out",
         str(pdf)], env, "proposal pdf")
    if not pdf.read_bytes().startswith(b"%PDF") or pdf.stat().st_size < 5_000:
        raise SystemExit("smoke: the proposal PDF is not a PDF")
    figures = {"bundle_mb": round(sum(p.lstat().st_size for p in bundle.rglob("*")
                                      if p.is_file() and not p.is_symlink()) / 1e6),
               "start_bundle_s": round(bundle_s, 2), "screenshot": str(shot),
               "proposal_pdf": str(pdf)}
    if venv.exists():
        venv_s = timed([str(venv), *shot_cmd], env, "screenshot (venv)")
        figures |= {"start_venv_s": round(venv_s, 2), "ratio": round(bundle_s / venv_s, 2)}
    print(json.dumps(figures))
    # demo-data, screenshot, proposals list, proposal pdf, the start timed
    print("smoke: 5 passed, 0 failed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]) if len(sys.argv) > 1
                          else ROOT / "build" / "bundle" / "dist" / "fieldbook"))
