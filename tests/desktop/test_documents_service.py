"""The PDFs handed out: brochures after a proposal's pages, the contract of an
accepted proposal archived as made, branding from the settings, and
``fieldbook contract pdf``."""

from __future__ import annotations

import hashlib
import io
import uuid
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.services.container import Services
from desktop.services.validation import ValidationError
from desktop.store.blobs import BlobStore
from tests.desktop.test_proposals import _setup


def brochure(title: str, pages: int = 2) -> bytes:
    from reportlab.lib.pagesizes import A5
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A5, invariant=1)
    for n in range(pages):
        canvas.drawString(40, 500, f"{title} page {n + 1}")
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


def _accepted(services: Services, setup: tuple[uuid.UUID, uuid.UUID] | None = None) -> uuid.UUID:
    account, wrap = setup or _setup(services)
    p = services.proposals.create(account).id
    services.proposals.add_line(p, {"product_id": wrap, "quantity": 12})
    services.proposals.add_line(p, {"description": "Spare cutter", "unit_price": "9",
                                    "optional": True})
    services.proposals.mark_sent(p)
    services.orders.accept(p)
    return p


def test_brochures_are_picked_and_appended(services: Services, tmp_path: Path) -> None:
    account, wrap = _setup(services)
    p = services.proposals.create(account).id
    services.proposals.add_line(p, {"product_id": wrap, "quantity": 3})
    (tmp_path / "stretch-film.pdf").write_bytes(brochure("Stretch film", 2))
    film = services.materials.add_file(tmp_path / "stretch-film.pdf")
    tape = services.materials.add("tape.pdf", brochure("Tape", 1), title="Packing tape")
    assert [m.title for m in services.materials.library()] == ["Packing tape", "stretch film"]
    (tmp_path / "notes.pdf").write_text("not a pdf")
    with pytest.raises(ValidationError, match="notes.pdf is not a readable PDF"):
        services.materials.add_file(tmp_path / "notes.pdf")
    own_pages = len(PdfReader(io.BytesIO(services.documents.proposal_pdf(p))).pages)
    services.materials.pick(p, [film.sha256, tape.sha256])
    pdf = services.documents.proposal_pdf(p)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == own_pages + 3
    assert _text(pdf).endswith("Stretch film page 1 Stretch film page 2 Tape page 1")
    services.materials.pick(p, [tape.sha256])  # unpicked: tombstoned, not deleted
    rows = services.store.reads().execute(
        "SELECT sha256, deleted_at IS NULL FROM attachments WHERE kind = 'brochure' "
        "ORDER BY created_at").fetchall()
    assert sorted(rows) == sorted([(film.sha256, 0), (tape.sha256, 1)])
    services.proposals.mark_sent(p, services.documents.proposal_pdf(p))
    with pytest.raises(ValidationError, match="only on a draft"):
        services.materials.pick(p, [])


def test_a_contract_is_made_from_an_accepted_proposal_and_archived(
        services: Services) -> None:
    setup = _setup(services)
    draft = services.proposals.create(setup[0]).id
    with pytest.raises(ValidationError, match="accepted proposal"):
        services.documents.contract_pdf(draft)
    p = _accepted(services, setup)
    contract = services.documents.contract(p)
    assert contract.number.endswith("-0002-C1") and len(contract.lines) == 1  # no optional
    assert [h for h, _t in contract.clauses] == [
        "Payment", "Delivery", "Term", "Renewal", "Warranty", "Limitation of liability",
        "Confidentiality"]
    pdf = services.documents.contract_pdf(p)
    assert "Sales contract" in _text(pdf) and "Initials: customer" in _text(pdf)
    services.documents.archive_contract(p, pdf)
    services.documents.archive_contract(p, pdf)  # the same bytes again: archived once
    reads = services.store.reads()
    rows = reads.execute("SELECT kind, sha256, file_name FROM attachments "
                         "WHERE kind = 'contract'").fetchall()
    assert rows == [("contract", hashlib.sha256(pdf).hexdigest(), f"{contract.number}.pdf")]
    assert BlobStore(services.store.path).read(rows[0][1]) == pdf
    assert reads.execute("SELECT count(*) FROM interactions WHERE subject LIKE "
                         "'Sales contract %'").fetchone() == (1,)


def test_branding_settings_change_the_pdf(services: Services, tmp_path: Path) -> None:
    from PIL import Image

    account, wrap = _setup(services)
    p = services.proposals.create(account).id
    services.proposals.add_line(p, {"product_id": wrap, "quantity": 3})
    before = services.documents.proposal_pdf(p)
    assert "Fieldbook Supply Co." in _text(before)
    Image.new("RGB", (300, 100), "#c0392b").save(services.settings_file.path.parent / "logo.png")
    s = services.settings
    s.brand_company, s.brand_address = "Nordlicht Verpackung GmbH", ["Hafenstraße 4",
                                                                    "20457 Hamburg"]
    s.brand_footer, s.brand_colour, s.brand_logo = "Nordlicht · +49 40 5550", "#c0392b", "logo.png"
    after = services.documents.proposal_pdf(p)
    text = _text(after)
    assert "Nordlicht Verpackung GmbH" in text and "Hafenstraße 4" in text
    assert "Nordlicht · +49 40 5550" in text and "Fieldbook Supply" not in text
    page = PdfReader(io.BytesIO(after)).pages[0]
    assert len(page.images) == 1  # the logo
    s.brand_logo, s.brand_colour = "missing.png", "red"  # fall back, never fail
    assert len(PdfReader(io.BytesIO(services.documents.proposal_pdf(p))).pages[0].images) == 0


def test_contract_command_writes_the_contract(services: Services, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.cli import main

    p = _accepted(services)
    db = services.store.path
    services.close()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    out = tmp_path / "contract.pdf"
    assert main(["contract", "pdf", "--db", str(db), "--id", str(p), "--out", str(out)]) == 0
    text = _text(out.read_bytes())
    assert "Sales contract" in text and "Ωmega Ζήτα Бюро" in text and "PW-500" in text
    assert main(["contract", "pdf", "--db", str(db), "--id", str(uuid.uuid4()),
                 "--out", str(out)]) == 2
