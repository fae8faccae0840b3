"""Child process of run.py: saves while a first sync of many accounts runs.

    python tests/bench/save_during_sync_child.py ACCOUNTS

Prints one JSON object: save latencies (submitted to success on the GUI thread)
and the longest stall of the GUI thread's event loop during the sync.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    from tests.sync.bulk_server import drop_server_db, make_server_db
    from tests.sync.conftest import ServerProcess
    from tests.ui.long_sync import build_app, close, save_during_first_sync

    accounts = int(sys.argv[1])
    name = f"fb_bench_save_{uuid.uuid4().hex[:8]}"
    url, user, token = make_server_db(name, accounts)
    server = ServerProcess(url).start()
    try:
        folder = Path(tempfile.mkdtemp(prefix="fb-save-sync-"))
        fb, prompts = build_app(folder, server.url, user, token)
        try:
            measured = save_during_first_sync(fb, prompts, user, every_ms=100)
        finally:
            close(fb)
    finally:
        server.stop()
        drop_server_db(name)
    ms = sorted(1000 * s for s in measured.latencies)
    p95 = ms[min(len(ms) - 1, int(0.95 * len(ms)))] if ms else float("nan")
    print(json.dumps({
        "accounts": accounts, "saves": len(ms), "sync_seconds": round(measured.seconds, 1),
        "save_p95_ms": round(p95, 1), "save_median_ms": round(statistics.median(ms), 1),
        "save_max_ms": round(ms[-1], 1), "longest_stall_ms": measured.longest_stall_ms,
        "sync_error": measured.sync_error, "errors_shown": measured.errors_shown}))


if __name__ == "__main__":
    main()
