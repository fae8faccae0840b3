"""The trip's forms: a new trip, one day's hours and places, one stop.

Each dialog hands its values to ``submit`` (a trip-service call given by the
view, run as an operation on the store's writer) and stays open with
everything typed when the service refuses them.
Times of day are the place's local time; appointment times are read in the
stop's own time zone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QSpinBox,
    QTimeEdit,
    QWidget,
)

from desktop.i18n import _
from ui.dialogs.form_dialog import FormDialog
from ui.operations import Operations
from ui.widgets.date_field import DateField

Submit = Callable[[dict[str, Any]], Any]


def _form() -> QFormLayout:
    form = QFormLayout()
    form.setHorizontalSpacing(14)
    form.setVerticalSpacing(8)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return form


def _spin(low: int, high: int, value: int, step: int = 1, suffix: str = "") -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setValue(value)
    box.setSuffix(suffix)
    return box


def _time(text: str | None, default: str) -> QTimeEdit:
    edit = QTimeEdit(QTime.fromString(text or default, "HH:mm"))
    edit.setDisplayFormat("HH:mm")
    return edit


def _date(value: date) -> DateField:
    return DateField(value)


def _day(field: DateField, name: str) -> date:
    """The typed date, or ValidationError({name: why not})."""
    value = field.checked(name)
    assert value is not None
    return value


class _Dialog(FormDialog):
    def __init__(self, submit: Submit, parent: QWidget | None, ops: Operations) -> None:
        super().__init__(ops, parent)
        self.submit = submit
        self.setMinimumWidth(460)

    def values(self) -> dict[str, Any]:
        raise NotImplementedError

    def _job(self) -> Callable[[], Any]:
        submit, values = self.submit, self.values()
        return lambda: submit(values)


class NewTripDialog(_Dialog):
    """Name, first date, number of days and where each day starts and ends."""

    def __init__(self, submit: Submit, today: date, home: str = "",
                 parent: QWidget | None = None, *, ops: Operations) -> None:
        super().__init__(submit, parent, ops)
        self.setWindowTitle(_("New trip"))
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("e.g. Central Illinois, week 50"))
        self.first_date = _date(today + timedelta(days=1))
        self.days = _spin(1, 14, 3, suffix=_(" days"))
        self.start = QLineEdit(home)
        self.start.setPlaceholderText(_("Address, city or ZIP"))
        self.end = QLineEdit()
        self.end.setPlaceholderText(_("Same as the start"))
        form = _form()
        self.errors.add_row(form, _("Name"), "name", self.name)
        self.errors.add_row(form, _("First day"), "first_date", self.first_date)
        self.errors.add_row(form, _("Days"), "days", self.days)
        self.errors.add_row(form, _("Start from"), "start", self.start)
        self.errors.add_row(form, _("End at"), "end", self.end)
        self._finish(form, save_text=_("Create trip"))
        self.name.setFocus()

    def values(self) -> dict[str, Any]:
        return {"name": self.name.text().strip(),
                "first_date": _day(self.first_date, "first_date"), "days": self.days.value(),
                "start": self.start.text().strip(),
                "end": self.end.text().strip() or self.start.text().strip()}


class DayDialog(_Dialog):
    """One day: start and end place, working hours, lunch, the driving limit."""

    def __init__(self, submit: Submit, initial: Mapping[str, Any], title: str,
                 parent: QWidget | None = None, *, ops: Operations) -> None:
        super().__init__(submit, parent, ops)
        self.setWindowTitle(title)
        self.start = QLineEdit(str(initial.get("start") or ""))
        self.end = QLineEdit(str(initial.get("end") or ""))
        self.work_start = _time(initial.get("work_start"), "08:00")
        self.work_end = _time(initial.get("work_end"), "17:30")
        self.lunch = QGroupBox(_("Lunch break"))
        self.lunch.setCheckable(True)
        self.lunch.setChecked(bool(initial.get("lunch_minutes")))
        self.lunch_earliest = _time(initial.get("lunch_earliest"), "11:30")
        self.lunch_latest = _time(initial.get("lunch_latest"), "13:30")
        self.lunch_minutes = _spin(10, 120, int(initial.get("lunch_minutes") or 30), 5,
                                   _(" min"))
        self.max_drive = _spin(30, 900, int(initial.get("max_drive_minutes") or 480), 15,
                               _(" min"))
        form = _form()
        self.errors.add_row(form, _("Start from"), "start", self.start)
        self.errors.add_row(form, _("End at"), "end", self.end)
        self.errors.add_row(form, _("Work from"), "work_start", self.work_start)
        self.errors.add_row(form, _("Back by"), "work_end", self.work_end)
        self.errors.add_row(form, _("Most driving"), "max_drive_minutes", self.max_drive)
        lunch_form = _form()
        self.lunch.setLayout(lunch_form)
        self.errors.add_row(lunch_form, _("Starts after"), "lunch_earliest", self.lunch_earliest)
        self.errors.add_row(lunch_form, _("Starts by"), "lunch_latest", self.lunch_latest)
        self.errors.add_row(lunch_form, _("Length"), "lunch_minutes", self.lunch_minutes)
        self._finish(form, self.lunch)

    def values(self) -> dict[str, Any]:
        lunch = self.lunch.isChecked()
        return {
            "start": self.start.text().strip(), "end": self.end.text().strip(),
            "work_start": self.work_start.time().toString("HH:mm"),
            "work_end": self.work_end.time().toString("HH:mm"),
            "lunch_earliest": self.lunch_earliest.time().toString("HH:mm") if lunch else None,
            "lunch_latest": self.lunch_latest.time().toString("HH:mm") if lunch else None,
            "lunch_minutes": self.lunch_minutes.value() if lunch else 0,
            "max_drive_minutes": self.max_drive.value(),
        }


class StopDialog(_Dialog):
    """Visit length, priority, an appointment window or a fixed time, the purpose."""

    def __init__(self, submit: Submit, initial: Mapping[str, Any], title: str, zone: str,
                 day: date, parent: QWidget | None = None, *, ops: Operations) -> None:
        super().__init__(submit, parent, ops)
        self.setWindowTitle(title)
        self.zone = ZoneInfo(zone)
        self.visit_minutes = _spin(5, 480, int(initial.get("visit_minutes") or 45), 5,
                                   _(" min"))
        self.priority = _spin(1, 5, int(initial.get("priority") or 3))
        self.priority.setToolTip(_("1: must visit … 5: nice to have"))
        self.purpose = QLineEdit(str(initial.get("purpose") or ""))
        self.purpose.setPlaceholderText(_("e.g. Quarterly review"))
        window_start: datetime | None = initial.get("window_start")
        window_end: datetime | None = initial.get("window_end")
        fixed: datetime | None = initial.get("fixed_start")
        self.appointment = QGroupBox(_("Appointment window"))
        self.appointment.setCheckable(True)
        self.appointment.setChecked(window_start is not None)
        self.appointment_day = _date(self._local(window_start).date() if window_start else day)
        self.appointment_from = _time(self._hm(window_start), "09:00")
        self.appointment_to = _time(self._hm(window_end), "12:00")
        self.fixed = QGroupBox(_("Fixed time (a booked appointment)"))
        self.fixed.setCheckable(True)
        self.fixed.setChecked(fixed is not None)
        self.fixed_day = _date(self._local(fixed).date() if fixed else day)
        self.fixed_at = _time(self._hm(fixed), "10:00")
        form = _form()
        self.errors.add_row(form, _("Visit length"), "visit_minutes", self.visit_minutes)
        self.errors.add_row(form, _("Priority"), "priority", self.priority)
        self.errors.add_row(form, _("Purpose"), "purpose", self.purpose)
        window_form = _form()
        self.appointment.setLayout(window_form)
        self.errors.add_row(window_form, _("Day"), "window_day", self.appointment_day)
        self.errors.add_row(window_form, _("From"), "window_start", self.appointment_from)
        self.errors.add_row(window_form, _("To"), "window_end", self.appointment_to)
        fixed_form = _form()
        self.fixed.setLayout(fixed_form)
        self.errors.add_row(fixed_form, _("Day"), "fixed_day", self.fixed_day)
        self.errors.add_row(fixed_form, _("Starts at"), "fixed_start", self.fixed_at)
        self.appointment.toggled.connect(lambda on: self._exclusive(self.fixed, on))
        self.fixed.toggled.connect(lambda on: self._exclusive(self.appointment, on))
        self._finish(form, self.appointment, self.fixed)

    @staticmethod
    def _exclusive(other: QGroupBox, on: bool) -> None:
        """A window or a fixed time, not both."""
        if on:
            other.setChecked(False)

    def _local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)

    def _hm(self, moment: datetime | None) -> str | None:
        return self._local(moment).strftime("%H:%M") if moment else None

    def _at(self, day: DateField, name: str, clock: QTimeEdit) -> datetime:
        t = clock.time()
        return datetime.combine(_day(day, name), time(t.hour(), t.minute()), self.zone)

    def values(self) -> dict[str, Any]:
        window = self.appointment.isChecked()
        day = self.appointment_day
        return {
            "visit_minutes": self.visit_minutes.value(), "priority": self.priority.value(),
            "purpose": self.purpose.text().strip(),
            "window_start": self._at(day, "window_day", self.appointment_from)
            if window else None,
            "window_end": self._at(day, "window_day", self.appointment_to) if window else None,
            "fixed_start": self._at(self.fixed_day, "fixed_day", self.fixed_at)
            if self.fixed.isChecked() else None,
        }


ZIP = re.compile(r"\b(\d{5})(?:-\d{4})?\b")


def place_fields(side: str, text: str) -> dict[str, Any]:
    """A typed place ("Hotel Lincoln, 62701") as a day's start or end fields.

    The ZIP code gives the point on the map and the day's time zone; a place
    without one is refused with a message under its field, nothing lost."""
    from desktop.planning.geo import time_zone_at, zip_point
    from desktop.services.validation import ValidationError

    found = ZIP.search(text)
    point = zip_point(found.group(1)) if found else None
    if point is None:
        raise ValidationError({side: _("Add a US ZIP code so the place is on the map "
                                       "(e.g. \"Hotel Lincoln, 62701\").")})
    name = text[:found.start()].strip(" ,") if found else text
    return {f"{side}_name": (name or text)[:120], f"{side}_address": text[:200],
            f"{side}_latitude": point.latitude, f"{side}_longitude": point.longitude,
            "time_zone": time_zone_at(point.latitude, point.longitude)}


def day_changes(initial: Mapping[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    """The day dialog's values as trip-day fields; a place is looked up only if retyped."""
    changes = {k: v for k, v in values.items() if k not in ("start", "end")}
    for side in ("start", "end"):
        text = str(values.get(side) or "")
        if text and text != initial.get(side):
            changes.update(place_fields(side, text))
    return changes
