"""The order status PDF and the shipping schedule PDF: their text, and the
same input giving the same bytes."""

from __future__ import annotations

import io
import uuid
from datetime import date

from pypdf import PdfReader

from desktop.documents import order_status_pdf, schedule_pdf
from desktop.services.container import Services
from tests.desktop.test_orders import walk
from tests.desktop.test_shipping import _order_with_dates


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_status_pdf_shows_where_the_order_stands(services: Services) -> None:
    order = _order_with_dates(services, date(2026, 11, 18))
    walk(services, order)
    [line] = services.orders.lines(order)
    services.orders.advance(order, "shipped", carrier="UPS", tracking_number="1Z999",
                            ship_date=date(2026, 11, 19), quantities={line.id: 5})
    services.orders.expedite(order, "Line down", date(2026, 11, 25))
    doc = services.shipping.status_document(order)
    pdf = order_status_pdf.render(doc)
    assert pdf == order_status_pdf.render(doc)  # deterministic
    text = _text(pdf)
    assert f"Order status {doc.number} (provisional)" in text
    assert "Ωmega Ζήτα Бюро" in text and "Partly shipped" in text
    assert "Nov 19, 2026\nUPS\n1Z999\nPW-500 × 5" in text  # the shipments table
    assert "Nov 25, 2026 (expedited)" in text
    assert PdfReader(io.BytesIO(pdf)).metadata.title == f"Order status {doc.number}"


def test_schedule_pdf_marks_late_and_expedited_in_words(services: Services) -> None:
    late = _order_with_dates(services, date(2026, 11, 18))  # before FIXED_NOW (Nov 20)
    services.orders.expedite(late, "Line down", date(2026, 11, 21))
    account = services.store.reads().execute("SELECT account_id FROM orders").fetchone()[0]
    product = services.store.reads().execute("SELECT id FROM products").fetchone()[0]
    soon = services.orders.create(uuid.UUID(hex=account), [
        {"product_id": uuid.UUID(hex=product), "quantity": 3}], ship_date=date(2026, 11, 27)).id
    walk(services, soon)
    rows = services.shipping.schedule()
    assert [(r.ship_date, r.late, r.expedite) for r in rows] == [
        ("2026-11-18", True, True), ("2026-11-27", False, False)]
    pdf = schedule_pdf.render(rows, date(2026, 11, 20), 30)
    assert pdf == schedule_pdf.render(rows, date(2026, 11, 20), 30)
    text = _text(pdf)
    assert "2 lines, 1 late, 1 expedited" in text
    assert "Nov 18, 2026\nShip\nΩmega Ζήτα Бюро" in text  # a date on one line
    assert "LATE · EXPEDITE" in text and text.count("PW-500") == 2
