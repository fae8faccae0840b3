"""What the rep types is not read behind slower work: a report runs in a lane of
its own (at a million accounts one takes tens of seconds, and an orders search
typed while it ran waited 20 s for it), counts in the background lane, and a
typed search's page starts before the loads queued earlier."""

from __future__ import annotations

import threading
import uuid
from typing import Any

import pytest

from tests.ui.clicks import seeded, show_view, shown, written
from ui.main_window import ORDERS_ROW, PROPOSALS_ROW, REPORTS_ROW
from ui.tasks import TaskRunner

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _app(make_app: Any) -> Any:
    """The window over the conftest's book, reading on a real pool (the
    fixture's runs on the spot)."""
    app = make_app()
    seeded(app)
    app.window.ops.reads = TaskRunner(app.window)
    return app


def _held(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str
          ) -> tuple[threading.Event, threading.Event]:
    """``owner.name`` made to wait, once called (``started``), for ``release``."""
    started, release = threading.Event(), threading.Event()
    real = getattr(owner, name)

    def held(*args: Any, **kw: Any) -> Any:
        started.set()
        assert release.wait(30)
        return real(*args, **kw)

    monkeypatch.setattr(owner, name, held)
    return started, release


def _typed(qtbot: Any, orders: Any, keys: str, text: str) -> None:
    """``keys`` typed into the orders' search, as if typing paused; its page in."""
    qtbot.keyClicks(orders.search, keys)
    orders.loader.now()
    qtbot.waitUntil(lambda: orders.model.filter.text == text, timeout=5_000)


def test_a_running_report_does_not_hold_up_a_search(make_app: Any, qtbot: Any,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    app = _app(make_app)
    window = app.window
    started, release = _held(monkeypatch, app.services.reports, "run")
    shown(app, qtbot)
    try:
        show_view(qtbot, window, REPORTS_ROW)
        qtbot.waitUntil(started.is_set)  # the report is running, and stays so
        _typed(qtbot, show_view(qtbot, window, ORDERS_ROW), "SO", "SO")
        assert not release.is_set()  # the orders' read came back while the report ran
    finally:
        release.set()
    reports = window.reports.reports  # the page's Reports tab
    qtbot.waitUntil(lambda: reports.result is not None, timeout=10_000)


def test_a_slow_count_does_not_hold_up_the_next_page(make_app: Any, qtbot: Any,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Counting the orders that match "R" read every order's text at 1,000,000
    accounts; the count runs in the background lane, and the page for the next
    keystroke comes first."""
    app = _app(make_app)
    window = app.window
    started, release = _held(monkeypatch, app.services.order_list, "count")
    shown(app, qtbot)
    try:
        orders = show_view(qtbot, window, ORDERS_ROW)
        _typed(qtbot, orders, "R", "R")
        qtbot.waitUntil(started.is_set, timeout=5_000)  # its count is running, and stays so
        _typed(qtbot, orders, "i", "Ri")
        assert not release.is_set()
    finally:
        release.set()
    window.ops.reads.wait()


def test_the_typed_search_goes_before_reads_queued_earlier(make_app: Any, qtbot: Any) -> None:
    """Clicking through the views queues a read for each (seconds apiece at a
    million accounts); the page for what the rep then types starts first."""
    app = _app(make_app)
    window = app.window
    shown(app, qtbot)
    orders = show_view(qtbot, window, ORDERS_ROW)
    ran: list[str] = []  # in the order the worker ran them
    listing = orders.listing.listing

    class Typed:
        def page(self, *args: Any, **kw: Any) -> Any:
            ran.append("typed")
            return listing.page(*args, **kw)

        def __getattr__(self, name: str) -> Any:
            return getattr(listing, name)

    orders.listing.listing = Typed()
    release = threading.Event()
    try:
        window.ops.query(lambda: release.wait(30), lambda _r: None)
        for n in range(3):  # what the views clicked through queued
            window.ops.query(lambda n=n: ran.append(f"view {n}"), lambda _r: None)
        qtbot.keyClicks(orders.search, "SO")
        orders.loader.now()
    finally:
        release.set()
    qtbot.waitUntil(lambda: orders.model.filter.text == "SO", timeout=5_000)
    window.ops.reads.wait()
    assert ran[:4] == ["typed", "view 0", "view 1", "view 2"], ran


def test_the_proposals_count_does_not_hold_up_an_orders_search(
        make_app: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Counting the proposals took 1.1 s at 1,000,000 accounts, on the lane the
    orders' pages are read on; it runs in the background lane, as theirs does."""
    app = _app(make_app)
    window, services = app.window, app.services

    def two() -> None:
        account = services.store.reads().execute("SELECT id FROM accounts LIMIT 1").fetchone()
        for _ in range(2):
            services.proposals.create(uuid.UUID(hex=account[0]))

    written(app, two)
    started, release = _held(monkeypatch, services.proposal_list, "count")
    shown(app, qtbot)
    try:
        proposals = window.proposals
        proposals.model.page_size = 1  # more than a page: counted on a worker
        show_view(qtbot, window, PROPOSALS_ROW)
        proposals.refresh(reset=True)
        qtbot.waitUntil(started.is_set, timeout=5_000)  # the count runs, and stays so
        _typed(qtbot, show_view(qtbot, window, ORDERS_ROW), "SO", "SO")
        assert not release.is_set()
    finally:
        release.set()
    window.ops.reads.wait()
