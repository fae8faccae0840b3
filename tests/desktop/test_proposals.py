"""Proposals in the local cache: numbers, catalogue pricing, totals,
frozen revisions, the document, and the PDF command."""

from __future__ import annotations

import io
import uuid
from datetime import timedelta
from decimal import Decimal as D
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.domain.schema import User
from desktop.domain.schema.sales import PriceEntry, Product
from desktop.services.container import Services
from desktop.services.validation import ValidationError
from tests.conftest import FIXED_NOW


def _setup(services: Services) -> tuple[uuid.UUID, uuid.UUID]:
    rep = uuid.uuid4()
    with services.store.unit_of_work() as uow:
        uow.session.add(User(id=rep, name="Ann Rep", email="ann@example.com",
                             created_at=FIXED_NOW, updated_at=FIXED_NOW))
        wrap = Product(id=uuid.uuid4(), sku="PW-500", name="Pallet wrap 500 mm", unit="roll",
                       tax_rate=D("0.08"), created_at=FIXED_NOW, updated_at=FIXED_NOW)
        uow.session.add(wrap)
        uow.session.flush()
        for qty, price in ((D(1), D("19.90")), (D(100), D("17.50"))):
            uow.session.add(PriceEntry(id=uuid.uuid4(), product_id=wrap.id, currency="EUR",
                                       min_quantity=qty, unit_price=price,
                                       created_at=FIXED_NOW, updated_at=FIXED_NOW))
        uow.commit()
    services.set_current_user(rep)
    account = services.accounts.create_account({
        "name": "Ωmega Ζήτα Бюро", "kind": "customer", "billing_city": "Stuttgart",
        "billing_country": "DE"}).id
    from desktop.domain.schema import Account

    with services.store.unit_of_work() as uow:  # the account form does not edit these yet
        row = uow.session.get(Account, account)
        assert row is not None
        row.currency, row.locale = "EUR", "de_DE"
        uow.commit()
    return account, wrap.id


def test_numbers_pricing_and_totals(services: Services) -> None:
    account, wrap = _setup(services)
    first = services.proposals.create(account).id
    second = services.proposals.create(account).id
    docs = [services.proposals.document(p) for p in (first, second)]
    prefix = f"AR{services.user_id.hex[:4].upper()}"  # type: ignore[union-attr]
    assert [d.number for d in docs] == [f"{prefix}-0001", f"{prefix}-0002"]
    assert docs[0].valid_until == (FIXED_NOW + timedelta(days=30)).date()
    services.proposals.add_line(first, {"product_id": wrap, "quantity": 10})
    services.proposals.add_line(first, {"product_id": wrap, "quantity": 120,
                                        "discount_percent": 5})  # volume break: 17.50
    services.proposals.add_line(first, {"description": "Installation", "unit_price": "250",
                                        "quantity": 1})
    totals = services.proposals.totals(first)
    # 10 x 19.90 = 199.00 (+8 % 15.92); 120 x 17.50 = 2100 - 105 = 1995 (+159.60); 250 (no tax)
    assert (totals.net, totals.tax, totals.total) == (D("2444.00"), D("175.52"), D("2619.52"))
    doc = services.proposals.document(first)
    assert [line.unit_price for line in doc.lines] == [D("19.9"), D("17.5"), D("250")]
    assert doc.customer == "Ωmega Ζήτα Бюро" and doc.rep == "Ann Rep"
    assert [heading for heading, _ in doc.terms] == ["Validity", "Payment", "Delivery"]


def test_a_sent_revision_is_frozen_and_revised(services: Services) -> None:
    account, wrap = _setup(services)
    p1 = services.proposals.create(account).id
    services.proposals.add_line(p1, {"product_id": wrap, "quantity": 2})
    services.proposals.mark_sent(p1)
    with pytest.raises(ValidationError, match="frozen"):
        services.proposals.add_line(p1, {"product_id": wrap, "quantity": 1})
    p2 = services.proposals.revise(p1).id
    services.proposals.add_line(p2, {"product_id": wrap, "quantity": 1})
    old, new = services.proposals.document(p1), services.proposals.document(p2)
    assert (old.number, old.revision, len(old.lines)) == (new.number, 1, 1)
    assert (new.revision, len(new.lines)) == (2, 2)


def test_bad_lines_are_refused_with_a_message(services: Services) -> None:
    account, wrap = _setup(services)
    p = services.proposals.create(account).id
    with pytest.raises(ValidationError, match="needs a price"):
        services.proposals.add_line(p, {"description": "Consulting", "quantity": 1})
    with pytest.raises(ValidationError, match="more than zero"):
        services.proposals.add_line(p, {"product_id": wrap, "quantity": 0})


def test_pdf_command_writes_the_proposal(services: Services, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.cli import main

    account, wrap = _setup(services)
    p = services.proposals.create(account).id
    services.proposals.add_line(p, {"product_id": wrap, "quantity": 3})
    db = services.store.path
    services.close()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    out = tmp_path / "proposal.pdf"
    assert main(["proposal", "pdf", "--db", str(db), "--id", str(p), "--out", str(out)]) == 0
    text = " ".join(PdfReader(io.BytesIO(out.read_bytes())).pages[0].extract_text().split())
    assert "PW-500" in text and "Ωmega Ζήτα Бюро" in text and "64,48 €" in text
    assert main(["proposal", "pdf", "--db", str(db), "--id", str(uuid.uuid4()),
                 "--out", str(out)]) == 2


def test_marking_sent_archives_the_exact_pdf_and_logs_it(services: Services) -> None:
    import hashlib

    from desktop.documents.proposal_pdf import render
    from desktop.store.blobs import BlobStore

    account, wrap = _setup(services)
    p = services.proposals.create(account).id
    services.proposals.add_line(p, {"product_id": wrap, "quantity": 3})
    pdf = render(services.proposals.document(p))
    services.proposals.mark_sent(p, pdf)
    reads = services.store.reads()
    sha, size, kind = reads.execute("SELECT sha256, size, kind FROM attachments").fetchone()
    assert sha == hashlib.sha256(pdf).hexdigest() and size == len(pdf)
    assert kind == "sent-proposal" and BlobStore(services.store.path).read(sha) == pdf
    subject, channel = reads.execute("SELECT subject, channel FROM interactions").fetchone()
    assert subject.startswith("Sent proposal AR") and channel == "email"
    assert reads.execute("SELECT status FROM proposals").fetchone() == ("sent",)
