"""The Pipeline board in place: a change made elsewhere updates only its card
and the column totals (or waits while the board is hidden); a double-clicked
card opens the deal. Drags are in tests/ui/test_pipeline_drag.py."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.ui.clicks import click, double_click_row, model_checks, show_view, shown, written
from tests.ui.pipeline_book import DEALS, pipeline_book
from ui.main_window import PIPELINE_ROW


def open_board(make_app: Any, qtbot: Any) -> tuple[Any, Any, dict[str, Any]]:
    app = make_app()
    window = shown(app, qtbot, active=False)
    window.resize(1366, 768)
    ids = pipeline_book(app)
    view = show_view(qtbot, window, PIPELINE_ROW)
    assert view is window.pipeline
    return app, view, ids


def names(column: Any) -> list[str]:
    return [c.name for c in column.model.cards()]


def test_a_change_made_elsewhere_updates_only_its_card(make_app: Any, qtbot: Any,
                                                       request: Any) -> None:
    app, view, ids = open_board(make_app, qtbot)
    column = view.board.columns["prospecting"]
    model_checks(request)(column.model)  # the tester follows the changes below too
    changed: list[int] = []
    column.model.dataChanged.connect(lambda top, _b, _r: changed.append(top.row()))
    opps, deal = app.services.opportunities, ids["Pallet wrap 2027"]
    result = written(app, lambda: opps.update(deal, {"amount": 3000}))
    app.bus.publish(result, None)
    assert changed == [0]
    assert column.model.card_at(0).amount == 3000
    assert column.figures.text() == "2 deals · $550 weighted"

    hidden = written(app, lambda: opps.update(deal, {"name": "Pallet wrap 2028"}))
    app.window.sidebar.setCurrentRow(0)  # the board is hidden: only marked stale
    app.bus.publish(hidden, None)
    assert view.live.stale and column.model.card_at(0).name == "Pallet wrap 2027"
    show_view(qtbot, app.window, PIPELINE_ROW)
    assert column.model.card_at(0).name == "Pallet wrap 2028"


def test_double_clicking_a_card_opens_the_deal(make_app: Any, qtbot: Any) -> None:
    app, view, ids = open_board(make_app, qtbot)
    column = view.board.columns["proposal"]
    double_click_row(qtbot, column.cards, 0)
    qtbot.waitUntil(lambda: view.dialog is not None and view.dialog.isVisible())
    assert view.dialog.name.text() == "Sterile wipes"
    assert view.dialog.amount.text() == "9000"
    view.dialog.name.setFocus()
    qtbot.keyClick(view.dialog.name, Qt.Key.Key_End)
    qtbot.keyClicks(view.dialog.name, " (phase 2)")
    click(qtbot, view.dialog.save_button)
    qtbot.waitUntil(lambda: column.model.card_at(0).name == "Sterile wipes (phase 2)")
    assert len(DEALS) == sum(c.model.rowCount() for c in view.board.columns.values())
