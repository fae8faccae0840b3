"""Doing what a person does in the window: clicking buttons, rows and sidebar
items, choosing menu entries, typing. Tests use these instead of calling
slots, so a button wired to the wrong signal (``clicked(bool)`` arriving as an
argument) fails the test as it fails the rep."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QListWidget,
    QMenu,
    QTabWidget,
    QWidget,
)

T = TypeVar("T")
LEFT = Qt.MouseButton.LeftButton


def click(qtbot: Any, button: QAbstractButton) -> None:
    """A left click on a visible, enabled button."""
    assert button.isVisible(), f"{button.text()!r} is not on the screen"
    assert button.isEnabled(), f"{button.text()!r} is disabled"
    qtbot.mouseClick(button, LEFT)


def choose(button: QAbstractButton, text: str) -> None:
    """Choose the entry that reads ``text`` in a button's menu."""
    assert button.isVisible(), f"{button.text()!r} is not on the screen"
    assert button.isEnabled(), f"{button.text()!r} is disabled"
    menu = button.menu()  # type: ignore[attr-defined]
    assert isinstance(menu, QMenu)
    action = next((a for a in menu.actions() if a.text() == text), None)
    assert action is not None, f"no {text!r} in {[a.text() for a in menu.actions()]}"
    trigger(action)


def trigger(action: QAction) -> None:
    """Choose a menu entry (or its shortcut): what a person's click does."""
    assert action.isEnabled(), f"{action.text()!r} is disabled"
    action.trigger()


def row_point(view: QAbstractItemView, row: int, column: int = 0) -> QPoint:
    index = view.model().index(row, column)
    view.scrollTo(index)
    rect = view.visualRect(index)
    assert rect.isValid(), f"row {row} is not shown"
    return rect.center()


def click_row(qtbot: Any, view: QAbstractItemView, row: int, column: int = 0) -> None:
    """Click a row of a table or list (the view must be on the screen)."""
    assert view.isVisible(), "the list is not on the screen"
    qtbot.mouseClick(view.viewport(), LEFT, pos=row_point(view, row, column))


def double_click_row(qtbot: Any, view: QAbstractItemView, row: int, column: int = 0) -> None:
    assert view.isVisible(), "the list is not on the screen"
    point = row_point(view, row, column)
    qtbot.mouseClick(view.viewport(), LEFT, pos=point)
    qtbot.mouseDClick(view.viewport(), LEFT, pos=point)


def click_row_where(qtbot: Any, view: QAbstractItemView, wanted: Callable[[Any], bool],
                    rows: Callable[[int], Any]) -> int:
    """Click the first row for which ``wanted(rows(n))`` holds; returns its number."""
    for n in range(view.model().rowCount()):
        if wanted(rows(n)):
            click_row(qtbot, view, n)
            return n
    raise AssertionError("no such row")


def click_item(qtbot: Any, items: QListWidget, row: int) -> None:
    """Click an item of a list widget (the sidebar)."""
    assert items.isVisible(), "the list is not on the screen"
    rect = items.visualItemRect(items.item(row))
    qtbot.mouseClick(items.viewport(), LEFT, pos=rect.center())


def click_tab(qtbot: Any, tabs: QTabWidget, page: QWidget) -> None:
    """Click the tab that shows ``page``."""
    bar = tabs.tabBar()
    index = tabs.indexOf(page)
    assert index >= 0
    qtbot.mouseClick(bar, LEFT, pos=bar.tabRect(index).center())
    assert tabs.currentWidget() is page


def show_view(qtbot: Any, window: Any, row: int) -> Any:
    """Click a sidebar item; returns the view it shows."""
    click_item(qtbot, window.sidebar, row)
    assert window.sidebar.currentRow() == row
    return window.stack.currentWidget()


def type_into(qtbot: Any, widget: QWidget, text: str) -> None:
    """Replace what a field holds with ``text``, typed (ASCII: qtbot's limit)."""
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    qtbot.keyClicks(widget, text)


def written(app: Any, fn: Callable[[], T]) -> T:
    """Test setup that writes: one job of the store's writer, as the app writes."""
    return app.services.store.writer.call(fn)  # type: ignore[no-any-return]


def seeded(app: Any) -> dict[str, Any]:
    """The conftest's small book, written as one job and shown as a wholesale
    change (as demo data arrives): every view loads it."""
    from desktop.store.changes import Changes
    from tests.ui.conftest import seed

    ids = seed(app.services)
    app.bus.publish(Changes.reset())
    return ids


def shown(app: Any, qtbot: Any, active: bool = True, accounts: bool = True) -> Any:
    """The window on the screen, and active (shortcuts reach only the active
    window; clicks do not need it). It opens on Today; ``accounts``: then the
    Accounts item is clicked, as a rep does before working on an account."""
    window = app.window
    if not active:
        with qtbot.waitExposed(window):
            window.show()
    else:
        with qtbot.waitActive(window):
            window.show()
            window.activateWindow()
    if accounts:
        to_accounts(qtbot, window)
    return window


def to_accounts(qtbot: Any, window: Any) -> None:
    """Click the Accounts item of the sidebar unless the Accounts view is showing."""
    from ui.main_window import ACCOUNTS_ROW

    if window.stack.currentWidget() is not window.accounts:
        click_item(qtbot, window.sidebar, ACCOUNTS_ROW)


def open_account(qtbot: Any, app: Any, name: str) -> Any:
    """Click the account's row in the list; returns the account page."""
    if app.window.isVisible():
        to_accounts(qtbot, app.window)
    view = app.window.accounts
    model = view.model
    while model.canFetchMore() and all(model.row_at(n).name != name
                                       for n in range(model.rowCount())):
        model.fetchMore()
    click_row_where(qtbot, view.table, lambda row: row.name == name, model.row_at)
    page = view.page
    assert page.detail is not None and page.detail.values["name"] == name
    return page


def model_checks(request: Any) -> Callable[[Any], None]:
    """A model tester per model: pytest-qt's one ``qtmodeltester`` answers every
    model's later signals against the model it checked last."""
    from pytestqt.modeltest import ModelTester

    def check(model: Any) -> None:
        tester = ModelTester(request.config)
        tester.check(model, force_py=True)
        request.addfinalizer(tester._cleanup)

    return check
