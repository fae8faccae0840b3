"""An order's status for the customer as a one- or two-page PDF: where it
stands, its lines with what has shipped, each shipment (carrier, tracking
number, ship date) and the timeline. Shared layout and branding; the same
input gives the same bytes (ReportLab's invariant mode)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any

from desktop.documents import fonts, layout
from desktop.documents.layout import para as _p
from desktop.documents.model import Branding
from desktop.domain import formats
from desktop.i18n import _


@dataclass(frozen=True)
class OrderStatusDoc:
    number: str
    provisional: bool  # the server has not given the final number yet
    customer: str
    status: str
    state: str  # as shown ("Partly shipped")
    entered: str
    needed_by: str | None
    rep: str
    as_of: date
    lines: tuple[tuple[str, str, str, str, str], ...]  # sku, description, ordered, shipped, left
    steps: tuple[tuple[str, str, str], ...]  # day, step, details
    shipments: tuple[tuple[str, str, str, str, str], ...]  # day, carrier, tracking, what, note


def render(doc: OrderStatusDoc, branding: Branding | None = None) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    branding = branding or Branding()
    regular, bold = fonts.register()
    out = io.BytesIO()
    template = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=20 * mm,
        bottomMargin=22 * mm, title=_("Order status {n}").format(n=doc.number),
        author=doc.rep, subject=_("Order status for {customer}").format(customer=doc.customer),
        creator="Fieldbook", invariant=1)
    story = _story(doc, branding, regular, bold, template.width)
    template.build(story, canvasmaker=layout.numbered_canvas(doc.number, branding, regular))
    return out.getvalue()


def _story(doc: OrderStatusDoc, branding: Branding, regular: str, bold: str,
           width: float) -> list[Any]:
    from reportlab.platypus import Spacer

    s = layout.styles(branding, regular, bold)
    number = doc.number + (_(" (provisional)") if doc.provisional else "")
    story: list[Any] = [_p(branding.company, s["h2"]), _p("\n".join(branding.address), s["small"]),
                        Spacer(1, 10), _p(_("Order status {n}").format(n=number), s["h1"])]
    facts = [(_("Customer"), doc.customer), (_("Status"), doc.state),
             (_("Entered"), doc.entered), (_("As of"), formats.day(doc.as_of))]
    if doc.needed_by:
        facts.append((_("Needed by"), _("{day} (expedited)").format(day=doc.needed_by)))
    if doc.rep:
        facts.append((_("Your contact"), doc.rep))
    story.append(layout.facts(facts, s, width))
    story += [_p(_("Lines"), s["h2"]), table(
        [_("SKU"), _("Description"), _("Ordered"), _("Shipped"), _("To ship")],
        [list(line) for line in doc.lines], (0.15, 0.49, 0.12, 0.12, 0.12), s, bold, width,
        right_from=2)]
    if doc.shipments:
        story += [_p(_("Shipments"), s["h2"]), table(
            [_("Ship date"), _("Carrier"), _("Tracking number"), _("Contents")],
            [[d, c, t, what or note] for d, c, t, what, note in doc.shipments],
            (0.14, 0.16, 0.24, 0.46), s, bold, width)]
    story += [_p(_("Timeline"), s["h2"]), table(
        [_("Date"), _("Step"), _("Details")], [list(step) for step in doc.steps],
        (0.14, 0.22, 0.64), s, bold, width)]
    return story


def table(header: list[str], rows: list[list[str]], widths: tuple[float, ...],
          s: dict[str, Any], bold: str, width: float, right_from: int | None = None,
          marks: dict[int, str] | None = None) -> Any:
    """A plain striped table with the branded header (repeated on each page);
    ``marks`` gives a row's background colour (late, expedited)."""
    from reportlab.lib.colors import HexColor, white
    from reportlab.platypus import Table, TableStyle

    # Wrapped text in paragraphs; right-aligned figures stay plain strings (ALIGN
    # does not reach into a paragraph).
    body = [[cell if right_from is not None and n >= right_from else _p(cell, s["cell"])
             for n, cell in enumerate(row)] for row in rows]
    grid = Table([header, *body] if body else [header, ["—", *[""] * (len(header) - 1)]],
                 colWidths=[width * w for w in widths], repeatRows=1)
    commands: list[Any] = [
        ("FONT", (0, 0), (-1, -1), s["body"].fontName, 8.5),
        ("FONT", (0, 0), (-1, 0), bold, 8.5),
        ("BACKGROUND", (0, 0), (-1, 0), s["accent"]),
        ("TEXTCOLOR", (0, 0), (-1, 0), white),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [white, HexColor("#f2f6f7")]),
    ]
    if right_from is not None:
        commands.append(("ALIGN", (right_from, 0), (-1, -1), "RIGHT"))
    for row, colour in (marks or {}).items():
        commands.append(("BACKGROUND", (0, row + 1), (-1, row + 1), HexColor(colour)))
    grid.setStyle(TableStyle(commands))
    return grid
