"""Every script shows in the window: Japanese, Arabic, Hebrew and emoji account
names are drawn by a font that has them (the shipped fallbacks, ui/fonts.py),
never as the empty boxes of a missing glyph, on a machine whose only fonts are
DejaVu (CI: fonts-dejavu-core)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QImage, QTextLayout
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from desktop.store.changes import Changes
from tests.desktop.test_script_fonts import boxes
from ui import fonts

from .clicks import shown, written

JAPANESE = "株式会社山田製作所"
ARABIC = "شركة الرياض"
HEBREW = "חברת הגליל"
EMOJI = "🚚 Fast Freight"
NAMES = {"japanese": JAPANESE, "arabic": ARABIC, "hebrew": HEBREW, "emoji": EMOJI}
INK = 128
MISSING = "\ue000"  # private use: no font has it, so Qt draws the .notdef box


def no_merging(font: QFont) -> QFont:
    """DejaVu alone (CI's only system font), without fallbacks: what a name
    looks like with no font for it."""
    alone = QFont(font)
    alone.setFamilies([fonts.DEJAVU])
    alone.setStyleStrategy(alone.styleStrategy() | QFont.StyleStrategy.NoFontMerging)
    return alone


def crisp(font: QFont) -> QFont:
    """``font`` drawn without antialiasing: every missing-glyph box the same
    pixels wherever it falls, so that one template finds them all."""
    sharp = QFont(font)
    sharp.setStyleStrategy(sharp.styleStrategy() | QFont.StyleStrategy.NoAntialias)
    return sharp


def runs(text: str, font: QFont) -> list[tuple[str, list[int]]]:
    """The fonts Qt draws ``text`` with, and their glyphs (0: the missing glyph)."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return [(run.rawFont().familyName(), list(run.glyphIndexes()))
            for run in layout.glyphRuns()]


def test_the_app_font_falls_back_to_the_shipped_fonts(qapp: QApplication) -> None:
    from ui.app import make_qapp

    app = make_qapp()
    families = app.font().families()
    assert families[1:] == [fonts.DEJAVU, fonts.CJK, fonts.EMOJI]
    assert families[0] not in families[1:]  # the system's own font stays first
    assert fonts.install(app) == families  # once is enough: a second call changes nothing


@pytest.mark.parametrize("script", sorted(NAMES))
def test_every_character_has_a_glyph(qapp: QApplication, script: str) -> None:
    from ui.app import make_qapp

    font = make_qapp().font()
    drawn = runs(NAMES[script], font)
    assert all(0 not in glyphs for _family, glyphs in drawn), drawn
    used = {family for family, _glyphs in drawn}
    if script == "japanese":
        assert used == {fonts.CJK}
    # The check sees a missing glyph when there is one: the system font alone
    # (CI: DejaVu) has no Japanese and no emoji.
    if script in ("japanese", "emoji"):
        assert any(0 in glyphs for _family, glyphs in runs(NAMES[script], no_merging(font)))
    assert any(0 in glyphs for _family, glyphs in runs(MISSING, font))


# -- no tofu in the account list ------------------------------------------------------

def ink(widget: QWidget) -> np.ndarray:
    """The widget as painted, grey, ink True."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    width, height = image.width(), image.height()
    data = np.frombuffer(image.constBits(), dtype=np.uint8)
    pixels = data.reshape(height, image.bytesPerLine())[:, :width]
    return pixels < INK


def missing_glyph(font: QFont) -> np.ndarray:
    """What the list's font draws for a character no font has, inked, cropped."""
    label = QLabel(MISSING)
    label.setFont(font)
    label.setStyleSheet("background: white; color: black; padding: 6px;")
    label.adjustSize()
    box = ink(label)
    rows, cols = np.nonzero(box)
    return box[rows.min():rows.max() + 1, cols.min():cols.max() + 1]


def add_accounts(app: Any) -> None:
    written(app, lambda: [app.services.accounts.create_account({"name": name})
                          for name in NAMES.values()])
    app.bus.publish(Changes.reset())


def test_the_account_list_shows_every_script(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    add_accounts(app)
    window = shown(app, qtbot, active=False)
    table = window.accounts.table
    model = table.model()
    qtbot.waitUntil(lambda: set(NAMES.values()) <= {
        model.index(row, 0).data(Qt.ItemDataRole.DisplayRole)
        for row in range(model.rowCount())})
    table.clearSelection()
    table.setFont(crisp(table.font()))
    box = missing_glyph(table.font())
    assert box.sum() > 20  # an outlined box, found below if it is drawn
    ours = boxes(ink(table.viewport()), box)
    # The same list drawn with the system font alone shows the boxes: the check
    # sees tofu when there is some.
    table.setFont(no_merging(table.font()))
    tofu = boxes(ink(table.viewport()), box)
    assert tofu >= len(JAPANESE)
    assert ours == 0
