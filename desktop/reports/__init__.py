"""Reports: activity, closings, follow-up, pipeline and forecast, sales
intelligence and trends, delivery quality, and the weekly status PDF.

Qt-free and read-only: each report is one function
``build(ctx: ReportContext, f: ReportFilter) -> ReportResult`` in its own
module, computed with aggregate SQL over indexed columns (Python adds up the
groups, never the rows). ``ReportService`` (``services.reports``) runs them on
the calling thread (the UI calls it from a worker) and exports a result as
CSV, XLSX or PDF (``desktop.reports.export``).
"""

from __future__ import annotations

from desktop.i18n import N_

# name -> (module under desktop.reports, title); the order of the menu.
REPORTS: dict[str, tuple[str, str]] = {
    "activity": ("activity", N_("Activity")),
    "closings": ("closings", N_("Closings")),
    "follow-up": ("follow_up", N_("Follow-up")),
    "pipeline": ("pipeline", N_("Pipeline and forecast")),
    "trends": ("trends", N_("Sales intelligence and trends")),
    "delivery": ("delivery", N_("Delivery quality")),
}
FORMATS = ("pdf", "csv", "xlsx")
