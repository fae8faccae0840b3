"""Every action of the window and every button of every view and of every dialog
they open, clicked once on a small demo book, as a person would click them.

The walk fails on any exception (in a slot, caught by pytest-qt; or reaching
``sys.excepthook``), on any error logged (an operation that failed for a reason
other than the rep's input), on any "Something went wrong" shown, and on any Qt
warning (``qt_log_level_fail``). Questions are answered by the prompts below;
a dialog that runs its own event loop (print, save file) is closed as soon as
it opens. Quit comes last, and the window must then be closed.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QPushButton,
    QTabWidget,
    QToolButton,
    QWidget,
)

from tests.ui.clicks import LEFT, click_item, click_row, shown
from tests.ui.conftest import ScriptedPrompts
from ui.prompts import Unsaved

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

DEMO_ACCOUNTS = 30
MAX_DEPTH = 3  # a dialog opened from a dialog opened from a dialog opened from a view


class WalkingPrompts(ScriptedPrompts):
    """Says yes, gives an answer to every question, and records what was shown."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def confirm(self, parent: Any, title: str, text: str) -> bool:
        self.asked.append(("confirm", text))
        return True

    def unsaved(self, parent: Any, text: str) -> Unsaved:
        self.asked.append(("unsaved", text))
        return Unsaved.DISCARD

    def text(self, parent: Any, title: str, label: str) -> str | None:
        self.asked.append(("text", label))
        return "Settled on the phone"

    def follow_up(self, parent: Any, today: Any) -> dict[str, object] | None:
        self.asked.append(("follow_up", ""))
        return {"title": "Call back about the walk", "due_date": today}

    def concern(self, parent: Any) -> tuple[str, str] | None:
        self.asked.append(("concern", ""))
        return ("Late delivery", "Two days late")

    def choice(self, parent: Any, title: str, label: str, options: list[str],
               current: int = 0) -> int | None:
        self.asked.append(("choice", label))
        return current

    def save_file(self, parent: Any, title: str, name: str, file_filter: str) -> Path | None:
        self.asked.append(("save_file", name))
        return self.folder / name

    def open_file(self, parent: Any, title: str, filters: str) -> Path | None:
        self.asked.append(("open_file", title))
        return None  # cancelled


@pytest.fixture
def prompts(tmp_path: Path) -> WalkingPrompts:
    (tmp_path / "saved").mkdir()
    return WalkingPrompts(tmp_path / "saved")


@pytest.fixture
def uncaught() -> Iterator[list[str]]:
    """Exceptions that reach ``sys.excepthook``, recorded (and still reported)."""
    seen: list[str] = []
    previous = sys.excepthook

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        seen.append(f"{kind.__name__}: {exc}")
        previous(kind, exc, tb)

    sys.excepthook = hook
    yield seen
    sys.excepthook = previous


