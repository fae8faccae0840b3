"""Every script prints: a per-glyph font fallback for the PDFs.

DejaVu Sans (Latin, Greek, Cyrillic, Arabic, Hebrew) comes first, then Droid
Sans Fallback (Chinese, Japanese, Korean), then Symbola (monochrome emoji and
symbols); all in resources/fonts with their licences. Text is split into runs
by the first font that has each character. Arabic is shaped (its letters
joined, ``arabic_reshaper``) and right-to-left text put in visual order
(``python-bidi``) before it is laid out. A character that no shipped font has
is refused before anything is printed (:class:`Unprintable`), never drawn as
an empty box.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from desktop.documents import fonts
from desktop.i18n import _
from desktop.services.validation import ValidationError

CJK, EMOJI = "DroidSansFallback", "Symbola"
FILES = {CJK: "DroidSansFallback.ttf", EMOJI: "Symbola.ttf"}


class Unprintable(ValidationError):
    """Text with characters that no shipped font can print."""

    def __init__(self, text: str, missing: str) -> None:
        shown = ", ".join(f"{c} (U+{ord(c):04X})" for c in missing)
        super().__init__({"text": _(
            "“{text}” cannot be printed: no font Fieldbook ships has {chars}. "
            "Change the text and print again.").format(text=text, chars=shown)})
        self.text, self.missing = text, missing


@cache
def register() -> dict[str, tuple[str, ...]]:
    """Registers the fallback fonts; the chain of fonts for regular and bold."""
    from reportlab.pdfbase import pdfmetrics

    regular, bold = fonts.register()
    for name, file in FILES.items():
        pdfmetrics.registerFont(_astral_font()(name, str(fonts.FONTS / file)))
    return {regular: (regular, CJK, EMOJI), bold: (bold, regular, CJK, EMOJI)}


def _to_unicode(name: str, subset: list[int]) -> str:
    """A subset's ToUnicode CMap with characters beyond U+FFFF as UTF-16
    surrogate pairs, as PDF wants them (ReportLab writes ``<1F680>``, which text
    extraction cannot read)."""
    pairs = [f"<{i:02X}> <{chr(v).encode('utf-16-be').hex().upper()}>"
             for i, v in enumerate(subset)]
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo", f"<< /Registry ({name})", f"/Ordering ({name})", "/Supplement 0",
        ">> def", f"/CMapName /{name} def", "/CMapType 2 def", "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>", "endcodespacerange", f"{len(subset)} beginbfchar",
        *pairs, "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop",
        "end", "end"])


@cache
def _astral_font() -> type:
    from reportlab.pdfbase.ttfonts import SUBSETN, TTFont

    class AstralTTFont(TTFont):
        """A TrueType font whose subsets read back as text beyond the BMP too."""

        def addObjects(self, doc: Any) -> None:  # noqa: N802 - ReportLab's name
            state = self.state.get(doc)
            subsets = [list(s) for s in state.subsets] if state is not None else []
            super().addObjects(doc)
            for n, subset in enumerate(subsets):
                if max(subset, default=0) <= 0xFFFF:
                    continue
                base = b"".join((SUBSETN(n), b"+", self.face.name,
                                 self.face.subfontNameX)).decode("pdfdoc")
                doc.idToObject["toUnicodeCMap:" + base].content = _to_unicode(base, subset)

    return AstralTTFont



@cache
def _covers(font: str) -> frozenset[int]:
    from reportlab.pdfbase import pdfmetrics

    register()
    return frozenset(pdfmetrics.getFont(font).face.charToGlyph)


def _ignorable(ch: str) -> bool:
    """Variation selectors, joiners and other marks that draw nothing."""
    code = ord(ch)
    return (0xFE00 <= code <= 0xFE0F or 0x200B <= code <= 0x200F or 0x2060 <= code <= 0x2064
            or code == 0xFEFF or 0xE0100 <= code <= 0xE01EF
            or (unicodedata.category(ch) == "Cc" and ch not in "\n\t"))


def chain(font: str) -> tuple[str, ...]:
    """The fonts tried in turn for text styled in ``font``."""
    chains = register()
    return chains.get(font, (font, *chains[fonts.REGULAR][1:]))


def missing(text: str, font: str = fonts.REGULAR) -> str:
    """The characters of ``text`` that no font of the chain has (each once)."""
    fonts_ = chain(font)
    out: list[str] = []
    for ch in text:
        if ch in "\n\t" or _ignorable(ch) or ch in out:
            continue
        if not any(ord(ch) in _covers(f) for f in fonts_):
            out.append(ch)
    return "".join(out)


def check(text: str, font: str = fonts.REGULAR) -> None:
    """Raises :class:`Unprintable` if a character of ``text`` has no font."""
    if gaps := missing(text, font):
        raise Unprintable(text, gaps)


def _rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def visual(text: str) -> str:
    """Arabic shaped and right-to-left runs in visual order, line by line."""
    if not _rtl(text):
        return text
    import arabic_reshaper
    from bidi import get_display

    return "\n".join(get_display(arabic_reshaper.reshape(line)) if _rtl(line) else line
                     for line in text.split("\n"))


def runs(text: str, font: str) -> list[tuple[str, str]]:
    """``text`` as (font, piece) runs, each character in the first font that has it."""
    check(text, font)
    fonts_ = chain(font)
    out: list[tuple[str, str]] = []
    for ch in text:
        if _ignorable(ch):
            continue
        code = ord(ch)
        chosen = next((f for f in fonts_ if code in _covers(f)), font) if ch not in "\n\t" \
            else font
        if out and out[-1][0] == chosen:
            out[-1] = (chosen, out[-1][1] + ch)
        else:
            out.append((chosen, ch))
    return out


def markup(text: str, font: str) -> str:
    """Paragraph markup for plain ``text`` in ``font``: escaped, line breaks as
    ``<br/>``, runs another font prints wrapped in ``<font face=...>``."""
    pieces = []
    for face, piece in runs(visual(text), font):
        body = escape(piece).replace("\n", "<br/>")
        pieces.append(body if face == font else f'<font face="{face}">{body}</font>')
    return "".join(pieces)


def draw(canvas: Any, x: float, y: float, text: str, font: str, size: float,
         right: bool = False) -> None:
    """``canvas.drawString`` (or ``drawRightString``) with the fallback."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    pieces = runs(visual(text), font)
    if right:
        x -= sum(stringWidth(piece, face, size) for face, piece in pieces)
    for face, piece in pieces:
        canvas.setFont(face, size)
        canvas.drawString(x, y, piece)
        x += stringWidth(piece, face, size)
    canvas.setFont(font, size)
