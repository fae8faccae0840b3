"""All proposals: number, revision, status, account; open one to preview,
print or mark it sent."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.i18n import _, ngettext
from desktop.services.container import Services
from desktop.services.proposals import ProposalRow
from desktop.store.changes import Changes
from ui import style
from ui.change_bus import ChangeBus
from ui.models.row_table import Column, RowTableModel
from ui.prompts import Prompts
from ui.tasks import TaskRunner
from ui.views.account_people import selected_row, table_view

STATUS = {"draft": _("Draft"), "sent": _("Sent"), "accepted": _("Accepted"),
          "declined": _("Declined"), "expired": _("Expired")}


def proposal_columns() -> list[Column[ProposalRow]]:
    return [
        Column(_("Number"), lambda r: f"{r.number} rev {r.revision}"),
        Column(_("Account"), lambda r: r.account),
        Column(_("Status"), lambda r: STATUS.get(r.status, r.status)),
        Column(_("Issued"), lambda r: r.issued_on),
        Column(_("Valid until"), lambda r: r.valid_until),
    ]


class ProposalsView(QWidget):
    def __init__(self, services: Services, bus: ChangeBus, prompts: Prompts, tasks: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.bus, self.prompts, self.tasks = services, bus, prompts, tasks
        self.model: RowTableModel[ProposalRow] = RowTableModel(proposal_columns())
        self.view = table_view(self.model)
        self.view.doubleClicked.connect(lambda _index: self.preview())
        self.preview_button = QPushButton(_("Preview and print…"))
        self.preview_button.clicked.connect(self.preview)
        title = QLabel(_("Proposals"))
        style.title(title)
        self.summary = QLabel()
        style.muted(self.summary)
        bar = QHBoxLayout()
        bar.addWidget(self.preview_button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addWidget(title)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addLayout(bar)
        self.dialog: QWidget | None = None
        bus.changed.connect(self._on_changes)
        self.refresh()

    def refresh(self) -> None:
        rows = self.services.proposals.rows()
        self.model.set_rows(rows)
        self.summary.setText(ngettext("{n:,} proposal", "{n:,} proposals", len(rows)).format(
            n=len(rows)) if rows else _(
            "No proposals yet. Demo data includes some in every status."))
        self.preview_button.setEnabled(bool(rows))
        if rows and selected_row(self.view) is None:
            self.view.selectRow(0)

    def _on_changes(self, changes: Changes, _initiator: object) -> None:
        if changes.touches("proposals", "proposal_lines", "accounts"):
            self.refresh()

    def preview(self) -> None:
        from ui.dialogs.proposal_preview import ProposalPreview

        row = selected_row(self.view)
        if row is None:
            return
        self.dialog = ProposalPreview(self.services, self.bus, self.prompts, self.tasks,
                                      self.model.row_at(row).id, self)
        self.dialog.open()
