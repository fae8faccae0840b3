"""A proposal as a print-ready PDF (ReportLab platypus).

Branding from ``Branding``; DejaVu Sans embedded; "Page x of y" in the footer;
the line-item table repeats its header on every page and its totals always
stay with the last item lines; title, author and subject in the metadata.
The same input gives the same bytes (ReportLab's invariant mode: no
timestamps or random ids), so an archived PDF can be checked by hash.
"""

from __future__ import annotations

import io
from typing import Any

from desktop.documents import fonts, layout
from desktop.documents.layout import para as _p
from desktop.documents.model import Branding, ProposalDoc
from desktop.domain import formats
from desktop.domain.money import format_money
from desktop.i18n import _


def render(doc: ProposalDoc, branding: Branding | None = None) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    branding = branding or Branding()
    regular, bold = fonts.register()
    out = io.BytesIO()
    template = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=20 * mm,
        bottomMargin=22 * mm, title=f"{doc.title} {doc.reference}", author=doc.rep,
        subject=_("{title} for {customer}").format(title=doc.title, customer=doc.customer),
        creator="Fieldbook", invariant=1)
    story = _story(doc, branding, regular, bold, template.width)
    canvasmaker = layout.numbered_canvas(doc.reference, branding, regular)
    template.build(story, canvasmaker=canvasmaker)
    return out.getvalue()


def _story(doc: ProposalDoc, branding: Branding, regular: str, bold: str,
           width: float) -> list[Any]:
    from reportlab.platypus import Spacer

    s = layout.styles(branding, regular, bold)
    money = lambda amount: format_money(amount, doc.currency, doc.locale)  # noqa: E731
    story: list[Any] = [layout.letterhead(branding, s, width), Spacer(1, 10),
                        _p(f"{doc.title} {doc.reference}", s["h1"])]
    facts = [(_("Prepared for"), "\n".join((doc.customer, *doc.customer_address))),
             (_("Attention"), doc.contact or "—"), (_("Prepared by"), doc.rep),
             (_("Date"), formats.day(doc.issued)), (_("Valid until"), formats.day(doc.valid_until))]
    story.append(layout.facts(facts, s, width))
    for heading, text in ((_("Cover letter"), doc.cover_letter),
                          (_("Executive summary"), doc.summary)):
        if text:
            story += [_p(heading, s["h2"]), _p(text, s["body"])]
    sums = (doc.net, doc.tax, doc.total)
    story += [_p(_("Line items"), s["h2"]),
              layout.items(doc.lines, sums, s, bold, width, money)]
    if doc.optional_total:
        story.append(_p(_("Optional items (not in the total): {amount}").format(
            amount=money(doc.optional_total)), s["small"]))
    for heading, text in doc.terms:
        story += [_p(heading, s["h2"]), _p(text, s["body"])]
    story += [_p(_("Acceptance"), s["h2"]), _signatures(doc, branding, s, width)]
    return story


def _signatures(doc: ProposalDoc, branding: Branding, s: dict[str, Any], width: float) -> Any:
    from reportlab.platypus import KeepTogether, Table, TableStyle

    line = "_" * 34
    signed = _("Name, title, date")  # outside the f-string, where extraction finds it
    cells = [[_p(_("For {name}").format(name=doc.customer), s["small"]),
              _p(_("For {name}").format(name=branding.company), s["small"])],
             [_p(f"\n\n{line}\n{signed}", s["small"]),
              _p(f"\n\n{line}\n{doc.rep}", s["small"])]]
    table = Table(cells, colWidths=[width / 2, width / 2])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return KeepTogether([_p(_("Signing below accepts this proposal and its terms."), s["body"]),
                         table])
