"""The Shipping view: upcoming lines by date, late and expedited ones marked
in words and icons, a days-ahead filter, CSV export and printing."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from desktop.domain import formats
from desktop.domain.schema.orders import OrderLine
from desktop.store.changes import Changes
from tests.desktop.test_orders import _accepted, walk
from tests.ui.clicks import click, show_view, shown, written
from ui.main_window import SHIPPING_ROW

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def test_schedule_marks_filters_exports_and_prints(make_app: Any, qtbot: Any, prompts: Any,
                                                  tmp_path: Path, qtmodeltester: Any) -> None:
    from PySide6.QtPrintSupport import QPrinter

    app = make_app()
    services = app.services
    today = services.clock().date()

    def book() -> None:
        order = services.orders.from_proposal(_accepted(services)).id
        with services.store.unit_of_work() as uow:
            for line in uow.session.query(OrderLine).all():
                line.ship_date = today - timedelta(days=2)
            uow.commit()
        services.orders.expedite(order, "Line down", today + timedelta(days=1))
        walk(services, order)
        [line] = services.orders.lines(order)
        services.orders.advance(order, "shipped", carrier="UPS", tracking_number="1Z9",
                                ship_date=today - timedelta(days=1), quantities={line.id: 4})

    written(app, book)
    app.bus.publish(Changes.reset())
    shown(app, qtbot, active=False)
    window = app.window
    assert window.sidebar.item(SHIPPING_ROW).text() == "Shipping"
    view = show_view(qtbot, window, SHIPPING_ROW)
    assert view is window.shipping
    qtmodeltester.check(view.model)
    shown_rows = [[view.model.index(r, c).data() for c in (0, 1, 2, 7, 10)]
                  for r in range(view.model.rowCount())]
    assert shown_rows == [
        [formats.day(today - timedelta(days=2)), "Late · Expedite", "To ship", "8", ""],
        [formats.day(today - timedelta(days=1)), "Expedite", "In transit", "4", "UPS 1Z9"]]
    assert not view.model.index(0, 1).data(1).isNull()  # the late icon, not colour alone
    assert "2 lines · 1 late · 2 expedited" in view.summary.text()
    view.days.setFocus()
    view.days.selectAll()
    qtbot.keyClicks(view.days, "1")  # overdue lines always show; in transit from yesterday too
    assert view.days.value() == 1 and view.model.rowCount() == 2
    prompts.save_answers.append(tmp_path / "s.csv")
    click(qtbot, view.export_button)
    rows = list(csv.DictReader(io.StringIO((tmp_path / "s.csv").read_text(encoding="utf-8"))))
    assert [(r["kind"], r["late"], r["shipment"]) for r in rows] == [
        ("ship", "yes", ""), ("transit", "", "UPS 1Z9")]

    services.settings.brand_company = "Ωmega Παπαδόπουλος Supply"  # the branding settings
    click(qtbot, view.print_button)  # the PDF is made at once by the test runner
    preview = view.dialog
    assert preview.pdf is not None
    assert "Ωmega Παπαδόπουλος Supply" in PdfReader(io.BytesIO(preview.pdf)).pages[0].extract_text()
    pages = len(PdfReader(io.BytesIO(preview.pdf)).pages)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert preview.print_to(printer) == pages  # what the print dialog's OK does
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == pages
