"""Preview a proposal's PDF, print it, save it, and mark it as sent.

The bytes shown are the bytes printed, saved and archived: the PDF is made
once when the dialog opens (on the worker) and kept.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _, ngettext
from desktop.services.container import Services
from desktop.services.validation import ValidationError
from ui import style
from ui.change_bus import ChangeBus
from ui.prompts import Prompts
from ui.tasks import TaskRunner


class ProposalPreview(QDialog):
    def __init__(self, services: Services, bus: ChangeBus, prompts: Prompts, tasks: TaskRunner,
                 proposal_id: uuid.UUID, parent: QWidget | None = None) -> None:
        from PySide6.QtPdfWidgets import QPdfView

        super().__init__(parent)
        self.services, self.bus, self.prompts = services, bus, prompts
        self.proposal_id = proposal_id
        self.pdf: bytes | None = None
        self.setWindowTitle(_("Proposal preview"))
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.status = QLabel(_("Making the PDF…"))
        style.muted(self.status)
        self.print_button = QPushButton(_("Print…"))
        self.save_button = QPushButton(_("Save PDF…"))
        self.sent_button = QPushButton(_("Mark as sent"))
        style.primary(self.sent_button)
        for button in (self.print_button, self.save_button, self.sent_button):
            button.setEnabled(False)
        self.print_button.clicked.connect(self.print_dialog)
        self.save_button.clicked.connect(self.save_dialog)
        self.sent_button.clicked.connect(self.mark_sent)
        bar = QHBoxLayout()
        bar.addWidget(self.status, 1)
        for button in (self.save_button, self.print_button, self.sent_button):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(bar)
        self.resize(860, 900)
        tasks.run(lambda _report: self._render(), self._show, self._failed)

    def _render(self) -> bytes:
        """Branded, with the proposal's brochures after its pages."""
        return self.services.documents.proposal_pdf(self.proposal_id)

    def _reference(self) -> str:
        return self.services.proposals.document(self.proposal_id).reference

    def _show(self, pdf: object) -> None:
        from ui.printing import load_pdf

        assert isinstance(pdf, bytes)
        self.pdf = pdf
        self.document = load_pdf(pdf, self)
        self.view.setDocument(self.document)
        from ui.views.proposals_view import STATUS

        pages = self.document.pageCount()
        self.status.setText(" · ".join((
            self._reference(), ngettext("{n} page", "{n} pages", pages).format(n=pages),
            STATUS.get(self._status(), self._status()))))
        self.print_button.setEnabled(True)
        self.save_button.setEnabled(True)
        self.sent_button.setEnabled(self._can_mark())

    def _can_mark(self) -> bool:
        return self._status() == "draft"

    def _status(self) -> str:
        rows = {r.id: r for r in self.services.proposals.rows()}
        return rows[self.proposal_id].status if self.proposal_id in rows else ""

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(_("The PDF could not be made: {error}").format(error=exc))

    def print_to(self, printer: object) -> int:
        from ui.printing import print_pdf

        return print_pdf(self.document, printer)  # type: ignore[arg-type]

    def print_dialog(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                pages = self.print_to(printer)
            except OSError as exc:
                self.prompts.error(self, _("Print"), str(exc))
                return
            self.status.setText(_("Sent {n} pages to the printer.").format(n=pages))

    def save_dialog(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(self, _("Save PDF"), "", "PDF (*.pdf)")
        if name and self.pdf is not None:
            Path(name).write_bytes(self.pdf)

    def mark_sent(self) -> None:
        if self.pdf is None:
            return
        try:
            changes = self.services.proposals.mark_sent(self.proposal_id, self.pdf)
        except ValidationError as exc:
            self.prompts.error(self, _("Mark as sent"), " ".join(exc.errors.values()))
            return
        self.bus.publish(changes, self)
        self.sent_button.setEnabled(False)
        self.status.setText(_("Sent and archived. Changes now need a new revision."))


class ContractPreview(ProposalPreview):
    """The sales contract of an accepted proposal: the same preview, print and
    save; "Archive contract" keeps the exact bytes shown on the proposal."""

    def __init__(self, services: Services, bus: ChangeBus, prompts: Prompts, tasks: TaskRunner,
                 proposal_id: uuid.UUID, parent: QWidget | None = None) -> None:
        super().__init__(services, bus, prompts, tasks, proposal_id, parent)
        self.setWindowTitle(_("Sales contract"))
        self.sent_button.setText(_("Archive contract"))

    def _render(self) -> bytes:
        return self.services.documents.contract_pdf(self.proposal_id)

    def _reference(self) -> str:
        return self.services.documents.contract(self.proposal_id).number

    def _can_mark(self) -> bool:
        return self._status() == "accepted"

    def mark_sent(self) -> None:
        if self.pdf is None:
            return
        try:
            changes = self.services.documents.archive_contract(self.proposal_id, self.pdf)
        except ValidationError as exc:
            self.prompts.error(self, _("Archive contract"), str(exc))
            return
        self.bus.publish(changes, self)
        self.sent_button.setEnabled(False)
        self.status.setText(_("Contract archived with the proposal, exactly as shown."))
