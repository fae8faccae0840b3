"""What can be done with a proposal, shared by the Proposals view and the
editor: preview, new revision, accept, decline, expire, make the contract,
make the order. Refusals (a frozen revision, a missing approval) are shown
as the service words them."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from desktop.i18n import _
from desktop.services.base import NotFound
from desktop.services.container import Services
from desktop.services.validation import ValidationError
from desktop.store.changes import Changes
from ui.change_bus import ChangeBus
from ui.prompts import Prompts
from ui.tasks import TaskRunner

# Which actions a status allows (the buttons are enabled from this).
ALLOWED = {
    "draft": {"edit", "preview"},
    "sent": {"preview", "revise", "accept", "decline", "expire"},
    "accepted": {"preview", "contract", "order", "revise"},
    "declined": {"preview", "revise"},
    "expired": {"preview", "revise"},
}


class ProposalActions:
    def __init__(self, services: Services, bus: ChangeBus, prompts: Prompts, tasks: TaskRunner,
                 parent: QWidget, order_made: Callable[[uuid.UUID], None] | None = None) -> None:
        self.services, self.bus, self.prompts, self.tasks = services, bus, prompts, tasks
        self.parent = parent
        self.order_made = order_made
        self.dialog: QWidget | None = None  # the last preview opened (tests drive it)

    def _run(self, title: str, work: Callable[[], Changes]) -> bool:
        try:
            changes = work()
        except (ValidationError, NotFound) as exc:
            message = " ".join(exc.errors.values()) if isinstance(exc, ValidationError) \
                else str(exc)
            self.prompts.error(self.parent, title, message)
            return False
        self.bus.publish(changes, self.parent)
        return True

    def preview(self, proposal_id: uuid.UUID) -> QWidget:
        from ui.dialogs.proposal_preview import ProposalPreview

        self.dialog = ProposalPreview(self.services, self.bus, self.prompts, self.tasks,
                                      proposal_id, self.parent)
        self.dialog.open()
        return self.dialog

    def contract(self, proposal_id: uuid.UUID) -> QWidget:
        from ui.dialogs.proposal_preview import ContractPreview

        self.dialog = ContractPreview(self.services, self.bus, self.prompts, self.tasks,
                                      proposal_id, self.parent)
        self.dialog.open()
        return self.dialog

    def accept(self, proposal_id: uuid.UUID) -> bool:
        return self._run(_("Accept"), lambda: self.services.orders.accept(proposal_id))

    def decline(self, proposal_id: uuid.UUID) -> bool:
        return self._run(_("Decline"), lambda: self.services.proposal_edit.decline(proposal_id))

    def expire(self, proposal_id: uuid.UUID) -> bool:
        return self._run(_("Expire"), lambda: self.services.proposal_edit.expire(proposal_id))

    def revise(self, proposal_id: uuid.UUID) -> uuid.UUID | None:
        made: list[uuid.UUID] = []

        def work() -> Changes:
            saved = self.services.proposals.revise(proposal_id)
            made.append(saved.id)
            return saved.changes

        return made[0] if self._run(_("New revision"), work) else None

    def make_order(self, proposal_id: uuid.UUID) -> uuid.UUID | None:
        made: list[uuid.UUID] = []

        def work() -> Changes:
            saved = self.services.orders.from_proposal(proposal_id)
            made.append(saved.id)
            return saved.changes

        if not self._run(_("Make order"), work):
            return None
        if self.order_made is not None:
            self.order_made(made[0])
        return made[0]
