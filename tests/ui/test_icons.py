"""The shipped PNG icons are current renderings of their SVGs, and the app uses them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage

from ui.icon_render import render, variants
from ui.resources import ICON_SIZES, ON_DARK, icon, on_dark_icon, rendered_path


def channel_difference(a: QImage, b: QImage) -> int:
    """The largest difference of one channel of one pixel (256 if the sizes differ)."""
    if a.size() != b.size():
        return 256
    a32, b32 = (image.convertToFormat(QImage.Format.Format_ARGB32) for image in (a, b))
    return max((abs(x - y) for x, y in zip(bytes(a32.constBits()), bytes(b32.constBits()),
                                           strict=True)), default=0)


@pytest.mark.usefixtures("qapp")
def test_every_svg_has_current_pngs() -> None:
    # Qt's rasteriser rounds anti-aliased edges one level differently on some CPUs
    # (its SIMD paths differ), so a rendering may differ from the shipped PNG by 1
    # in a channel; an edited SVG differs by far more.
    stale = []
    for name, size, on_dark in variants():
        shipped = QImage(str(rendered_path(name, size, on_dark)))
        fresh = render(name, size, on_dark)
        if shipped.isNull() or channel_difference(shipped, fresh) > 1:
            stale.append(rendered_path(name, size, on_dark).name)
    assert not stale, f"run `python -m ui.icon_render`: {stale}"


@pytest.mark.usefixtures("qapp")
def test_a_changed_icon_is_caught() -> None:
    shipped = QImage(str(rendered_path("accounts", 20)))
    assert channel_difference(shipped, render("accounts", 20, False)) <= 1
    assert channel_difference(shipped, render("archive", 20, False)) > 1
    assert channel_difference(shipped, render("accounts", 24, False)) == 256


@pytest.mark.usefixtures("qapp")
def test_icons_come_from_the_pngs_at_each_size() -> None:
    accounts = icon("accounts")
    assert [s.width() for s in accounts.availableSizes()] == list(ICON_SIZES)
    # High-DPI: the 2x rendering, not a scaled-up 1x one.
    pixmap = accounts.pixmap(QSize(20, 20), 2.0)
    assert (pixmap.width(), pixmap.height()) == (40, 40)
    assert pixmap.toImage() == QImage(str(rendered_path("accounts", 40))).convertToFormat(
        pixmap.toImage().format())
    assert max(s.width() for s in icon("app").availableSizes()) == 256
    assert icon("no-such-icon").isNull()


@pytest.mark.usefixtures("qapp")
def test_sidebar_icons_are_light_on_its_dark_background() -> None:
    def lightness(image: QImage) -> float:
        """Mean lightness of the drawn (opaque) pixels."""
        seen = [image.pixelColor(x, y) for x in range(image.width())
                for y in range(image.height())]
        drawn = [c.lightnessF() for c in seen if c.alphaF() > 0.5]
        return sum(drawn) / len(drawn)

    for name in ON_DARK:
        dark = icon(name).pixmap(QSize(40, 40)).toImage()
        light = on_dark_icon(name).pixmap(QSize(40, 40)).toImage()
        assert lightness(dark) < 0.4 < 0.7 < lightness(light), name
