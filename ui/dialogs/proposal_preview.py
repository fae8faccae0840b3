"""Preview a proposal's PDF, print it, save it, and mark it as sent; the same
for the sales contract of an accepted proposal.

The bytes shown are the bytes printed, saved and archived: the PDF is made
once when the dialog opens (on the worker) and kept. Printing and saving are
the generic preview's (`ui/dialogs/pdf_preview.py`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtWidgets import QPushButton, QWidget

from desktop.domain import proposal_states
from desktop.i18n import _, ngettext
from desktop.services.container import Services
from desktop.services.validation import ValidationError
from ui.change_bus import ChangeBus
from ui.dialogs.pdf_preview import PdfPreview
from ui.operations import Operations, explain
from ui.prompts import Prompts
from ui.tasks import TaskRunner


class ProposalPreview(PdfPreview):
    def __init__(self, services: Services, bus: ChangeBus, prompts: Prompts, tasks: TaskRunner,
                 proposal_id: uuid.UUID, parent: QWidget | None = None, *,
                 ops: Operations) -> None:
        # Set before the base class asks for the PDF: an immediate runner makes it at once.
        self.services, self.bus, self.proposal_id, self.ops = services, bus, proposal_id, ops
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
        """Store the exact bytes shown (an operation on the writer): the status line
        says when it is done; a refusal says why and gives the button back."""
        outcome: list[str | None] = []

        def done(_changes: object) -> None:
            outcome.append(self._archived_text())
            self.status.setText(outcome[-1] or "")
            self.accept_button.setEnabled(False)

        def refused(exc: BaseException) -> None:
            outcome.append(None)
            self.prompts.error(self, self._accept_text(), explain(exc))
            self.accept_button.setEnabled(True)

        self.ops.write(self._archive_job(pdf), parent=self).success(done) \
            .failure(refused).run()
        return outcome[0] if outcome else _("Saving…")  # done at once, or later

    def _archive_job(self, pdf: bytes) -> Callable[[], object]:
        proposals, proposal_id = self.services.proposals, self.proposal_id
        return lambda: proposals.mark_sent(proposal_id, pdf)

    def _archived_text(self) -> str:
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

    def _archive_job(self, pdf: bytes) -> Callable[[], object]:
        documents, proposal_id = self.services.documents, self.proposal_id
        return lambda: documents.archive_contract(proposal_id, pdf)

    def _archived_text(self) -> str:
        return _("Contract archived with the proposal, exactly as shown.")
