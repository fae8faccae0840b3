"""One look for the whole app: Fusion, a palette, and a few styled roles.

No application-wide style sheet: Qt then routes every widget through its
style-sheet engine, which makes every widget slower to build and paint. Colours
come from the palette; the handful of special widgets (sidebar, titles, primary
buttons, error lines, invalid inputs) get a small style sheet of their own.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget

ACCENT = "#00796B"
MUTED = "#607D8B"
ERROR = "#C62828"
INK = "#263238"

SIDEBAR = """
QListWidget { background: #263238; color: #ECEFF1; border: none; padding-top: 8px;
    font-size: 10.5pt; outline: 0; }
QListWidget::item { padding: 10px 14px; border-left: 3px solid transparent; }
QListWidget::item:selected { background: #37474F; color: white;
    border-left: 3px solid #4DB6AC; }
"""
PRIMARY = f"""
QPushButton {{ background: {ACCENT}; color: white; border: 1px solid {ACCENT};
    border-radius: 4px; padding: 5px 14px; font-weight: 600; }}
QPushButton:hover {{ background: #00695C; }}
QPushButton:disabled {{ background: #80CBC4; border-color: #80CBC4; }}
"""
INVALID = f"border: 1px solid {ERROR}; border-radius: 3px; background: #FFF5F5;"


def use_fusion(app: QApplication) -> None:
    """For an application made elsewhere (tests); ``make_qapp`` asks for Fusion
    on the command line."""
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")


def apply_theme(app: QApplication) -> None:
    palette = app.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#F4F6F7"))
    palette.setColor(QPalette.ColorRole.Base, QColor("white"))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#F7F9FA"))
    palette.setColor(QPalette.ColorRole.Text, QColor(INK))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(INK))
    palette.setColor(QPalette.ColorRole.ButtonText, QColor(INK))
    palette.setColor(QPalette.ColorRole.Button, QColor("#FAFBFC"))
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#B2DFDB"))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#102027"))
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor("#90A4AE"))
    palette.setColor(QPalette.ColorRole.Link, QColor(ACCENT))
    app.setPalette(palette)


def title(label: QLabel, points: float = 16) -> QLabel:
    font = QFont(label.font())
    font.setPointSizeF(points)
    font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    return label


def muted(label: QLabel) -> QLabel:
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(MUTED))
    label.setPalette(palette)
    return label


def error_line(label: QLabel) -> QLabel:
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(ERROR))
    label.setPalette(palette)
    font = QFont(label.font())
    font.setPointSizeF(max(font.pointSizeF() - 0.5, 8))
    label.setFont(font)
    label.setObjectName("fieldError")
    return label


def primary(button: QPushButton) -> QPushButton:
    button.setStyleSheet(PRIMARY)
    button.setProperty("primary", True)
    return button


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    """A red frame on a field whose value was refused (and nothing else changes)."""
    if bool(widget.property("invalid")) == invalid:
        return
    widget.setProperty("invalid", invalid)
    widget.setStyleSheet(INVALID if invalid else "")
