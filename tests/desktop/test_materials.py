"""Brochures appended after the proposal's pages, in one PDF."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from desktop.documents.contract_pdf import render as render_contract
from desktop.documents.materials import BadMaterial, append_materials
from desktop.documents.proposal_pdf import render
from tests.desktop.test_contract_pdf import _contract
from tests.desktop.test_proposal_pdf import proposal


def test_brochures_follow_the_proposal_pages() -> None:
    own = render(proposal(60))
    brochure = render_contract(_contract(3))  # any PDF will do as a brochure
    combined = append_materials(own, [("brochure.pdf", brochure), ("again.pdf", brochure)])
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(combined)).pages]
    own_pages = len(PdfReader(io.BytesIO(own)).pages)
    extra = len(PdfReader(io.BytesIO(brochure)).pages)
    assert len(pages) == own_pages + 2 * extra
    assert "Proposal AR-0042 rev 2" in pages[0] and "Sales contract" in pages[own_pages]
    meta = PdfReader(io.BytesIO(combined)).metadata
    assert meta is not None and meta.title == "Proposal AR-0042 rev 2"


def test_a_broken_brochure_is_named() -> None:
    with pytest.raises(BadMaterial, match="flyer.pdf"):
        append_materials(render(proposal(2)), [("flyer.pdf", b"not a pdf at all")])
