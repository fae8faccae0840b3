"""Send an order's status to the customer: as email text (copied) or as a PDF.

Either way the sending is logged in the order's history as a write; a PDF is
previewed first and the exact bytes shown are archived with the order.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from desktop.i18n import _
from desktop.services.container import Services
from desktop.store.changes import Changes
from ui.operations import Operations, explain
from ui.prompts import Prompts
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from ui.dialogs.pdf_preview import PdfPreview


class Sent(NamedTuple):
    """A status update sent: its text, and what logging it changed."""

    text: str
    changes: Changes


class StatusSender:
    """Sends from ``parent`` (the orders view); ``done(text)`` follows a logged send."""

    def __init__(self, services: Services, ops: Operations, prompts: Prompts,
                 tasks: TaskRunner, parent: QWidget) -> None:
        self.services, self.ops, self.prompts = services, ops, prompts
        self.tasks, self.parent = tasks, parent

    def as_text(self, order_id: uuid.UUID, done: Callable[[str], None]) -> None:
        """The update as email text: copied for the rep's mail program, and logged."""
        shipping = self.services.shipping

        def copied(sent: Sent) -> None:
            QGuiApplication.clipboard().setText(sent.text)
            done(sent.text)

        self.ops.write(lambda: Sent(*shipping.send_status(order_id)), parent=self.parent,
                       title=_("Send status")).success(copied).run()

    def as_pdf(self, order_id: uuid.UUID, done: Callable[[str], None]) -> PdfPreview:
        """The update as a PDF: the preview (not yet open); sending archives the
        exact bytes shown."""
        from desktop.documents.order_status_pdf import render
        from ui.dialogs.pdf_preview import PdfPreview  # noqa: F811 - QtPdf loads on use

        doc = self.services.shipping.status_document(order_id)
        branding = self.services.branding  # read here: the worker only renders
        shipping = self.services.shipping
        preview: list[PdfPreview] = []

        def send(pdf: bytes) -> str | None:
            """Logs and archives as a write. The preview shows the outcome; a refusal
            says why and gives the button back."""
            outcome: list[str | None] = []

            def sent(result: Sent) -> None:
                done(result.text)
                outcome.append(_("Logged in the history; the PDF is archived with the order."))
                preview[0].status.setText(outcome[-1] or "")

            def refused(exc: BaseException) -> None:
                outcome.append(None)
                preview[0].status.setText(explain(exc))
                preview[0].accept_button.setEnabled(True)

            self.ops.write(lambda: Sent(*shipping.send_status(order_id, pdf)),
                           parent=preview[0]).success(sent).failure(refused).run()
            return outcome[0] if outcome else _("Sending…")  # done at once, or later

        preview.append(PdfPreview(_("Order status {n}").format(n=doc.number),
                                  f"{doc.number} status.pdf", lambda: render(doc, branding),
                                  self.prompts, self.tasks, self.parent,
                                  accept_text=_("Mark as sent"), on_accept=send))
        return preview[0]
