"""Icons and other files from ``resources/``, found through one search path.

The icons are drawn as SVG (``resources/icons/``) and shipped pre-rendered as
PNGs (``resources/icons/png/``, made by ``python -m ui.icon_render``): a QIcon
made from an SVG file loads Qt's SVG plugin and library and parses the file
before the window's first paint; PNGs are read only when painted. The sizes are
the 1x and 2x of those the app draws, so high-DPI screens get sharp icons too.
An icon without PNGs falls back to its SVG.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
ICONS = RESOURCES / "icons"
RENDERED = ICONS / "png"
ICON_SIZES = (16, 20, 24, 32, 40, 48)
APP_ICON_SIZES = (*ICON_SIZES, 64, 128, 256)  # the window icon, also in task bars
# The sidebar's icons also come light, for its dark background: ink and paper swapped.
ON_DARK = ("accounts", "followup", "archive", "outbound", "shipping", "channel-visit",
           "concern", "inbound", "channel-meeting", "filter", "today", "report")
ON_DARK_COLOURS = {"#37474F": "#CFD8DC", "#F4F6F7": "#263238"}


def icon_sizes(name: str) -> tuple[int, ...]:
    return APP_ICON_SIZES if name == "app" else ICON_SIZES


def rendered_path(name: str, size: int, on_dark: bool = False) -> Path:
    return RENDERED / f"{name}{'-on-dark' if on_dark else ''}-{size}.png"


@cache
def icon(name: str) -> QIcon:
    """The icon ``name`` (an empty icon if there is none, never a crash)."""
    return _rendered(name, on_dark=False)


@cache
def on_dark_icon(name: str) -> QIcon:
    """``name`` drawn light, for the dark sidebar (one of ``ON_DARK``)."""
    return _rendered(name, on_dark=True)


def _rendered(name: str, on_dark: bool) -> QIcon:
    sizes = icon_sizes(name)
    if rendered_path(name, sizes[0], on_dark).exists():
        result = QIcon()
        for size in sizes:
            result.addFile(str(rendered_path(name, size, on_dark)))
        return result
    svg = ICONS / f"{name}.svg"
    return QIcon(str(svg)) if svg.exists() else QIcon()
