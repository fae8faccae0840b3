"""What the first use of each view needs, loaded on the worker once the window
has painted, so that a view's first open builds widgets instead of importing.

Opening Proposals first used to import SQLAlchemy and the schema on the GUI
thread (0.85 s at 100,000 accounts); Trips imported the time-zone finder and
numpy (0.35 s) to place its stops. Importing a module is thread-safe and these
modules make no widget, pixmap or font when imported: only the views' classes
load here, the views themselves are still built on the GUI thread when first
shown.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from ui.app import Fieldbook

# Every view the window builds lazily (ui/views/registry.py), in sidebar order.
VIEW_MODULES = (
    "ui.views.follow_ups_view", "ui.views.conflicts_view", "ui.views.proposals_view",
    "ui.views.orders_view", "ui.views.shipping_view", "ui.views.trips_view", "ui.views.leads_view",
    "ui.views.pipeline_view", "ui.views.events_view", "ui.views.reports_page",
)


def steps(fieldbook: Fieldbook) -> list[Callable[[], object]]:
    """The warm-up, one short task each, in the order a rep is likely to need
    them: the write path (ORM, validation), the search's name order if a write
    left it out of order, each view's module, the time-zone
    finder, the maps' outlines, and the reads Trips opens with (their
    statements compiled once, here; the cache answers them again when the view
    opens)."""
    services = fieldbook.services
    out: list[Callable[[], object]] = [services.warm_up, services.keep_name_order]
    out += [partial(importlib.import_module, name) for name in VIEW_MODULES]

    def finder() -> None:
        from desktop.planning import geo

        geo.time_zone_at(40.7128, -74.0060)  # builds the finder once (cached)

    def outlines() -> None:  # the maps' land and state borders, projected once
        from desktop.planning import basemap

        loaded = basemap.load()
        for regions in (loaded.countries, loaded.states):
            basemap.project_rings(regions, basemap.US_ALBERS)

    def trips() -> None:
        listed = services.trips.trips()
        if listed:
            services.trips.problem(listed[0].id)
            services.trips.stored_plan(listed[0].id)
    return [*out, finder, outlines, trips]


class WarmUp(QObject):
    """Runs ``steps`` on the worker one after another, each queued when the one
    before has ended, so a read the rep asks for waits for one step at most."""

    finished = Signal()

    def __init__(self, fieldbook: Fieldbook) -> None:
        super().__init__(fieldbook.window)
        self.fieldbook = fieldbook
        self.left = steps(fieldbook)
        self.done = False

    def start(self) -> None:
        if not self.left:
            self.done = True
            self.finished.emit()
            return
        step = self.left.pop(0)
        self.fieldbook.ops.query(step, lambda _r: self.start(), self.fieldbook.window)


def after_first_paint(fieldbook: Fieldbook) -> WarmUp:
    """Start the warm-up on the worker once the window has painted (behind the
    count and the filter menus' values, which the window queues first)."""
    warm = WarmUp(fieldbook)
    fieldbook.window.accounts.first_painted.connect(warm.start)
    return warm
