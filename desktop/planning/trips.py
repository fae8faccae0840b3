"""Trips: days and stops as the rep plans them, the routing problem built from
the cache, and the solved plan written back to the stops.

Moving a stop to another day pins it there; reordering a day pins each stop
at its new position, so re-optimising keeps what the rep decided by hand.
Both clear the moved stops' times until the next solve.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

import desktop.domain.schema.entities  # noqa: F401 - users, accounts: the foreign keys' types
from desktop.domain.schema.planning import STOP_STATUSES, TRIP_STATUSES, Trip, TripDay, TripStop
from desktop.i18n import _
from desktop.planning import busy, busy_rows, plan_values, replan, trip_problem, trip_rows
from desktop.planning.problem import Briefing, TripPlan, TripProblem
from desktop.planning.targets import TargetRow
from desktop.planning.trip_checks import check_day, check_stop
from desktop.services.base import Saved, Service
from desktop.services.validation import ValidationError
from desktop.settings import Settings
from desktop.store.changes import Changes
from desktop.store.store import Store

TIER_PRIORITY = {"A": 1, "B": 2, "C": 3}
DAY_FIELDS = frozenset({"date", "time_zone", "start_name", "start_address", "start_latitude",
                        "start_longitude", "end_name", "end_address", "end_latitude",
                        "end_longitude", "work_start", "work_end", "lunch_earliest",
                        "lunch_latest", "lunch_minutes", "max_drive_minutes"})
STOP_FIELDS = frozenset({"window_start", "window_end", "fixed_start", "priority", "purpose",
                         "visit_minutes", "contact_id"})


class TripService(Service):
    def __init__(self, store: Store, *, settings: Settings | None = None, **kwargs: Any) -> None:
        super().__init__(store, **kwargs)
        self.settings = settings or self.session.settings

    # -- trips and days ----------------------------------------------------------
    def create(self, name: str, first_day: date, days: int = 1,
               time_zone: str | None = None) -> Saved:
        """A trip of ``days`` consecutive days from the settings' defaults."""
        if not name.strip():
            raise ValidationError({"name": _("Give the trip a name.")})
        if not 1 <= days <= 14:
            raise ValidationError({"days": _("A trip has 1 to 14 days.")})
        owner = self._owner()
        with self.store.unit_of_work() as uow:
            trip = self._new(Trip, owner_id=owner, name=name.strip()[:120])
            uow.session.add(trip)
            uow.session.flush()
            zone = time_zone or self._home_zone()
            for n in range(days):
                uow.session.add(self._new(TripDay, trip_id=trip.id, owner_id=owner,
                                          day_index=n, date=first_day + timedelta(days=n),
                                          time_zone=zone, **self._day_defaults()))
            return Saved(trip.id, uow.commit())

    def add_day(self, trip_id: uuid.UUID) -> Saved:
        """One more day after the last, with the last day's settings."""
        with self.store.unit_of_work() as uow:
            trip = self._get(uow.session, Trip, trip_id)
            days = self._days(uow.session, trip.id)
            last = days[-1] if days else None
            values = ({f: getattr(last, f) for f in DAY_FIELDS} if last is not None
                      else {**self._day_defaults(), "time_zone": self._home_zone(),
                            "date": self.clock().date()})
            if last is not None:
                values["date"] = last.date + timedelta(days=1)
            day = self._new(TripDay, trip_id=trip.id, owner_id=trip.owner_id,
                            day_index=len(days), **values)
            uow.session.add(day)
            return Saved(day.id, uow.commit())

    def edit(self, trip_id: uuid.UUID, values: Mapping[str, Any]) -> Changes:
        """Name, notes or status of the trip."""
        unknown = set(values) - {"name", "notes", "status"}
        if unknown:
            raise ValueError(f"not editable on a trip: {sorted(unknown)}")
        if "status" in values and values["status"] not in TRIP_STATUSES:
            raise ValidationError({"status": _("Unknown trip status.")})
        if "name" in values and not str(values["name"] or "").strip():
            raise ValidationError({"name": _("Give the trip a name.")})
        with self.store.unit_of_work() as uow:
            self._apply(self._get(uow.session, Trip, trip_id), dict(values))
            return uow.commit()

    def edit_day(self, day_id: uuid.UUID, values: Mapping[str, Any]) -> Changes:
        unknown = set(values) - DAY_FIELDS
        if unknown:
            raise ValueError(f"not editable on a trip day: {sorted(unknown)}")
        with self.store.unit_of_work() as uow:
            day = self._get(uow.session, TripDay, day_id)
            merged = {f: getattr(day, f) for f in DAY_FIELDS} | dict(values)
            check_day(merged)
            self._apply(day, dict(values))
            return uow.commit()

    def delete(self, trip_id: uuid.UUID) -> Changes:
        """A tombstone on the trip, its days and its stops."""
        with self.store.unit_of_work() as uow:
            trip = self._get(uow.session, Trip, trip_id)
            now = self.clock()
            for row in [*self._days(uow.session, trip.id), *self._stops(uow.session, trip.id)]:
                self._apply(row, {"deleted_at": now})
            self._apply(trip, {"deleted_at": now})
            return uow.commit()

    # -- stops -------------------------------------------------------------------
    def add_stops(self, trip_id: uuid.UUID, targets: Iterable[TargetRow]) -> Changes:
        """Stops from target rows; an account already on the trip is not added twice."""
        with self.store.unit_of_work() as uow:
            trip = self._get(uow.session, Trip, trip_id)
            have = {s.account_id for s in self._stops(uow.session, trip.id)}
            for target in targets:
                if target.id in have:
                    continue
                have.add(target.id)
                uow.session.add(self._new(
                    TripStop, trip_id=trip.id, owner_id=trip.owner_id, account_id=target.id,
                    visit_minutes=self.settings.trip_visit_minutes,
                    priority=TIER_PRIORITY.get(target.tier or "", 3)))
            return uow.commit()

    def edit_stop(self, stop_id: uuid.UUID, values: Mapping[str, Any]) -> Changes:
        unknown = set(values) - STOP_FIELDS
        if unknown:
            raise ValueError(f"not editable on a stop: {sorted(unknown)}")
        with self.store.unit_of_work() as uow:
            stop = self._get(uow.session, TripStop, stop_id)
            merged = {f: getattr(stop, f) for f in STOP_FIELDS} | dict(values)
            check_stop(merged)
            if "purpose" in values:
                values = {**values, "purpose": (values["purpose"] or "").strip() or None}
            self._apply(stop, dict(values))
            return uow.commit()

    def pin(self, stop_id: uuid.UUID, day_index: int, position: int | None = None) -> Changes:
        with self.store.unit_of_work() as uow:
            stop = self._get(uow.session, TripStop, stop_id)
            self._check_day_index(uow.session, stop, day_index)
            self._apply(stop, {"pinned": True, "pinned_day": day_index,
                               "pinned_position": position})
            return uow.commit()

    def unpin(self, stop_id: uuid.UUID) -> Changes:
        with self.store.unit_of_work() as uow:
            stop = self._get(uow.session, TripStop, stop_id)
            self._apply(stop, {"pinned": False, "pinned_day": None, "pinned_position": None})
            return uow.commit()

    def move(self, stop_id: uuid.UUID, day_index: int) -> Changes:
        """To the end of another day, pinned to that day (not to a position)."""
        with self.store.unit_of_work() as uow:
            stop = self._get(uow.session, TripStop, stop_id)
            self._check_day_index(uow.session, stop, day_index)
            assert stop.trip_id is not None
            others = [s for s in self._stops(uow.session, stop.trip_id)
                      if s.day_index == day_index and s.id != stop.id]
            self._apply(stop, {**plan_values.unsolved(), "day_index": day_index,
                               "sequence": len(others), "pinned": True, "pinned_day": day_index,
                               "pinned_position": None})
            return uow.commit()

    def reorder(self, trip_id: uuid.UUID, day_index: int, stop_ids: list[uuid.UUID]) -> Changes:
        """The day's stops in this order, each pinned at its position."""
        with self.store.unit_of_work() as uow:
            stops = {s.id: s for s in self._stops(uow.session, trip_id)}
            if len(set(stop_ids)) != len(stop_ids) or not set(stop_ids) <= stops.keys():
                raise ValidationError({"stops": _("Those stops are not all on this trip.")})
            if stop_ids:
                self._check_day_index(uow.session, stops[stop_ids[0]], day_index)
            for position, stop_id in enumerate(stop_ids):
                self._apply(stops[stop_id], {**plan_values.unsolved(), "day_index": day_index,
                                             "sequence": position, "pinned": True,
                                             "pinned_day": day_index,
                                             "pinned_position": position})
            return uow.commit()

    def remove_stop(self, stop_id: uuid.UUID) -> Changes:
        with self.store.unit_of_work() as uow:
            self._apply(self._get(uow.session, TripStop, stop_id), {"deleted_at": self.clock()})
            return uow.commit()

    # -- the routing problem and its plan -------------------------------------------
    def problem(self, trip_id: uuid.UUID) -> TripProblem:
        with self.store.unit_of_work() as uow:
            return trip_problem.build(uow.session, self._get(uow.session, Trip, trip_id),
                                      self.settings)

    def save_plan(self, trip_id: uuid.UUID, plan: TripPlan) -> Changes:
        """The solver's plan onto the stops; stops it did not mention lose their old plan.
        A night the planner spent away becomes the end of its day and the start of the
        next (the values: desktop.planning.plan_values, shared with ``plan solve``)."""
        with self.store.unit_of_work() as uow:
            trip = self._get(uow.session, Trip, trip_id)
            stops = {s.id: s for s in self._stops(uow.session, trip.id)}
            days = {d.day_index: d for d in self._days(uow.session, trip.id)}
            for stop_id, changed in plan_values.stop_values(plan, stops).items():
                if stops[stop_id].status == "planned":
                    self._apply(stops[stop_id], changed)
            for index, changed in plan_values.day_values(plan, sorted(days),
                                                         self.clock()).items():
                self._apply(days[index], changed)
            return uow.commit()

    def stored_plan(self, trip_id: uuid.UUID) -> TripPlan | None:
        """The last saved plan, rebuilt from the stops (None if never solved)."""
        return trip_rows.stored_plan(self.store, trip_id)

    # -- busy times from a calendar, re-planning on the road -----------------------
    def import_busy(self, trip_id: uuid.UUID, data: bytes) -> busy.Imported:
        """The .ics's events on the trip's days become the rep's busy times there
        (replacing those on the same days); synced to the rep's other laptops
        (see desktop.planning.busy_rows)."""
        days = self.problem(trip_id).days
        found = busy.parse(data, days)
        with self.store.unit_of_work() as uow:
            busy_rows.replace_on_days(uow.session, self._owner(), days, found.blocks,
                                      self.clock(), self._new)
            uow.commit()
        if self.settings.trip_busy.pop(str(trip_id), None) is not None:
            self.session.save()  # the older local-only copy: replaced
        return found

    def busy_times(self, trip_id: uuid.UUID) -> tuple[busy.BusyBlock, ...]:
        with self.store.unit_of_work() as uow:
            trip = self._get(uow.session, Trip, trip_id)
            days = trip_problem.build(uow.session, trip, self.settings).days
            return busy_rows.on_days(uow.session, trip.owner_id, trip.id, days, self.settings)

    def replan_problem(self, trip_id: uuid.UUID,
                       keep_order: bool = False) -> tuple[TripProblem, int]:
        """The rest of the trip from the current stop at the clock's time (see replan)."""
        return replan.problem_from_here(self.problem(trip_id), self.stored_plan(trip_id),
                                        self.stops(trip_id), self.clock(), keep_order)

    def save_replan(self, trip_id: uuid.UUID, plan: TripPlan, problem: TripProblem,
                    index: int) -> Changes:
        """A re-plan's plan beside what stays of the saved one."""
        return self.save_plan(trip_id, replan.merge(self.stored_plan(trip_id), plan, problem,
                                                    index))

    def briefings(self, trip_id: uuid.UUID) -> list[Briefing]:
        return trip_rows.briefings(self.store, trip_id, self.clock().date())

    def trips(self, include_done: bool = True) -> list[trip_rows.TripRow]:
        return trip_rows.trips(self.store, self.user_id, include_done)

    def days(self, trip_id: uuid.UUID) -> list[trip_rows.DayRow]:
        return trip_rows.days(self.store, trip_id)

    def stops(self, trip_id: uuid.UUID) -> list[trip_rows.StopRow]:
        return trip_rows.stops(self.store, trip_id)

    def carried_over(self) -> list[trip_rows.StopRow]:
        """Rescheduled stops waiting for a trip (see ``desktop.planning.checkin``)."""
        return trip_rows.carried_over(self.store, self.user_id)

    def take_carried_over(self, trip_id: uuid.UUID, stop_ids: Iterable[uuid.UUID]) -> Changes:
        """Put waiting stops on this trip."""
        with self.store.unit_of_work() as uow:
            trip = self._get(uow.session, Trip, trip_id)
            for stop_id in stop_ids:
                stop = self._get(uow.session, TripStop, stop_id)
                if stop.trip_id is None:
                    self._apply(stop, {"trip_id": trip.id})
            return uow.commit()

    # -- helpers -------------------------------------------------------------------
    def _owner(self) -> uuid.UUID:
        if self.user_id is None:
            raise ValidationError({"owner_id": _("Choose who you are first (File > Sign in).")})
        return self.user_id

    def _home_zone(self) -> str:
        s = self.settings
        if s.home_latitude is not None and s.home_longitude is not None:
            from desktop.planning.geo import time_zone_at

            return time_zone_at(s.home_latitude, s.home_longitude)
        return "UTC"

    def _day_defaults(self) -> dict[str, Any]:
        s = self.settings
        place = {"name": s.home_place_name, "address": s.home_place_address or None,
                 "latitude": s.home_latitude, "longitude": s.home_longitude}
        return {**{f"start_{k}": v for k, v in place.items()},
                **{f"end_{k}": v for k, v in place.items()},
                "work_start": s.trip_work_start, "work_end": s.trip_work_end,
                "lunch_earliest": s.trip_lunch_earliest, "lunch_latest": s.trip_lunch_latest,
                "lunch_minutes": s.trip_lunch_minutes,
                "max_drive_minutes": s.trip_max_drive_minutes}

    @staticmethod
    def _days(session: Any, trip_id: uuid.UUID) -> list[TripDay]:
        return list(session.execute(select(TripDay).where(
            TripDay.trip_id == trip_id, TripDay.deleted_at.is_(None))
            .order_by(TripDay.day_index)).scalars())

    @staticmethod
    def _stops(session: Any, trip_id: uuid.UUID) -> list[TripStop]:
        return list(session.execute(select(TripStop).where(
            TripStop.trip_id == trip_id, TripStop.deleted_at.is_(None))
            .order_by(TripStop.created_at, TripStop.id)).scalars())

    def _check_day_index(self, session: Any, stop: TripStop, day_index: int) -> None:
        if stop.trip_id is None or not any(
                d.day_index == day_index for d in self._days(session, stop.trip_id)):
            raise ValidationError({"day_index": _("The trip has no such day.")})


__all__ = ["STOP_STATUSES", "TIER_PRIORITY", "TripService"]
