"""One look for the whole app: spacing, type scale and colours."""

from __future__ import annotations

from ui.resources import RESOURCES

_ICONS = (RESOURCES / "icons").as_posix()

ACCENT = "#00796B"
MUTED = "#607D8B"
ERROR = "#C62828"
BORDER = "#D5DBDF"

STYLESHEET = f"""
QWidget {{ font-size: 10pt; }}
QListWidget#sidebar {{
    background: #263238; color: #ECEFF1; border: none; padding-top: 8px;
    font-size: 10.5pt; outline: 0;
}}
QListWidget#sidebar::item {{ padding: 10px 14px; border-left: 3px solid transparent; }}
QListWidget#sidebar::item:selected {{
    background: #37474F; color: white; border-left: 3px solid #4DB6AC;
}}
QLabel#pageTitle {{ font-size: 16pt; font-weight: 600; color: #263238; }}
QLabel#subtitle, QLabel.muted {{ color: {MUTED}; }}
QLabel#fieldError {{ color: {ERROR}; font-size: 9pt; }}
QLabel#badge {{
    border-radius: 8px; padding: 2px 8px; background: #E0F2F1; color: #004D40;
    font-size: 9pt; font-weight: 600;
}}
QLineEdit, QComboBox, QDateTimeEdit, QSpinBox, QPlainTextEdit, QDateEdit {{
    padding: 4px 6px; border: 1px solid {BORDER}; border-radius: 4px; background: white;
}}
QLineEdit:focus, QComboBox:focus, QPlainTextEdit:focus {{ border-color: {ACCENT}; }}
QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"] {{
    border: 1px solid {ERROR}; background: #FFF5F5;
}}
QTableView {{
    border: 1px solid {BORDER}; gridline-color: #EEF1F3; selection-background-color: #B2DFDB;
    selection-color: #102027; alternate-background-color: #F7F9FA;
}}
QHeaderView::section {{
    background: #F1F4F6; border: none; border-bottom: 1px solid {BORDER};
    padding: 5px 6px; font-weight: 600; color: #37474F;
}}
QTabWidget::pane {{ border: 1px solid {BORDER}; border-radius: 4px; top: -1px; }}
QTabBar::tab {{ padding: 6px 14px; }}
QTabBar::tab:selected {{ color: {ACCENT}; border-bottom: 2px solid {ACCENT}; }}
QPushButton {{ padding: 5px 12px; border: 1px solid {BORDER}; border-radius: 4px;
    background: #FAFBFC; }}
QPushButton:hover {{ background: #EEF2F4; }}
QPushButton[primary="true"] {{ background: {ACCENT}; color: white; border-color: {ACCENT}; }}
QPushButton[primary="true"]:disabled {{ background: #80CBC4; border-color: #80CBC4; }}
QStatusBar {{ color: {MUTED}; }}
QComboBox::drop-down, QDateEdit::drop-down, QDateTimeEdit::drop-down {{
    subcontrol-origin: padding; subcontrol-position: center right; width: 18px;
    border: none;
}}
QComboBox::down-arrow, QDateEdit::down-arrow, QDateTimeEdit::down-arrow {{
    image: url({_ICONS}/chevron-down.svg); width: 12px; height: 12px;
}}
QSpinBox {{ padding-right: 18px; }}
QSpinBox::up-button, QSpinBox::down-button {{
    subcontrol-origin: border; width: 16px; border: none; background: transparent;
}}
QSpinBox::up-button {{ subcontrol-position: top right; }}
QSpinBox::down-button {{ subcontrol-position: bottom right; }}
QSpinBox::up-arrow {{ image: url({_ICONS}/chevron-up.svg); width: 10px; height: 10px; }}
QSpinBox::down-arrow {{ image: url({_ICONS}/chevron-down.svg); width: 10px; height: 10px; }}
"""
