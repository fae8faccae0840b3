"""The shipping schedule as a printable PDF (landscape A4): one row per line
to ship or in transit, by date; late and expedited rows are marked in words
and with a tinted background, so they read in black and white too."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from desktop.documents import fonts, layout
from desktop.documents.layout import para as _p
from desktop.documents.model import Branding
from desktop.documents.order_status_pdf import table
from desktop.domain import formats
from desktop.i18n import _

if TYPE_CHECKING:
    from desktop.services.shipping import ScheduleRow

LATE = "#fde2e1"
EXPEDITE = "#fff3cd"


def marks(row: ScheduleRow) -> str:
    """The words that flag a row: "LATE", "EXPEDITE" (never colour alone)."""
    return " · ".join(w for w, on in ((_("LATE"), row.late), (_("EXPEDITE"), row.expedite)) if on)


def render(rows: Sequence[ScheduleRow], as_of: date, days: int,
           branding: Branding | None = None) -> bytes:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate, Spacer

    branding = branding or Branding()
    regular, bold = fonts.register()
    out = io.BytesIO()
    title = _("Shipping schedule")
    template = SimpleDocTemplate(
        out, pagesize=landscape(A4), leftMargin=18 * mm, rightMargin=18 * mm,
        topMargin=16 * mm, bottomMargin=22 * mm, title=title, author=branding.company,
        subject=_("Shipments and deliveries as of {day}").format(day=formats.day(as_of)),
        creator="Fieldbook", invariant=1)
    s = layout.styles(branding, regular, bold)
    late = sum(1 for r in rows if r.late)
    urgent = sum(1 for r in rows if r.expedite)
    story = [_p(title, s["h1"]), _p(_(
        "{company} · as of {day} · the next {days} days and everything overdue · "
        "{n} lines, {late} late, {urgent} expedited").format(
        company=branding.company, day=formats.day(as_of), days=days, n=len(rows), late=late,
        urgent=urgent), s["small"]), Spacer(1, 6)]
    day = formats.stored_day  # rows keep ISO days for the CSV; the page writes the locale's
    body = [[day(r.ship_date), _("Ship") if r.kind == "ship" else _("In transit"), r.account,
             r.order, r.sku, r.description, r.quantity, day(r.needed_by), r.detail, marks(r)]
            for r in rows]
    colours = {n: LATE if r.late else EXPEDITE for n, r in enumerate(rows) if r.late or r.expedite}
    story.append(table(
        [_("Date"), _("What"), _("Account"), _("Order"), _("SKU"), _("Description"), _("Qty"),
         _("Needed by"), _("Shipment"), _("Flags")], body,
        (0.095, 0.065, 0.14, 0.105, 0.08, 0.16, 0.045, 0.095, 0.10, 0.115), s, bold, template.width,
        marks=colours))
    template.build(story, canvasmaker=layout.numbered_canvas(title, branding, regular))
    return out.getvalue()
