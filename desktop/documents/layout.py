"""Shared page layout of Fieldbook's PDFs: styles, the line-item table and a
canvas that numbers pages "x of y" (and can add an initials line)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from desktop.documents.model import Branding, DocLine
from desktop.i18n import _

KEEP_WITH_TOTALS = 2  # item rows that always travel with the totals


def styles(branding: Branding, regular: str, bold: str) -> dict[str, Any]:
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


def para(text: str, style: Any) -> Any:
    """Plain text as a paragraph; a character the style's font lacks prints in
    the first shipped font that has it (desktop.documents.script_fonts)."""
    from reportlab.platypus import Paragraph

    from desktop.documents.script_fonts import markup

    return Paragraph(markup(text, style.fontName), style)


def letterhead(branding: Branding, s: dict[str, Any], width: float) -> Any:
    """The company's name and address, with its logo on the right when set."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Image, Table, TableStyle

    text = [para(branding.company, s["h2"]), para("\n".join(branding.address), s["small"])]
    if branding.logo is None:
        return Table([[text]], colWidths=[width], style=TableStyle(_FLUSH))
    logo = Image(str(branding.logo), width=45 * mm, height=16 * mm, kind="proportional")
    cell = logo.drawWidth + 12  # the logo's own width and the cell's padding
    return Table([[text, logo]], colWidths=[width - cell, cell],
                 style=TableStyle([*_FLUSH, ("ALIGN", (1, 0), (1, 0), "RIGHT")]))


_FLUSH = [("VALIGN", (0, 0), (-1, -1), "TOP")]  # default padding: aligned with the text


def facts(pairs: list[tuple[str, str]], s: dict[str, Any], width: float) -> Any:
    """Label and value pairs in two columns (who, when, valid until)."""
    from reportlab.platypus import Table, TableStyle

    table = Table([[para(k, s["small"]), para(v, s["body"])] for k, v in pairs],
                  colWidths=[width * 0.22, width * 0.78])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    return table


def items(lines: tuple[DocLine, ...], sums: tuple[Decimal, Decimal, Decimal],
          s: dict[str, Any], bold: str, width: float, money: Any) -> Any:
    """Line items with (subtotal, tax, total) below; the header repeats on each page."""
    from reportlab.lib.colors import HexColor, white
    from reportlab.platypus import Table, TableStyle

    header = [_("SKU"), _("Description"), _("Qty"), _("Unit price"), _("Discount"), _("Amount")]
    rows: list[list[Any]] = [header]
    for line in lines:
        description = line.description + (_(" (optional)") if line.optional else "")
        rows.append([line.sku, para(description, s["cell"]),
                     f"{line.quantity.normalize():f} {line.unit}", money(line.unit_price),
                     money(line.discount) if line.discount else "", money(line.total)])
    first_total = len(rows)
    for label, amount in zip((_("Subtotal"), _("Tax"), _("Total")), sums, strict=True):
        rows.append(["", "", "", "", label, money(amount)])
    widths = [0.13, 0.36, 0.11, 0.13, 0.11, 0.16]  # room for a bold six-figure total
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


def numbered_canvas(reference: str, branding: Branding, regular: str,
                    initials: bool = False) -> Any:
    """A canvas that learns the page count first, then writes "Page x of y"
    (and, for contracts, an initials line for both parties on every page)."""
    from reportlab.lib.colors import HexColor
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    from desktop.documents.script_fonts import draw

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
            draw(self, 18 * mm, 10 * mm, branding.footer, regular, 7.5)
            draw(self, width - 18 * mm, 10 * mm, _("{ref} · Page {n} of {total}").format(
                ref=reference, n=self._pageNumber, total=total), regular, 7.5, right=True)
            if initials:
                self.drawRightString(width - 18 * mm, 17 * mm,
                                     _("Initials: customer ________   supplier ________"))

    return NumberedCanvas
