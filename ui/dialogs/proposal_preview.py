"""Preview a proposal's PDF, print it, save it, and mark it as sent.

The bytes shown are the bytes printed, saved and archived: the PDF is made
once when the dialog opens (on the worker) and kept (see ``PdfPreview``).
"""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QPushButton, QWidget

from desktop.i18n import _, ngettext
from desktop.services.container import Services
from desktop.services.validation import ValidationError
from ui import style
from ui.change_bus import ChangeBus
from ui.dialogs.pdf_preview import PdfPreview
from ui.prompts import Prompts
from ui.tasks import TaskRunner


class ProposalPreview(PdfPreview):
    def __init__(self, services: Services, bus: ChangeBus, prompts: Prompts, tasks: TaskRunner,
                 proposal_id: uuid.UUID, parent: QWidget | None = None) -> None:
        self.services, self.bus = services, bus
        self.proposal_id = proposal_id
        self.sent_button = QPushButton(_("Mark as sent"))
        style.primary(self.sent_button)
        self.sent_button.setEnabled(False)
        self.sent_button.clicked.connect(self.mark_sent)
        super().__init__(_("Proposal preview"), self._render, prompts, tasks,
                         "proposal.pdf", parent)
        self.bar.addWidget(self.sent_button)

    def _render(self) -> bytes:
        from desktop.documents.proposal_pdf import render

        return render(self.services.proposals.document(self.proposal_id))

    def _show(self, pdf: object) -> None:
        from ui.views.proposals_view import STATUS

        super()._show(pdf)
        doc = self.services.proposals.document(self.proposal_id)
        self.file_name = f"{doc.reference}.pdf"
        pages = self.document.pageCount()
        self.status.setText(" · ".join((
            doc.reference, ngettext("{n} page", "{n} pages", pages).format(n=pages),
            STATUS.get(self._status(), self._status()))))
        self.sent_button.setEnabled(self._status() == "draft")

    def _status(self) -> str:
        rows = {r.id: r for r in self.services.proposals.rows()}
        return rows[self.proposal_id].status if self.proposal_id in rows else ""

    def mark_sent(self) -> None:
        if self.pdf is None:
            return
        try:
            changes = self.services.proposals.mark_sent(self.proposal_id, self.pdf)
        except ValidationError as exc:
            self.prompts.error(self, _("Mark as sent"), str(exc))
            return
        self.bus.publish(changes, self)
        self.sent_button.setEnabled(False)
        self.status.setText(_("Sent and archived. Changes now need a new revision."))
