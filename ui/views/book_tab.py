"""The Trips view's "Map of the book" tab, built when it is first shown.

The map of the book needs numpy, a large import: building it with the Trips
view would slow every opening of Trips for a tab the rep may not open. This
holder is cheap; it builds :class:`ui.views.book_page.BookPage` inside itself
the first time it is shown and hands it the trip chosen meanwhile.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop.planning.problem import TripPlan, TripProblem

if TYPE_CHECKING:
    from desktop.services.container import Services
    from ui.change_bus import ChangeBus
    from ui.operations import Operations
    from ui.prompts import Prompts
    from ui.views.book_page import BookPage


class BookTab(QWidget):
    account_clicked = Signal(object)  # account id: a pin of the book clicked

    def __init__(self, services: Services, bus: ChangeBus, prompts: Prompts, ops: Operations,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._parts = (services, bus, prompts, ops)
        self.page: BookPage | None = None
        self._trip: tuple[uuid.UUID | None, TripProblem | None, TripPlan | None] = (
            None, None, None)
        self._near: uuid.UUID | None = None  # the stop picked in the Plan tab
        self._box = QVBoxLayout(self)
        self._box.setContentsMargins(0, 0, 0, 0)

    def show_trip(self, trip_id: uuid.UUID | None, problem: TripProblem | None,
                  plan: TripPlan | None) -> None:
        self._trip = (trip_id, problem, plan)
        if self.page is not None:
            self.page.show_trip(trip_id, problem, plan)

    def near_stop(self, stop_id: uuid.UUID) -> None:
        """List the accounts near this stop of the trip (now, or once the book is read)."""
        self._near = stop_id
        if self.page is not None:
            self.page.near_stop(stop_id)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        if self.page is None:
            from ui.views.book_page import BookPage

            self.page = BookPage(*self._parts, parent=self)
            self.page.map.account_clicked.connect(self.account_clicked.emit)
            self.page.show_trip(*self._trip)
            if self._near is not None:
                self.page.near_stop(self._near)
            self._box.addWidget(self.page)
        super().showEvent(event)
