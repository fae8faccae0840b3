"""What a rep does, through the real window (offscreen) on a large cache: every
account sort's first page and a page deep down, scrolling to the bottom, the
history search, the first exact count, opening each view, logging a call with
every view opened before, the orders search, cold opens of accounts never
opened. Each figure beside its floor, measured here on the same file: the bare
FTS5 prefix query. Prints one JSON object (rows) for rep_actions_bench."""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from functools import partial
from pathlib import Path
from tempfile import mkdtemp
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, QSettings, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from desktop.services.search import fts_query  # noqa: E402
from desktop.settings import SettingsFile  # noqa: E402
from ui.app import Fieldbook, make_qapp  # noqa: E402
from ui.main_window import ACCOUNTS_ROW, ORDERS_ROW  # noqa: E402

rows: list[dict[str, Any]] = []


class PaintFlag(QObject):
    """True once the watched widget has painted since it was installed."""

    def __init__(self) -> None:
        super().__init__()
        self.seen = False

    def __bool__(self) -> bool:
        return self.seen

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            self.seen = True
        return False


def peak_rss_mb() -> float:
    """This process's peak RSS (VmHWM)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def row(name: str, value_ms: float, floor_ms: float | None = None, **extra: Any) -> None:
    """One measure; ``rss_so_far_mb``: the process's peak until then (where it grew)."""
    rows.append({"name": name, "value": value_ms, "unit": "ms", "floor": floor_ms,
                 "rss_so_far_mb": round(peak_rss_mb(), 1), **extra})


def until(app: QApplication, done: Callable[[], object], limit_s: float = 120.0) -> None:
    stop = time.perf_counter() + limit_s
    while not done():
        app.processEvents()
        if time.perf_counter() > stop:
            raise TimeoutError("the window did not get there")
        time.sleep(0.0005)


def painted(app: QApplication, widget: QWidget | None, action: Callable[[], object],
            *others: QWidget) -> float:
    """Milliseconds from ``action`` until ``widget`` (or one of ``others``: what
    shows instead of it) has painted."""
    assert widget is not None
    flags = [PaintFlag() for _ in (widget, *others)]
    for watched, flag in zip((widget, *others), flags, strict=True):
        watched.installEventFilter(flag)
    started = time.perf_counter()
    action()
    until(app, lambda: any(flags))
    for watched, flag in zip((widget, *others), flags, strict=True):
        watched.removeEventFilter(flag)
    return (time.perf_counter() - started) * 1000


def floor_ms(conn: Any, table: str, typed: list[str]) -> float:
    """The bare FTS5 prefix query for the same words: a page of rowids (median)."""
    return statistics.median(floor_each(conn, table, typed).values())


def floor_each(conn: Any, table: str, typed: list[str]) -> dict[str, float]:
    """The bare FTS5 prefix query's time for each text typed."""
    times = {}
    for text in typed:
        query = fts_query(text)
        started = time.perf_counter()
        conn.execute(f"SELECT rowid FROM {table} WHERE {table} MATCH ? LIMIT 100",
                     (query,)).fetchall()
        times[text] = (time.perf_counter() - started) * 1000
    return times


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(int(len(ordered) * 0.95) - 1, 0)]


def keystrokes(words: list[str]) -> list[str]:
    return [w[:n] for w in words for n in range(1, len(w) + 1)]


