"""The proposal PDF: text, fonts, pages, repeated headers, totals, metadata, bytes."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal as D

from pypdf import PdfReader

from desktop.documents.model import DocLine, ProposalDoc
from desktop.documents.proposal_pdf import render
from desktop.domain.pricing import Line, totals

CUSTOMER = "Ωmega Ζήτα Бюро Ærø GmbH"


def proposal(n_lines: int, currency: str = "EUR", locale: str = "de_DE") -> ProposalDoc:
    specs = [Line(D(i % 7 + 1), D("19.90") + i, discount_percent=D(5) if i % 4 == 0 else D(0),
                  tax_rate=D("0.19")) for i in range(n_lines)]
    result = totals(specs, currency)
    lines = tuple(DocLine(f"SKU-{i:04}", f"Pallet wrap no. {i}, 500 mm × 300 m", spec.quantity,
                          "roll", spec.unit_price, t.discount, t.net)
                  for i, (spec, t) in enumerate(zip(specs, result.lines, strict=True)))
    return ProposalDoc(
        "AR-0042", 2, date(2026, 11, 23), date(2026, 12, 23), currency, locale, CUSTOMER,
        ("Königstraße 1", "70173 Stuttgart"), "Jürgen Weiß", "Ann Rep",
        cover_letter="Sehr geehrter Herr Weiß,\nvielen Dank.", lines=lines, net=result.net,
        discount=result.discount, tax=result.tax, total=result.total,
        terms=(("Payment", "30 days net."),))


def pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_text_holds_every_line_the_totals_and_the_customer() -> None:
    doc = proposal(12)
    text = "\n".join(pages(render(doc)))
    for line in doc.lines:
        assert line.sku in text
    assert CUSTOMER in text and "Jürgen Weiß" in text
    assert "1.234" not in text  # no stray figures: the totals below are the real ones
    for amount in (doc.net, doc.tax, doc.total):
        assert f"{amount:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".") in text


def test_a_long_proposal_repeats_its_header_and_numbers_its_pages() -> None:
    pdf = render(proposal(120))
    texts = pages(pdf)
    assert len(texts) >= 3
    for n, text in enumerate(texts, start=1):
        assert f"Page {n} of {len(texts)}" in text
    item_pages = [t for t in texts if "SKU-" in t]
    assert len(item_pages) >= 3 and all("Description" in t for t in item_pages)
    last = next(t for t in texts if "Subtotal" in t)
    assert "SKU-0118" in last and "SKU-0119" in last  # the totals never stand alone


def test_same_input_same_bytes_and_metadata() -> None:
    doc = proposal(30)
    first, second = render(doc), render(doc)
    assert first == second
    meta = PdfReader(io.BytesIO(first)).metadata
    assert meta is not None
    assert (meta.title, meta.author) == ("Proposal AR-0042 rev 2", "Ann Rep")
    assert meta.subject == f"Proposal for {CUSTOMER}"


def test_the_unicode_font_is_embedded() -> None:
    reader = PdfReader(io.BytesIO(render(proposal(3))))
    fonts = [f.get_object() for page in reader.pages
             for f in page["/Resources"]["/Font"].values()]
    dejavu = [f for f in fonts if "DejaVuSans" in str(f["/BaseFont"])]
    assert dejavu  # ReportLab also lists Helvetica in every document, unused
    for font in dejavu:  # a subset of the TrueType file travels inside the PDF
        descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font \
            else font
        assert "/FontFile2" in descendant["/FontDescriptor"].get_object()


def test_yen_has_no_decimals() -> None:
    text = "\n".join(pages(render(proposal(3, "JPY", "en_US"))))
    assert "¥" in text and ".00" not in text
