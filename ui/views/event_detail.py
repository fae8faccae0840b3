"""One event in the Events view: when and where, cost and staff, the return on
it (sourced pipeline and won revenue against the cost), and three lists:
attendees (add a contact or a lead, mark who came), the leads it brought and
the deals it sourced. Everything is read off the GUI thread in one query."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import NamedTuple, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.schema.enums import AttendeeStatus, EventKind, label_of
from desktop.i18n import _, ngettext
from desktop.services.container import Services
from desktop.services.event_sources import SourcedDeal, SourcedLead
from desktop.services.events import AttendeeRow, EventReturn, EventRow
from ui import style
from ui.models.event_models import attendee_columns, dates, deal_columns, lead_columns, where
from ui.models.pipeline_models import whole_money
from ui.models.row_table import RowTableModel
from ui.operations import Operations
from ui.resources import icon
from ui.views.account_people import selected_row, table_view

R = TypeVar("R")


def _fill(model: RowTableModel[R], rows: list[R], in_place: bool) -> None:
    if in_place:
        model.update_rows(rows)
    else:
        model.set_rows(rows)


class EventFacts(NamedTuple):
    attendees: list[AttendeeRow]
    back: EventReturn
    leads: list[SourcedLead]
    deals: list[SourcedDeal]
    staff: list[str]  # names


def read_facts(services: Services, event: EventRow) -> EventFacts:
    """The detail pane's reads, together (a worker runs this)."""
    names = dict(services.lead_list.owners())
    sources = services.event_sources
    return EventFacts(services.events.attendees(event.id), services.events.return_on(event.id),
                      sources.leads(event.id), sources.deals(event.id),
                      [names.get(str(u), _("someone")) for u in event.staff])


def return_text(back: EventReturn, locale: str, upcoming: bool) -> str:
    """Three short lines: the pipeline it sourced, what was won against the cost,
    and the return ((won - cost) / cost)."""
    def cash(amount: Decimal) -> str:
        return whole_money(amount, back.currency, locale)

    pipeline = _("Sourced pipeline: {amount} (weighted {weighted}) in {n} open deals").format(
        amount=cash(back.pipeline), weighted=cash(back.weighted), n=back.open_deals)
    won = _("Won: {amount} in {n} deals · Cost: {cost}").format(
        amount=cash(back.won), n=back.won_deals, cost=cash(back.cost))
    roi = back.roi
    if upcoming and not back.won_deals:
        verdict = _("Return: not yet, the event is ahead")
    elif roi is None:
        verdict = _("Return: no cost recorded")
    else:
        verdict = _("Return: {percent:+,.0f} %").format(percent=roi * 100)
    leads = ngettext("{n} lead", "{n} leads", back.leads).format(n=back.leads) + ", " + \
        ngettext("{n} converted", "{n} converted", back.converted_leads).format(
            n=back.converted_leads)
    return "\n".join((pipeline, won, verdict + " · " + leads))


