"""The Events view: trade shows, seminars and telemarketing campaigns, upcoming
ones first (soonest at the top), then past ones (latest first); beside the
list, the chosen event with its attendees, the leads and deals it brought and
the return on it. New and Edit open the event form. Reads run off the GUI
thread; writes go through ``ops.write``; the bus keeps both sides current."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.i18n import _, ngettext
from desktop.services.container import Services
from desktop.services.events import EventRow
from desktop.store.changes import Changes
from ui import style
from ui.change_bus import ChangeBus
from ui.models.event_models import EventTableModel
from ui.operations import Operations
from ui.resources import icon
from ui.views.account_people import selected_row, table_view
from ui.views.event_detail import EventDetail
from ui.views.live import LiveUpdates

# What the list or the pane shows: a change to any of these reads them again.
_TABLES = ("events", "event_attendees", "leads", "opportunities", "contacts", "accounts",
           "users")


class EventsView(QWidget):
    def __init__(self, services: Services, bus: ChangeBus, ops: Operations,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.ops = services, ops
        locale = i18n.language()
        self.model = EventTableModel(lambda: services.clock().date(), locale)
        self.view = table_view(self.model)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        self.view.setWordWrap(False)  # one line a row: long names are elided
        for column, width in enumerate((152, 200, 84, 116, 74, 72)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # the name takes the rest
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._chosen())
        self.view.doubleClicked.connect(lambda _i: self.edit_event())
        self.detail = EventDetail(services, ops, locale)
        self.new_button = QPushButton(icon("add"), _("New event"))
        style.primary(self.new_button)
        self.new_button.clicked.connect(self.new_event)
        self.edit_button = QPushButton(_("Edit event"))
        self.edit_button.clicked.connect(self.edit_event)
        self.summary = style.muted(QLabel())
        title = style.title(QLabel(_("Events")))
        bar = QHBoxLayout()
        bar.addWidget(title)
        bar.addSpacing(12)
        bar.addWidget(self.new_button)
        bar.addWidget(self.edit_button)
        bar.addStretch(1)
        bar.addWidget(self.summary)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 6)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setSizes([700, 460])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)
        self.dialog: QWidget | None = None
        self._asked = 0
        self._pending: Callable[[], None] | None = None
        self.live = LiveUpdates(self, bus, self._shows, self.refresh)
        self.refresh(reset=True)

    # -- reading -------------------------------------------------------------------------
    def refresh(self, reset: bool = False) -> None:
        """Read the events again (off the GUI thread); rows change in place unless
        ``reset``; the pane reads the chosen event's lists again."""
        self._asked += 1
        asked, events = self._asked, self.services.events
        self.ops.query(events.rows, lambda rows: self._rows(asked, rows, reset), self)

    def _rows(self, asked: int, rows: list[EventRow], reset: bool) -> None:
        if asked != self._asked:
            return
        chosen = self.detail.current.id if self.detail.current else None
        if reset or self.model.rowCount() == 0:
            self.model.set_rows(rows)
        else:
            self.model.update_rows(rows)
        today = self.services.clock().date()
        upcoming = sum(1 for r in rows if r.ends_on >= today)
        self.summary.setText(
            ngettext("{n} event", "{n} events", len(rows)).format(n=len(rows))
            + _(", {n} upcoming").format(n=upcoming))
        if not self.select(chosen) and rows:
            self.select(rows[0].id)
        else:
            self._chosen(force=True)
        if self._pending is not None:
            pending, self._pending = self._pending, None
            pending()

    def _shows(self, changes: Changes) -> bool:
        return changes.everything or changes.touches(*_TABLES)

    # -- choosing --------------------------------------------------------------------------
    def select(self, event_id: uuid.UUID | None) -> bool:
        """Choose ``event_id`` in the list (fetching further pages if it is
        further down); False when it is not there."""
        if event_id is None:
            return False
        rows = self.model.all_rows()
        at = next((n for n, r in enumerate(rows) if r.id == event_id), None)
        if at is None:
            return False
        while self.model.rowCount() <= at and self.model.canFetchMore():
            self.model.fetchMore()
        index = self.model.index(at, 0)
        self.view.selectionModel().select(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        self._chosen(force=True)
        return True

    def _chosen(self, force: bool = False) -> None:
        row = selected_row(self.view)
        event = self.model.row_at(row) if row is not None else None
        self.edit_button.setEnabled(event is not None)
        if force or event != self.detail.current:
            self.detail.show_event(event)

    # -- writing ---------------------------------------------------------------------------
    def new_event(self) -> None:
        self._open_form(None)

    def edit_event(self) -> None:
        self._open_form(self.detail.current)

    def _open_form(self, event: EventRow | None) -> None:
        from ui.dialogs.event_dialog import EventDialog

        people = [(uuid.UUID(i), name) for i, name in self.services.lead_list.owners()]
        dialog = EventDialog(self.services, people, ops=self.ops, event=event, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._saved(dialog.saved_id))
        self.dialog = dialog
        dialog.open()

    def _saved(self, event_id: uuid.UUID | None) -> None:
        """Choose the event just saved once the list has read it."""
        if event_id is not None and not self.select(event_id):
            def choose() -> None:
                self.select(event_id)

            self._pending = choose
