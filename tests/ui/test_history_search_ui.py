"""Searching the accounts with "Also search history": typed with key events, the
history is read on a worker once typing pauses (never on the GUI thread), the
final rows are the service's answer for the final text, a page that arrives
late for an earlier text is dropped, and words under three letters match the
account's details only."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from desktop.services.account_list import AccountFilter
from desktop.services.search import searches_history
from desktop.store.changes import Changes
from tests.ui.clicks import click, shown, written
from ui.operations import Operations
from ui.tasks import TaskRunner

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

# Each account and what its history says.
BOOK = {
    "Keller Freight Yard": "pallets counted",  # "fr": the account's own name
    "Hollis Farm Supply": "freight booked for May",
    "Ostrow Agrar": "Freigabe der Lieferung",
    "Dunmore Mills": "fresh quote sent",
    "Pavlik Seeds": "no match here",
}


class Recording:
    """The account listing, noting each page read (text, thread); ``hold`` makes
    the read of that text wait until ``release`` is set."""

    def __init__(self, listing: Any, hold: str | None = None) -> None:
        self.listing = listing
        self.calls: list[tuple[str, str]] = []
        self.done: list[str] = []
        self.hold = hold
        self.started = threading.Event()
        self.release = threading.Event()

    def page(self, flt: Any, after: Any, size: int, **kw: Any) -> Any:
        self.calls.append((flt.text, threading.current_thread().name))
        if flt.text == self.hold:
            self.started.set()
            assert self.release.wait(30)
        try:
            return self.listing.page(flt, after, size, **kw)
        finally:
            self.done.append(flt.text)


def _book(app: Any) -> None:
    services = app.services

    def write() -> None:
        for name, said in BOOK.items():
            account = services.accounts.create_account({"name": name}).id
            services.history.log_interaction(account, {"channel": "phone", "subject": "Call",
                                                       "notes": said})

    written(app, write)
    app.bus.publish(Changes.reset())


def _window(app: Any, qtbot: Any, hold: str | None = None, threads: int = 1) -> Any:
    _book(app)
    shown(app, qtbot)
    view = app.window.accounts
    # The app reads on a pool of its own; here a real one too (the fixture's runs on the spot).
    view.ops = Operations(app.services.store, app.bus, app.window.prompts,
                          TaskRunner(view, threads=threads))
    recording = Recording(view.listing.listing, hold)
    view.listing.listing = recording
    click(qtbot, view.in_history)
    assert view.in_history.isChecked()
    view.search.setFocus()
    return view, recording


def _names(view: Any) -> list[str]:
    model = view.model
    return [model.row_at(n).name for n in range(model.rowCount())]


def _answer(app: Any, text: str, descending: bool = False) -> list[str]:
    flt = AccountFilter(text=text, include_history=True, descending=descending)
    return [r.name for r in app.services.account_list.page(flt, None, 1000).rows]


def test_history_search_is_debounced_and_read_on_a_worker(make_app: Any, qtbot: Any,
                                                          qtmodeltester: Any) -> None:
    app = make_app()
    view, recording = _window(app, qtbot)
    gui = threading.current_thread().name
    qtbot.keyClicks(view.search, "freigh")  # six keystrokes
    qtbot.keyClick(view.search, Qt.Key.Key_T)
    qtbot.waitUntil(lambda: not view.loader.pending() and view.model.filter.text == "freight")
    assert _names(view) == _answer(app, "freight") == ["Hollis Farm Supply",
                                                         "Keller Freight Yard"]
    qtmodeltester.check(view.model)
    history_reads = [(text, thread) for text, thread in recording.calls
                     if searches_history(text)]
    assert [text for text, _thread in history_reads] == ["freight"]  # one read for the burst
    assert history_reads[0][1] != gui  # on a worker
    assert view.loader.reads == 1

    qtbot.keyClick(view.search, Qt.Key.Key_Backspace)
    qtbot.keyClick(view.search, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: view.model.filter.text == "freig")
    assert _names(view) == _answer(app, "freig") == ["Hollis Farm Supply",
                                                         "Keller Freight Yard", "Ostrow Agrar"]
    assert all(thread != gui for text, thread in recording.calls if searches_history(text))


def test_a_late_page_for_an_earlier_text_is_dropped(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    view, recording = _window(app, qtbot, hold="freight", threads=2)
    try:
        qtbot.keyClicks(view.search, "freight")
        qtbot.waitUntil(recording.started.is_set)  # its page is being read, slowly
        qtbot.keyClick(view.search, Qt.Key.Key_Backspace)
        qtbot.keyClick(view.search, Qt.Key.Key_Backspace)
        qtbot.waitUntil(lambda: view.model.filter.text == "freig")
        shown_now = _names(view)
        assert shown_now == _answer(app, "freig") == [
            "Hollis Farm Supply", "Keller Freight Yard", "Ostrow Agrar"]
    finally:
        recording.release.set()  # "freight" arrives after "freig" has landed
    qtbot.waitUntil(lambda: "freight" in recording.done)
    assert view.ops.reads.wait(10_000)
    for _ in range(5):
        QApplication.processEvents()  # the late page's result reaches the GUI thread
    assert view.model.filter.text == view.search.text() == "freig"
    assert _names(view) == shown_now


def test_short_words_match_details_only_and_the_box_says_so(make_app: Any,
                                                            qtbot: Any) -> None:
    app = make_app()
    view, recording = _window(app, qtbot)
    assert "3 letters" in view.in_history.toolTip()
    assert "3+" in view.search.placeholderText()
    qtbot.keyClicks(view.search, "fr")
    # At once, like the ordinary search: the history is not searched for "fr".
    assert view.model.filter.text == "fr" and not view.loader.pending()
    assert _names(view) == ["Keller Freight Yard"]
    qtbot.keyClick(view.search, Qt.Key.Key_E)
    qtbot.waitUntil(lambda: view.model.filter.text == "fre")
    assert _names(view) == _answer(app, "fre") == [
        "Dunmore Mills", "Hollis Farm Supply", "Keller Freight Yard", "Ostrow Agrar"]
    click(qtbot, view.in_history)  # off: the details only, at once
    assert _names(view) == ["Keller Freight Yard"]
    assert "history" not in view.search.placeholderText()


def test_sorting_a_history_search_reads_it_on_a_worker(make_app: Any, qtbot: Any,
                                                       qtmodeltester: Any) -> None:
    app = make_app()
    view, recording = _window(app, qtbot)
    gui = threading.current_thread().name
    qtbot.keyClicks(view.search, "freig")
    qtbot.waitUntil(lambda: view.model.filter.text == "freig")
    header = view.table.horizontalHeader()
    middle = QPoint(header.sectionViewportPosition(0) + header.sectionSize(0) // 2,
                    header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=middle)  # Account, Z-A
    qtbot.waitUntil(lambda: view.model.filter.descending)
    assert _names(view) == _answer(app, "freig", descending=True) == [
        "Ostrow Agrar", "Keller Freight Yard", "Hollis Farm Supply"]
    qtmodeltester.check(view.model)
    assert [text for text, thread in recording.calls if searches_history(text)] == [
        "freig", "freig"]
    assert all(thread != gui for text, thread in recording.calls if searches_history(text))
