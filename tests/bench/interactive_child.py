"""Interactive probes on a large cache: search keystrokes, opening a busy
account, scrolling, and the process's peak memory. Prints one JSON object."""

from __future__ import annotations

import json
import os
import random
import resource
import statistics
import sys
import time
import uuid
from pathlib import Path
from tempfile import mkdtemp

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.settings import SettingsFile  # noqa: E402
from desktop.store.cipher import CacheKey  # noqa: E402
from ui.app import Fieldbook, make_qapp  # noqa: E402


class PaintFlag(QObject):
    """True once the watched widget has received a paint event since ``clear``."""

    def __init__(self) -> None:
        super().__init__()
        self.seen = False

    def clear(self) -> None:
        self.seen = False

    def __bool__(self) -> bool:
        return self.seen

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            self.seen = True
        return False


def busiest_account(fieldbook: Fieldbook) -> tuple[uuid.UUID, int]:
    """An account with about 200 interactions (one is topped up if none has)."""
    row = fieldbook.services.store.reads().execute(
        "SELECT account_id, count(*) n FROM interactions GROUP BY account_id "
        "ORDER BY abs(count(*) - 200) LIMIT 1").fetchone()
    account_id, count = uuid.UUID(hex=row[0]), int(row[1])
    for n in range(count, 200):
        fieldbook.services.history.log_interaction(
            account_id, {"channel": "phone", "subject": f"Bench call {n}",
                         "notes": "Talked through the reorder schedule."})
    return account_id, max(count, 200)


def words(fieldbook: Fieldbook, rng: random.Random) -> list[str]:
    """Realistic things a rep types: account names, cities, contact surnames."""
    conn = fieldbook.services.store.reads()
    accounts = conn.execute("SELECT max(rowid) FROM accounts").fetchone()[0]
    contacts = conn.execute("SELECT max(rowid) FROM contacts").fetchone()[0]
    picks = [rng.randrange(1, accounts) for _ in range(12)]
    picks += [rng.randrange(1, contacts) for _ in range(8)]
    names = [conn.execute("SELECT name FROM accounts WHERE rowid >= ? LIMIT 1",
                          (p,)).fetchone()[0] for p in picks[:8]]
    cities = [conn.execute("SELECT billing_city FROM accounts WHERE rowid >= ? LIMIT 1",
                           (p,)).fetchone()[0] for p in picks[8:12]]
    people = [conn.execute("SELECT last_name FROM contacts WHERE rowid >= ? LIMIT 1",
                           (p,)).fetchone()[0] for p in picks[12:]]
    return [n.split()[0] + " " + n.split()[-1] for n in names] + cities + people


marks: dict[str, float] = {}


def peak_rss_mb() -> float:
    """This process's peak RSS. VmHWM, not ru_maxrss: Linux carries ru_maxrss over
    exec, so a child of a large parent (the generator) would report the parent's peak."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def mark(name: str) -> None:
    marks[name] = peak_rss_mb()


def main() -> None:
    rng = random.Random(5)
    app = make_qapp()
    scratch = Path(mkdtemp())
    key = os.environ.get("FIELDBOOK_BENCH_KEY")  # an encrypted copy (cipher_bench.py)
    fieldbook = Fieldbook.build(Path(sys.argv[1]), SettingsFile(scratch / "s.json"),
                                qsettings=QSettings(str(scratch / "q.ini"),
                                                    QSettings.Format.IniFormat),
                                key=CacheKey.from_hex(key) if key else None)
    window = fieldbook.window
    window.resize(1366, 800)
    window.show()
    window.accounts.select_first()
    app.processEvents()

    mark("start")
    account_id, interactions = busiest_account(fieldbook)
    mark("busiest")
    view = window.accounts
    painted = PaintFlag()
    view.table.viewport().installEventFilter(painted)
    timings: list[float] = []
    work: list[float] = []
    for word in words(fieldbook, rng):
        for end in range(1, len(word) + 1):
            started = time.perf_counter()
            view.search.setText(word[:end])  # one keystroke: query, model reset
            work.append((time.perf_counter() - started) * 1000)
            painted.clear()
            while not painted:  # until the list has been painted with the new rows
                app.processEvents()
            timings.append((time.perf_counter() - started) * 1000)
        view.search.clear()
    timings.sort()
    work.sort()

    mark("search")
    view.search.clear()
    app.processEvents()
    fetch: list[float] = []
    for _ in range(20):
        started = time.perf_counter()
        view.model.fetchMore()
        fetch.append((time.perf_counter() - started) * 1000)
    view.table.scrollToBottom()
    app.processEvents()

    mark("scroll")
    opens: list[float] = []
    timeline_painted = PaintFlag()
    view.page.timeline_view.viewport().installEventFilter(timeline_painted)
    for _ in range(5):
        view.page.show_account(None)
        app.processEvents()
        started = time.perf_counter()
        view.page.show_account(account_id)
        timeline_painted.clear()
        while not timeline_painted:  # until the timeline shows the account's history
            app.processEvents()
        opens.append((time.perf_counter() - started) * 1000)
    app.processEvents()

    if os.environ.get("FIELDBOOK_BENCH_DEBUG"):
        print(json.dumps(marks), file=sys.stderr)
    print(json.dumps({
        "search_median_ms": statistics.median(work),
        "search_p95_ms": work[int(len(work) * 0.95) - 1],
        "search_painted_median_ms": statistics.median(timings),
        "search_painted_p95_ms": timings[int(len(timings) * 0.95) - 1],
        "keystrokes": len(timings),
        "open_account_ms": statistics.median(opens),
        "open_account_interactions": interactions,
        "fetch_more_ms": statistics.median(fetch),
        "peak_rss_mb": peak_rss_mb(),
    }))
    QApplication.processEvents()


main()
