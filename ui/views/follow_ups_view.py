"""Follow-ups due across all accounts: overdue first, then the next weeks."""

from __future__ import annotations

import uuid
from datetime import timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from desktop.i18n import _, ngettext
from desktop.services.container import Services
from desktop.services.detail_rows import FollowUpRow
from desktop.store.changes import Changes
from ui import style
from ui.change_bus import ChangeBus
from ui.models.row_table import RowTableModel, follow_up_columns
from ui.operations import Operations
from ui.resources import icon
from ui.views.account_people import selected_row, table_view
from ui.views.live import LiveUpdates

SHOWN = 500  # follow-ups listed (the summary counts them all)


class FollowUpsView(QWidget):
    open_account = Signal(uuid.UUID)

    def __init__(self, services: Services, bus: ChangeBus, ops: Operations,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.bus = bus
        self.ops = ops
        self.model: RowTableModel[FollowUpRow] = RowTableModel(
            follow_up_columns(lambda: services.clock().date(), with_account=True))
        self.view = table_view(self.model)
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._enable())
        self.view.doubleClicked.connect(self._open)
        self.horizon = QSpinBox()
        self.horizon.setRange(0, 365)
        self.horizon.setValue(14)
        self.horizon.setPrefix(_("Due within "))
        self.horizon.setSuffix(_(" days"))
        self.horizon.valueChanged.connect(lambda _days: self.refresh())
        self.done_button = QPushButton(icon("save"), _("Mark done"))
        self.done_button.clicked.connect(self._done)
        self.open_button = QPushButton(icon("accounts"), _("Open account"))
        self.open_button.clicked.connect(lambda: self._open())
        self.summary = QLabel()
        style.muted(self.summary)
        title = QLabel(_("Follow-ups"))
        style.title(title)
        bar = QHBoxLayout()
        for widget in (self.horizon, self.done_button, self.open_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.live = LiveUpdates(self, bus, self._shows, self.refresh)
        self._reads = self._shown = 0  # reads asked for, and the one shown
        self.refresh(reset=True)

    def refresh(self, reset: bool = False) -> None:
        """Re-read the due follow-ups on the worker (a large book has tens of
        thousands due); rows change in place unless ``reset``. A read overtaken
        by a newer one is dropped."""
        today = self.services.clock().date()
        until = today + timedelta(days=self.horizon.value())
        reader = self.services.reader
        self._reads += 1
        read = self._reads

        def due() -> tuple[list[FollowUpRow], tuple[int, int]]:
            return (reader.follow_ups_due(until, limit=SHOWN),
                    reader.follow_ups_due_totals(until, today))

        self.ops.query(due, lambda found: self._show(read, reset, *found), self)

    def loading(self) -> bool:
        """A read is on its way (the list shows the last one meanwhile)."""
        return self._shown != self._reads

    def _show(self, read: int, reset: bool, rows: list[FollowUpRow],
              totals: tuple[int, int]) -> None:
        if read != self._reads:
            return  # a newer read follows (the horizon changed, or an edit)
        self._shown = read
        if reset:
            self.model.set_rows(rows)
        else:
            self.model.update_rows(rows)
        due, overdue = totals
        self.summary.setText(
            ngettext("{n} follow-up", "{n} follow-ups", due).format(n=f"{due:,}")
            + (_(", {n} overdue").format(n=f"{overdue:,}") if overdue else "")
            + (_("; the first {n} shown").format(n=f"{len(rows):,}") if due > len(rows)
               else ""))
        self._enable()

    def _shows(self, changes: Changes) -> bool:
        """Any follow-up may now be due (or done); an account shows by its name."""
        if changes.everything or changes.ids("follow_ups"):
            return True
        renamed = changes.ids("accounts")
        return any(self.model.row_at(n).account_id in renamed
                   for n in range(self.model.rowCount()))

    def _enable(self) -> None:
        chosen = selected_row(self.view) is not None
        self.done_button.setEnabled(chosen)
        self.open_button.setEnabled(chosen)

    def _open(self, *_args: object) -> None:
        row = selected_row(self.view)
        if row is not None:
            self.open_account.emit(self.model.row_at(row).account_id)

    def _done(self) -> None:
        row = selected_row(self.view)
        if row is None:
            return
        follow_up = self.model.row_at(row).id
        history = self.services.history
        self.ops.write(lambda: history.set_follow_up_done(follow_up, True), parent=self).run()
