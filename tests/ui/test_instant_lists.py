"""Instant at a large book: a hidden Action plans view reads nothing on a change;
the account list keeps a window of pages while scrolling to the bottom of 20,000
accounts; the next keystroke cancels a running count; a quick task never waits
behind a count."""

from __future__ import annotations

import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QTableView

from desktop.services.account_list import AccountFilter, AccountList, SortKey
from desktop.services.cancel import Cancelled, CancelToken
from desktop.services.container import Services
from desktop.settings import SettingsFile
from tests.desktop.big_book import NOW, big_book
from tests.ui.clicks import click_tab, show_view, written
from tests.ui.test_action_plans_ui import log
from tests.ui.test_trips_ui import book, trips_view
from ui.main_window import ACCOUNTS_ROW, TRIPS_ROW
from ui.models.account_table import AccountTableModel
from ui.tasks import BACKGROUND, TaskRunner


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    tmp: Path = tmp_path_factory.mktemp("big")
    made = big_book(tmp / "cache.sqlite3", 20_000, per_account=1)
    services = Services.open(made.path, SettingsFile(tmp / "settings.json"), clock=lambda: NOW)
    yield services
    services.close()


# -- hidden views ------------------------------------------------------------------


def test_a_hidden_action_plans_view_reads_nothing_on_a_change(
        make_app: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app()
    ids = book(app.services)
    plans = app.services.action_plans
    today = datetime.now(UTC).date()
    plan = written(app, lambda: plans.create("Push", today - timedelta(days=9),
                                             today + timedelta(days=9))).id
    written(app, lambda: plans.add_goal(plan, "visit", "customer", 4))
    read: list[uuid.UUID] = []
    progress = plans.progress

    def counted(plan_id: uuid.UUID) -> Any:
        read.append(plan_id)
        return progress(plan_id)

    monkeypatch.setattr(plans, "progress", counted)

    view = trips_view(app, qtbot)  # opening Trips builds the plans tab, hidden: no read
    assert read == [] and not view.action_plans.isVisible()
    click_tab(qtbot, view.pages, view.action_plans)
    assert read == [plan]
    assert view.action_plans.goals.index(0, 4).data() == "0 of 4 (0 %)"

    click_tab(qtbot, view.pages, view.splitter)  # the Trips tab: the plans hidden again
    log(app, ids["Keller Industrial Supply"], "visit", "Stocking check")
    log(app, ids["Capitol Dental"], "visit", "Cleaning supplies")
    assert read == [plan] and view.action_plans.live.stale
    show_view(qtbot, app.window, ACCOUNTS_ROW)  # the Accounts view: all of Trips hidden
    log(app, ids["Prairie Foods"], "visit", "Samples")
    assert read == [plan]

    show_view(qtbot, app.window, TRIPS_ROW)
    assert read == [plan]  # Trips is shown, the plans tab is not current
    click_tab(qtbot, view.pages, view.action_plans)
    assert read == [plan, plan]  # once for the three changes
    assert view.action_plans.goals.index(0, 4).data() == "3 of 4 (75 %)"


# -- a window of pages -------------------------------------------------------------


def _scroll_to_bottom(model: AccountTableModel, table: QTableView) -> int:
    """Scroll as a person drags the bar down; returns the most rows ever held."""
    most = 0
    for _ in range(5_000):
        table.scrollToBottom()
        QApplication.processEvents()
        most = max(most, model.loaded_rows())
        if not model.canFetchMore():
            return most
    raise AssertionError("never reached the bottom")


def test_scrolling_to_the_bottom_keeps_a_window_of_pages(big: Services, qtbot: Any) -> None:
    """(The model tester checks the windowed model below, on 2,000 accounts.)"""
    model = AccountTableModel(big.account_list, big.clock, page_size=50, window_pages=6)
    model.set_filter(AccountFilter(sort=SortKey.CITY))
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    table.resize(600, 400)
    table.show()
    first = [model.row_at(r).id for r in range(3)]

    most = _scroll_to_bottom(model, table)
    assert model.rowCount() == 20_000
    assert most <= 6 * 50 and model.loaded_rows() <= 6 * 50
    everything = big.account_list.page(AccountFilter(sort=SortKey.CITY), None, 20_000).rows
    assert [model.row_at(r).id for r in (19_999, 12_345)] == [everything[19_999].id,
                                                              everything[12_345].id]

    table.scrollToTop()  # the first page was dropped: a placeholder, then read by key
    assert model.index(0, 0).data() == ""
    qtbot.waitUntil(lambda: model.index(0, 0).data() == everything[0].name, timeout=3000)
    assert [model.row_at(r).id for r in range(3)] == first
    assert model.loaded_rows() <= 6 * 50


def test_an_edit_reaches_loaded_and_dropped_pages(tmp_path: Path, qtbot: Any,
                                                  qtmodeltester: Any) -> None:
    made = big_book(tmp_path / "cache.sqlite3", 2_000, per_account=0)
    services = Services.open(made.path, SettingsFile(tmp_path / "s.json"), clock=lambda: NOW)
    try:
        model = AccountTableModel(services.account_list, services.clock, page_size=20,
                                  window_pages=3)
        model.set_filter(AccountFilter())
        while model.canFetchMore():
            model.fetchMore()
        qtmodeltester.check(model, force_py=True)  # and every change below
        total = model.rowCount()
        assert total == 2_000 and model.loaded_rows() == 60
        loaded = model.row_at(total - 2)
        everything = services.account_list.page(AccountFilter(), None, 2_000).rows
        first, gone = everything[5], everything[25]  # pages 0 and 1: dropped
        # A sync writes: one name in a loaded page, one in a dropped page (it moves to
        # the top of its page), and an account of another dropped page deleted.
        with closing(sqlite3.connect(made.path)) as conn:
            conn.execute("UPDATE accounts SET name = name || ' (renamed)' WHERE id = ?",
                         (loaded.id.hex,))
            conn.execute("UPDATE accounts SET name = 'AAA first' WHERE id = ?", (first.id.hex,))
            conn.execute("UPDATE accounts SET deleted_at = ? WHERE id = ?",
                         ("2026-11-20 00:00:00.000000", gone.id.hex))
            conn.commit()
        with qtbot.waitSignal(model.dataChanged, timeout=2000):
            model.refresh_in_place()  # the loaded pages, by their key ranges
        assert model.row_at(total - 2).name.endswith("(renamed)")
        assert model.rowCount() == total  # the dropped pages are read when shown

        assert model.index(30, 0).data() == ""  # page 1: a placeholder, then read by key
        qtbot.waitUntil(lambda: model.rowCount() == total - 1, timeout=3000)
        assert gone.id not in {model.row_at(r).id for r in range(20, 39)}
        model.index(0, 0).data()  # asks for page 0 (the model tester may have already)
        qtbot.waitUntil(lambda: model.index(0, 0).data() == "AAA first", timeout=3000)
        assert model.loaded_rows() <= 60
    finally:
        services.close()


# -- the count and the lanes -------------------------------------------------------


class HeldCount(AccountList):
    """Counts as the listing does, the first count held until released."""

    def __init__(self, listing: AccountList) -> None:
        super().__init__(listing.store, listing.clock)
        self.started, self.release = threading.Event(), threading.Event()
        self.outcomes: list[object] = []

    def count(self, flt: AccountFilter, cap: int | None = None,
              cancel: CancelToken | None = None) -> int:
        if not self.started.is_set():
            self.started.set()
            self.release.wait(10)
        try:
            n = super().count(flt, cap, cancel)
        except Cancelled as exc:
            self.outcomes.append(exc)
            raise
        self.outcomes.append(n)
        return n


def test_the_next_keystroke_cancels_the_count_and_frees_the_worker(big: Services,
                                                                    qtbot: Any) -> None:
    runner = TaskRunner()
    listing = HeldCount(big.account_list)
    model = AccountTableModel(listing, big.clock, page_size=20, count_delay_ms=0, runner=runner)
    shown: list[tuple[int, bool]] = []
    model.total_changed.connect(lambda n: shown.append((n, model.total_exact)))
    model.set_filter(AccountFilter(text="grain"))  # counted once the timer fires
    qtbot.waitUntil(listing.started.is_set, timeout=3000)
    held = model._count_cancel
    assert held is not None

    model.set_filter(AccountFilter(text="grain s"))  # the next keystroke
    assert held.cancelled
    quick: list[str] = []
    runner.run(lambda _r: "preview", quick.append, lambda e: None)  # the main lane: at once
    qtbot.waitUntil(lambda: quick == ["preview"], timeout=3000)
    assert not listing.release.is_set()  # while the count still holds its lane
    listing.release.set()

    expected = big.account_list.count(AccountFilter(text="grain s"))
    qtbot.waitUntil(lambda: shown == [(expected, True)], timeout=5000)
    assert isinstance(listing.outcomes[0], Cancelled)  # the stale count stopped, never shown
    assert listing.outcomes[1:] == [expected]
    assert runner.wait(3000)


def test_a_large_count_shows_at_least_then_exact(big: Services, qtbot: Any) -> None:
    runner = TaskRunner()
    model = AccountTableModel(big.account_list, big.clock, count_delay_ms=0, runner=runner)
    shown: list[tuple[int, bool]] = []
    model.total_changed.connect(lambda n: shown.append((n, model.total_exact)))
    model.set_filter(AccountFilter())
    qtbot.waitUntil(lambda: (20_000, True) in shown, timeout=5000)
    assert shown == [(10_000, False), (20_000, True)]
    assert runner.wait(3000)


def test_a_quick_task_never_waits_behind_a_count(qtbot: Any) -> None:
    runner = TaskRunner()
    hold = threading.Event()
    counted: list[object] = []
    runner.run(lambda _r: hold.wait(10), counted.append, counted.append, lane=BACKGROUND)
    quick: list[str] = []
    runner.run(lambda _r: "saved", quick.append, lambda e: None)
    qtbot.waitUntil(lambda: quick == ["saved"], timeout=2000)
    assert counted == []  # the count is still running in its own lane
    hold.set()
    qtbot.waitUntil(lambda: counted == [True], timeout=2000)
    assert runner.wait(2000)
