"""A contract made from an accepted proposal: parties, prices, clauses,
signature blocks for both sides and initials on every page."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from desktop.documents import clauses
from desktop.documents.contract_pdf import render
from desktop.documents.model import contract_from
from tests.desktop.test_proposal_pdf import CUSTOMER, proposal


def _contract(lines: int) -> object:
    terms = clauses.fill(["term", "renewal-auto", "payment-net", "delivery-dap", "warranty"],
                         term_months=24, renewal_months=12, notice_days=60, payment_days=30,
                         currency="EUR")
    return contract_from(proposal(lines), number="AR-0042-C1", effective=date(2027, 1, 1),
                         clauses=terms)


def test_contract_carries_parties_prices_and_terms() -> None:
    contract = _contract(8)
    pdf = render(contract)  # type: ignore[arg-type]
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert CUSTOMER in text and "Fieldbook Supply Co." in text
    assert "Proposal AR-0042 rev 2" in text
    for line in contract.lines:  # type: ignore[attr-defined]
        assert line.sku in text
    assert "runs for 24 months" in text and "at least 60 days" in text
    assert "within 30 days" in text and "DAP" in text
    assert "Jürgen Weiß" in text and "Ann Rep" in text  # both signatories


def test_every_page_has_the_initials_line_and_numbers() -> None:
    pages = PdfReader(io.BytesIO(render(_contract(90)))).pages  # type: ignore[arg-type]
    assert len(pages) >= 3
    for n, page in enumerate(pages, start=1):
        text = page.extract_text()
        assert "Initials: customer" in text and f"Page {n} of {len(pages)}" in text


def test_unknown_clause_is_an_error_not_a_silent_gap() -> None:
    with pytest.raises(KeyError):
        clauses.fill(["payment-net", "no-such-clause"], payment_days=30, currency="EUR")


def test_contract_bytes_are_deterministic() -> None:
    contract = _contract(5)
    assert render(contract) == render(contract)  # type: ignore[arg-type]
