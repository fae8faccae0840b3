"""The Today view on a big book (``run.py --only today``; ``--quick``: 10,000
accounts). The book is the reports bench's (the demo generator at 100,000
accounts), built once under ``bench-out/``; the demo rep is "you", the clock the
book's day.

* each section's query, cold (a fresh connection) and warm (median of 20);
* the window (1366x768, offscreen) from ``show()`` to the Today view's first
  paint, and to every section filled and painted again (the reads run on the
  app's read worker, as in the app), medians of five windows.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

READS = ("visits", "follow_ups", "deals", "goals", "dormant", "orders", "notes")


def _ms(fn: Callable[[], Any]) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def run(out: Path, emit: Any, *, quick: bool = False) -> None:
    import reports_bench

    from desktop.demo.trips import demo_rep
    from desktop.services.container import Services
    from desktop.settings import SettingsFile

    accounts = 10_000 if quick else 100_000
    db = reports_bench.build(out, accounts)
    settings = SettingsFile(out / "today-settings.json")
    now = reports_bench.ANCHOR
    day = now.date()
    cold = Services.open(db, settings, lambda: now)
    rep = demo_rep(cold)
    cold.set_current_user(rep)
    size = {"accounts": cold.store.reads().execute("SELECT count(*) FROM accounts").fetchone()[0]}
    for name in READS:
        first = _ms(lambda n=name: cold.today.load(n, day))  # type: ignore[misc]
        warm = statistics.median(_ms(lambda n=name: cold.today.load(n, day))  # type: ignore[misc]
                                 for _ in range(20))
        cpu = time.process_time()
        rows = cold.today.load(name, day)
        cpu_ms = (time.process_time() - cpu) * 1000  # CPU: the wall time waits on a busy machine
        count = rows.due.total + len(rows.tasks) if name == "follow_ups" else len(rows)
        emit(f"today_section_{name}", round(warm, 2), "ms", target=50.0, cold_ms=round(first, 2),
             cpu_ms=round(cpu_ms, 2), rows=count, **size)
    cold.close()
    _painted(db, settings, rep, now, emit, size)


def _painted(db: Path, settings: Any, rep: Any, now: Any, emit: Any,
             size: dict[str, int]) -> None:
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ui.app import make_qapp

    app = make_qapp()
    times = [_one_window(app, db, settings, rep, now) for _ in range(5)]
    paints, filled, cpu = [t[0] for t in times], [t[1] for t in times], [t[2] for t in times]
    emit("today_first_paint", round(statistics.median(paints), 1), "ms", target=100.0,
         best=round(min(paints), 1), **size)
    emit("today_all_sections_painted", round(statistics.median(filled), 1), "ms",
         target=100.0, best=round(min(filled), 1), cpu_ms=round(statistics.median(cpu), 1),
         note="cpu: the process's, both threads, show() to the filled paint", **size)


def _one_window(app: Any, db: Path, settings: Any, rep: Any, now: Any
                ) -> tuple[float, float, float]:
    """From show() to Today's first paint, and to its paint with every section in
    (wall), and the process's CPU time to that paint (a busy machine stretches the wall)."""
    from PySide6.QtCore import QEvent, QEventLoop, QObject, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from ui.app import Fieldbook

    fb = Fieldbook.build(db, settings, qsettings=QSettings(
        str(db.parent / "today-qt.ini"), QSettings.Format.IniFormat))
    fb.services.clock = fb.services.session.clock = lambda: now
    fb.services.set_current_user(rep)
    window, today = fb.window, fb.window.today
    window.resize(1366, 768)
    seen: dict[str, float] = {}
    used: list[float] = []
    arrived: set[str] = set()
    original = today._arrived

    def arrive(name: str, rows: Any, reset: bool, asked: int) -> None:
        original(name, rows, reset, asked)
        arrived.add(name)

    today._arrived = arrive  # type: ignore[method-assign]

    loop = QEventLoop()

    class Watch(QObject):
        """The time after the window's paint (an update request to the top-level
        window paints every widget in it) in which Today painted with every section."""

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if watched is today and event.type() == QEvent.Type.Paint:
                seen.setdefault("first", time.perf_counter())
                if len(arrived) == len(READS):
                    seen["today_filled"] = 1.0
            if (watched is window and event.type() == QEvent.Type.UpdateRequest
                    and len(arrived) == len(READS) and "filled" not in seen):
                window.event(event)  # the paint itself, then the clocks
                if "today_filled" in seen:
                    used.append(time.process_time())
                    seen["filled"] = time.perf_counter()
                    loop.quit()
                return True
            return False

    watch = Watch()
    today.installEventFilter(watch)
    window.installEventFilter(watch)
    QTimer.singleShot(30_000, loop.quit)
    started, cpu = time.perf_counter(), time.process_time()
    window.show()
    loop.exec()  # waits as the app does (a polling loop would add its own CPU)
    deadline = started + 30
    # What waited for the filled paint (the account list's count and menus, the
    # warm-up: ~130 ms of CPU) ends here, not inside the next window's clocks.
    for _ in range(3):
        QApplication.processEvents()
        fb.tasks.wait()
        fb.ops.reads.wait()
    window.close()
    if fb.window.sync_loaded:
        fb.sync.stop()
    fb.services.close()
    QApplication.processEvents()
    return ((seen["first"] - started) * 1000, (seen.get("filled", deadline) - started) * 1000,
            ((used[0] if used else time.process_time()) - cpu) * 1000)