class Walk:
    def __init__(self, qtbot: Any, window: Any) -> None:
        self.qtbot = qtbot
        self.window = window
        self.pressed: list[str] = []
        self.home: Callable[[], None] = lambda: None

    # -- pressing without getting stuck -------------------------------------------
    def press(self, what: str, fn: Callable[[], object]) -> None:
        """Run ``fn`` (a click); a dialog that blocks in its own event loop (a print
        or file dialog) is cancelled as soon as it shows."""
        done = False

        def cancel_blocking() -> None:
            if done:
                return
            popup = QApplication.activePopupWidget()
            if popup is not None:
                popup.close()
            modal = QApplication.activeModalWidget()
            if isinstance(modal, QDialog) and modal not in before:
                modal.reject()
            QTimer.singleShot(20, cancel_blocking)

        before = set(open_dialogs())
        QTimer.singleShot(20, cancel_blocking)
        self.pressed.append(what)
        fn()
        done = True

    def click(self, button: QAbstractButton) -> None:
        self.press(f"{type(button.window()).__name__}: {button.text() or button.toolTip()}",
                   lambda: self.qtbot.mouseClick(button, LEFT))

    def trigger(self, action: QAction) -> None:
        self.press(f"action {action.text()}", action.trigger)

    # -- walking ----------------------------------------------------------------------
    def buttons_of(self, root: QWidget) -> list[QAbstractButton]:
        """The buttons on ``root``; a dialog's own row (Save, Cancel, Close) last,
        the one that leaves it (Cancel, Close) at the very end."""
        buttons = [b for b in root.findChildren(QAbstractButton)
                   if isinstance(b, QPushButton | QToolButton) and b.window() is root.window()]

        def order(button: QAbstractButton) -> int:
            box = button.parentWidget()
            if isinstance(box, QDialogButtonBox):
                role = box.buttonRole(button)
                return 2 if role == QDialogButtonBox.ButtonRole.RejectRole else 1
            return 2 if button.text() in ("Close", "Cancel") else 0

        return sorted(buttons, key=order)

    def choose_rows(self, root: QWidget) -> None:
        """A row chosen in each list on show, so buttons that act on one are enabled."""
        for view in root.findChildren(QAbstractItemView):
            if isinstance(view, QHeaderView):
                continue
            model = view.model()
            if (view.isVisible() and model is not None and model.rowCount() > 0
                    and not view.selectionModel().selectedRows()):
                click_row(self.qtbot, view, 0)

    def walk(self, root: QWidget, depth: int = 0,
             home: Callable[[], None] = lambda: None) -> None:
        """Every tab of ``root``, and on each every enabled button (a button with a
        menu: each entry); a dialog a click opens is walked too, then closed.
        ``home`` brings the view back when a click showed another one."""
        self.home = home
        self.choose_rows(root)
        seen: set[int] = set()
        for tabs in [root, *root.findChildren(QTabWidget)]:
            pages = [tabs.widget(n) for n in range(tabs.count())] \
                if isinstance(tabs, QTabWidget) else [None]
            for page in pages:
                if isinstance(tabs, QTabWidget):
                    if not tabs.isVisible():
                        continue
                    bar = tabs.tabBar()
                    self.qtbot.mouseClick(bar, LEFT, pos=bar.tabRect(tabs.indexOf(page)).center())
                    self.choose_rows(page)
                for button in self.buttons_of(page or root):
                    if id(button) in seen or not self._alive(button):
                        continue
                    if not (button.isVisible() and button.isEnabled()):
                        continue
                    seen.add(id(button))
                    self.use(button, depth)
                    if isinstance(root, QDialog):
                        if not root.isVisible():  # the click closed it (Save, Cancel)
                            return
                    else:
                        home()  # e.g. "New proposal…" shows the Proposals view
                        if isinstance(tabs, QTabWidget) and page is not None \
                                and tabs.currentWidget() is not page:
                            bar = tabs.tabBar()
                            self.qtbot.mouseClick(bar, LEFT,
                                                  pos=bar.tabRect(tabs.indexOf(page)).center())

    def use(self, button: QAbstractButton, depth: int) -> None:
        before = set(open_dialogs())
        menu = button.menu()  # type: ignore[attr-defined]
        if menu is not None:
            for action in menu.actions():
                if action.isEnabled() and not action.isSeparator():
                    self.trigger(action)
                    self.visit_new_dialogs(before, depth)
            return
        self.click(button)
        self.visit_new_dialogs(before, depth)

    def visit_new_dialogs(self, before: set[QDialog], depth: int) -> None:
        for dialog in [d for d in open_dialogs() if d not in before]:
            if depth < MAX_DEPTH:
                self.walk(dialog, depth + 1)
            self.close(dialog)

    def close(self, dialog: QDialog) -> None:
        """Escape, as a person leaves a dialog (unsaved edits: discarded)."""
        if self._alive(dialog) and dialog.isVisible():
            self.press(f"close {type(dialog).__name__}", dialog.reject)
            if dialog.isVisible():
                dialog.done(QDialog.DialogCode.Rejected)

    @staticmethod
    def _alive(widget: QWidget) -> bool:
        try:
            widget.objectName()
        except RuntimeError:  # deleted by Qt meanwhile (a dialog closed itself)
            return False
        return True


def open_dialogs() -> list[QDialog]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QDialog) and w.isVisible()]


def test_every_action_and_button_on_demo_data(make_app: Any, qtbot: Any, prompts: WalkingPrompts,
                                              uncaught: list[str], caplog: Any) -> None:
    caplog.set_level(logging.WARNING)
    app = make_app()
    app.services.settings.trip_solve_seconds = 1
    app.services.settings.demo_accounts = DEMO_ACCOUNTS
    window = shown(app, qtbot)
    prompts.confirm_answers.append(True)
    app.offer_demo_data()  # the first start's offer, accepted
    assert app.services.account_list.count_all() == DEMO_ACCOUNTS
    window.accounts.select_first()
    qtbot.waitUntil(lambda: window.sync_loaded)  # the Sync menu's entries, after the paint
    walk = Walk(qtbot, window)

    # The window's actions (its shortcuts and the menu bar's menus), Quit last.
    quit_action = window.quit_action
    actions = [a for a in window.actions() if a is not quit_action]
    for menu_action in window.menuBar().actions():
        if menu_action.menu() is not None:
            actions += [a for a in menu_action.menu().actions()
                        if not a.isSeparator() and a is not quit_action]  # File has Quit
    assert len(actions) >= 6, [a.text() for a in actions]
    for action in actions:
        if action.isEnabled():
            before = set(open_dialogs())
            walk.trigger(action)
            walk.visit_new_dialogs(before, 0)
    # The status line's sync button.
    assert window.sync_button is not None
    walk.use(window.sync_button, 0)

    # Each view, opened from the sidebar, and every button in it.
    views = window.sidebar.count()
    assert views >= 6
    for row in range(views):
        click_item(qtbot, window.sidebar, row)
        view = window.stack.currentWidget()

        def home(row: int = row, view: QWidget = view) -> None:
            for dialog in open_dialogs():
                walk.close(dialog)
            if window.stack.currentWidget() is not view:
                click_item(qtbot, window.sidebar, row)

        walk.walk(view, home=home)
        for dialog in open_dialogs():  # nothing left open behind the view
            walk.close(dialog)
    assert len(walk.pressed) > 150, walk.pressed

    assert uncaught == []
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == []
    shown_errors = [text for kind, text in prompts.asked if kind == "error"]
    assert not [t for t in shown_errors if t.startswith("Something went wrong")], shown_errors

    walk.trigger(quit_action)
    assert not window.isVisible()
    assert date.today()  # the walk ran to the end
