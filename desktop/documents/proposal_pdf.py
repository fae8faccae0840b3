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

from desktop.documents import fonts
from desktop.documents.model import Branding, ProposalDoc
from desktop.i18n import _
from desktop.sales.money import format_money

KEEP_WITH_TOTALS = 2  # item rows that always travel with the totals


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
    canvasmaker = _numbered_canvas(doc, branding, regular)
    template.build(story, canvasmaker=canvasmaker)
    return out.getvalue()


def _styles(branding: Branding, regular: str, bold: str) -> dict[str, Any]:
    from reportlab.lib.colors import HexColor
    from reportlab.lib.styles import ParagraphStyle

    accent = HexColor(branding.colour)
    base = ParagraphStyle("body", fontName=regular, fontSize=9.5, leading=13)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5),
        "h1": ParagraphStyle("h1", parent=base, fontName=bold, fontSize=20, leading=24,
                             textColor=accent, spaceAfter=4),
        "h2": ParagraphStyle("h2", parent=base, fontName=bold, fontSize=12, leading=15,
                             textColor=accent, spaceBefore=10, spaceAfter=4),
        "accent": accent,
    }


def _p(text: str, style: Any) -> Any:
    from xml.sax.saxutils import escape

    from reportlab.platypus import Paragraph

    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _story(doc: ProposalDoc, branding: Branding, regular: str, bold: str,
           width: float) -> list[Any]:
    from reportlab.platypus import Spacer

    s = _styles(branding, regular, bold)
    money = lambda amount: format_money(amount, doc.currency, doc.locale)  # noqa: E731
    story: list[Any] = [_p(branding.company, s["h2"]), _p("\n".join(branding.address), s["small"]),
                        Spacer(1, 10), _p(f"{doc.title} {doc.reference}", s["h1"])]
    facts = [(_("Prepared for"), "\n".join((doc.customer, *doc.customer_address))),
             (_("Attention"), doc.contact or "—"), (_("Prepared by"), doc.rep),
             (_("Date"), doc.issued.isoformat()), (_("Valid until"), doc.valid_until.isoformat())]
    story.append(_facts(facts, s, width))
    for heading, text in ((_("Cover letter"), doc.cover_letter),
                          (_("Executive summary"), doc.summary)):
        if text:
            story += [_p(heading, s["h2"]), _p(text, s["body"])]
    story += [_p(_("Line items"), s["h2"]), _items(doc, s, bold, width, money)]
    if doc.optional_total:
        story.append(_p(_("Optional items (not in the total): {amount}").format(
            amount=money(doc.optional_total)), s["small"]))
    for heading, text in doc.terms:
        story += [_p(heading, s["h2"]), _p(text, s["body"])]
    story += [_p(_("Acceptance"), s["h2"]), _signatures(doc, branding, s, width)]
    return story


def _facts(facts: list[tuple[str, str]], s: dict[str, Any], width: float) -> Any:
    from reportlab.platypus import Table, TableStyle

    table = Table([[_p(k, s["small"]), _p(v, s["body"])] for k, v in facts],
                  colWidths=[width * 0.22, width * 0.78])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    return table


def _items(doc: ProposalDoc, s: dict[str, Any], bold: str, width: float, money: Any) -> Any:
    from reportlab.lib.colors import HexColor, white
    from reportlab.platypus import Table, TableStyle

    header = [_("SKU"), _("Description"), _("Qty"), _("Unit price"), _("Discount"), _("Amount")]
    rows: list[list[Any]] = [header]
    for line in doc.lines:
        description = line.description + (_(" (optional)") if line.optional else "")
        rows.append([line.sku, _p(description, s["cell"]),
                     f"{line.quantity.normalize():f} {line.unit}", money(line.unit_price),
                     money(line.discount) if line.discount else "", money(line.total)])
    first_total = len(rows)
    for label, amount in ((_("Subtotal"), doc.net), (_("Tax"), doc.tax),
                          (_("Total"), doc.total)):
        rows.append(["", "", "", "", label, money(amount)])
    widths = [0.14, 0.38, 0.11, 0.13, 0.11, 0.13]
    table = Table(rows, colWidths=[width * w for w in widths], repeatRows=1)
    keep_from = max(1, first_total - KEEP_WITH_TOTALS)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), s["body"].fontName, 8.5),
        ("FONT", (0, 0), (-1, 0), bold, 8.5),
        ("BACKGROUND", (0, 0), (-1, 0), s["accent"]),
        ("TEXTCOLOR", (0, 0), (-1, 0), white),
        ("ALIGN", (2, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ROWBACKGROUNDS", (0, 1), (-1, first_total - 1), [white, HexColor("#f2f6f7")]),
        ("LINEABOVE", (0, first_total), (-1, first_total), 0.6, s["accent"]),
        ("FONT", (4, -1), (-1, -1), bold, 9.5),
        # The totals never stand alone at the top of a page.
        ("NOSPLIT", (0, keep_from), (-1, -1)),
    ]))
    return table


def _signatures(doc: ProposalDoc, branding: Branding, s: dict[str, Any], width: float) -> Any:
    from reportlab.platypus import KeepTogether, Table, TableStyle

    line = "_" * 34
    cells = [[_p(f"{_('For')} {doc.customer}", s["small"]),
              _p(f"{_('For')} {branding.company}", s["small"])],
             [_p(f"\n\n{line}\n{_('Name, title, date')}", s["small"]),
              _p(f"\n\n{line}\n{doc.rep}", s["small"])]]
    table = Table(cells, colWidths=[width / 2, width / 2])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return KeepTogether([_p(_("Signing below accepts this proposal and its terms."), s["body"]),
                         table])


def _numbered_canvas(doc: ProposalDoc, branding: Branding, regular: str) -> Any:
    """A canvas that learns the page count first, then writes "Page x of y"."""
    from reportlab.lib.colors import HexColor
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs.setdefault("initialFontName", regular)  # no stray Helvetica resource
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - ReportLab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            width, _height = self._pagesize
            self.setStrokeColor(HexColor(branding.colour))
            self.setLineWidth(0.5)
            self.line(18 * mm, 15 * mm, width - 18 * mm, 15 * mm)
            self.setFont(regular, 7.5)
            self.drawString(18 * mm, 10 * mm, branding.footer)
            self.drawRightString(width - 18 * mm, 10 * mm, _("{ref} · Page {n} of {total}").format(
                ref=doc.reference, n=self._pageNumber, total=total))

    return NumberedCanvas
