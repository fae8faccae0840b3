"""Preview a proposal's PDF, print it, save it, and mark it as sent; the same
for the sales contract of an accepted proposal.

The bytes shown are the bytes printed, saved and archived: the PDF is made
once when the dialog opens (on the worker) and kept. Printing and saving are
the generic preview's (`ui/dialogs/pdf_preview.py`).
"""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QPushButton, QWidget

from desktop.domain import proposal_states
from desktop.i18n import _, ngettext
from desktop.services.container import Services
from desktop.services.validation import ValidationError
from ui.change_bus import ChangeBus
from ui.dialogs.pdf_preview import PdfPreview
from ui.prompts import Prompts
from ui.tasks import TaskRunner


class ProposalPreview(PdfPreview):
    def __init__(self, services: Services, bus: ChangeBus, prompts: Prompts, tasks: TaskRunner,
                 proposal_id: uuid.UUID, parent: QWidget | None = None) -> None:
        # Set before the base class asks for the PDF: an immediate runner makes it at once.
        self.services, self.bus, self.proposal_id = services, bus, proposal_id
        try:
            self.reference = self._reference()
        except ValidationError:
            self.reference = ""  # making the PDF fails the same way and says why
        super().__init__(self._title(), f"{self.reference or 'proposal'}.pdf", self._render,
                         prompts, tasks, parent, accept_text=self._accept_text(),
                         on_accept=self._archive)

    @property
    def sent_button(self) -> QPushButton:
        """"Mark as sent" (or "Archive contract"): the preview's own action."""
        return self.accept_button

    def _title(self) -> str:
        return _("Proposal preview")

    def _accept_text(self) -> str:
        return _("Mark as sent")

    def _render(self) -> bytes:
        """Branded, with the proposal's brochures after its pages."""
        return self.services.documents.proposal_pdf(self.proposal_id)

    def _reference(self) -> str:
        return self.services.proposals.document(self.proposal_id).reference

    def _can_mark(self) -> bool:
        return self._status() == proposal_states.DRAFT

    def _status(self) -> str:
        rows = {r.id: r for r in self.services.proposals.rows()}
        return rows[self.proposal_id].status if self.proposal_id in rows else ""

    def _show(self, pdf: object) -> None:
        super()._show(pdf)
        pages = self.document.pageCount()
        status = self._status()
        self.status.setText(" · ".join((
            self.reference, ngettext("{n} page", "{n} pages", pages).format(n=pages),
            proposal_states.label(status))))
        self.accept_button.setEnabled(self._can_mark())

    def mark_sent(self) -> None:
        self.run_accept()

    def _archive(self, pdf: bytes) -> str | None:
        try:
            changes = self.services.proposals.mark_sent(self.proposal_id, pdf)
        except ValidationError as exc:
            self.prompts.error(self, _("Mark as sent"), " ".join(exc.errors.values()))
            return None
        self.bus.publish(changes, self)
        return _("Sent and archived. Changes now need a new revision.")


class ContractPreview(ProposalPreview):
    """The sales contract of an accepted proposal: the same preview, print and
    save; "Archive contract" keeps the exact bytes shown on the proposal."""

    def _title(self) -> str:
        return _("Sales contract")

    def _accept_text(self) -> str:
        return _("Archive contract")

    def _render(self) -> bytes:
        return self.services.documents.contract_pdf(self.proposal_id)

    def _reference(self) -> str:
        return self.services.documents.contract(self.proposal_id).number

    def _can_mark(self) -> bool:
        return self._status() == proposal_states.ACCEPTED

    def _archive(self, pdf: bytes) -> str | None:
        try:
            changes = self.services.documents.archive_contract(self.proposal_id, pdf)
        except ValidationError as exc:
            self.prompts.error(self, _("Archive contract"), str(exc))
            return None
        self.bus.publish(changes, self)
        return _("Contract archived with the proposal, exactly as shown.")
