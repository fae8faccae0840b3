"""The opportunity dialog: a new deal typed from the window's action (with a
product line), and the account page's account taken when one is open."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.clicks import (
    click,
    model_checks,
    open_account,
    show_view,
    shown,
    trigger,
    type_into,
)
from tests.ui.pipeline_book import fixed_clock, pipeline_book
from ui.dialogs.opportunity_dialog import OpportunityDialog
from ui.main_window import PIPELINE_ROW

NOW = datetime(2026, 11, 20, 15, 30, tzinfo=UTC)


def stored(app: Any, name: str) -> tuple[Any, ...]:
    return app.services.store.reads().execute(
        "SELECT o.amount, o.currency, o.close_date, o.stage, o.forecast_category, "
        "o.competitor, o.next_step, o.next_step_on, a.name, "
        "(SELECT count(*) FROM opportunity_lines l WHERE l.opportunity_id = o.id) "
        "FROM opportunities o JOIN accounts a ON a.id = o.account_id WHERE o.name = ?",
        (name,)).fetchone()


def new_dialog(app: Any, qtbot: Any) -> OpportunityDialog:
    trigger(app.window.new_opportunity_action)
    dialog = app.window.active_dialog
    assert isinstance(dialog, OpportunityDialog)
    qtbot.waitExposed(dialog)
    return dialog


def test_a_deal_typed_in_the_dialog_is_created(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    fixed_clock(app, NOW)
    window = shown(app, qtbot)
    pipeline_book(app)
    dialog = new_dialog(app, qtbot)
    type_into(qtbot, dialog.account.search, "Northwind")
    qtbot.waitUntil(lambda: dialog.account.account_id() is not None)
    assert dialog.account.choice.currentText().startswith("Northwind Foods")
    type_into(qtbot, dialog.name, "Cold room shelving")
    type_into(qtbot, dialog.close_date.edit, "2027-02-15")
    dialog.stage.setCurrentIndex(dialog.stage.findText("Needs analysis"))
    dialog.category.setCurrentIndex(dialog.category.findText("Commit"))
    type_into(qtbot, dialog.competitor, "Acme Racking")
    type_into(qtbot, dialog.next_step, "Site survey")
    type_into(qtbot, dialog.next_step_on.edit, "2026-12-01")
    click(qtbot, dialog.lines.add_button)  # one product: 12 x 250.00 less 10 %
    for text in ("Wire shelving bay", "12", "250", "10"):  # Tab to the next cell
        qtbot.keyClicks(QApplication.focusWidget(), text)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)  # the next row's cell
    assert dialog.isVisible() and not dialog.top_error.isVisible()  # Enter saved nothing
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    row = stored(app, "Cold room shelving")
    assert Decimal(row[0]) == Decimal("2700")  # 12 x 250 less 10 %: the line's net
    assert row[1:] == (
        "USD", "2027-02-15", "needs_analysis", "commit", "Acme Racking",
        "Site survey", "2026-12-01", "Northwind Foods", 1)
    # The board (hidden meanwhile, only marked stale) shows it once it is shown.
    assert window.pipeline.live.stale
    show_view(qtbot, window, PIPELINE_ROW)
    column = window.pipeline.board.columns["needs_analysis"]
    assert [c.name for c in column.model.cards()] == ["Cold room shelving"]
    assert column.figures.text() == "1 deal · $1.1K weighted"
    assert "Weighted: $1,080" in column.toolTip()  # 2,700 x 40 %


def test_a_bad_date_is_refused_under_its_field(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    shown(app, qtbot)
    pipeline_book(app)
    dialog = new_dialog(app, qtbot)
    type_into(qtbot, dialog.account.search, "Keller")
    qtbot.waitUntil(lambda: dialog.account.account_id() is not None)
    type_into(qtbot, dialog.name, "Wrap")
    type_into(qtbot, dialog.close_date.edit, "2027-02-31")
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert dialog.errors._shown["close_date"] == "February 2027 has only 28 days."
    assert stored(app, "Wrap") is None


def test_from_an_open_account_the_deal_is_for_that_account(make_app: Any, qtbot: Any,
                                                           request: Any) -> None:
    app = make_app()
    window = shown(app, qtbot)
    pipeline_book(app)
    sidebar = window.sidebar
    show_view(qtbot, window, next(n for n in range(sidebar.count())
                                  if sidebar.item(n).text() == "Accounts"))
    open_account(qtbot, app, "Bayside Dental Group")
    dialog = new_dialog(app, qtbot)
    assert not dialog.account.isEnabled()
    assert dialog.account.account_id() is not None
    type_into(qtbot, dialog.name, "Autoclave service")
    type_into(qtbot, dialog.amount, "1500")
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    row = stored(app, "Autoclave service")
    assert (Decimal(row[0]), row[3], row[8]) == (1500, "prospecting", "Bayside Dental Group")
    model_checks(request)(app.window.pipeline.board.columns["prospecting"].model)
    assert date.fromisoformat(row[2]) > date(2026, 1, 1)
