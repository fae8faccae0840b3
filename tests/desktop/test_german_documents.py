"""The proposal and the contract PDFs in German: headings, table, totals, page
footer, signature blocks and the clause library all come from the catalogue."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import pytest
from pypdf import PdfReader

from desktop import i18n
from desktop.documents import clauses, contract_pdf, proposal_pdf
from desktop.documents.model import contract_from
from tests.desktop.test_proposal_pdf import CUSTOMER, proposal


@pytest.fixture
def german() -> Iterator[None]:
    """German while the test runs, English after."""
    assert i18n.load("de") is not None, (
        "no compiled German catalogue: `pip install -e .` compiles it (setup.py)")
    assert i18n.setup("de") == "de"
    yield
    assert i18n.setup("en") == "en"


def text_of(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def test_a_german_proposal(german: None) -> None:
    terms = clauses.fill(["payment-net", "validity"], payment_days=30, currency="EUR",
                         valid_until="2026-12-23")
    pdf = proposal_pdf.render(replace(proposal(40), title="Angebot", terms=terms))
    text = text_of(pdf)
    for german_words in ("Erstellt für", "z. Hd.", "Gültig bis", "Anschreiben", "Positionen",
                         "Beschreibung", "Einzelpreis", "Rabatt", "Zwischensumme", "Steuer",
                         "Gesamt", "Annahme", "Name, Funktion, Datum", "Seite 1 von",
                         "Zahlung", "Rechnungen sind innerhalb von 30 Tagen",
                         "Dieses Angebot gilt bis 2026-12-23"):
        assert german_words in text, german_words
    for english in ("Prepared for", "Valid until", "Line items", "Subtotal", "Page 1 of",
                    "Invoices are payable"):
        assert english not in text, english
    meta = PdfReader(io.BytesIO(pdf)).metadata
    assert meta is not None and meta.subject == f"Angebot für {CUSTOMER}"


def test_a_german_contract(german: None) -> None:
    terms = clauses.fill(["term", "renewal-auto", "payment-net", "delivery-dap", "warranty"],
                         term_months=24, renewal_months=12, notice_days=60, payment_days=30,
                         currency="EUR")
    contract = contract_from(proposal(8), number="AR-0042-C1", effective=date(2027, 1, 1),
                             clauses=terms)
    text = text_of(contract_pdf.render(contract))
    for german_words in ("Kaufvertrag AR-0042-C1", "Vertragsparteien", "Lieferant", "Kunde",
                         "Laufzeit", "läuft 24 Monate", "Verlängerung", "Gewährleistung",
                         "Unterschriften", "Unterschrift und Datum", "Für den Kunden",
                         "Kürzel: Kunde"):
        assert german_words in text, german_words
    assert "Sales contract" not in text and "Signature and date" not in text


def test_english_again_after_german(german: None) -> None:
    i18n.setup("en")
    text = text_of(proposal_pdf.render(proposal(2)))
    assert "Prepared for" in text and "Erstellt für" not in text
