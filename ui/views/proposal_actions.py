"""What can be done with a proposal, shared by the Proposals view and the
editor: preview, new revision, accept, decline, expire, make the contract,
make the order (which a state allows: ``desktop.domain.proposal_states``).
Refusals (a frozen revision, a missing approval) are shown as the service
words them."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QWidget

from desktop.i18n import _
from desktop.services.base import Saved
from desktop.services.container import Services
from desktop.store.changes import Changes
from ui.change_bus import ChangeBus
from ui.operations import Operations
from ui.prompts import Prompts
from ui.tasks import TaskRunner

T = TypeVar("T")


class ProposalActions:
    def __init__(self, services: Services, bus: ChangeBus, prompts: Prompts, tasks: TaskRunner,
                 parent: QWidget, order_made: Callable[[uuid.UUID], None] | None = None,
                 ops: Operations | None = None) -> None:
        self.services, self.bus, self.prompts, self.tasks = services, bus, prompts, tasks
        self.ops = ops or Operations(services.store, bus, prompts, tasks)
        self.parent = parent
        self.order_made = order_made
        self.dialog: QWidget | None = None  # the last preview opened (tests drive it)

    def _run(self, title: str, work: Callable[[], T],
             done: Callable[[T], None] | None = None) -> None:
        """``work`` as a write; a refusal is shown as the service words it."""
        operation = self.ops.write(work, parent=self.parent, title=title)
        if done is not None:
            operation.success(done)
        operation.run()

    def preview(self, proposal_id: uuid.UUID) -> QWidget:
        from ui.dialogs.proposal_preview import ProposalPreview

        self.dialog = ProposalPreview(self.services, self.bus, self.prompts, self.tasks,
                                      proposal_id, self.parent, ops=self.ops)
        self.dialog.open()
        return self.dialog

    def contract(self, proposal_id: uuid.UUID) -> QWidget:
        from ui.dialogs.proposal_preview import ContractPreview

        self.dialog = ContractPreview(self.services, self.bus, self.prompts, self.tasks,
                                      proposal_id, self.parent, ops=self.ops)
        self.dialog.open()
        return self.dialog

    def accept(self, proposal_id: uuid.UUID, done: Callable[[], None] | None = None) -> None:
        self._run(_("Accept"), lambda: self.services.orders.accept(proposal_id), _then(done))

    def decline(self, proposal_id: uuid.UUID, done: Callable[[], None] | None = None) -> None:
        self._run(_("Decline"), lambda: self.services.proposal_edit.decline(proposal_id),
                  _then(done))

    def expire(self, proposal_id: uuid.UUID, done: Callable[[], None] | None = None) -> None:
        self._run(_("Expire"), lambda: self.services.proposal_edit.expire(proposal_id),
                  _then(done))

    def revise(self, proposal_id: uuid.UUID,
               done: Callable[[uuid.UUID], None] | None = None) -> None:
        """A new draft revision; ``done`` gets its id."""
        def made(saved: Saved) -> None:
            if done is not None:
                done(saved.id)

        self._run(_("New revision"), lambda: self.services.proposals.revise(proposal_id), made)

    def make_order(self, proposal_id: uuid.UUID,
                   done: Callable[[uuid.UUID], None] | None = None) -> None:
        """The order from an accepted proposal; the window then shows it."""
        def made(saved: Saved) -> None:
            if self.order_made is not None:
                self.order_made(saved.id)
            if done is not None:
                done(saved.id)

        self._run(_("Make order"), lambda: self.services.orders.from_proposal(proposal_id), made)


def _then(done: Callable[[], None] | None) -> Callable[[Changes], None] | None:
    return None if done is None else (lambda _changes: done())
