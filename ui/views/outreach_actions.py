"""The one step from chosen accounts to work, shared by the dormant and
cross-sell lists: "Add to action plan", "Add to trip", "Add follow-ups".

The plan or trip is picked from the rep's own (``prompts.choice``), the
follow-up's title, due date and notes asked once (``prompts.follow_up``); the
write runs through ``ops.write`` (one unit of work) and the bus tells the
Trips and Follow-ups views.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from desktop.domain import formats
from desktop.i18n import _, ngettext
from desktop.planning.trip_rows import TripRow
from desktop.services.container import Services
from ui.operations import Operations
from ui.prompts import Prompts
from ui.resources import icon


class OutreachButtons(QObject):
    """The three buttons; ``chosen()`` names the accounts, ``done`` says what was made."""

    done = Signal(str)

    def __init__(self, services: Services, prompts: Prompts, ops: Operations,
                 parent: QWidget, chosen: Callable[[], list[uuid.UUID]],
                 purpose: Callable[[], str], titles: Callable[[], Mapping[str, str]]) -> None:
        super().__init__(parent)
        self.services, self.prompts, self.ops, self.parent_widget = services, prompts, ops, parent
        self.chosen, self.purpose, self.titles = chosen, purpose, titles
        self.plan_button = QPushButton(icon("add"), _("Add to action plan"))
        self.plan_button.clicked.connect(self.add_to_plan)
        self.trip_button = QPushButton(icon("channel-visit"), _("Add to trip"))
        self.trip_button.clicked.connect(self.add_to_trip)
        self.follow_up_button = QPushButton(icon("followup"), _("Add follow-ups"))
        self.follow_up_button.clicked.connect(self.add_follow_ups)

    def add_to(self, layout: QHBoxLayout) -> None:
        for button in (self.plan_button, self.trip_button, self.follow_up_button):
            layout.addWidget(button)

    def enable(self, some: bool) -> None:
        for button in (self.plan_button, self.trip_button, self.follow_up_button):
            button.setEnabled(some)

    def add_to_plan(self) -> None:
        accounts = self.chosen()
        plans = self.services.action_plans.plans()
        if not accounts:
            return
        if not plans:
            self.prompts.error(self.parent_widget, _("Add to action plan"),
                               _("Make an action plan first (Trips, Action plans)."))
            return
        labels = [f"{p.name} ({formats.span(p.period_start, p.period_end)})"
                  for p in plans]
        at = self.prompts.choice(self.parent_widget, _("Add to action plan"), _("Plan"), labels)
        if at is None:
            return
        plan, purpose, outreach = plans[at], self.purpose(), self.services.outreach
        self._write(_("Not added to the plan"),
                    lambda: outreach.add_to_plan(plan.id, accounts, purpose),
                    ngettext("{n} account added to {name}", "{n} accounts added to {name}",
                             len(accounts)).format(n=len(accounts), name=plan.name))

    def add_to_trip(self) -> None:
        accounts = self.chosen()
        trips = self.services.trips.trips(include_done=False)
        if not accounts:
            return
        if not trips:
            self.prompts.error(self.parent_widget, _("Add to trip"),
                               _("Make a trip first (Trips, New trip)."))
            return
        at = self.prompts.choice(self.parent_widget, _("Add to trip"), _("Trip"),
                                 [_trip_label(t) for t in trips])
        if at is None:
            return
        trip, outreach = trips[at], self.services.outreach
        self._write(_("Not added to the trip"), lambda: outreach.add_to_trip(trip.id, accounts),
                    ngettext("{n} account added to {name}", "{n} accounts added to {name}",
                             len(accounts)).format(n=len(accounts), name=trip.name))

    def add_follow_ups(self) -> None:
        accounts = self.chosen()
        if not accounts:
            return
        titles = dict(self.titles())
        distinct = set(titles.values())
        initial = {"title": distinct.pop() if len(distinct) == 1 else self.purpose()}
        values = self.prompts.follow_up(self.parent_widget, self.services.clock().date(),
                                        initial)
        if values is None:
            return
        asked: dict[str, Any] = dict(values)
        if len(set(titles.values())) > 1:  # each account its own line to offer
            asked["titles"] = {k: f"{asked['title']}: {v}" for k, v in titles.items()}
        outreach = self.services.outreach
        self._write(_("Follow-ups not added"), lambda: outreach.add_follow_ups(accounts, asked),
                    ngettext("{n} follow-up added", "{n} follow-ups added",
                             len(accounts)).format(n=len(accounts)))

    def _write(self, title: str, fn: Callable[[], object], said: str) -> None:
        self.ops.write(fn, parent=self.parent_widget, title=title).success(
            lambda _result: self.done.emit(said)).run()


def _trip_label(trip: TripRow) -> str:
    if trip.first_date is None:
        return trip.name
    return f"{trip.name} ({formats.day(trip.first_date)})"
