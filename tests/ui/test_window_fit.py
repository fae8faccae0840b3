"""The main window fits a 1366x768 laptop at 125 % scale (1093x614 logical
pixels, less a title bar and a panel) in every view, as the dialogs do
(tests/ui/test_dialog_fit.py)."""

from __future__ import annotations

from typing import Any

from tests.ui.clicks import show_view, shown

SCREEN_125 = (1366 / 1.25, 768 / 1.25)
TITLE_AND_PANEL = 64


def test_every_view_fits_a_125_percent_laptop(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    window = shown(app, qtbot)
    width, height = SCREEN_125[0], SCREEN_125[1] - TITLE_AND_PANEL
    assert window.minimumWidth() <= width and window.minimumHeight() <= height
    seen = []
    for row in range(window.sidebar.count()):
        show_view(qtbot, window, row)
        need = window.minimumSizeHint()
        seen.append((window.sidebar.item(row).text(), need.width(), need.height()))
        assert need.width() <= width and need.height() <= height, seen[-1]
    assert len(seen) >= 6
