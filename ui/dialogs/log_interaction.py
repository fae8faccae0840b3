"""Log one call, email, visit, ... on an account, optionally with a follow-up."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import QPoint, Qt, QTime
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTimeEdit,
    QWidget,
)

from desktop.domain.schema.enums import Channel, Direction, label
from desktop.i18n import N_, _
from desktop.services.base import Saved
from desktop.services.container import Services
from desktop.services.detail_rows import ContactRow
from ui.dialogs.flag_section import FlagSection
from ui.dialogs.form_dialog import FormDialog
from ui.operations import Operations
from ui.resources import icon
from ui.widgets.date_field import DateField

TIMED_CHANNELS = frozenset({Channel.PHONE, Channel.VISIT, Channel.MEETING, Channel.CHAT})
COMMON_OUTCOMES = [
    N_("Spoke with contact"), N_("Left voicemail"), N_("No answer"), N_("Meeting booked"),
    N_("Quote requested"), N_("Quote sent"), N_("Order placed"), N_("Sent information"),
    N_("Call back later"), N_("Not interested"), N_("Wrong number"), N_("Issue resolved"),
]


def _default_direction(channel: str) -> str:
    """Web inquiries come to us; everything else is usually the rep reaching out."""
    return Direction.INBOUND.value if channel == Channel.WEB else Direction.OUTBOUND.value


def local_parts(value: datetime) -> tuple[date, QTime]:
    """An aware datetime as the local date and time of day the rep reads and edits."""
    shown = value.astimezone()
    return shown.date(), QTime(shown.hour, shown.minute)


def from_local(day: date, clock: QTime) -> datetime:
    """A local date and time of day as an aware UTC datetime, as the services store it."""
    return datetime.combine(day, time(clock.hour(), clock.minute())).astimezone().astimezone(UTC)


class LogInteractionDialog(FormDialog):
    def __init__(
        self,
        services: Services,
        account_id: uuid.UUID,
        account_name: str,
        contacts: list[ContactRow],
        parent: QWidget | None = None,
        prefill: Mapping[str, Any] | None = None,
        interaction_id: uuid.UUID | None = None,
        *,
        ops: Operations,
    ) -> None:
        super().__init__(ops, parent)
        self.services = services
        self.account_id = account_id
        self.interaction_id = interaction_id  # set: edit that interaction
        self.saved: Saved | None = None
        self._direction_touched = False
        prefill = dict(prefill or {})
        title = _("Edit interaction — {account}") if interaction_id else _(
            "Log interaction — {account}")
        self.setWindowTitle(title.format(account=account_name))
        self.setMinimumWidth(520)

        self.channel = QComboBox()
        for channel in Channel:
            self.channel.addItem(icon(f"channel-{channel.value}"), label(channel), channel.value)
        self.direction = QComboBox()
        for direction in (Direction.OUTBOUND, Direction.INBOUND):
            self.direction.addItem(icon(direction.name.lower()), label(direction),
                                   direction.value)
        self.contact = QComboBox()
        self.contact.addItem(_("— No contact —"), None)
        for row in contacts:
            text = f"{row.name} · {row.title}" if row.title else row.name
            self.contact.addItem(icon("contact"), text, row.id)
        # A date typed as text (a day that does not exist is refused, not changed)
        # and the time of day; ``occurred_at`` keeps seconds the form does not show.
        self.when_date = DateField()
        self.when_time = QTimeEdit()
        self.when_time.setDisplayFormat("HH:mm")
        self.when = QWidget()
        when_row = QHBoxLayout(self.when)
        when_row.setContentsMargins(0, 0, 0, 0)
        when_row.addWidget(self.when_date, 1)
        when_row.addWidget(self.when_time)
        self.when.setFocusProxy(self.when_date)
        self._when_shown: tuple[date, QTime, datetime] | None = None
        self.duration = QSpinBox()
        self.duration.setRange(0, 600)
        self.duration.setSingleStep(5)
        self.duration.setSuffix(_(" min"))
        self.duration.setSpecialValueText(_("—"))
        self.subject = QLineEdit()
        self.subject.setPlaceholderText(_("What was it about?"))
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumHeight(90)
        self.outcome = QLineEdit()
        self.outcome.setPlaceholderText(_("e.g. Meeting booked"))
        completer = QCompleter([_(o) for o in COMMON_OUTCOMES], self.outcome)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.outcome.setCompleter(completer)

        self.follow_up = QGroupBox(_("Add a follow-up"))
        self.follow_up.setCheckable(True)
        self.follow_up.setChecked(False)
        self.follow_up_title = QLineEdit()
        self.follow_up_title.setPlaceholderText(_("e.g. Send the revised quote"))
        today = services.clock().astimezone().date()
        self.follow_up_due = DateField(today + timedelta(days=7))

        form = self._form()
        self.errors.add_row(form, _("Channel"), "channel", self.channel)
        self.errors.add_row(form, _("Direction"), "direction", self.direction)
        self.errors.add_row(form, _("Contact"), "contact_id", self.contact)
        self.errors.add_row(form, _("When"), "occurred_at", self.when)
        self.errors.add_row(form, _("Duration"), "duration_minutes", self.duration)
        self.errors.add_row(form, _("Subject"), "subject", self.subject)
        self.errors.add_row(form, _("Notes"), "notes", self.notes)
        self.errors.add_row(form, _("Outcome"), "outcome", self.outcome)
        follow_form = self._form()
        self.follow_up.setLayout(follow_form)
        self.errors.add_row(follow_form, _("Title"), "follow_up_title", self.follow_up_title)
        self.errors.add_row(follow_form, _("Due"), "follow_up_due", self.follow_up_due)
        self._follow_form = follow_form

        # "Flag for…" a colleague: a task linked to what is logged (new entries only).
        self.flag = FlagSection(services.tasks.candidates(account_id) if interaction_id is None
                                else [], today, self.errors)
        self._finish(form, self.follow_up, self.flag, save_text=_("Save"))
        if interaction_id is not None:
            self.follow_up.hide()  # follow-ups are added from the account page
            self.flag.hide()

        self.fields: dict[str, QWidget] = {
            "channel": self.channel, "direction": self.direction, "contact_id": self.contact,
            "occurred_at": self.when, "duration_minutes": self.duration,
            "subject": self.subject, "notes": self.notes, "outcome": self.outcome,
            "follow_up": self.follow_up, "follow_up_title": self.follow_up_title,
            "follow_up_due": self.follow_up_due,
        }
        self.channel.currentIndexChanged.connect(self._channel_changed)
        self.direction.activated.connect(self._direction_chosen)
        self.subject.textChanged.connect(lambda: self.errors.clear("subject"))
        self.outcome.textChanged.connect(lambda: self.errors.clear("outcome"))
        self.follow_up_title.textChanged.connect(lambda: self.errors.clear("follow_up_title"))
        self._fill(prefill, contacts)
        self.subject.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._align_forms()

    def _align_forms(self) -> None:
        """Size the follow-up labels so its inputs start where the main form's do."""
        self._layout.activate()
        field_x = self.subject.mapTo(self, QPoint()).x()
        follow = self._follow_form
        for row in range(follow.rowCount()):
            caption = self._label(follow, row)
            width = field_x - caption.mapTo(self, QPoint()).x() - follow.horizontalSpacing()
            caption.setFixedWidth(max(caption.sizeHint().width(), width))

    @staticmethod
    def _label(form: QFormLayout, row: int) -> QWidget:
        item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        widget = item.widget() if item is not None else None
        assert widget is not None  # every row here has a label
        return widget

    def _form(self) -> QFormLayout:
        form = QFormLayout()
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(8)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        return form

    def _fill(self, prefill: dict[str, Any], contacts: list[ContactRow]) -> None:
        channel = str(prefill.get("channel") or Channel.PHONE.value)
        self.channel.setCurrentIndex(max(0, self.channel.findData(channel)))
        self._channel_changed()
        if prefill.get("direction"):
            self._direction_touched = True
            self.direction.setCurrentIndex(max(0, self.direction.findData(prefill["direction"])))
        contact_id = prefill.get("contact_id")
        if contact_id is None and len(contacts) == 1:
            contact_id = contacts[0].id
        # findData cannot match Python objects such as UUIDs, so compare item by item.
        for row in range(self.contact.count()):
            if contact_id is not None and self.contact.itemData(row) == contact_id:
                self.contact.setCurrentIndex(row)
        occurred: datetime = prefill.get("occurred_at") or self.services.clock()
        shown_day, shown_time = local_parts(occurred)
        self.when_date.setDate(shown_day)
        self.when_time.setTime(shown_time)
        self._when_shown = (shown_day, shown_time, occurred)
        self.duration.setValue(int(prefill.get("duration_minutes") or 0))
        self.subject.setText(prefill.get("subject") or "")
        self.notes.setPlainText(prefill.get("notes") or "")
        self.outcome.setText(prefill.get("outcome") or "")
        follow = prefill.get("follow_up")
        if follow:
            self.follow_up.setChecked(True)
            self.follow_up_title.setText(follow.get("title") or "")
            if isinstance(follow.get("due_date"), date):
                self.follow_up_due.setDate(follow["due_date"])

    def _channel_changed(self) -> None:
        channel = self.channel.currentData()
        self.duration.setEnabled(channel in TIMED_CHANNELS)
        if not self._direction_touched:
            self.direction.setCurrentIndex(self.direction.findData(_default_direction(channel)))

    def _direction_chosen(self) -> None:
        """Once the rep picks a direction, changing the channel no longer overrides it."""
        self._direction_touched = True

    def occurred_at(self) -> datetime:
        """When it happened, as typed (ValidationError for a day that does not exist)."""
        day = self.when_date.checked("occurred_at")
        assert day is not None
        clock = self.when_time.time()
        if self._when_shown is not None and self._when_shown[:2] == (day, clock):
            return self._when_shown[2]  # untouched: to the second, as stored
        return from_local(day, clock)

    def values(self) -> dict[str, Any]:
        """What the form holds, in the shape ``HistoryService.log_interaction`` takes
        (ValidationError when a date typed does not exist)."""
        duration = self.duration.value() if self.duration.isEnabled() else 0
        return {
            "channel": self.channel.currentData(),
            "direction": self.direction.currentData(),
            "contact_id": self.contact.currentData(),
            "occurred_at": self.occurred_at(),
            "duration_minutes": duration or None,
            "subject": self.subject.text(),
            "notes": self.notes.toPlainText(),
            "outcome": self.outcome.text(),
        }

    def follow_up_values(self) -> dict[str, Any] | None:
        if not self.follow_up.isChecked():
            return None
        return {"title": self.follow_up_title.text(),
                "due_date": self.follow_up_due.checked("follow_up_due")}

    def _job(self) -> Callable[[], Saved]:
        history, values = self.services.history, self.values()
        interaction_id, account_id = self.interaction_id, self.account_id
        if interaction_id is not None:
            return lambda: Saved(interaction_id,
                                 history.update_interaction(interaction_id, values))
        follow_up = self.follow_up_values()
        flag, tasks = self.flag.values(values["subject"]), self.services.tasks
        if flag is None:
            return lambda: history.log_interaction(account_id, values, follow_up=follow_up)

        def log_and_flag() -> Saved:
            saved = history.log_interaction(account_id, values, follow_up=follow_up)
            task = tasks.add(account_id, flag[1], flag[0], interaction_id=saved.id)
            return Saved(saved.id, saved.changes.merged(task.changes))  # both on the bus

        return log_and_flag

    def _saved(self, result: Saved) -> None:
        self.saved = result


