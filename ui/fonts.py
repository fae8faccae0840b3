"""Every script shows in the window: the fonts the PDFs ship, for Qt too.

The PDFs print any name through a per-glyph fallback over the fonts in
``resources/fonts`` (``desktop.documents.script_fonts``). The window uses the
same files: they are registered with Qt once, when the application is made,
and named after the system's own font in the application font's family list,
so a Chinese, Japanese or Korean name (Droid Sans Fallback), an Arabic or
Hebrew one (DejaVu Sans) or an emoji (Symbola, monochrome) shows as text on a
machine that has no font for it, never as empty boxes. The system's font stays
first: Latin text looks and measures as before.

Registering reads only the files' names and character maps (~1 ms CPU; with
fontconfig's database load, which the first paint would do anyway, 4.6 ms:
tests/bench/fonts_bench.py); glyphs load when a character is drawn.
DejaVu Sans, which most Linux systems have, is registered only when missing.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from ui.resources import RESOURCES

FONTS = RESOURCES / "fonts"
DEJAVU, CJK, EMOJI = "DejaVu Sans", "Droid Sans Fallback", "Symbola"
FILES = {DEJAVU: ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
         CJK: ("DroidSansFallback.ttf",), EMOJI: ("Symbola.ttf",)}
FALLBACK = (DEJAVU, CJK, EMOJI)  # the PDFs' order: Arabic and Hebrew, CJK, emoji


@cache
def register() -> tuple[str, ...]:
    """Adds the shipped fonts Qt does not already have; the families added."""
    added: list[str] = []
    for family, files in FILES.items():
        if family == DEJAVU and QFontDatabase.hasFamily(family):
            continue
        for file in files:
            font_id = QFontDatabase.addApplicationFont(str(FONTS / file))
            if font_id >= 0:
                added.extend(QFontDatabase.applicationFontFamilies(font_id))
    return tuple(dict.fromkeys(added))


def install(app: QApplication) -> list[str]:
    """Registers the fonts and gives the application font its fallback list
    (the system's family first); the list, for tests."""
    register()
    font = app.font()
    first = font.families()[:1] or [font.family()]
    families = first + [f for f in FALLBACK if f not in first]
    if font.families() != families:
        font.setFamilies(families)
        app.setFont(font)
    return families