def main() -> None:
    db = Path(sys.argv[1])
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 7)
    app = make_qapp()
    scratch = Path(mkdtemp())
    fieldbook = Fieldbook.build(db, SettingsFile(scratch / "s.json"),
                                qsettings=QSettings(str(scratch / "q.ini"),
                                                    QSettings.Format.IniFormat))
    window = fieldbook.window
    from ui import warm_up

    warming = warm_up.after_first_paint(fieldbook)  # as the app does (ui/app.py run_gui)
    window.resize(1366, 768)
    window.show()
    window.sidebar.setCurrentRow(ACCOUNTS_ROW)  # it opens on Today: the rep clicks Accounts
    until(app, lambda: window.accounts.model.rowCount() > 0)
    # The rep looks at the list for a moment: the warm-up (ORM, the views'
    # modules) has run on the worker before the first measured keystroke.
    until(app, lambda: warming.done)
    app.processEvents()
    conn = fieldbook.services.store.reads()
    view, model = window.accounts, window.accounts.model

    # -- every sortable column: the first page, and a page 50 pages down -------------
    from ui.models.account_table import COLUMNS

    for column, (title, _key) in enumerate(COLUMNS):
        for descending in (False, True):
            order = "desc" if descending else "asc"
            started = time.perf_counter()
            model.sort(column, Qt.SortOrder.DescendingOrder if descending
                       else Qt.SortOrder.AscendingOrder)
            first = (time.perf_counter() - started) * 1000
            for _ in range(49):
                if model.canFetchMore():
                    model.fetchMore()
            started = time.perf_counter()
            model.fetchMore()
            deep = (time.perf_counter() - started) * 1000
            row(f"sort_{title.lower().replace(' ', '_')}_{order}_first_page", first)
            row(f"sort_{title.lower().replace(' ', '_')}_{order}_page_50", deep)
    model.sort(0)

    # -- scroll to the bottom: time and peak memory ----------------------------------
    pages = 0
    started = time.perf_counter()
    while model.canFetchMore():
        model.fetchMore()
        pages += 1
    view.table.scrollToBottom()
    app.processEvents()
    row("scroll_to_bottom", (time.perf_counter() - started) * 1000, pages=pages,
        loaded_rows=model.rowCount(), peak_rss_mb=round(peak_rss_mb(), 1))
    model.sort(0)
    app.processEvents()

    # -- the search keystroke, and with history ----------------------------------
    top = conn.execute("SELECT max(rowid) FROM accounts").fetchone()[0]
    names = [conn.execute("SELECT name FROM accounts WHERE rowid >= ? LIMIT 1",
                          (rng.randrange(1, top),)).fetchone()[0].split()[0]
             for _ in range(6)]
    # What each keystroke costs the GUI thread (the query and the model's reset,
    # unless the book is large enough to be searched on the worker), and until
    # the list shows its rows (the worker's read started at once, as if typing paused).
    times, shown, each = [], [], {}
    for text in keystrokes(names):
        started = time.perf_counter()
        view.search.setText(text)
        times.append((time.perf_counter() - started) * 1000)
        loader = getattr(view, "_loader", None)
        if loader is not None and loader.pending():
            loader.now()
        until(app, partial(_shows, view, text))
        shown.append((time.perf_counter() - started) * 1000)
        each[text] = round(shown[-1], 1)
    view.search.clear()
    times.sort()
    shown.sort()
    # The floor for the same texts: the median beside the medians, the p95 beside
    # the p95s (a word's prefix that matches many terms is slow in the bare query too).
    floors = floor_each(conn, "account_search", keystrokes(names))
    floor, floor95 = statistics.median(floors.values()), p95(list(floors.values()))
    row("search_keystroke_median", statistics.median(times), floor, keystrokes=len(times))
    row("search_keystroke_p95", times[int(len(times) * 0.95) - 1], floor95)
    row("search_keystroke_to_rows_median", statistics.median(shown), floor)
    row("search_keystroke_to_rows_p95", shown[int(len(shown) * 0.95) - 1], floor95,
        slowest=[(text, ms, round(floors[text], 1)) for text, ms in
                 sorted(each.items(), key=lambda kv: -kv[1])[:3]])
    # Each keystroke against the bare query for its own text.
    row("search_keystroke_over_floor_p95",
        p95([each[text] / max(floors[text], 0.01) for text in each]), None, unit="x")

    # With history: what each keystroke costs the GUI thread (a history search is
    # read on a worker once typing pauses), and until the list shows its rows.
    history_words = ["freight", "warehouse", "quote", "delivery"]
    view.in_history.setChecked(True)
    blocks, ready = [], []
    for text in keystrokes(history_words):
        started = time.perf_counter()
        view.search.setText(text)
        blocks.append((time.perf_counter() - started) * 1000)
        loader = getattr(view, "_loader", None)
        if loader is not None and loader.pending():
            loader.now()  # as if typing paused here
        until(app, partial(_shows, view, text))
        ready.append((time.perf_counter() - started) * 1000)
    view.search.clear()
    view.in_history.setChecked(False)
    blocks.sort()
    ready.sort()
    floor = floor_ms(conn, "history_search", keystrokes(history_words))
    row("history_search_keystroke_median", statistics.median(blocks), floor,
        keystrokes=len(blocks))
    row("history_search_keystroke_p95", blocks[int(len(blocks) * 0.95) - 1], floor)
    row("history_search_keystroke_to_rows", statistics.median(ready), floor,
        p95=round(ready[int(len(ready) * 0.95) - 1], 2))
    app.processEvents()

    # -- the first exact count -------------------------------------------------------
    for text in ("a", "fr"):
        view.search.setText(text)
        totals: list[int] = []
        model.total_changed.connect(totals.append)
        started = time.perf_counter()
        model.count_now()
        until(app, totals.__len__)
        row(f"match_count_{text}", (time.perf_counter() - started) * 1000,
            floor_ms(conn, "account_search", [text]), matches=totals[-1])
        model.total_changed.disconnect(totals.append)
    view.search.clear()
    app.processEvents()

    # -- opening each view (first time: built and painted; data on the worker) ---------
    sidebar = window.sidebar
    for n in (n for n in range(sidebar.count()) if n != ACCOUNTS_ROW):
        label = sidebar.item(n).text().lower().replace("-", "_").replace(" ", "_")
        ms = painted(app, window.stack, partial(sidebar.setCurrentRow, n))
        shown: Any = window.stack.currentWidget()
        loaded = ms
        started = time.perf_counter() - ms / 1000
        if hasattr(shown, "loading"):  # Follow-ups: its rows from the worker
            until(app, lambda shown=shown: not shown.loading(), 30)
            loaded = (time.perf_counter() - started) * 1000
        elif hasattr(shown, "rows") and not shown.rows:  # Shipping: its rows from the worker
            until(app, partial(getattr, shown, "rows"), 30)
            loaded = (time.perf_counter() - started) * 1000
        row(f"open_view_{label}", ms, rows_ready_ms=round(loaded, 1))
        if label == "trips" and hasattr(shown, "pages"):
            ms = painted(app, shown, partial(shown.pages.setCurrentIndex, 1))
            row("open_view_action_plans", ms)
    sidebar.setCurrentRow(ACCOUNTS_ROW)
    app.processEvents()

    # -- logging a call with every view opened before ------------------------------
    account = uuid.UUID(hex=conn.execute("SELECT id FROM accounts WHERE rowid = 17")
                        .fetchone()[0])
    services = fieldbook.services

    def log_call(n: int) -> object:
        return services.history.log_interaction(
            account, {"channel": "phone", "subject": f"Bench call {n}"}).changes

    times = []
    for n in range(5):
        done: list[object] = []
        started = time.perf_counter()
        fieldbook.ops.write(partial(log_call, n), parent=window).success(done.append).run()
        until(app, done.__len__)
        app.processEvents()  # what the change record made each view do
        times.append((time.perf_counter() - started) * 1000)
    row("log_call_every_view_opened", statistics.median(times), worst=round(max(times), 1))

    # -- the orders search keystroke -------------------------------------------------
    sidebar.setCurrentRow(ORDERS_ROW)
    orders = window.orders
    app.processEvents()
    numbers = [r[0] for r in conn.execute(
        "SELECT a.name FROM orders o JOIN accounts a ON a.id = o.account_id "
        "ORDER BY o.rowid LIMIT 3")]
    typed = keystrokes([n.split()[0] for n in numbers] + ["SO-0"])
    blocks, ready, each = [], [], {}
    for text in typed:
        started = time.perf_counter()
        orders.search.setText(text)  # what the keystroke costs the GUI thread
        blocks.append((time.perf_counter() - started) * 1000)
        orders.loader.now()  # as if typing paused here: the page read on the worker
        until(app, partial(_shows, orders, text))
        ready.append((time.perf_counter() - started) * 1000)
        each[text] = round(ready[-1], 1)
    orders.search.clear()
    floor = statistics.median(
        _timed(partial(conn.execute, "SELECT rowid FROM order_search WHERE order_search "
                       "MATCH ? LIMIT 100", (f'"{t}"',))) for t in typed if len(t) >= 3)
    row("orders_search_keystroke_gui", statistics.median(blocks), floor,
        p95=round(sorted(blocks)[int(len(blocks) * 0.95) - 1], 2))
    row("orders_search_keystroke_to_rows", statistics.median(ready), floor,
        p95=round(sorted(ready)[int(len(ready) * 0.95) - 1], 2),
        slowest=sorted(each.items(), key=lambda kv: -kv[1])[:3])
    sidebar.setCurrentRow(ACCOUNTS_ROW)
    app.processEvents()

    # -- cold open of accounts never opened before ------------------------------------
    page = view.page
    opens = []
    for _ in range(8):
        account_id = uuid.UUID(hex=conn.execute(
            "SELECT id FROM accounts WHERE rowid >= ? LIMIT 1",
            (rng.randrange(1, top),)).fetchone()[0])
        # Its history, or the line saying it has none (one account in ten).
        opens.append(painted(app, page.timeline_view.viewport(),
                             partial(page.show_account, account_id), page.timeline_empty))
    row("cold_open_account", statistics.median(opens), worst=round(max(opens), 1))
    row("peak_rss", peak_rss_mb(), unit="MB")


def _timed(fn: Callable[[], Any]) -> float:
    started = time.perf_counter()
    fn().fetchall()
    return (time.perf_counter() - started) * 1000


def _shows(view: Any, text: str) -> bool:
    return bool(view.model.filter.text == text)


try:
    main()
except TimeoutError as exc:  # what was measured before it still counts; say where it stopped
    rows.append({"name": "stopped", "value": 1.0, "unit": "count", "floor": None,
                 "after": rows[-1]["name"] if rows else None, "error": str(exc)})
print(json.dumps(rows))
