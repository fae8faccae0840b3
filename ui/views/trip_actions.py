"""What the Trips view does beyond showing a trip: optimise it (on the
worker, with progress and Stop), pick targets, export the calendar, print
the itinerary."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from desktop.i18n import _
from desktop.planning.problem import TripPlan, TripProblem

if TYPE_CHECKING:
    from ui.views.trips_view import TripsView


class Optimiser:
    """Runs the solver for the view's trip; the plan is saved when it comes back."""

    def __init__(self, view: TripsView) -> None:
        from ui.dialogs.solve_progress import SolveTask

        self.view = view
        self.task = SolveTask(view.tasks, parent=view)
        self.task.solved.connect(self._solved)
        self.task.failed.connect(self._failed)
        self.progress: Any = None
        self.last_plan: TripPlan | None = None

    def start(self) -> None:
        from ui.dialogs.solve_progress import SolveProgressDialog

        view = self.view
        if view.trip_id is None or self.task.running:
            return
        problem: TripProblem = view.services.trips.problem(view.trip_id)  # pins included
        self.trip_id = view.trip_id
        self.task.tasks = view.tasks
        self.task.time_limit_s = float(view.services.settings.trip_solve_seconds)
        self.progress = SolveProgressDialog(self.task, len(problem.stops), view)
        self.progress.open()
        self.task.start(problem)

    def _solved(self, plan: object) -> None:
        assert isinstance(plan, TripPlan)
        self.last_plan = plan
        trips, trip_id = self.view.services.trips, self.trip_id
        self.view.write(_("Optimise"), lambda: trips.save_plan(trip_id, plan),
                        lambda _changes: self._saved(plan))

    def _saved(self, plan: TripPlan) -> None:
        dropped = len(plan.dropped)
        self.view.summary.setText(self.view.summary.text() + " · " + (
            _("{n} not planned: the reasons are under the stops.").format(n=dropped)
            if dropped else _("every stop planned.")))

    def _failed(self, exc: BaseException) -> None:
        self.view.prompts.error(self.view, _("Optimise"),
                                _("The trip could not be optimised: {error}").format(error=exc))


def _slug(text: str) -> str:
    cleaned = "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")
    return "-".join(part for part in cleaned.split("-") if part) or "trip"


def export_calendar(view: TripsView, whole_trip: bool = True) -> int | None:
    """Write the trip (or the selected day) as an .ics file; returns the events written."""
    from desktop.planning.ics import day_calendar, trip_calendar

    if view.problem is None or view.plan is None or view.trip_id is None:
        return None
    day = None if whole_trip else view.plan_panel.selected_day()
    name = _slug(view.problem.name) + (f"-day-{day + 1}" if day is not None else "") + ".ics"
    path = view.prompts.save_file(view, _("Export calendar"), name, _("Calendar (*.ics)"))
    if path is None:
        return None
    briefings = view.services.trips.briefings(view.trip_id)
    data = (trip_calendar(view.problem, view.plan, briefings) if day is None
            else day_calendar(view.problem, view.plan, briefings, day))
    path.write_bytes(data)
    count = data.count(b"BEGIN:VEVENT")
    view.summary.setText(_("Wrote {n} events to {path}").format(n=count, path=path))
    return count


def print_itinerary(view: TripsView) -> Any:
    """The itinerary PDF in the preview: print or save exactly what is shown."""
    from ui.dialogs.pdf_preview import PdfPreview

    if view.problem is None or view.plan is None or view.trip_id is None:
        return None
    problem, plan = view.problem, view.plan
    briefings = view.services.trips.briefings(view.trip_id)
    branding = view.services.branding

    def render() -> bytes:
        from desktop.documents.itinerary_pdf import render as render_itinerary

        return render_itinerary(problem, plan, briefings, branding)

    dialog = PdfPreview(_("Itinerary — {trip}").format(trip=problem.name),
                        _slug(problem.name) + ".pdf", render, view.prompts, view.tasks, view)
    view.dialog = dialog
    dialog.open()
    return dialog


def pick_targets(view: TripsView) -> Any:
    from ui.dialogs.target_picker import TargetPicker

    if view.trip_id is None or view.problem is None:
        return None
    dialog = TargetPicker(view.services, view.trip_id, view.problem, view, ops=view.ops)
    view.dialog = dialog
    dialog.open()
    return dialog