class EventDetail(QWidget):
    def __init__(self, services: Services, ops: Operations, locale: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.ops, self.money_locale = services, ops, locale
        self.current: EventRow | None = None
        self.facts: EventFacts | None = None
        self._asked = 0
        self._shown: uuid.UUID | None = None  # the event the lists hold
        self.heading = style.title(QLabel())
        self.heading.setWordWrap(True)
        self.about = QLabel()
        self.about.setWordWrap(True)
        self.back = QLabel()
        self.back.setWordWrap(True)
        self.back.setObjectName("eventReturn")
        self.back.setStyleSheet("#eventReturn { background: #EEF5F6; border-radius: 4px; "
                                "padding: 8px; }")
        stages = {s.key: s.name for s in services.pipeline.stages()}
        self.attendees: RowTableModel[AttendeeRow] = RowTableModel(attendee_columns())
        self.leads: RowTableModel[SourcedLead] = RowTableModel(lead_columns())
        self.deals: RowTableModel[SourcedDeal] = RowTableModel(
            deal_columns(locale, lambda: stages))
        self.attendee_view = table_view(self.attendees)
        header = self.attendee_view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # the company
        self.attendee_view.selectionModel().selectionChanged.connect(lambda *_a: self._enable())
        self.add_button = QPushButton(icon("add"), _("Add attendee…"))
        self.came_button = QPushButton(_("Mark attended"))
        self.missed_button = QPushButton(_("Mark no-show"))
        self.remove_button = QPushButton(_("Remove"))
        self.came_button.clicked.connect(lambda: self.mark(AttendeeStatus.ATTENDED.value))
        self.missed_button.clicked.connect(lambda: self.mark(AttendeeStatus.NO_SHOW.value))
        self.remove_button.clicked.connect(self.remove)
        self.add_button.clicked.connect(self.add_attendee)
        people = QWidget()
        bar = QHBoxLayout()
        for button in (self.add_button, self.came_button, self.missed_button,
                       self.remove_button):
            bar.addWidget(button)
        bar.addStretch(1)
        inner = QVBoxLayout(people)
        inner.setContentsMargins(0, 6, 0, 0)
        inner.addLayout(bar)
        inner.addWidget(self.attendee_view, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(people, _("Attendees"))
        self.tabs.addTab(table_view(self.leads), _("Leads"))
        self.tabs.addTab(table_view(self.deals), _("Deals"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.about)
        layout.addWidget(self.back)
        layout.addWidget(self.tabs, 1)
        self.dialog: QWidget | None = None
        self.show_event(None)

    def show_event(self, event: EventRow | None) -> None:
        """Show ``event`` (None: nothing chosen) and read its lists."""
        changed = event is None or self.current is None or event.id != self.current.id
        self.current = event
        for part in (self.about, self.back, self.tabs):
            part.setVisible(event is not None)
        if event is None:
            self.heading.setText(_("Choose an event"))
            return
        self.heading.setText(event.name)
        self.about.setText(self._about(event, self.facts.staff if self.facts and not changed
                                       else []))
        if changed:
            self.back.setText(_("Reading…"))
        self.reload()

    def reload(self) -> None:
        event = self.current
        if event is None:
            return
        self._asked += 1
        asked, services = self._asked, self.services
        self.ops.query(lambda: read_facts(services, event),
                       lambda facts: self._read(asked, event.id, facts), self)

    def _read(self, asked: int, event_id: uuid.UUID, facts: EventFacts) -> None:
        if asked != self._asked or self.current is None or self.current.id != event_id:
            return  # overtaken by another choice or a newer read
        same, self._shown = self._shown == event_id, event_id  # same: rows change in place
        self.facts = facts
        self.about.setText(self._about(self.current, facts.staff))
        upcoming = self.current.ends_on >= self.services.clock().date()
        self.back.setText(return_text(facts.back, self.money_locale, upcoming))
        _fill(self.attendees, facts.attendees, same)
        _fill(self.leads, facts.leads, same)
        _fill(self.deals, facts.deals, same)

        self.tabs.setTabText(0, _("Attendees ({n})").format(n=len(facts.attendees)))
        self.tabs.setTabText(1, _("Leads ({n})").format(n=len(facts.leads)))
        self.tabs.setTabText(2, _("Deals ({n})").format(n=len(facts.deals)))
        self._enable()

    def _about(self, event: EventRow, staff: list[str]) -> str:
        place = where(event)
        parts = [label_of(EventKind, event.kind), dates(event.starts_on, event.ends_on)]
        if place:
            parts.append(place)
        parts.append(_("cost {amount}").format(
            amount=whole_money(event.cost, event.currency, self.money_locale)))
        text = " · ".join(parts)
        if staff:
            text += "\n" + _("Staff: {names}").format(names=", ".join(staff))
        return text

    def _chosen(self) -> AttendeeRow | None:
        row = selected_row(self.attendee_view)
        return self.attendees.row_at(row) if row is not None else None

    def _enable(self) -> None:
        chosen = self._chosen()
        self.add_button.setEnabled(self.current is not None)
        self.came_button.setEnabled(chosen is not None and chosen.status != "attended")
        self.missed_button.setEnabled(chosen is not None and chosen.status != "no_show")
        self.remove_button.setEnabled(chosen is not None)

    def mark(self, status: str) -> None:
        chosen = self._chosen()
        if chosen is not None:
            events = self.services.events
            self.ops.write(lambda: events.set_attendee_status(chosen.id, status),
                           parent=self).run()

    def remove(self) -> None:
        chosen = self._chosen()
        if chosen is not None:
            events = self.services.events
            self.ops.write(lambda: events.remove_attendee(chosen.id), parent=self).run()

    def add_attendee(self) -> None:
        if self.current is None:
            return
        from ui.dialogs.attendee_dialog import AttendeeDialog

        upcoming = self.current.ends_on >= self.services.clock().date()
        dialog = AttendeeDialog(self.services, self.current.id, ops=self.ops, upcoming=upcoming,
                                parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
