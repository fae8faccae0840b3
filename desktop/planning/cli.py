"""``fieldbook plan``: solve a trip, export its calendar, print its itinerary,
from the command line (no Qt).

    fieldbook plan solve --db PATH --trip ID [--seconds N]   # JSON on stdout, plan saved
    fieldbook plan ics --db PATH --trip ID --out FILE.ics [--day N]
    fieldbook plan pdf --db PATH --trip ID --out FILE.pdf

``ics`` and ``pdf`` use the plan saved by the last ``solve`` (or by the app).
"""

from __future__ import annotations

import argparse
import atexit
import gc
import json
import sys
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from desktop.i18n import _
from desktop.planning.problem import Place, TripPlan, TripProblem


class PlanError(Exception):
    """A message for the rep, printed without a traceback (exit status 2)."""


def run(args: argparse.Namespace, db: Path) -> int:
    from desktop.services.base import NotFound
    from desktop.services.container import Services
    from desktop.services.validation import ValidationError
    from desktop.settings import SettingsFile

    _quick_exit()
    try:
        trip = _trip_id(args.trip)
        if not db.exists():
            raise PlanError(_("no cache at {path}").format(path=db))
        services = Services.open(db, SettingsFile(args.settings) if args.settings
                                 else SettingsFile(cache=db))
    except PlanError as exc:
        print(f"fieldbook: {exc}", file=sys.stderr)
        return 2
    try:
        if args.action == "solve":
            print(json.dumps(solve(services, trip, args.seconds), indent=2, ensure_ascii=False))
        elif args.action == "ics":
            args.out.write_bytes(calendar(services, trip, args.day))
            print(args.out)
        else:
            args.out.write_bytes(itinerary(services, trip))
            print(args.out)
        return 0
    except NotFound:
        print("fieldbook: " + _("no trip {id} in {path}").format(id=trip, path=db),
              file=sys.stderr)
        return 2
    except ValidationError as exc:
        for message in exc.errors.values():
            print(f"fieldbook: {message}", file=sys.stderr)
        return 2
    except PlanError as exc:
        print(f"fieldbook: {exc}", file=sys.stderr)
        return 2
    finally:
        services.close()


def _quick_exit() -> None:
    """The ORM's schema leaves a large graph of objects behind, and the
    interpreter's garbage collections at exit spent ~0.17 s of CPU on it (a fifth
    of ``plan solve``). Frozen at exit (atexit runs before the modules are torn
    down), the collector skips them; in a test process it runs when pytest exits."""
    atexit.unregister(gc.freeze)  # once, however often the command runs in a process
    atexit.register(gc.freeze)


def _trip_id(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        raise PlanError(_("{text!r} is not a trip id").format(text=text)) from None


def solve(services: Any, trip: uuid.UUID, seconds: float) -> dict[str, Any]:
    """Solve, save the plan on the trip, and describe it as plain JSON values.
    The trip is read and the plan written on plain sqlite3, through the store's
    writer and with the outbox entries the trip service writes
    (desktop.planning.plain_trip): the command never loads SQLAlchemy's ORM."""
    from desktop.planning import plain_trip
    from desktop.planning.solver import solve as solve_problem

    if not 0 < seconds <= 600:
        raise PlanError(_("--seconds must be between 0 and 600"))
    problem = plain_trip.problem(services.store, trip, services.settings)
    plan = solve_problem(problem, time_limit_s=seconds)
    plain_trip.save_plan(services.store, trip, plan, services.clock)
    if any(plan.stays):
        from desktop.planning.overnight import with_stays

        problem = with_stays(problem, plan.stays)
    return describe(problem, plan)


def _saved(services: Any, trip: uuid.UUID) -> tuple[TripProblem, TripPlan]:
    plan = services.trips.stored_plan(trip)
    if plan is None or not any(d.visits for d in plan.days):
        services.trips.problem(trip)  # an unknown trip says so first
        raise PlanError(_("the trip has no plan yet: run `fieldbook plan solve` first"))
    return services.trips.problem(trip), plan


def calendar(services: Any, trip: uuid.UUID, day: int | None) -> bytes:
    from desktop.planning import ics

    problem, plan = _saved(services, trip)
    briefings = services.trips.briefings(trip)
    stamp = services.clock()
    if day is None:
        return ics.trip_calendar(problem, plan, briefings, stamp=stamp)
    if not 1 <= day <= len(problem.days):
        raise PlanError(_("--day must be 1 to {n}: the trip has {n} days").format(
            n=len(problem.days)))
    return ics.day_calendar(problem, plan, briefings, day - 1, stamp=stamp)


def itinerary(services: Any, trip: uuid.UUID) -> bytes:
    from desktop.documents import itinerary_pdf

    problem, plan = _saved(services, trip)
    return itinerary_pdf.render(problem, plan, services.trips.briefings(trip),
                                services.branding)


def _local(moment: datetime | None, place: Place) -> str | None:
    if moment is None:
        return None
    try:
        return moment.astimezone(ZoneInfo(place.time_zone)).isoformat(timespec="minutes")
    except (ZoneInfoNotFoundError, ValueError):
        return moment.isoformat(timespec="minutes")


def describe(problem: TripProblem, plan: TripPlan) -> dict[str, Any]:
    """The plan as JSON values: times are local to each place, with their offset."""
    stops = {s.id: s for s in problem.stops}
    days = []
    for day_plan in plan.days:
        day = problem.days[day_plan.day_index]
        visits = []
        for v in sorted(day_plan.visits, key=lambda v: v.sequence):
            stop = stops[v.stop_id]
            visits.append({
                "sequence": v.sequence + 1, "stop_id": str(stop.id),
                "account_id": str(stop.account_id) if stop.account_id else None,
                "name": stop.place.name, "time_zone": stop.place.time_zone,
                "arrive": _local(v.arrive, stop.place), "start": _local(v.start, stop.place),
                "depart": _local(v.depart, stop.place), "drive_minutes": v.drive_minutes,
                "distance_km": round(v.distance_km, 1)})
        days.append({
            "day": day_plan.day_index + 1,
            "date": day.work_start.date().isoformat(),
            "start_place": day.start_place.name, "end_place": day.end_place.name,
            "leave": _local(day_plan.leave, day.start_place),
            "back": _local(day_plan.back, day.end_place),
            "lunch": _local(day_plan.lunch_start, day.start_place),
            "drive_minutes": day_plan.drive_minutes,
            "distance_km": round(day_plan.distance_km, 1),
            "return_drive_minutes": day_plan.return_drive_minutes,
            "visits": visits})
    dropped = [{
        "stop_id": str(d.stop_id),
        "account_id": str(stops[d.stop_id].account_id)
        if d.stop_id in stops and stops[d.stop_id].account_id else None,
        "name": stops[d.stop_id].place.name if d.stop_id in stops else None,
        "reason": d.reason.value, "message": d.message} for d in plan.dropped]
    return {"trip": str(problem.trip_id), "name": problem.name, "status": plan.status.value,
            "seconds": round(plan.seconds, 2), "drive_minutes": plan.drive_minutes,
            "visits": sum(len(d["visits"]) for d in days),  # type: ignore[misc, arg-type]
            "days": days, "dropped": dropped}
