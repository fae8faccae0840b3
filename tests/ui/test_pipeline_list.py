"""The Pipeline list (sorted by a header click, filtered) and the manager's
choices: whose deals the board, the list and the quota strip show."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QPoint, Qt

from tests.ui.clicks import LEFT, click, model_checks, show_view, shown
from tests.ui.pipeline_book import fixed_clock, pipeline_book, team_book
from ui.main_window import PIPELINE_ROW

NOW = datetime(2026, 11, 20, 15, 30, tzinfo=UTC)  # Q4 2026; the deals close in Q1 2027


def open_list(make_app: Any, qtbot: Any, book: Any = pipeline_book) -> tuple[Any, Any]:
    app = make_app()
    fixed_clock(app, NOW)
    window = shown(app, qtbot, active=False)
    window.resize(1366, 768)
    book(app)
    view = show_view(qtbot, window, PIPELINE_ROW)
    return app, view


def listed(view: Any) -> list[str]:
    model = view.list_model
    return [model.row_at(n).name for n in range(model.rowCount())]


def click_header(qtbot: Any, view: Any, column: int) -> None:
    header = view.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), LEFT, pos=QPoint(x, header.height() // 2))


def choose(combo: Any, text: str) -> None:
    at = combo.findText(text)
    assert at >= 0, [combo.itemText(n) for n in range(combo.count())]
    combo.setCurrentIndex(at)  # what picking the entry from the open list does


def test_the_list_sorts_by_a_clicked_header(make_app: Any, qtbot: Any, request: Any) -> None:
    _app, view = open_list(make_app, qtbot)
    click(qtbot, view.list_button)
    assert view.pages.currentWidget() is view.table
    model_checks(request)(view.list_model)
    # By close date at first.
    assert listed(view) == ["Gloves contract", "Pallet wrap 2027", "Dock levellers",
                            "Sterile wipes"]
    click_header(qtbot, view, 3)  # Amount
    header = view.table.horizontalHeader()
    by_amount = ["Pallet wrap 2027", "Dock levellers", "Gloves contract", "Sterile wipes"]
    ascending = header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert listed(view) == (by_amount if ascending else by_amount[::-1])
    click_header(qtbot, view, 3)
    assert listed(view) == (by_amount[::-1] if ascending else by_amount)
    click_header(qtbot, view, 4)  # Weighted: 100, 250, 800, 5,400
    weighted = ["Pallet wrap 2027", "Dock levellers", "Gloves contract", "Sterile wipes"]
    ascending = header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert listed(view) == (weighted if ascending else weighted[::-1])
    assert view.list_model.index(0, 3).data() in ("$1,000.00", "$9,000.00")


def test_the_filters_narrow_the_list_and_the_board(make_app: Any, qtbot: Any) -> None:
    _app, view = open_list(make_app, qtbot)
    filters = view.filters
    assert not filters.stage.isVisible()  # the board has a column per stage
    choose(filters.period, "Closing this quarter")  # Q4 2026: none
    assert sum(c.model.rowCount() for c in view.board.columns.values()) == 0
    assert view.board.columns["proposal"].figures.text() == "0 deals · $0 weighted"
    choose(filters.period, "Closing next quarter")
    assert sum(c.model.rowCount() for c in view.board.columns.values()) == 4
    click(qtbot, view.list_button)
    assert filters.stage.isVisible()
    choose(filters.stage, "Proposal")
    assert listed(view) == ["Sterile wipes"]
    choose(filters.stage, "All open stages")
    filters.stale.click()  # Keller's deals: nothing logged there since October
    assert listed(view) == ["Pallet wrap 2027", "Dock levellers"]
    assert "Nothing was logged" in view.list_model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    choose(filters.period, "Close date passed")
    assert listed(view) == []


def test_a_manager_picks_whose_deals_and_quota_show(make_app: Any, qtbot: Any) -> None:
    _app, view = open_list(make_app, qtbot, team_book)
    filters, quota = view.filters, view.quota
    assert filters.owner.isVisible()
    assert [filters.owner.itemText(n) for n in range(filters.owner.count())] == \
        ["My team", "My deals", "Ann Rep", "Bob Rep"]
    qtbot.waitUntil(lambda: quota.figures is not None and quota.figures.target == 50000)
    assert quota.quota.text() == "2026-Q4: $0 of $50K quota"
    assert quota.quota.toolTip() == "$0 sold of a $50,000 quota"
    # The team's forecast: nothing closes in Q4 (the deals close in 2027).
    assert quota.forecast.text() == "Forecast $0"
    assert sum(c.model.rowCount() for c in view.board.columns.values()) == 4
    choose(filters.owner, "Ann Rep")
    assert {c.name for col in view.board.columns.values() for c in col.model.cards()} == \
        {"Pallet wrap 2027", "Dock levellers"}
    assert view.board.columns["prospecting"].figures.text() == "2 deals · $350 weighted"
    qtbot.waitUntil(lambda: quota.figures is not None and quota.figures.target == 20000)
    choose(filters.owner, "My deals")  # the manager owns none
    assert sum(c.model.rowCount() for c in view.board.columns.values()) == 0
