"""File > Export current list… as a rep uses it: the file holds what the list
shows, under its filter and sort, every row (past the pages loaded so far)."""

from __future__ import annotations

import csv
import uuid
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from PySide6.QtCore import QAbstractItemModel, QPoint, Qt

from desktop.store.changes import Changes
from tests.ui.test_orders_ui import shipped_order
from ui.export_actions import list_model
from ui.main_window import (
    EVENTS_ROW,
    FOLLOW_UPS_ROW,
    LEADS_ROW,
    ORDERS_ROW,
    PIPELINE_ROW,
    PROPOSALS_ROW,
    SHIPPING_ROW,
    TODAY_ROW,
    TRIPS_ROW,
)

from .clicks import show_view, shown, trigger, type_into, written


def _shown_rows(model: QAbstractItemModel) -> list[list[str]]:
    """Every row the list shows once scrolled to its end, as displayed."""
    while model.canFetchMore(model.index(-1, -1)):
        model.fetchMore(model.index(-1, -1))
    return [[model.index(r, c).data() or "" for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def _headers(model: QAbstractItemModel) -> list[str]:
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def _xlsx(path: Path) -> list[list[str]]:
    sheet = load_workbook(path, read_only=True).active
    assert sheet is not None
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]


def _csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def test_accounts_export_what_the_filtered_sorted_list_shows(
        make_app: Any, qtbot: Any, prompts: Any, tmp_path: Path) -> None:
    app = make_app()

    def book() -> None:
        for n in range(240):
            app.services.accounts.create_account({
                "name": f"{'Farm' if n % 3 else 'Ranch'} {n:03d}", "billing_city": "Urbana",
                "billing_region": "IL", "kind": "customer", "status": "active",
                "tier": "ABC"[n % 3]})

    written(app, book)
    app.bus.publish(Changes.reset())
    window = shown(app, qtbot)
    view = window.accounts
    type_into(qtbot, view.search, "Farm")
    qtbot.waitUntil(lambda: view.model.filter.text == "Farm")
    header = view.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,  # the Name header
                     pos=QPoint(header.sectionViewportPosition(0) + 5, 5))
    qtbot.waitUntil(lambda: view.model.filter.descending)  # name, Z to A
    prompts.save_answers.append(tmp_path / "accounts.xlsx")
    trigger(window.menus.export_list)
    rows = _xlsx(tmp_path / "accounts.xlsx")
    assert ("save_file", "Accounts.xlsx") in prompts.asked
    model_rows = _shown_rows(view.model)
    assert rows[0] == _headers(view.model)
    assert rows[1:] == model_rows
    assert len(model_rows) == 160 > view.model.page_size
    assert model_rows[0][0] == "Farm 239" and model_rows[-1][0] == "Farm 001"
    assert "Exported 160 rows" in window.statusBar().currentMessage()


def test_orders_export_to_csv_holds_the_list(make_app: Any, qtbot: Any, prompts: Any,
                                             tmp_path: Path) -> None:
    app = make_app()
    services = app.services
    shipped_order(services)

    def second() -> None:  # another order for the same account and product, just entered
        account, product = services.store.reads().execute(
            "SELECT account_id, (SELECT product_id FROM order_lines WHERE product_id IS NOT "
            "NULL LIMIT 1) FROM orders").fetchone()
        p = services.proposals.create(uuid.UUID(account)).id
        services.proposals.add_line(p, {"product_id": uuid.UUID(product), "quantity": 3})
        services.proposals.mark_sent(p)
        services.orders.accept(p)
        services.orders.from_proposal(p)

    written(app, second)
    app.bus.publish(Changes.reset())
    window = shown(app, qtbot, active=False)
    view = show_view(qtbot, window, ORDERS_ROW)
    prompts.save_answers.append(tmp_path / "orders.csv")
    trigger(window.menus.export_list)
    rows = _csv(tmp_path / "orders.csv")
    model_rows = _shown_rows(view.model)
    assert len(model_rows) == 2
    assert rows == [_headers(view.model), *model_rows]
    assert {r[2] for r in rows[1:]} == {"Shipped", "Entered"}
    # The list's right-click menu does the same.
    [action] = [a for a in view.view.actions() if a.text() == "Export this list…"]
    assert view.view.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
    prompts.save_answers.append(tmp_path / "again.csv")
    trigger(action)
    assert _csv(tmp_path / "again.csv") == rows


def test_shipping_exports_its_rows_and_a_name_without_a_format_gets_xlsx(
        make_app: Any, qtbot: Any, prompts: Any, tmp_path: Path) -> None:
    app = make_app()
    shipped_order(app.services)
    app.bus.publish(Changes.reset())
    window = shown(app, qtbot, active=False)
    view = show_view(qtbot, window, SHIPPING_ROW)
    prompts.save_answers.append(tmp_path / "schedule")
    trigger(window.menus.export_list)
    rows = _xlsx(tmp_path / "schedule.xlsx")
    assert rows[1:] == _shown_rows(view.model) and len(rows) > 1


def test_every_other_list_exports_what_it_shows(make_app: Any, qtbot: Any, prompts: Any,
                                                tmp_path: Path) -> None:
    """Proposals, trips, leads, the pipeline list, follow-ups and events over the
    demo book; Today, which has no single list, says so and writes nothing."""
    app = make_app()
    prompts.confirm_answers.append(True)
    app.offer_demo_data()
    window = shown(app, qtbot, active=False)
    rows = {"Proposals": PROPOSALS_ROW, "Trips": TRIPS_ROW, "Leads": LEADS_ROW,
            "Pipeline": PIPELINE_ROW, "Follow-ups": FOLLOW_UPS_ROW, "Events": EVENTS_ROW}
    for name, row in rows.items():
        view = show_view(qtbot, window, row)
        model = list_model(view)
        assert model is not None, name
        out = tmp_path / f"{name}.csv"
        prompts.save_answers.append(out)
        trigger(window.menus.export_list)
        exported = _csv(out)
        assert exported == [_headers(model), *_shown_rows(model)], name
        assert len(exported) > 1, f"{name}: the demo book has none"
    show_view(qtbot, window, TODAY_ROW)
    asked = len(prompts.asked)
    trigger(window.menus.export_list)
    assert prompts.asked[asked:] == [("error", "Today has no list to export: open Accounts, "
                                      "Orders, Proposals, Shipping, Trips, Leads or Pipeline.")]
