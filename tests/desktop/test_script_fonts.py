"""Every script prints: Japanese, Arabic and emoji names in a proposal come out
as text (pypdf) and as glyphs, never as the empty boxes of a missing glyph."""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from pypdf import PdfReader

from desktop.documents import script_fonts
from desktop.documents.proposal_pdf import render
from tests.desktop.test_proposal_pdf import proposal

JAPANESE = "株式会社山田製作所"
ARABIC = "شركة النور للتجارة"
EMOJI = "Rocket Supplies 🚀 ☕"
DPI = 150


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def logical(text: str) -> str:
    """Arabic as typed: presentation forms back to letters (pypdf reads the
    right-to-left glyphs back in logical order)."""
    return unicodedata.normalize("NFKC", text)


def named(customer: str) -> Any:
    return replace(proposal(3), customer=customer, contact=customer)


@pytest.mark.parametrize("name", [JAPANESE, EMOJI])
def test_the_name_is_in_the_pdf_text(name: str) -> None:
    assert name in text_of(render(named(name)))


def test_an_arabic_name_is_shaped_right_to_left_and_reads_back() -> None:
    pdf = render(named(ARABIC))
    raw = text_of(pdf)
    assert any("\ufe70" <= ch <= "\ufeff" for ch in raw)  # joined (presentation) forms
    assert ARABIC in logical(raw)


def test_a_character_no_font_has_is_refused_before_printing() -> None:
    with pytest.raises(script_fonts.Unprintable) as refused:
        render(named("Melting 🫠 Co."))
    assert refused.value.missing == "🫠"
    assert "U+1FAE0" in " ".join(refused.value.errors.values())
    assert script_fonts.missing(JAPANESE + ARABIC + EMOJI) == ""


# -- no tofu on the page -------------------------------------------------------------

def png(pdf: bytes, tmp: Path) -> np.ndarray:
    """Page 1 as a grey image (pdftoppm), ink True."""
    (tmp / "page.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-gray", "-r", str(DPI), "-f", "1", "-l", "1", "-singlefile",
                    str(tmp / "page.pdf"), str(tmp / "page")], check=True)
    data = (tmp / "page.pgm").read_bytes()
    parts = data.split(maxsplit=4)  # P5 width height maxval pixels
    width, height = int(parts[1]), int(parts[2])
    pixels = np.frombuffer(parts[4][:width * height], dtype=np.uint8)
    return pixels.reshape(height, width) < 128


def missing_glyph(tmp: Path) -> np.ndarray:
    """What DejaVu draws for a character it lacks (its .notdef box), inked, cropped."""
    from reportlab.pdfgen.canvas import Canvas

    from desktop.documents import fonts

    regular, _bold = fonts.register()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(200, 100))
    canvas.setFont(regular, 9.5)  # the size of the facts' values
    canvas.drawString(40, 40, "\u682a")  # 株: not in DejaVu
    canvas.save()
    ink = png(out.getvalue(), tmp)
    rows, cols = np.nonzero(ink)
    return ink[rows.min():rows.max() + 1, cols.min():cols.max() + 1]


def boxes(page: np.ndarray, box: np.ndarray) -> int:
    """Places where the page shows the missing-glyph box (FFT cross-correlation:
    nearly all the box's ink there, and little else in its frame)."""
    height, width = page.shape
    h, w = box.shape
    shape = (height + h, width + w)
    spectrum = np.fft.rfft2(page.astype(float), shape)
    overlap = np.fft.irfft2(spectrum * np.fft.rfft2(box[::-1, ::-1].astype(float), shape),
                            shape)[h - 1:height, w - 1:width]
    frame = np.fft.irfft2(spectrum * np.fft.rfft2(np.ones_like(box, float), shape),
                          shape)[h - 1:height, w - 1:width]
    need = box.sum()
    hits = (overlap >= 0.9 * need) & (frame <= 1.15 * need)
    return int(hits.sum())


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")
def test_a_rendered_page_has_no_tofu(tmp_path: Path, monkeypatch: Any) -> None:
    box = missing_glyph(tmp_path)
    doc = named(f"{JAPANESE} {EMOJI}")
    ours = boxes(png(render(doc), tmp_path), box)
    # The same page printed without the fallback (DejaVu alone) shows the boxes:
    # the check sees tofu when there is some.
    monkeypatch.setattr(script_fonts, "chain", lambda font: (font,))
    monkeypatch.setattr(script_fonts, "missing", lambda text, font="": "")
    tofu = boxes(png(render(doc), tmp_path), box)
    assert tofu >= len(JAPANESE)
    assert ours == 0
