"""Plain values the Trips view shows: the trip list's columns, the checked-in
stops as plain stops, and the trip's summary line."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from desktop.domain import formats
from desktop.i18n import _, ngettext
from desktop.planning.problem import Place, Stop, TripDay, TripPlan, TripProblem
from ui.models.row_table import Column


def _dates(t: Any) -> str:
    if t.first_date is None:
        return ""
    return formats.span(t.first_date, t.last_date or t.first_date, year=False)


def trip_columns() -> list[Column[Any]]:
    return [Column(_("Trip"), lambda t: t.name), Column(_("Dates"), _dates)]


def checked_in_stop(row: Any, days: Sequence[TripDay]) -> Stop:
    """A visited, skipped or rescheduled stop as a plain value, for the lists."""
    zone = next((d.start_place.time_zone for d in days if d.index == row.day_index),
                days[0].start_place.time_zone if days else "UTC")
    place = Place(row.account_name, row.latitude or 0.0, row.longitude or 0.0, "", zone,
                  located=row.latitude is not None)
    return Stop(row.id, row.account_id, place, row.visit_minutes, (), row.priority,
                row.fixed_start, row.pinned_day, row.pinned_position, row.purpose or "",
                row.contact_name or "")


def trip_summary(problem: TripProblem, plan: TripPlan | None, checked_in: int) -> str:
    """Days, stops (``checked_in`` ones too), and once optimised what the plan holds."""
    stops = len(problem.stops) + checked_in
    parts = [ngettext("{n} day", "{n} days", len(problem.days)).format(
        n=len(problem.days)),
        ngettext("{n} stop", "{n} stops", stops).format(n=stops)]
    if plan is None:
        parts.append(_("not optimised yet"))
    else:
        planned = sum(len(d.visits) for d in plan.days)
        drive = plan.drive_minutes
        parts.append(_("{n} planned").format(n=planned))
        if plan.dropped:
            parts.append(_("{n} not planned").format(n=len(plan.dropped)))
        parts.append(_("{h}:{m:02d} h driving").format(h=drive // 60, m=drive % 60))
    return " · ".join(parts)
