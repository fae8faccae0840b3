"""A date typed as text, read exactly as typed.

QDateEdit "fixes up" what it cannot show: 31/02/2026 silently becomes 28 Feb.
:class:`DateField` keeps the text the rep typed and parses it on demand, in
the locale's short format (with a two- or four-digit year) or as ISO
(2026-02-28); a date that does not exist is reported ("February 2026 has only
28 days."), never replaced. A button (or Alt+Down, F4) opens a calendar.

The API follows QDateEdit where forms use it (``date()``, ``setDate()``,
``dateChanged``); ``problem()`` says what is wrong with the text and
``checked(field)`` raises the ``ValidationError`` a form shows under the field.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.services.validation import ValidationError

ISO = "yyyy-MM-dd"
BASE_YEAR = 2000  # a two-digit year is 2000-2099


def display_format(locale: QLocale) -> str:
    """The locale's short date format with a four-digit year (ISO for the C locale)."""
    if locale.language() == QLocale.Language.C:
        return ISO
    short = locale.dateFormat(QLocale.FormatType.ShortFormat)
    if "yyyy" not in short:
        short = short.replace("yy", "yyyy")
    return short


def _numeric(fmt: str) -> str:
    """``fmt`` taking one or two digits for day and month (05/02 and 5/2 alike)."""
    return re.sub(r"(?<![dM])(dd|MM)(?![dM])", lambda m: m.group(1)[0], fmt)


def _order(fmt: str) -> str | None:
    """The order of the numeric fields in ``fmt`` ("dMy", "Mdy", "yMd"), or None."""
    positions = {c: fmt.find(c) for c in "dMy"}
    if min(positions.values()) < 0 or "MMM" in fmt or "ddd" in fmt:
        return None
    return "".join(sorted(positions, key=lambda c: positions[c]))


