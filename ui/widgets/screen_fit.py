"""Windows that fit the screen they open on: a 1366x768 laptop at 100 % and
125 % scale included (1093x614 logical pixels, less the panel).

``fit_to_screen`` sizes a window to what it would like (its size hint, or a
preferred size) but never beyond the screen's available geometry, leaving room
for the window frame; content that does not fit scrolls (:class:`ScrollArea`).
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

# What a window manager adds around a window: borders and the title bar.
FRAME_WIDTH = 16
FRAME_HEIGHT = 40


def available(window: QWidget) -> QRect:
    """The available geometry of the screen ``window`` opens on (its parent's)."""
    anchor = window.parentWidget()
    screen = (anchor.window().screen() if anchor is not None else None) or window.screen() \
        or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fitted_size(window: QWidget, preferred: QSize | None = None) -> QSize:
    room = available(window)
    want = preferred if preferred is not None else window.sizeHint()
    floor = window.minimumSizeHint().expandedTo(window.minimumSize())
    width = min(max(want.width(), floor.width()), room.width() - FRAME_WIDTH)
    height = min(max(want.height(), floor.height()), room.height() - FRAME_HEIGHT)
    return QSize(width, height)


def fit_to_screen(window: QWidget, preferred: QSize | None = None) -> None:
    """Resize ``window`` to ``preferred`` (its size hint when None), capped to the
    screen; a minimum size larger than the screen is lowered to fit."""
    size = fitted_size(window, preferred)
    minimum = window.minimumSize()
    if minimum.width() > size.width() or minimum.height() > size.height():
        window.setMinimumSize(minimum.boundedTo(size))
    window.resize(size)


def move_inside(window: QWidget) -> None:
    """Move a shown window so that its frame lies on the available screen."""
    room = available(window)
    frame = window.frameGeometry()
    x = min(max(frame.left(), room.left()), max(room.left(), room.right() - frame.width() + 1))
    y = min(max(frame.top(), room.top()), max(room.top(), room.bottom() - frame.height() + 1))
    if (x, y) != (frame.left(), frame.top()):
        window.move(x, y)


class ScrollArea(QScrollArea):
    """A frameless scroll area that asks for its whole content's size, so a window
    is as large as its content where the screen allows and scrolls where not."""

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setWidget(content)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        content = self.widget()
        if content is None:
            return super().sizeHint()
        hint = content.sizeHint()
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(hint.width() + bar, hint.height())
