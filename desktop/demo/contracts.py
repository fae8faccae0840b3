"""Demo sales materials and contracts: two brochure PDFs in the materials
library (made here with ReportLab, the same bytes every time), and for the
first accepted proposals their sales contract, archived as an attachment the
way the app archives one (blob by SHA-256, kind "contract").

Contracts are rendered for at most ``CONTRACTS`` proposals: rendering PDFs is
slow, and the 100,000-account book must stay under a minute.
"""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.documents import clauses as clause_library
from desktop.documents.model import DocLine, ProposalDoc, contract_from
from desktop.domain import pricing
from desktop.store.blobs import BlobStore

if TYPE_CHECKING:
    from desktop.demo.book import BookWriter
    from desktop.store.cipher import CacheKey

CONTRACTS = 12
BROCHURES = (
    ("stretch-film-guide.pdf", "Stretch film guide", (
        "Choosing a film", "Cast or blown, pre-stretched or machine grade: which film holds "
        "your loads with the least plastic.", "Gauges from 9 to 30 µm")),
    ("packaging-catalogue-2027.pdf", "Packaging catalogue 2027", (
        "Boxes, tape and void fill", "Single and double wall boxes, tapes for every climate, "
        "paper and air void fill.", "Three warehouses, next-day delivery")),
)


def brochure_pdf(title: str, heading: str, text: str, footnote: str) -> bytes:
    """A two-page A4 brochure; the same arguments give the same bytes."""
    from reportlab.lib.colors import HexColor, white
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from desktop.documents import fonts

    regular, bold = fonts.register()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=1, initialFontName=regular)
    canvas.setTitle(title)
    width, height = A4
    canvas.setFillColor(HexColor("#1f6f78"))
    canvas.rect(0, height - 260, width, 260, stroke=0, fill=1)
    canvas.setFillColor(white)
    canvas.setFont(bold, 30)
    canvas.drawString(50, height - 140, title)
    canvas.setFont(regular, 14)
    canvas.drawString(50, height - 175, "Fieldbook Supply Co.")
    canvas.setFillColor(HexColor("#222222"))
    canvas.setFont(bold, 18)
    canvas.drawString(50, height - 320, heading)
    canvas.setFont(regular, 11)
    canvas.drawString(50, height - 345, text[:90])
    canvas.drawString(50, height - 362, text[90:])
    canvas.showPage()
    canvas.setFont(bold, 18)
    canvas.drawString(50, height - 80, footnote)
    canvas.setFont(regular, 11)
    canvas.drawString(50, height - 110, "Ask your sales rep for samples and volume prices.")
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def write_materials_and_contracts(w: BookWriter, cache: Path,
                                  key: CacheKey | None = None) -> None:
    blobs = BlobStore(cache, key)
    shas = []
    for file_name, title, (heading, text, footnote) in BROCHURES:
        data = brochure_pdf(title, heading, text, footnote)
        sha = blobs.put(data)
        shas.append((sha, file_name, len(data)))
        w.cur.execute("INSERT OR REPLACE INTO materials (sha256, file_name, title, size, "
                      "added_at) VALUES (?, ?, ?, ?, ?)", (sha, file_name, title, len(data),
                                                           w.now_text))
    accepted = w.cur.execute(
        "SELECT p.id, p.account_id, p.number, p.issued_on, p.valid_until, p.clauses, a.name, "
        "a.billing_street, a.billing_postal_code, a.billing_city, a.billing_region, "
        "a.billing_country, a.locale, u.name FROM proposals p "
        "JOIN accounts a ON a.id = p.account_id LEFT JOIN users u ON u.id = p.author_id "
        "WHERE p.status = 'accepted' ORDER BY p.rowid LIMIT ?", (CONTRACTS,)).fetchall()
    attachments = []
    for (pid, account, number, issued, valid, keys, customer, street, postal, city, region,
         country, locale, rep) in accepted:
        doc = _proposal(w, pid, number, date.fromisoformat(issued), date.fromisoformat(valid),
                        customer, (street, " ".join(x for x in (postal, city) if x), region,
                                   country), locale, rep or "")
        terms = [k for k in json.loads(keys) if k != "validity"] + [
            "term", "renewal-auto", "warranty", "liability", "confidentiality"]
        contract = contract_from(doc, number=f"{number}-C1", effective=w.today,
                                 clauses=clause_library.fill(
                                     terms, payment_days=30, currency="USD", term_months=12,
                                     renewal_months=12, notice_days=60))
        from desktop.documents.contract_pdf import render

        pdf = render(contract)
        sha = blobs.put(pdf)
        attachments.append((w.new_id(), account, "proposals", pid, "contract",
                            f"{contract.number}.pdf", "application/pdf", sha, len(pdf), w.now_text,
                            w.now_text))
        brochure_sha, name, size = shas[len(attachments) % len(shas)]
        attachments.append((w.new_id(), account, "proposals", pid, "brochure", name,
                            "application/pdf", brochure_sha, size, w.now_text, w.now_text))
    w.cur.executemany(
        "INSERT INTO attachments (id, account_id, record_table, record_id, kind, file_name, "
        "media_type, sha256, size, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        attachments)
    w.counts["contracts"] = len(accepted)


def _proposal(w: BookWriter, pid: str, number: str, issued: date, valid: date, customer: str,
              address: tuple[str | None, ...], locale: str, rep: str) -> ProposalDoc:
    rows = w.cur.execute(
        "SELECT sku, description, quantity, unit, unit_price, discount_percent, "
        "discount_amount, tax_rate, optional FROM proposal_lines WHERE proposal_id = ? "
        "ORDER BY position", (pid,)).fetchall()
    specs = [pricing.Line(Decimal(q), Decimal(p), Decimal(dp), Decimal(da), Decimal(t),
                          bool(o)) for _s, _d, q, _u, p, dp, da, t, o in rows]
    totals = pricing.totals(specs, "USD")
    lines = tuple(DocLine(r[0] or "", r[1], Decimal(r[2]), r[3], Decimal(r[4]), t.discount,
                          t.net, bool(r[8])) for r, t in zip(rows, totals.lines, strict=True))
    return ProposalDoc(number=number, revision=1, issued=issued, valid_until=valid,
                       currency="USD", locale=locale or "en_US", customer=customer,
                       customer_address=tuple(x for x in address if x), contact=None, rep=rep,
                       lines=lines, net=totals.net, discount=totals.discount, tax=totals.tax,
                       total=totals.total, optional_total=totals.optional_total)
