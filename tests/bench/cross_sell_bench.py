"""Cross-sell, dormant customers and the Reports tab on a big book.

``run.py --only cross_sell`` (``--quick``: 10,000 accounts). The book is the
reports bench's (``reports_bench.build``: the demo generator at 100,000
accounts, ~190,000 order lines over two years), built once under
``bench-out/``.

* cross-sell: the whole book's baskets read (once, on the first ask); one
  account with them kept, and after a change dropped its segment+tier (that
  group read again), medians over 20 accounts; the book-wide "bought X, not Y"
  list;
* dormant customers: the snapshot and first page cold, a re-sort warm;
* each report to a painted chart and table: the Reports tab at 1366x768
  offscreen, from picking the report to a repainted tab (compute, models,
  chart, paint), the median of five after a warm-up.
"""

from __future__ import annotations

import statistics
import time
import uuid
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any


def _ms(fn: Callable[[], Any], cpu: list[float] | None = None) -> float:
    """Wall milliseconds; the CPU's appended to ``cpu`` (the wall waits on a busy
    machine, so both are reported)."""
    started, used = time.perf_counter(), time.process_time()
    fn()
    if cpu is not None:
        cpu.append((time.process_time() - used) * 1000)
    return (time.perf_counter() - started) * 1000


def _median(times: list[float]) -> float:
    return round(statistics.median(times), 2)


def run(out: Path, emit: Any, *, quick: bool = False) -> None:
    import reports_bench

    from desktop.services.container import Services
    from desktop.settings import SettingsFile

    accounts = 10_000 if quick else 100_000
    db = reports_bench.build(out, accounts)
    services = Services.open(db, SettingsFile(out / "cross-sell-settings.json"),
                             lambda: reports_bench.ANCHOR)
    conn = services.store.reads()
    size = {"accounts": conn.execute("SELECT count(*) FROM accounts").fetchone()[0],
            "order_lines": conn.execute("SELECT count(*) FROM order_lines").fetchone()[0]}
    _cross_sell(services, emit, size)
    _dormant(services, emit, size)
    _painted_reports(services, emit, size)
    services.close()


def _cross_sell(services: Any, emit: Any, size: dict[str, int]) -> None:
    from desktop.services.cross_sell import CrossSell
    from desktop.store.changes import Changes

    read, warm, after_change, read_cpu = [], [], [], list[float]()
    for _ in range(3):
        fresh = CrossSell(services.store)
        read.append(_ms(fresh.groups, read_cpu))  # what the first ask (or the tab) reads
    emit("cross_sell_baskets_read", _median(read), "ms", target=2000.0,
         cpu_ms=_median(read_cpu),
         note="every account's basket, grouped by segment and tier (once)", **size)
    picks = [uuid.UUID(hex=r[0]) for r in services.store.reads().execute(
        "SELECT DISTINCT account_id FROM order_lines ORDER BY account_id LIMIT 20")]
    fresh = CrossSell(services.store)
    fresh.groups()
    warm_cpu, change_cpu = list[float](), list[float]()
    for account in picks:
        warm.append(_ms(partial(fresh.for_account, account), warm_cpu))
        fresh.apply(Changes.of([("accounts", account)]))  # its basket read again
        after_change.append(_ms(partial(fresh.for_account, account), change_cpu))
    emit("cross_sell_one_account", _median(warm), "ms", target=50.0,
         worst=round(max(warm), 2), cpu_ms=_median(warm_cpu), **size)
    emit("cross_sell_one_account_after_a_change", _median(after_change), "ms", target=50.0,
         worst=round(max(after_change), 1), cpu_ms=_median(change_cpu),
         note="its basket read again and moved in its group's counts", **size)
    book, book_cpu, rows = [], list[float](), 0
    for _ in range(3):
        book.append(_ms(fresh.book, book_cpu))
        rows = len(fresh.book(limit=10**9))
    emit("cross_sell_book", _median(book), "ms", target=2000.0, rows=rows,
         cpu_ms=_median(book_cpu),
         note="baskets kept; add cross_sell_baskets_read for a first ask", **size)


def _dormant(services: Any, emit: Any, size: dict[str, int]) -> None:
    from dataclasses import replace

    from desktop.services.dormant import DormantList, SortKey

    cold, resort, count = [], [], 0
    for _ in range(3):
        dormant = DormantList(services.store, services.session)
        flt = dormant.default_filter()
        by_value = replace(flt, sort=SortKey.LIFETIME)
        cold.append(_ms(partial(dormant.page, flt, None, 100)))
        resort.append(_ms(partial(dormant.page, by_value, None, 100)))
        count = dormant.count(flt)
    emit("dormant_first_page_cold", _median(cold), "ms", dormant=count,
         note="every customer's last order, its value and lifetime revenue read", **size)
    emit("dormant_resort_warm", _median(resort), "ms", **size)


def _painted_reports(services: Any, emit: Any, size: dict[str, int]) -> None:
    from PySide6.QtWidgets import QApplication

    from desktop.reports import REPORTS
    from ui.app import make_qapp
    from ui.change_bus import ChangeBus
    from ui.operations import Operations
    from ui.prompts import Prompts
    from ui.tasks import ImmediateRunner
    from ui.views.reports_view import ReportsView

    make_qapp()
    bus = ChangeBus()
    ops = Operations(services.store, bus, Prompts(), ImmediateRunner())
    view = ReportsView(services, bus, Prompts(), ops)
    view.resize(1198, 700)  # the tab's share of a 1366x768 window
    view.show()
    QApplication.processEvents()
    bar = view.filters
    for name in REPORTS:
        at = bar.report.findData(name)

        def pick(at: int = at) -> None:
            bar.report.setCurrentIndex(at)  # runs the report (on the spot here)
            QApplication.processEvents()
            view.repaint()  # chart and table painted now

        times, cpu = [], list[float]()
        for _ in range(6):
            bar.report.setCurrentIndex((at + 1) % bar.report.count())
            QApplication.processEvents()
            times.append(_ms(pick, cpu))
        emit(f"report_painted_{name.replace('-', '_')}", _median(times[1:]), "ms",
             target=1000.0, cpu_ms=_median(cpu[1:]), period=bar.current_period().label,
             part="pick to painted chart and table, 1366x768", **size)
    view.close()
