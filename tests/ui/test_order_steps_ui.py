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

from desktop.domain.schema.sales import StockLevel
from tests.desktop.test_orders import _accepted, walk

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _stock(services: Any, product: uuid.UUID) -> None:
    now = datetime(2026, 11, 1, tzinfo=UTC)
    with services.store.unit_of_work() as uow:
        uow.session.add(StockLevel(id=uuid.uuid4(), product_id=product, warehouse="RENO",
                                   on_hand=D(100), reserved=D(0), allocated=D(0),
                                   created_at=now, updated_at=now))
        uow.commit()


def _orders(app: Any) -> Any:
    app.window.sidebar.setCurrentRow(3)
    return app.window.orders


def test_record_steps_offers_only_what_follows_and_ships_in_parts(make_app: Any) -> None:
    app = make_app()
    services = app.services
    order = services.orders.from_proposal(_accepted(services)).id
    view = _orders(app)
    view.record_step()
    dialog = view.dialog
    offered = [dialog.step.itemData(i) for i in range(dialog.step.count())]
    assert offered == ["confirmed", "cancelled"]
    dialog.step.setCurrentIndex(1)  # cancel, without a reason
    dialog.save_button.click()
    assert dialog.isVisible() and "why the order is cancelled" in dialog.top_error.text()
    dialog.step.setCurrentIndex(0)
    dialog.note.setPlainText("Confirmed by phone")
    dialog.save_button.click()
    assert not dialog.isVisible()
    assert view.model.index(0, 2).data() == "Confirmed"
    view.record_step()
    dialog = view.dialog
    dialog.step.setCurrentIndex(dialog.step.findData("allocated"))
    dialog.save_button.click()  # no stock snapshot in this cache yet
    assert dialog.isVisible() and dialog.errors.message("warehouse") == \
        "No stock snapshot yet: sync first."
    dialog.reject()
    walk(services, order, "allocated", "picked")
    view.record_step()
    dialog = view.dialog
    assert [dialog.step.itemData(i) for i in range(dialog.step.count())] == ["shipped",
                                                                             "cancelled"]
    assert dialog.carrier.isVisibleTo(dialog) and not dialog.warehouse.isVisibleTo(dialog)
    [quantity] = dialog.quantities.values()
    assert quantity.text() == "12"  # everything that is left, by default
    quantity.setText("20")
    dialog.tracking.setText("1Z999")
    dialog.save_button.click()
    assert dialog.errors.message("carrier") == "Name the carrier."
    assert dialog.errors.message("quantity_1") == "Only 12 left to ship on line 1."
    assert (dialog.tracking.text(), quantity.text()) == ("1Z999", "20")  # kept
    dialog.carrier.setText("UPS")
    quantity.setText("5")
    dialog.save_button.click()
    assert not dialog.isVisible()
    assert view.model.index(0, 2).data() == "Partly shipped"
    last = view.events.rowCount() - 1
    assert view.events.index(last, 1).data() == "Shipped"
    assert "UPS · 1Z999" in view.events.index(last, 2).data()
    assert "PW-500 × 5" in view.events.index(last, 2).data()
    view.record_step()
    assert [view.dialog.step.itemData(i) for i in range(view.dialog.step.count())] == [
        "shipped"]  # the rest, not yet delivered
    assert next(iter(view.dialog.quantities.values())).text() == "7"


def test_expedite_checks_inline_and_the_list_shows_it(make_app: Any) -> None:
    from PySide6.QtCore import QDate

    app = make_app()
    services = app.services
    services.orders.from_proposal(_accepted(services))
    view = _orders(app)
    view.expedite()
    dialog = view.dialog
    dialog.needed_by.setDate(QDate(2020, 1, 1))
    dialog.save_button.click()
    assert dialog.errors.message("expedite_reason") == "Say why it is urgent."
    assert dialog.errors.message("needed_by") == "The needed-by date has already passed."
    dialog.reason.setText("Line down at the plant")
    dialog.needed_by.setDate(QDate.currentDate().addDays(2))
    dialog.save_button.click()
    assert not dialog.isVisible()
    day = QDate.currentDate().addDays(2).toString("yyyy-MM-dd")
    assert view.model.index(0, 3).data() == f"Expedite, by {day}"
    assert view.detail.urgent.text().endswith("Line down at the plant")


def test_enter_an_order_directly_and_reserve_stock_for_a_quote(make_app: Any,
                                                              qtmodeltester: Any) -> None:
    from tests.desktop.test_proposals import _setup

    app = make_app()
    services = app.services
    account, wrap = _setup(services)
    _stock(services, wrap)
    view = _orders(app)
    view.new_order()
    dialog = view.dialog
    dialog.account_search.setText("Ωmega")
    assert dialog.account.currentData() == account
    dialog.product_search.setText("PW-500")
    dialog.add_selected()
    dialog.set_quantity(0, "lots")
    dialog.save_button.click()
    assert dialog.isVisible()
    assert dialog.errors.message("lines") == "Line 1: The quantity is not a number."
    assert dialog.lines.item(0, 2).text() == "lots"  # kept
    dialog.set_quantity(0, "3")
    dialog.save_button.click()
    assert not dialog.isVisible()
    assert view.model.index(0, 0).data().endswith("-0001 (provisional)")
    assert view.detail.lines.rowCount() == 1

    quote = services.proposals.create(account).id
    services.proposals.add_line(quote, {"product_id": wrap, "quantity": 40})
    view.reserve_for_quote()
    dialog = view.dialog
    assert dialog.days.value() == 7 and dialog.warehouse.currentText() == "RENO"
    dialog.save_button.click()
    assert not dialog.isVisible()
    stock = view.detail.stock
    qtmodeltester.check(stock)
    row = [stock.index(0, c).data() for c in range(stock.columnCount())]
    assert row[:6] == ["Hold", services.proposals.rows()[0].number, "PW-500", "RENO", "40",
                       "Requested (waiting for the server)"]
    assert row[6].startswith("Hold until ")


def test_send_status_as_pdf_archives_the_bytes_shown(make_app: Any) -> None:
    app = make_app()
    services = app.services
    order = services.orders.from_proposal(_accepted(services)).id
    walk(services, order)
    services.orders.advance(order, "shipped", carrier="UPS", tracking_number="1Z9",
                            quantities={services.orders.lines(order)[0].id: 4})
    view = _orders(app)
    view.send_status_pdf()
    preview = view.dialog
    assert preview.pdf is not None and preview.status.text() == "1 page"
    preview.run_accept()
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
    account = services.accounts.create_account({"name": "Keller Industrial"}).id
    bulk_orders(services.store.path, account, 250)
    view = _orders(app)
    model = view.model
    assert model.rowCount() == 100 and model.canFetchMore()
    qtmodeltester.check(model)  # fetches further pages as it goes
    model.fetchMore()
    assert model.rowCount() in (200, 250)
    qtbot.waitUntil(lambda: view.summary.text() == "250 orders")  # counted after painting
    view.status_filter.setCurrentIndex(view.status_filter.findData("cancelled"))
    assert model.rowCount() == 50 and not model.canFetchMore()
    assert {model.index(r, 2).data() for r in range(50)} == {"Cancelled"}
    view.search.setText("P-AR-00009")
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == [
        "P-AR-00009 (provisional)"]
    assert view.detail.header.text().startswith("P-AR-00009 (provisional) · Keller")
