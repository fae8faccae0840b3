"""Two Trips view actions for the road: import the rep's calendar (.ics) as busy
times, and re-plan the rest of today from the current stop at the current time
(re-order and re-time, or keep the order and re-time only)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from desktop.i18n import _
from desktop.planning.busy import Imported
from desktop.planning.problem import TripPlan, TripProblem

if TYPE_CHECKING:
    from ui.views.trips_view import TripsView

REPLAN_CHOICES = (0, 1)  # 0: re-order and re-time, 1: keep the order, re-time only


def import_calendar(view: TripsView) -> None:
    """Ask for an .ics and mark its events on the trip's days busy (a bad file: a message)."""
    if view.trip_id is None:
        return
    path = view.prompts.open_file(view, _("Import calendar"), _("Calendar (*.ics)"))
    if path is None:
        return
    trips, trip_id = view.services.trips, view.trip_id

    def run() -> Imported:  # on the writer: reads the file and saves the settings
        try:
            data = path.read_bytes()
        except OSError as exc:
            from desktop.services.validation import ValidationError

            raise ValidationError({"ics": _("The file could not be read: {error}").format(
                error=exc)}) from exc
        return trips.import_busy(trip_id, data)

    def done(found: Imported) -> None:
        view.refresh()
        text = _("Busy times from the calendar: {n}. No visit is planned into them; "
                 "optimise to plan around them.").format(n=len(found.blocks))
        if found.outside:
            text += " " + _("{n} events on other days were left out.").format(n=found.outside)
        if found.skipped:
            text += " " + _("{n} events could not be read and were skipped.").format(
                n=found.skipped)
        view.summary.setText(text)

    view.write(_("Import calendar"), run, done)


class Replanner:
    """Re-plans the view's trip from here on the worker; the plan is merged and saved."""

    def __init__(self, view: TripsView) -> None:
        from ui.dialogs.solve_progress import SolveTask

        self.view = view
        self.task = SolveTask(view.tasks, parent=view)
        self.task.solved.connect(self._solved)
        self.task.failed.connect(self._failed)
        self.problem: TripProblem | None = None
        self.index = 0
        self.last_plan: TripPlan | None = None

    def start(self, keep_order: bool | None = None) -> None:
        view = self.view
        if view.trip_id is None or self.task.running:
            return
        if keep_order is None:
            choice = view.prompts.choice(
                view, _("Re-plan from here"), _("Re-plan the rest of today"),
                [_("Re-order and re-time the rest"), _("Keep the order, re-time only")], 0)
            if choice is None:
                return
            keep_order = choice == 1
        from desktop.services.validation import ValidationError

        try:
            self.problem, self.index = view.services.trips.replan_problem(
                view.trip_id, keep_order)
        except ValidationError as exc:
            view.prompts.error(view, _("Re-plan from here"), "\n".join(exc.errors.values()))
            return
        self.trip_id = view.trip_id
        self.task.tasks = view.tasks
        self.task.time_limit_s = float(min(5, view.services.settings.trip_solve_seconds))
        self.task.start(self.problem)

    def _solved(self, plan: object) -> None:
        assert isinstance(plan, TripPlan) and self.problem is not None
        self.last_plan = plan
        trips, trip_id, problem, index = (self.view.services.trips, self.trip_id,
                                          self.problem, self.index)
        self.view.write(_("Re-plan from here"),
                        lambda: trips.save_replan(trip_id, plan, problem, index),
                        lambda _changes: self._saved(plan))

    def _saved(self, plan: TripPlan) -> None:
        names = {s.id: s.place.name for s in self.problem.stops} if self.problem else {}
        planned = sum(len(d.visits) for d in plan.days)
        text = _("Re-planned from here: {n} visits still to make.").format(n=planned)
        if plan.dropped:
            text += " " + _("No longer fits: {names}.").format(
                names=", ".join(names.get(d.stop_id, "?") for d in plan.dropped))
        self.view.summary.setText(text)

    def _failed(self, exc: Any) -> None:
        self.view.prompts.error(self.view, _("Re-plan from here"),
                                _("The trip could not be re-planned: {error}").format(error=exc))


def replan_today(services: Any, ops: Any, parent: Any, trip_id: Any,
                 done: Any) -> None:
    """Today's "Re-plan from here…": ask re-order or re-time only, solve on the read
    pool, save on the writer; ``done(text)`` gets the sentence for the rep."""
    from desktop.planning.solver import solve
    from desktop.services.validation import ValidationError

    choice = ops.prompts.choice(
        parent, _("Re-plan from here"), _("Re-plan the rest of today"),
        [_("Re-order and re-time the rest"), _("Keep the order, re-time only")], 0)
    if choice is None:
        return
    try:
        problem, index = services.trips.replan_problem(trip_id, choice == 1)
    except ValidationError as exc:
        ops.prompts.error(parent, _("Re-plan from here"), "\n".join(exc.errors.values()))
        return
    limit = float(min(5, services.settings.trip_solve_seconds))

    def solved(plan: TripPlan) -> None:
        names = {s.id: s.place.name for s in problem.stops}
        text = _("Re-planned from here: {n} visits still to make.").format(
            n=sum(len(d.visits) for d in plan.days))
        if plan.dropped:
            text += " " + _("No longer fits: {names}.").format(
                names=", ".join(names.get(d.stop_id, "?") for d in plan.dropped))
        ops.write(lambda: services.trips.save_replan(trip_id, plan, problem, index),
                  parent=parent, title=_("Re-plan from here")).success(
            lambda _changes: done(text)).run()

    ops.query(lambda: solve(problem, time_limit_s=limit), solved, parent)
