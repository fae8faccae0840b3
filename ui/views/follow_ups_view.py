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
from ui.resources import icon
from ui.views.account_people import selected_row, table_view


class FollowUpsView(QWidget):
    open_account = Signal(uuid.UUID)

    def __init__(self, services: Services, bus: ChangeBus, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.bus = bus
        self.model: RowTableModel[FollowUpRow] = RowTableModel(
            follow_up_columns(lambda: services.clock().date(), with_account=True))
        self.view = table_view(self.model)
        self.view.doubleClicked.connect(self._open)
        self.horizon = QSpinBox()
        self.horizon.setRange(0, 365)
        self.horizon.setValue(14)
        self.horizon.setPrefix(_("Due within "))
        self.horizon.setSuffix(_(" days"))
        self.horizon.valueChanged.connect(self.refresh)
        done = QPushButton(icon("save"), _("Mark done"))
        done.clicked.connect(self._done)
        open_button = QPushButton(icon("accounts"), _("Open account"))
        open_button.clicked.connect(lambda: self._open())
        self.summary = QLabel()
        style.muted(self.summary)
        title = QLabel(_("Follow-ups"))
        style.title(title)
        bar = QHBoxLayout()
        for widget in (self.horizon, done, open_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        bus.changed.connect(self._on_changes)
        self._stale = True

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        if self._stale:
            self.refresh()
        super().showEvent(event)  # type: ignore[arg-type]

    def refresh(self) -> None:
        today = self.services.clock().date()
        rows = self.services.reader.follow_ups_due(today + timedelta(days=self.horizon.value()))
        self.model.set_rows(rows)
        overdue = sum(1 for r in rows if r.due_date < today)
        self.summary.setText(
            ngettext("{n} follow-up", "{n} follow-ups", len(rows)).format(n=len(rows))
            + (_(", {n} overdue").format(n=overdue) if overdue else ""))
        self._stale = False

    def _on_changes(self, changes: Changes, _initiator: object) -> None:
        if changes.touches("follow_ups", "accounts"):
            self._stale = True
            if self.isVisible():
                self.refresh()

    def _open(self, *_args: object) -> None:
        row = selected_row(self.view)
        if row is not None:
            self.open_account.emit(self.model.row_at(row).account_id)

    def _done(self) -> None:
        row = selected_row(self.view)
        if row is not None:
            changes = self.services.history.set_follow_up_done(self.model.row_at(row).id, True)
            self.bus.publish(changes, self)
