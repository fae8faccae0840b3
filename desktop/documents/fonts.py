"""The embedded font: DejaVu Sans (resources/fonts, with its licence) covers
Latin, Greek and Cyrillic, which ReportLab's built-in Helvetica does not."""

from __future__ import annotations

from functools import cache
from pathlib import Path

FONTS = Path(__file__).resolve().parents[2] / "resources" / "fonts"
REGULAR, BOLD = "DejaVuSans", "DejaVuSans-Bold"


@cache
def register() -> tuple[str, str]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name in (REGULAR, BOLD):
        pdfmetrics.registerFont(TTFont(name, str(FONTS / f"{name}.ttf")))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR,
                                  boldItalic=BOLD)
    return REGULAR, BOLD
