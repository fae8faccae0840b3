"""On the road: log a visit from its stop, mark stops visited, skipped or
rescheduled, and compare the plan with what happened.

A rescheduled stop stays on its trip as "rescheduled" (the record of what
happened) and a copy of it, without trip, appointment, pins or plan, goes to
the rep's carry-over list: ``TripService.carried_over()`` lists them and
``TripService.take_carried_over(trip_id, ids)`` puts them on the next trip.
The copy's ``carried_from_id`` points back at the original.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.schema import Account, Contact, Interaction
from desktop.domain.schema.planning import Trip, TripDay, TripStop
from desktop.i18n import N_, _
from desktop.services.base import Saved, Service
from desktop.services.validation import ValidationError
from desktop.store.changes import Changes

# A checked-in stop's status as a message says it ("already marked {status}").
MARKED = {"visited": N_("visited"), "skipped": N_("skipped"), "rescheduled": N_("rescheduled")}


@dataclass(frozen=True)
class VisitPrefill:
    """What the Log interaction dialog opens with for a stop."""

    stop_id: uuid.UUID
    account_id: uuid.UUID
    account_name: str
    contact_id: uuid.UUID | None
    contact_name: str
    channel: str  # always "visit"
    occurred_at: datetime
    duration_minutes: int
    subject: str


@dataclass(frozen=True)
class DayActual:
    day_index: int
    date: date
    planned: int  # stops the plan put on this day
    visited: int
    skipped: int
    rescheduled: int
    open: int  # still to do


@dataclass(frozen=True)
class PlanVsActual:
    stops: int
    planned: int  # scheduled by the plan, all days
    dropped: int  # left out by the solver
    visited: int  # all visited stops, on plan or not
    skipped: int
    rescheduled: int
    open: int
    days: tuple[DayActual, ...]


class CheckInService(Service):
    def visit_prefill(self, stop_id: uuid.UUID) -> VisitPrefill:
        """Now, or the planned start when logging afterwards (it was earlier)."""
        with self.store.unit_of_work() as uow:
            s = uow.session
            stop = self._get(s, TripStop, stop_id)
            account = self._get(s, Account, stop.account_id)
            contact = s.get(Contact, stop.contact_id) if stop.contact_id else None
            now = self.clock()
            when = stop.start_at if stop.start_at is not None and stop.start_at <= now else now
            subject = stop.purpose or _("Visit: {name}").format(name=account.name)
            return VisitPrefill(stop.id, account.id, account.name,
                                contact.id if contact else None,
                                contact.full_name if contact else "", "visit", when,
                                stop.visit_minutes, subject[:200])

    def mark_visited(self, stop_id: uuid.UUID, interaction_id: uuid.UUID) -> Changes:
        with self.store.unit_of_work() as uow:
            stop = self._get(uow.session, TripStop, stop_id)
            interaction = self._get(uow.session, Interaction, interaction_id)
            if interaction.account_id != stop.account_id:
                raise ValidationError({"interaction_id": _(
                    "That interaction is with another account.")})
            self._check_in(uow.session, stop, "visited", interaction_id=interaction.id)
            return uow.commit()

    def mark_skipped(self, stop_id: uuid.UUID) -> Changes:
        with self.store.unit_of_work() as uow:
            self._check_in(uow.session, self._get(uow.session, TripStop, stop_id), "skipped")
            return uow.commit()

    def mark_rescheduled(self, stop_id: uuid.UUID) -> Saved:
        """Returns the carried-over copy's id."""
        with self.store.unit_of_work() as uow:
            stop = self._get(uow.session, TripStop, stop_id)
            if stop.trip_id is None or stop.status == "rescheduled":
                raise ValidationError({"status": _("This stop is already waiting for a trip.")})
            self._check_in(uow.session, stop, "rescheduled")
            copy = self._new(TripStop, trip_id=None, owner_id=stop.owner_id,
                             account_id=stop.account_id, contact_id=stop.contact_id,
                             visit_minutes=stop.visit_minutes, priority=stop.priority,
                             purpose=stop.purpose, carried_from_id=stop.id)
            uow.session.add(copy)
            return Saved(copy.id, uow.commit())

    def mark_planned(self, stop_id: uuid.UUID) -> Changes:
        """Undo a check-in; a carried-over copy not yet on a trip goes away."""
        with self.store.unit_of_work() as uow:
            stop = self._get(uow.session, TripStop, stop_id)
            self._apply(stop, {"status": "planned", "interaction_id": None,
                               "checked_in_at": None})
            for copy in uow.session.execute(select(TripStop).where(
                    TripStop.carried_from_id == stop.id, TripStop.trip_id.is_(None),
                    TripStop.deleted_at.is_(None))).scalars():
                self._apply(copy, {"deleted_at": self.clock()})
            return uow.commit()

    def plan_vs_actual(self, trip_id: uuid.UUID) -> PlanVsActual:
        with self.store.unit_of_work() as uow:
            s = uow.session
            self._get(s, Trip, trip_id)
            stops = s.execute(select(TripStop).where(
                TripStop.trip_id == trip_id, TripStop.deleted_at.is_(None))).scalars().all()
            days = s.execute(select(TripDay).where(
                TripDay.trip_id == trip_id, TripDay.deleted_at.is_(None))
                .order_by(TripDay.day_index)).scalars().all()

            def count(rows: list[TripStop], status: str) -> int:
                return sum(1 for r in rows if r.status == status)

            per_day = []
            for day in days:
                on = [r for r in stops if r.day_index == day.day_index]
                per_day.append(DayActual(day.day_index, day.date, len(on), count(on, "visited"),
                                         count(on, "skipped"), count(on, "rescheduled"),
                                         count(on, "planned")))
            all_stops = list(stops)
            return PlanVsActual(
                stops=len(all_stops), planned=sum(d.planned for d in per_day),
                dropped=sum(1 for r in all_stops if r.dropped_reason),
                visited=count(all_stops, "visited"), skipped=count(all_stops, "skipped"),
                rescheduled=count(all_stops, "rescheduled"), open=count(all_stops, "planned"),
                days=tuple(per_day))

    def _check_in(self, session: Session, stop: TripStop, status: str,
                  interaction_id: uuid.UUID | None = None) -> None:
        if stop.status != "planned" and stop.status != status:
            raise ValidationError({"status": _(
                "This stop is already marked {status}: undo that first.").format(
                status=_(MARKED.get(stop.status, stop.status)))})
        self._apply(stop, {"status": status, "interaction_id": interaction_id,
                           "checked_in_at": self.clock()})
        if stop.trip_id is not None:
            trip = self._get(session, Trip, stop.trip_id)
            if trip.status == "planned":
                self._apply(trip, {"status": "in_progress"})
