"""The PDFs the app hands out, made one way for the window and the command
line: a proposal (branded, with its brochures after its pages) and the sales
contract of an accepted proposal, archived as the exact bytes made."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

from sqlalchemy import func, select

from desktop.documents import clauses as clause_library
from desktop.documents.model import Branding, ContractDoc, contract_from
from desktop.domain import formats, proposal_states
from desktop.domain.schema import Interaction
from desktop.domain.schema.sales import Attachment, Proposal
from desktop.i18n import _
from desktop.services.base import Service
from desktop.services.materials import MaterialsService
from desktop.services.proposals import ProposalService
from desktop.services.validation import ValidationError
from desktop.store.changes import Changes

# A contract's terms: the proposal's own (without its validity) and these.
CONTRACT_CLAUSES = ("term", "renewal-auto", "warranty", "liability", "confidentiality")


class DocumentService(Service):
    def __init__(self, proposals: ProposalService, materials: MaterialsService,
                 branding: Callable[[], Branding] = Branding) -> None:
        super().__init__(proposals.store, session=proposals.session)
        self.proposals, self.materials = proposals, materials
        self.branding = branding  # read at each PDF: a changed setting applies at once

    def proposal_pdf(self, proposal_id: uuid.UUID) -> bytes:
        from desktop.documents.proposal_pdf import render

        pdf = render(self.proposals.document(proposal_id), self.branding())
        return self.materials.with_brochures(proposal_id, pdf)

    def contract(self, proposal_id: uuid.UUID, effective: date | None = None) -> ContractDoc:
        """The contract of an accepted proposal, numbered after it (AR1F2C-0007-C2
        for revision 2)."""
        with self.store.unit_of_work() as uow:
            proposal = self._get(uow.session, Proposal, proposal_id)
            if proposal.status != proposal_states.ACCEPTED:
                raise ValidationError({"status": _(
                    "A contract is made from an accepted proposal.")})
            keys = [k for k in proposal.clauses if k != "validity"]
        keys += [k for k in CONTRACT_CLAUSES if k not in keys]
        doc = self.proposals.document(proposal_id)
        terms = clause_library.fill(keys, payment_days=30, currency=doc.currency,
                                    term_months=12, renewal_months=12, notice_days=60,
                                    valid_until=formats.day(doc.valid_until))
        return contract_from(doc, number=f"{doc.number}-C{doc.revision}",
                             effective=effective or self.clock().date(), clauses=terms)

    def contract_pdf(self, proposal_id: uuid.UUID, effective: date | None = None) -> bytes:
        from desktop.documents.contract_pdf import render

        return render(self.contract(proposal_id, effective), self.branding())

    def archive_contract(self, proposal_id: uuid.UUID, pdf: bytes) -> Changes:
        """Keep the exact contract PDF on the proposal (kind "contract") and log it."""
        doc = self.contract(proposal_id)
        sha = self.store.blobs.put(pdf)
        with self.store.unit_of_work() as uow:
            proposal = self._get(uow.session, Proposal, proposal_id)
            same = uow.session.execute(select(func.count()).select_from(Attachment).where(
                Attachment.record_id == proposal.id, Attachment.kind == "contract",
                Attachment.sha256 == sha, Attachment.deleted_at.is_(None))).scalar_one()
            if not same:
                uow.session.add(self._new(
                    Attachment, account_id=proposal.account_id, record_table="proposals",
                    record_id=proposal.id, kind="contract", file_name=f"{doc.number}.pdf",
                    sha256=sha, size=len(pdf)))
                uow.session.add(self._new(
                    Interaction, account_id=proposal.account_id,
                    contact_id=proposal.contact_id, author_id=self.user_id, channel="note",
                    direction="out", occurred_at=self.clock(),
                    subject=_("Sales contract {number}").format(number=doc.number),
                    notes=_("Made from proposal {ref}; the PDF is archived.").format(
                        ref=doc.proposal_reference)))
            return uow.commit()
