"""Renders ``resources/icons/*.svg`` to the PNGs the app loads (see ``ui.resources``).

Run ``python -m ui.icon_render`` after adding or changing an SVG; a test fails
while any PNG differs from a fresh rendering of its SVG.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from ui.resources import ICONS, ON_DARK, ON_DARK_COLOURS, RENDERED, icon_sizes, rendered_path


def render(name: str, size: int, on_dark: bool = False) -> QImage:
    """The SVG ``name`` drawn into a transparent ``size`` x ``size`` image."""
    source = (ICONS / f"{name}.svg").read_text(encoding="utf-8")
    if on_dark:
        for ink, light in ON_DARK_COLOURS.items():
            source = source.replace(ink, light)
    renderer = QSvgRenderer(QByteArray(source.encode("utf-8")))
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def names() -> list[str]:
    return sorted(svg.stem for svg in ICONS.glob("*.svg"))


def variants() -> list[tuple[str, int, bool]]:
    """Every PNG the app may load: (name, size, on_dark)."""
    return [(name, size, on_dark) for name in names() for on_dark in (False, True)
            if not on_dark or name in ON_DARK for size in icon_sizes(name)]


def main() -> int:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    RENDERED.mkdir(exist_ok=True)
    written = 0
    for name, size, on_dark in variants():
        path = rendered_path(name, size, on_dark)
        if not render(name, size, on_dark).save(str(path)):
            print(f"could not write {path}", file=sys.stderr)
            return 1
        written += 1
    print(f"{written} PNGs in {RENDERED}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
