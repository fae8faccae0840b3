"""A sales contract as a PDF: parties, products and prices, terms from the
clause library, signature blocks for both sides, and an initials line on
every page (so no page can be swapped after signing)."""

from __future__ import annotations

import io
from typing import Any

from desktop.documents import fonts, layout
from desktop.documents.layout import para as _p
from desktop.documents.model import Branding, ContractDoc
from desktop.domain import formats
from desktop.domain.money import format_money
from desktop.i18n import _


def render(doc: ContractDoc, branding: Branding | None = None) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    branding = branding or Branding()
    regular, bold = fonts.register()
    out = io.BytesIO()
    template = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=20 * mm,
        bottomMargin=26 * mm, title=f"{doc.title} {doc.number}", author=doc.supplier_signatory,
        subject=_("{title} with {customer}").format(title=doc.title, customer=doc.customer),
        creator="Fieldbook", invariant=1)
    story = _story(doc, branding, regular, bold, template.width)
    template.build(story, canvasmaker=layout.numbered_canvas(doc.reference, branding, regular,
                                                             initials=True))
    return out.getvalue()


def _story(doc: ContractDoc, branding: Branding, regular: str, bold: str,
           width: float) -> list[Any]:
    from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle

    s = layout.styles(branding, regular, bold)
    money = lambda amount: format_money(amount, doc.currency, doc.locale)  # noqa: E731
    story: list[Any] = [layout.letterhead(branding, s, width), Spacer(1, 8),
                        _p(f"{doc.title} {doc.number}", s["h1"]), Spacer(1, 6)]
    parties = [(_("Supplier"), "\n".join((branding.company, *branding.address))),
               (_("Customer"), "\n".join((doc.customer, *doc.customer_address))),
               (_("Effective date"), formats.day(doc.effective)),
               (_("Based on"), _("Proposal {ref}").format(ref=doc.proposal_reference))]
    story += [_p(_("Parties"), s["h2"]), layout.facts(parties, s, width)]
    story += [_p(_("Products and prices"), s["h2"]),
              layout.items(doc.lines, (doc.net, doc.tax, doc.total), s, bold, width, money)]
    for n, (heading, text) in enumerate(doc.clauses, start=1):
        story.append(KeepTogether([_p(f"{n}. {heading}", s["h2"]), _p(text, s["body"])]))
    line = "_" * 34
    signed = _("Signature and date")  # outside the f-strings, where extraction finds it
    cells = [[_p(_("For the customer: {name}").format(name=doc.customer), s["small"]),
              _p(_("For the supplier: {name}").format(name=branding.company), s["small"])],
             [_p(f"\n\n{line}\n{doc.customer_signatory}\n{signed}", s["small"]),
              _p(f"\n\n{line}\n{doc.supplier_signatory}\n{signed}", s["small"])]]
    table = Table(cells, colWidths=[width / 2, width / 2])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story.append(KeepTogether([_p(_("Signatures"), s["h2"]), table]))
    return story
