"""Reports in the window, used as a person uses them: the Reports entry of the
sidebar, a report picked from the combo with the keyboard, the period changed,
Export XLSX clicked (the file prompt answered) and the file opened; the
dormant customers chosen and added to an action plan; cross-sell follow-ups.
The models pass qtmodeltester."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import Qt

from desktop.reports.result import Column, ColumnKind, Table
from desktop.store.changes import Changes
from tests.desktop.basket_book import basket_book
from tests.ui.clicks import click, click_row, click_tab, model_checks, show_view, shown, written
from ui.main_window import REPORTS_ROW
from ui.models.report_models import CHUNK, ReportTableModel


@pytest.fixture
def checks(request: Any) -> Any:
    return model_checks(request)


def open_reports(make_app: Any, qtbot: Any) -> tuple[Any, Any, dict[str, str]]:
    """The window with the hand-made basket book (orders of June 2026, no
    contact logged) and a rep signed in; the Reports entry clicked."""
    app = make_app()
    window = shown(app, qtbot, active=False)
    window.resize(1366, 768)
    services = app.services
    ids = basket_book(services)
    rep = uuid.uuid4()
    written(app, lambda: _add_user(services, rep))
    services.set_current_user(rep)
    app.bus.publish(Changes.reset())
    assert window._reports is None  # built the first time it is shown
    page = show_view(qtbot, window, REPORTS_ROW)
    assert page is window.reports
    return app, page, ids


def _add_user(services: Any, user: uuid.UUID) -> None:
    services.store.writer.transaction(lambda conn: conn.execute(
        "INSERT INTO users (id, name, email, role, created_at, updated_at) VALUES "
        "(?, 'Ann Rep', 'ann@example.com', 'rep', '2026-01-01', '2026-01-01')", (user.hex,)))


def test_pick_a_report_change_the_period_and_export_xlsx(
        make_app: Any, qtbot: Any, prompts: Any, tmp_path: Path, checks: Any) -> None:
    app, page, _ids = open_reports(make_app, qtbot)
    view = page.reports
    checks(view.model)
    bar = view.filters
    assert bar.report_name == "activity" and view.result is not None
    assert view.result.name == "activity"
    # The keyboard picks Closings, the next report in the combo.
    bar.report.setFocus()
    qtbot.keyClick(bar.report, Qt.Key.Key_Down)
    assert bar.report_name == "closings"
    assert view.result.name == "closings"
    assert view.chart.shown is not None and view.chart.shown.title == "Revenue against quota"
    assert all(view.chart.axis_titles())  # both axes labelled
    # The period: from this quarter to this year (the orders are of June 2026).
    this_year = bar.period.findText("This year")
    while bar.period.currentIndex() < this_year:
        qtbot.keyClick(bar.period, Qt.Key.Key_Down)
    assert view.result.subtitle.startswith(f"{app.services.clock().year}")
    table = view.result.table
    assert table is not None
    orders = table.total("orders")
    assert orders == 12  # the basket book's orders, not the cancelled one
    shown_total = view.model.data(view.model.index(view.model.rowCount() - 1,
                                                   table.column("orders")))
    assert shown_total == "12"
    out = tmp_path / "closings.xlsx"
    prompts.save_answers.append(out)
    click(qtbot, view.export_buttons["xlsx"])
    assert ("save_file", f"closings-{app.services.clock().year}.xlsx") in prompts.asked
    qtbot.waitUntil(lambda: out.exists() and out.stat().st_size > 0)
    book = openpyxl.load_workbook(out)
    sheet = next(s for s in book.worksheets if s.cell(1, 1).value == table.columns[0].header)
    header = [c.value for c in sheet[1]]
    column = header.index(table.columns[table.column("orders")].header) + 1
    assert sheet.cell(sheet.max_row, column).value == 12
    revenue = header.index(table.columns[table.column("revenue")].header) + 1
    assert Decimal(str(sheet.cell(sheet.max_row, revenue).value)) == table.total("revenue")


def test_a_hidden_report_goes_stale_and_runs_again_when_shown(
        make_app: Any, qtbot: Any) -> None:
    app, page, ids = open_reports(make_app, qtbot)
    view = page.reports
    asked = view._asked
    show_view(qtbot, app.window, 0)  # Accounts
    app.bus.publish(Changes.of([("orders", uuid.UUID(hex=ids["a1"]))]))
    assert view.live.stale and view._asked == asked  # not while hidden
    show_view(qtbot, app.window, REPORTS_ROW)
    qtbot.waitUntil(lambda: view._asked == asked + 1)


def test_the_report_table_model_pages_and_ends_with_totals(checks: Any) -> None:
    rows = tuple((f"Account {n:03d}", n, Decimal(n) / 4) for n in range(450))
    table = Table("t", "T", (Column("name", "Name"), Column("n", "N", ColumnKind.INT),
                             Column("amount", "Amount", ColumnKind.MONEY)),
                  rows, ("Total", 450, Decimal("25256.25")))
    model = ReportTableModel()
    model.set_table(table)
    assert model.rowCount() == CHUNK and model.canFetchMore()
    checks(model)  # fetches the rest too
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 451
    last = model.rowCount() - 1
    assert model.data(model.index(last, 0)) == "Total"
    assert model.data(model.index(last, 2)) == "$25,256.25"
    model.sort(1, Qt.SortOrder.DescendingOrder)
    assert model.data(model.index(0, 0)) == "Account 449"
    assert model.data(model.index(last, 0)) == "Total"  # the totals stay last


def test_dormant_accounts_added_to_an_action_plan(make_app: Any, qtbot: Any, prompts: Any,
                                                 checks: Any) -> None:
    app, page, ids = open_reports(make_app, qtbot)
    services = app.services
    today = services.clock().date()
    plan = written(app, lambda: services.action_plans.create(
        "Win back", today, today + timedelta(days=30))).id
    dormant = page.dormant
    click_tab(qtbot, page.tabs, dormant)
    checks(dormant.model)
    assert dormant.model.rowCount() == 13  # every customer: none contacted
    names = [dormant.model.row_at(n).name for n in range(3)]
    click_row(qtbot, dormant.view, 0)
    qtbot.mouseClick(dormant.view.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.ControlModifier,
                     dormant.view.visualRect(dormant.model.index(2, 0)).center())
    assert dormant.chosen() == [dormant.model.row_at(0).id, dormant.model.row_at(2).id]
    prompts.choice_answers.append(0)
    click(qtbot, dormant.outreach.plan_button)
    targets = services.action_plans.targets(plan)
    assert sorted(t.account_name for t in targets) == sorted([names[0], names[2]])
    assert {t.purpose for t in targets} == {"Win back"}
    assert "2 accounts added to Win back" in dormant.summary.text()
    assert ids["a1"]  # the book's ids are hex strings


def test_dormant_criteria_are_kept_in_the_settings(make_app: Any, qtbot: Any) -> None:
    app, page, _ids = open_reports(make_app, qtbot)
    dormant = page.dormant
    click_tab(qtbot, page.tabs, dormant)
    dormant.match.setFocus()
    qtbot.keyClick(dormant.match, Qt.Key.Key_Down)  # "and": also no order in 12 months
    assert app.services.settings.dormant_match == "both"
    assert dormant.model.rowCount() == 0  # every order is of June 2026
    dormant.months.setFocus()
    qtbot.keyClick(dormant.months, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dormant.months, "3")
    assert app.services.settings.dormant_order_months == 3
    qtbot.waitUntil(lambda: dormant.model.rowCount() == 12)  # a10 never ordered


def test_cross_sell_follow_ups_in_one_step(make_app: Any, qtbot: Any, prompts: Any,
                                           checks: Any) -> None:
    app, page, ids = open_reports(make_app, qtbot)
    services = app.services
    sell = page.cross_sell
    click_tab(qtbot, page.tabs, sell)
    checks(sell.model)
    checks(sell.suggestions)
    names = [sell.model.row_at(n).name for n in range(sell.model.rowCount())]
    assert names == ["a5", "a4", "a6", "a7", "b3", "a1", "a2", "a9"]
    click_row(qtbot, sell.view, 1)  # a4: bought Film, not Tape
    assert sell.account_title.text() == "a4"
    assert [sell.suggestions.row_at(n).product_line
            for n in range(sell.suggestions.rowCount())] == ["Tape", "Gloves"]
    qtbot.mouseClick(sell.view.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.ControlModifier,
                     sell.view.visualRect(sell.model.index(3, 0)).center())  # a7: Film
    due = services.clock().date() + timedelta(days=3)
    prompts.follow_up_answers.append({"title": "Cross-sell", "due_date": due, "notes": ""})
    click(qtbot, sell.outreach.follow_up_button)
    made = services.reader.follow_ups_due(due)
    assert sorted((f.account_id.hex, f.title) for f in made) == sorted([
        (ids["a4"], "Cross-sell: Offer Tape"), (ids["a7"], "Cross-sell: Offer Film")])
    assert all(f.due_date == due for f in made)


def test_cross_sell_narrowed_to_one_line(make_app: Any, qtbot: Any) -> None:
    _app, page, _ids = open_reports(make_app, qtbot)
    sell = page.cross_sell
    click_tab(qtbot, page.tabs, sell)
    sell.bought.setFocus()
    qtbot.keyClick(sell.bought, Qt.Key.Key_F)  # "Film"
    assert sell.bought.currentData() == "Film"
    assert sorted(sell.model.row_at(n).name for n in range(sell.model.rowCount())) == [
        "a1", "a2", "a4", "a6", "a9"]
    assert date.today()  # a real clock; the book's dates are fixed
