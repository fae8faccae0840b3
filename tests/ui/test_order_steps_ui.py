"""Orders in the window: recording steps (only the allowed ones, partial
shipments), expediting, entering an order, reserving for a quote, sending the
status as a PDF; refusals show inline and keep what was typed."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime
from decimal import Decimal as D
from typing import Any

import pytest

from desktop.domain import formats
from desktop.domain.schema.sales import StockLevel
from desktop.store.changes import Changes
from tests.desktop.test_orders import _accepted, walk
from tests.ui.clicks import choose, click, show_view, shown, type_into, written
from ui.main_window import ORDERS_ROW

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _stock(services: Any, product: uuid.UUID) -> None:
    now = datetime(2026, 11, 1, tzinfo=UTC)

    def add() -> None:
        with services.store.unit_of_work() as uow:
            uow.session.add(StockLevel(id=uuid.uuid4(), product_id=product, warehouse="RENO",
                                       on_hand=D(100), reserved=D(0), allocated=D(0),
                                       created_at=now, updated_at=now))
            uow.commit()

    services.store.writer.call(add)



def _orders(app: Any, qtbot: Any) -> Any:
    """The Orders view, from the sidebar, over what the test wrote."""
    app.bus.publish(Changes.reset())
    shown(app, qtbot, active=False)
    view = show_view(qtbot, app.window, ORDERS_ROW)
    assert view is app.window.orders
    return view


def _step(qtbot: Any, view: Any) -> Any:
    click(qtbot, view.step_button)
    return view.dialog


def _advance(app: Any, order: Any, *steps: str) -> None:
    """Steps the server takes (stock): written and published as a sync would."""
    services = app.services
    changes = written(app, lambda: [services.orders.advance(order, s) for s in steps])
    for change in changes:
        app.bus.publish(change)



def test_record_steps_offers_only_what_follows_and_ships_in_parts(make_app: Any, qtbot: Any,
                                                                 prompts: Any) -> None:
    from PySide6.QtCore import Qt

    from ui.prompts import Unsaved

    app = make_app()
    services = app.services
    order = written(app, lambda: services.orders.from_proposal(_accepted(services)).id)
    view = _orders(app, qtbot)
    dialog = _step(qtbot, view)
    offered = [dialog.step.itemData(i) for i in range(dialog.step.count())]
    assert offered == ["confirmed", "cancelled"]
    dialog.step.setCurrentIndex(1)  # cancel, without a reason
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert "why the order is cancelled" in (dialog.errors.message("note") or "")  # under Reason
    dialog.step.setCurrentIndex(0)
    qtbot.keyClicks(dialog.note, "Confirmed by phone")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    assert view.model.index(0, 2).data() == "Confirmed"
    dialog = _step(qtbot, view)
    dialog.step.setCurrentIndex(dialog.step.findData("allocated"))
    click(qtbot, dialog.save_button)  # no stock snapshot in this cache yet
    assert dialog.isVisible() and dialog.errors.message("warehouse") == \
        "No stock snapshot yet: sync first."
    prompts.unsaved_answers.append(Unsaved.DISCARD)  # Escape asks first: a step was chosen
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    _advance(app, order, "allocated", "picked")
    dialog = _step(qtbot, view)
    assert [dialog.step.itemData(i) for i in range(dialog.step.count())] == ["shipped",
                                                                             "cancelled"]
    assert dialog.carrier.isVisibleTo(dialog) and not dialog.warehouse.isVisibleTo(dialog)
    [quantity] = dialog.quantities.values()
    assert quantity.text() == "12"  # everything that is left, by default
    type_into(qtbot, quantity, "20")
    qtbot.keyClicks(dialog.tracking, "1Z999")
    click(qtbot, dialog.save_button)
    assert dialog.errors.message("carrier") == "Name the carrier."
    assert dialog.errors.message("quantity_1") == "Only 12 left to ship on line 1."
    assert (dialog.tracking.text(), quantity.text()) == ("1Z999", "20")  # kept
    qtbot.keyClicks(dialog.carrier, "UPS")
    type_into(qtbot, quantity, "5")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    assert view.model.index(0, 2).data() == "Partly shipped"
    last = view.events.rowCount() - 1
    assert view.events.index(last, 1).data() == "Shipped"
    assert "UPS · 1Z999" in view.events.index(last, 2).data()
    assert "PW-500 × 5" in view.events.index(last, 2).data()
    dialog = _step(qtbot, view)
    assert [dialog.step.itemData(i) for i in range(dialog.step.count())] == [
        "shipped"]  # the rest, not yet delivered
    assert next(iter(dialog.quantities.values())).text() == "7"



def test_expedite_checks_inline_and_the_list_shows_it(make_app: Any, qtbot: Any) -> None:
    from PySide6.QtCore import QDate

    app = make_app()
    services = app.services
    written(app, lambda: services.orders.from_proposal(_accepted(services)))
    view = _orders(app, qtbot)
    click(qtbot, view.expedite_button)
    dialog = view.dialog
    dialog.needed_by.setDate(QDate(2020, 1, 1))
    click(qtbot, dialog.save_button)
    assert dialog.errors.message("expedite_reason") == "Say why it is urgent."
    assert dialog.errors.message("needed_by") == "The needed-by date has already passed."
    qtbot.keyClicks(dialog.reason, "Line down at the plant")
    dialog.needed_by.setDate(QDate.currentDate().addDays(2))
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    day = formats.stored_day(QDate.currentDate().addDays(2).toString("yyyy-MM-dd"))
    assert view.model.index(0, 3).data() == f"Expedite, by {day}"
    assert view.detail.urgent.text().endswith("Line down at the plant")



def test_enter_an_order_directly_and_reserve_stock_for_a_quote(make_app: Any, qtbot: Any,
                                                              qtmodeltester: Any) -> None:
    from tests.desktop.test_proposals import _setup

    app = make_app()
    services = app.services
    account, wrap = written(app, lambda: _setup(services))
    _stock(services, wrap)
    view = _orders(app, qtbot)
    click(qtbot, view.new_button)
    dialog = view.dialog
    qtbot.keyClicks(dialog.account_search, "Stuttgart")  # the account, by its city
    assert dialog.account.currentData() == account
    qtbot.keyClicks(dialog.product_search, "PW-500")
    dialog.add_selected()
    dialog.set_quantity(0, "lots")
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert dialog.errors.message("lines") == "Line 1: The quantity is not a number."
    assert dialog.lines.item(0, 2).text() == "lots"  # kept
    dialog.set_quantity(0, "3")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    assert view.model.index(0, 0).data().endswith("-0001 (provisional)")
    assert view.detail.lines.rowCount() == 1

    def quote() -> None:
        proposal = services.proposals.create(account).id
        services.proposals.add_line(proposal, {"product_id": wrap, "quantity": 40})

    written(app, quote)
    click(qtbot, view.reserve_button)
    dialog = view.dialog
    assert dialog.days.value() == 7 and dialog.warehouse.currentText() == "RENO"
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    stock = view.detail.stock
    qtmodeltester.check(stock)
    row = [stock.index(0, c).data() for c in range(stock.columnCount())]
    assert row[:6] == ["Hold", services.proposals.rows()[0].number, "PW-500", "RENO", "40",
                       "Requested (waiting for the server)"]
    assert row[6].startswith("Hold until ")



def test_send_status_as_pdf_archives_the_bytes_shown(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    services = app.services

    def order() -> None:
        made = services.orders.from_proposal(_accepted(services)).id
        walk(services, made)
        services.orders.advance(made, "shipped", carrier="UPS", tracking_number="1Z9",
                                quantities={services.orders.lines(made)[0].id: 4})

    written(app, order)
    view = _orders(app, qtbot)
    choose(view.send_button, "As PDF…")
    preview = view.dialog
    assert preview.pdf is not None and preview.status.text() == "1 page"
    click(qtbot, preview.accept_button)
    assert preview.status.text().startswith("Logged in the history")
    assert not preview.accept_button.isEnabled()
    reads = services.store.reads()
    sha, kind = reads.execute("SELECT sha256, kind FROM attachments").fetchone()
    assert (sha, kind) == (hashlib.sha256(preview.pdf).hexdigest(), "order-status")
    outcome, notes = reads.execute("SELECT outcome, notes FROM interactions "
                                   "WHERE subject LIKE 'Order status:%'").fetchone()
    assert outcome == "Status sent as PDF" and "partly shipped" in notes



def test_the_order_list_loads_a_page_at_a_time(make_app: Any, qtmodeltester: Any,
                                               qtbot: Any) -> None:
    from tests.desktop.test_order_list import bulk_orders

    app = make_app()
    services = app.services
    account = written(app, lambda: services.accounts.create_account(
        {"name": "Keller Industrial"}).id)
    bulk_orders(services.store.path, account, 250)
    view = _orders(app, qtbot)
    model = view.model
    assert model.rowCount() == 100 and model.canFetchMore()
    qtmodeltester.check(model)  # fetches further pages as it goes
    model.fetchMore()
    assert model.rowCount() in (200, 250)
    qtbot.waitUntil(lambda: view.summary.text() == "250 orders")  # counted after painting
    view.status_filter.setCurrentIndex(view.status_filter.findData("cancelled"))
    qtbot.waitUntil(lambda: model.rowCount() == 50)  # read on the worker
    assert not model.canFetchMore()
    assert {model.index(r, 2).data() for r in range(50)} == {"Cancelled"}
    qtbot.keyClicks(view.search, "P-AR-00009")
    qtbot.waitUntil(lambda: model.rowCount() == 1)  # once typing pauses
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == [
        "P-AR-00009 (provisional)"]
    assert view.detail.header.text().startswith("P-AR-00009 (provisional) · Keller")
