"""The account search in a book too large to search on the GUI thread: typed with
key events, its first page is read on a worker (a burst of keystrokes is one
read, the last text wins), a header click sorts it there too, and the choice
holds until the book is replaced; a search that was slow on the GUI thread
moves to the worker. A search in name order is read at once in any book (its
page reads its own rows); the others stand for a search sorted otherwise, or
made while an account's name key is out of order (derived_name_order)."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt

from desktop.services.account_list import AccountFilter, AccountList
from desktop.store.changes import Changes
from tests.ui.clicks import shown, written
from ui.operations import Operations
from ui.tasks import TaskRunner
from ui.views import accounts_view

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

NAMES = ["Keller Freight Yard", "Hollis Farm Supply", "Fresno Seed Co", "Dunmore Mills",
         "Frank & Sons"]


class Recording:
    """The account listing, noting each first page read (text, thread); reads of
    the texts in ``slow`` take ``seconds`` longer."""

    def __init__(self, listing: Any, slow: tuple[str, ...] = (),
                 seconds: float = 0.0) -> None:
        self.listing, self.slow, self.seconds = listing, slow, seconds
        self.calls: list[tuple[str, str]] = []

    def page(self, flt: Any, after: Any, size: int, **kw: Any) -> Any:
        if after is None and not kw:
            self.calls.append((flt.text, threading.current_thread().name))
            if flt.text in self.slow:
                time.sleep(self.seconds)
        return self.listing.page(flt, after, size, **kw)


def _window(app: Any, qtbot: Any, recording: Recording | None = None) -> tuple[Any, Recording]:
    services = app.services

    def write() -> None:
        for name in NAMES:
            services.accounts.create_account({"name": name})

    written(app, write)
    app.bus.publish(Changes.reset())
    shown(app, qtbot)
    view = app.window.accounts
    view.ops = Operations(services.store, app.bus, app.window.prompts, TaskRunner(view))
    recording = recording or Recording(view.listing.listing)
    recording.listing = view.listing.listing
    view.listing.listing = recording
    view.search.setFocus()
    return view, recording


@pytest.fixture
def sorting(monkeypatch: pytest.MonkeyPatch) -> None:
    """Searches that sort their matches (as if an account's key were out of order)."""
    monkeypatch.setattr(AccountList, "in_name_order", lambda _self, _flt: False)


def _names(view: Any) -> list[str]:
    return [view.model.row_at(n).name for n in range(view.model.rowCount())]


def _answer(app: Any, text: str, descending: bool = False) -> list[str]:
    flt = AccountFilter(text=text, descending=descending)
    return [r.name for r in app.services.account_list.page(flt, None, 1000).rows]


def test_a_search_in_name_order_is_read_at_once_in_any_book(
        make_app: Any, qtbot: Any, qtmodeltester: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accounts_view, "LARGE_BOOK", 1)  # this book counts as large
    app = make_app()
    view, recording = _window(app, qtbot)
    gui = threading.current_thread().name
    qtbot.keyClick(view.search, Qt.Key.Key_F)
    qtbot.keyClick(view.search, Qt.Key.Key_R)
    assert view.model.filter.text == "fr" and not view.loader.pending()  # no pause
    assert _names(view) == _answer(app, "fr") == ["Frank & Sons", "Fresno Seed Co",
                                                  "Keller Freight Yard"]
    qtmodeltester.check(view.model)
    assert recording.calls == [("f", gui), ("fr", gui)]
    # Sorted by another column, the same search sorts its matches: on the worker.
    header = view.table.horizontalHeader()
    city = next(c for c in range(view.model.columnCount())
                if view.model.headerData(c, Qt.Orientation.Horizontal) == "City")
    middle = QPoint(header.sectionViewportPosition(city) + header.sectionSize(city) // 2,
                    header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=middle)
    qtbot.waitUntil(lambda: view.model.filter.sort.value == "city")
    assert recording.calls[-1][1] != gui


def test_a_large_book_is_searched_on_a_worker(make_app: Any, qtbot: Any, qtmodeltester: Any,
                                              monkeypatch: pytest.MonkeyPatch,
                                              sorting: None) -> None:
    monkeypatch.setattr(accounts_view, "LARGE_BOOK", 1)  # this book counts as large
    app = make_app()
    view, recording = _window(app, qtbot)
    gui = threading.current_thread().name
    qtbot.keyClicks(view.search, "fr")
    assert view.model.filter.text == ""  # the window went on: nothing read on it yet
    assert view.loader.pending()
    qtbot.waitUntil(lambda: view.model.filter.text == "fr")
    assert _names(view) == _answer(app, "fr") == ["Frank & Sons", "Fresno Seed Co",
                                                  "Keller Freight Yard"]
    qtmodeltester.check(view.model)
    assert recording.calls == [("fr", recording.calls[0][1])]  # one read for the burst
    assert recording.calls[0][1] != gui

    # A header click on a search read on the worker sorts it there too.
    view._slow_search = True  # as if that read had been slow
    header = view.table.horizontalHeader()
    middle = QPoint(header.sectionViewportPosition(0) + header.sectionSize(0) // 2,
                    header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=middle)  # Z-A
    qtbot.waitUntil(lambda: view.model.filter.descending)
    assert _names(view) == _answer(app, "fr", descending=True) == [
        "Keller Freight Yard", "Fresno Seed Co", "Frank & Sons"]
    assert [thread != gui for _text, thread in recording.calls] == [True, True]


def test_a_new_book_decides_again(make_app: Any, qtbot: Any,
                                  monkeypatch: pytest.MonkeyPatch, sorting: None) -> None:
    """The choice stays for the book (a search at the edge of the frame budget
    does not flip between threads keystroke by keystroke) until it is replaced."""
    monkeypatch.setattr(accounts_view, "LARGE_BOOK", 1)
    app = make_app()
    view, recording = _window(app, qtbot)
    gui = threading.current_thread().name
    for key, text in ((Qt.Key.Key_F, "f"), (Qt.Key.Key_R, "fr")):
        qtbot.keyClick(view.search, key)
        assert view.loader.pending()  # five quick reads later, still on the worker
        qtbot.waitUntil(lambda text=text: view.model.filter.text == text)
    assert [thread != gui for _text, thread in recording.calls] == [True, True]
    monkeypatch.setattr(accounts_view, "LARGE_BOOK", 1_000)  # as if the book shrank
    app.bus.publish(Changes.reset())  # demo data, a fresh start: another book
    qtbot.waitUntil(lambda: view.model.filter.text == "fr")
    qtbot.keyClick(view.search, Qt.Key.Key_E)
    assert view.model.filter.text == "fre"  # at once, on the GUI thread
    assert _names(view) == _answer(app, "fre") == ["Fresno Seed Co", "Keller Freight Yard"]
    assert recording.calls[-1] == ("fre", gui)


def test_slow_searches_on_the_gui_thread_move_to_the_worker(make_app: Any, qtbot: Any,
                                                            sorting: None) -> None:
    """Two slow reads in a row (one alone may be a cold cache: it stays)."""
    app = make_app()
    slow = Recording(None, slow=("f", "fr", "fre"),
                     seconds=accounts_view.SLOW_SEARCH_MS * 2 / 1000)
    view, recording = _window(app, qtbot, slow)
    gui = threading.current_thread().name
    qtbot.keyClick(view.search, Qt.Key.Key_F)
    assert view.model.filter.text == "f"  # a small book: read at once
    qtbot.keyClick(view.search, Qt.Key.Key_R)  # slow once: still at once
    assert view.model.filter.text == "fr"
    assert recording.calls == [("f", gui), ("fr", gui)]  # slow twice in a row
    qtbot.keyClick(view.search, Qt.Key.Key_E)  # the next on a worker
    assert view.model.filter.text == "fr" and view.loader.pending()
    qtbot.waitUntil(lambda: view.model.filter.text == "fre")
    assert recording.calls[-1][0] == "fre" and recording.calls[-1][1] != gui
    assert _names(view) == _answer(app, "fre")
    view.search.clear()  # no text: the whole list, at once
    assert view.model.filter.text == ""
    assert view.model.rowCount() == len(NAMES)
