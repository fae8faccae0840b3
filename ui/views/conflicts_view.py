"""Conflicts to resolve and changes the server refused, in one view."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.store.changes import Changes
from desktop.sync.service import ConflictRow, RejectedRow
from ui import style
from ui.change_bus import ChangeBus
from ui.models.row_table import RowTableModel
from ui.models.sync_lists import conflict_columns, field_label, rejected_columns, show_value
from ui.operations import Operations
from ui.prompts import Prompts
from ui.sync.controller import SyncController
from ui.views.account_people import selected_row, table_view
from ui.views.live import LiveUpdates


class ConflictsView(QWidget):
    def __init__(self, controller: SyncController, bus: ChangeBus, prompts: Prompts,
                 ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.service = controller.service
        self.bus = bus
        self.prompts = prompts
        self.ops = ops
        self.conflicts: RowTableModel[ConflictRow] = RowTableModel(conflict_columns())
        self.rejected: RowTableModel[RejectedRow] = RowTableModel(rejected_columns())
        self.conflict_table = table_view(self.conflicts)
        self.rejected_table = table_view(self.rejected)
        self.conflict_empty = self._note(_(
            "No conflicts. When the same field is changed on two laptops, the value that "
            "reached the server first shows up here, so that nothing is lost."))
        self.rejected_empty = self._note(_(
            "No rejected changes. Changes the server refuses (invalid, or outside your "
            "territories) wait here with the reason."))
        self.mine = QPushButton(_("Keep mine"))
        self.theirs = QPushButton(_("Keep theirs"))
        self.edit = QPushButton(_("Edit…"))
        self.retry = QPushButton(_("Retry"))
        self.discard = QPushButton(_("Discard"))
        self.mine.clicked.connect(lambda: self._resolve("mine"))
        self.theirs.clicked.connect(lambda: self._resolve("theirs"))
        self.edit.clicked.connect(self._edit)
        self.retry.clicked.connect(self._retry)
        self.discard.clicked.connect(self._discard)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        for heading, table, empty, buttons in (
                (_("Conflicts"), self.conflict_table, self.conflict_empty,
                 (self.mine, self.theirs, self.edit)),
                (_("Rejected changes"), self.rejected_table, self.rejected_empty,
                 (self.retry, self.discard))):
            title = QLabel(heading)
            style.title(title, 14)
            layout.addWidget(title)
            layout.addWidget(empty)
            layout.addWidget(table, 1)
            bar = QHBoxLayout()
            for button in buttons:
                bar.addWidget(button)
            bar.addStretch(1)
            layout.addLayout(bar)
        self.live = LiveUpdates(self, bus, self._shows, self.refresh)
        # Conflicts and refusals are recorded by a sync: it reports when it ends.
        controller.status_changed.connect(self.live.mark)
        self.conflict_table.selectionModel().selectionChanged.connect(lambda *_a: self._enable())
        self.rejected_table.selectionModel().selectionChanged.connect(lambda *_a: self._enable())
        self.refresh(reset=True)

    @staticmethod
    def _note(text: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        style.muted(label)
        return label

    def refresh(self, reset: bool = False) -> None:
        """Re-read both lists; rows change in place unless ``reset``."""
        conflicts, rejected = self.service.conflicts(), self.service.rejected()
        if reset:
            self.conflicts.set_rows(conflicts)
            self.rejected.set_rows(rejected)
        else:
            self.conflicts.update_rows(conflicts)
            self.rejected.update_rows(rejected, key=lambda r: r.seq)
        for model, table, empty in (
                (self.conflicts, self.conflict_table, self.conflict_empty),
                (self.rejected, self.rejected_table, self.rejected_empty)):
            has_rows = model.rowCount() > 0
            empty.setVisible(not has_rows)
            table.setVisible(has_rows)
            if has_rows and selected_row(table) is None:
                table.selectRow(0)
        self._enable()

    def _enable(self) -> None:
        for table, buttons in ((self.conflict_table, (self.mine, self.theirs, self.edit)),
                               (self.rejected_table, (self.retry, self.discard))):
            for button in buttons:
                button.setEnabled(selected_row(table) is not None)

    def _shows(self, changes: Changes) -> bool:
        """A row of either list, or the account a conflict names."""
        if changes.everything or changes.touches("sync_conflicts", "sync_rejected"):
            return True
        accounts = changes.ids("accounts")
        return (any(c.account_id in accounts or c.row_id in changes.ids(c.table_name)
                    for c in (self.conflicts.row_at(n) for n in range(self.conflicts.rowCount())))
                or any(r.row_id in changes.ids(r.table_name)
                       for r in (self.rejected.row_at(n) for n in range(self.rejected.rowCount()))))

    def _conflict(self) -> ConflictRow | None:
        row = selected_row(self.conflict_table)
        return self.conflicts.row_at(row) if row is not None else None

    def _resolve(self, choice: str, value: object = None) -> None:
        conflict = self._conflict()
        if conflict is None:
            return
        service, conflict_id = self.service, conflict.id
        # The resolution is an ordinary edit: its change record schedules a push.
        self.ops.write(lambda: service.resolve(conflict_id, choice, value), parent=self,
                       title=_("Conflict")).success(lambda _c: self.refresh()).run()

    def _edit(self) -> None:
        conflict = self._conflict()
        if conflict is None or conflict.kind != "field":
            self.prompts.error(self, _("Conflict"), _("Only a field's value can be edited."))
            return
        value = self.prompts.text(self, _("Edit {field}").format(
            field=field_label(conflict.field)), _("Now: {a}\nLost: {b}").format(
            a=show_value(conflict.kept_value), b=show_value(conflict.lost_value)))
        if value is not None:
            self._resolve("edit", value.strip())

    def _rejected(self) -> RejectedRow | None:
        row = selected_row(self.rejected_table)
        return self.rejected.row_at(row) if row is not None else None

    def _retry(self) -> None:
        rejected = self._rejected()
        if rejected is not None:
            service, seq = self.service, rejected.seq
            self.ops.write(lambda: service.retry_rejected(seq), parent=self,
                           title=_("Retry")).success(self._requeued).run()

    def _requeued(self, _changes: object) -> None:
        self.refresh()
        self.controller.status_changed.emit()
        self.controller.sync_now()

    def _discard(self) -> None:
        rejected = self._rejected()
        if rejected is None or not self.prompts.confirm(
                self, _("Discard change"),
                _("Discard this change? The server's version of the record comes back at the "
                  "next sync.")):
            return
        service, seq = self.service, rejected.seq
        self.ops.write(lambda: service.discard_rejected(seq), parent=self,
                       title=_("Discard")).success(self._requeued).run()