class DateField(QWidget):
    dateChanged = Signal(QDate)  # noqa: N815 - QDateEdit's name: a valid date typed or picked
    edited = Signal()  # the text changed (typed, picked or set)

    def __init__(self, value: dt.date | QDate | None = None, parent: QWidget | None = None,
                 *, optional: bool = False) -> None:
        super().__init__(parent)
        self.optional = optional
        self.edit = QLineEdit()
        self.edit.setObjectName("dateText")
        self.button = QToolButton()
        self.button.setText("\u25be")  # a small down-pointing triangle
        self.button.setToolTip(_("Pick from the calendar (Alt+Down)"))
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.clicked.connect(lambda: self.show_calendar())
        self.setFocusProxy(self.edit)
        box = QHBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(self.edit, 1)
        box.addWidget(self.button)
        self._popup: QFrame | None = None
        self.calendar: QCalendarWidget | None = None
        self._last_valid = QDate()
        self.edit.textChanged.connect(self._text_changed)
        self.edit.installEventFilter(self)
        self.edit.setPlaceholderText(self.format())
        width = self.edit.fontMetrics().horizontalAdvance(
            self.locale().toString(QDate(2026, 12, 28), self.format())) + 28
        self.edit.setMinimumWidth(max(width, 96))
        if value is not None:
            self.setDate(value)

    # -- QDateEdit's API -----------------------------------------------------------
    def format(self) -> str:
        return display_format(self.locale())

    def setDate(self, value: dt.date | QDate | None) -> None:  # noqa: N802 - QDateEdit's name
        """Show ``value`` in the display format (None: empty)."""
        if value is None:
            self.edit.setText("")
            return
        qdate = value if isinstance(value, QDate) else QDate(value.year, value.month, value.day)
        self.edit.setText(self.locale().toString(qdate, self.format()))

    def date(self) -> QDate:
        """The typed date; an invalid QDate when the text is not a date."""
        parsed = self._parse(self.edit.text())
        return parsed if parsed is not None else QDate()

    def text(self) -> str:
        return self.edit.text()

    def setText(self, text: str) -> None:  # noqa: N802 - as QLineEdit
        self.edit.setText(text)

    # -- checking ------------------------------------------------------------------
    def value(self) -> dt.date | None:
        """The typed date, or None (empty, or not a date)."""
        parsed = self.date()
        return dt.date(parsed.year(), parsed.month(), parsed.day()) if parsed.isValid() else None

    def problem(self) -> str | None:
        """What is wrong with the text, in words; None when it is a date (or
        empty in an optional field)."""
        text = self.edit.text().strip()
        if not text:
            return None if self.optional else _("Enter a date.")
        if self._parse(text) is not None:
            return None
        missing = self._nonexistent(text)
        if missing is not None:
            return missing
        example = self.locale().toString(QDate.currentDate(), self.format())
        return _("“{text}” is not a date. Type it like {example}, or pick it from the "
                 "calendar.").format(text=text, example=example)

    def checked(self, field: str) -> dt.date | None:
        """The date, or ValidationError({field: why not}) for the form to show."""
        problem = self.problem()
        if problem is not None:
            raise ValidationError({field: problem})
        return self.value()

    # -- parsing -------------------------------------------------------------------
    def _formats(self) -> list[str]:
        locale = self.locale()
        shown = self.format()
        short = locale.dateFormat(QLocale.FormatType.ShortFormat)
        out: list[str] = []
        for fmt in (shown, short, shown.replace("yyyy", "yy"), ISO):
            for variant in (fmt, _numeric(fmt)):
                if variant not in out:
                    out.append(variant)
        return out

    def _parse(self, text: str) -> QDate | None:
        text = text.strip()
        if not text:
            return None
        locale = self.locale()
        for fmt in self._formats():
            parsed = locale.toDate(text, fmt, BASE_YEAR)
            if parsed.isValid():
                return parsed
        return None

    def _nonexistent(self, text: str) -> str | None:
        """'February 2026 has only 28 days.' when the text has the shape of a
        date in one of the formats but names a day its month does not have."""
        numbers = re.findall(r"\d+", text)
        if len(numbers) != 3 or re.search(r"[^\d\s./-]", text):
            return None
        for fmt in self._formats():
            order = _order(fmt)
            if order is None:
                continue
            typed = dict(zip(order, numbers, strict=True))
            year_digits = (4,) if "yyyy" in fmt else (2,)
            if len(typed["y"]) not in year_digits or len(typed["M"]) > 2 or len(typed["d"]) > 2:
                continue
            year = int(typed["y"]) + (BASE_YEAR if len(typed["y"]) == 2 else 0)
            month, day_ = int(typed["M"]), int(typed["d"])
            if not 1 <= month <= 12 or day_ < 1:
                continue
            days = calendar.monthrange(year, month)[1]
            if day_ > days:
                month_name = self.locale().standaloneMonthName(month)
                return _("{month} {year} has only {days} days.").format(
                    month=month_name, year=year, days=days)
        return None

    def _text_changed(self, _text: str) -> None:
        self.edited.emit()
        parsed = self.date()
        if parsed.isValid() and parsed != self._last_valid:
            self._last_valid = parsed
            self.dateChanged.emit(parsed)

    # -- the calendar --------------------------------------------------------------
    def show_calendar(self) -> None:
        if self._popup is None:
            self._popup = QFrame(self, Qt.WindowType.Popup)
            self._popup.setFrameShape(QFrame.Shape.StyledPanel)
            self.calendar = QCalendarWidget()
            self.calendar.setGridVisible(False)
            self.calendar.clicked.connect(self._picked)
            self.calendar.activated.connect(self._picked)
            box = QVBoxLayout(self._popup)
            box.setContentsMargins(0, 0, 0, 0)
            box.addWidget(self.calendar)
        assert self.calendar is not None
        current = self.date()
        self.calendar.setSelectedDate(current if current.isValid() else QDate.currentDate())
        self._popup.adjustSize()
        below = self.mapToGlobal(QPoint(0, self.height()))
        screen = self.screen().availableGeometry()
        size = self._popup.sizeHint()
        x = min(max(below.x(), screen.left()), screen.right() - size.width())
        y = below.y() if below.y() + size.height() <= screen.bottom() else \
            self.mapToGlobal(QPoint(0, 0)).y() - size.height()
        self._popup.move(x, max(y, screen.top()))
        self._popup.show()
        self.calendar.setFocus()

    def _picked(self, picked: QDate) -> None:
        self.setDate(picked)
        if self._popup is not None:
            self._popup.hide()
        self.edit.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            alt_down = event.key() == Qt.Key.Key_Down and \
                event.modifiers() & Qt.KeyboardModifier.AltModifier
            if alt_down or event.key() == Qt.Key.Key_F4:
                self.show_calendar()
                return True
        return super().eventFilter(watched, event)
