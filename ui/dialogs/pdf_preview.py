"""Preview any PDF Fieldbook makes (proposals, contracts, the order status, the
shipping schedule, the itinerary), print it through the system dialog page by
page, or save it. The bytes are made once on the worker: what is shown is what
prints and what is saved."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize
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
from ui import style
from ui.prompts import Prompts
from ui.tasks import TaskRunner
from ui.widgets.screen_fit import fit_to_screen


class PdfPreview(QDialog):
    def __init__(self, title: str, file_name: str, make: Callable[[], bytes], prompts: Prompts,
                 tasks: TaskRunner, parent: QWidget | None = None,
                 accept_text: str = "",
                 on_accept: Callable[[bytes], str | None] | None = None) -> None:
        from PySide6.QtPdfWidgets import QPdfView

        super().__init__(parent)
        self.prompts, self.file_name, self.on_accept = prompts, file_name, on_accept
        self.pdf: bytes | None = None
        self.setWindowTitle(title)
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.status = QLabel(_("Making the PDF…"))
        style.muted(self.status)
        self.print_button = QPushButton(_("Print…"))
        self.save_button = QPushButton(_("Save PDF…"))
        self.accept_button = QPushButton(accept_text)
        style.primary(self.accept_button)
        self.accept_button.setVisible(on_accept is not None)
        for button in (self.print_button, self.save_button, self.accept_button):
            button.setEnabled(False)
        self.print_button.clicked.connect(lambda: self.print_dialog())
        self.save_button.clicked.connect(lambda: self.save_dialog())
        self.accept_button.clicked.connect(lambda: self.run_accept())
        bar = QHBoxLayout()
        bar.addWidget(self.status, 1)
        for button in (self.save_button, self.print_button, self.accept_button):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(bar)
        fit_to_screen(self, QSize(900, 760))  # a page and a half, where the screen allows
        tasks.run(lambda _report: make(), self._show, self._failed)

    def _show(self, pdf: object) -> None:
        from ui.printing import load_pdf

        assert isinstance(pdf, bytes)
        self.pdf = pdf
        self.document = load_pdf(pdf, self)
        self.view.setDocument(self.document)
        pages = self.document.pageCount()
        self.status.setText(ngettext("{n} page", "{n} pages", pages).format(n=pages))
        for button in (self.print_button, self.save_button, self.accept_button):
            button.setEnabled(True)

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
        name, _filter = QFileDialog.getSaveFileName(self, _("Save PDF"), self.file_name,
                                                    "PDF (*.pdf)")
        if name and self.pdf is not None:
            Path(name).write_bytes(self.pdf)

    def run_accept(self) -> None:
        """The dialog's own action with the exact bytes shown (send and log).

        ``on_accept`` answers what to show when done, or None when it refused
        (it has said why), which leaves the button for another try.
        """
        if self.pdf is None or self.on_accept is None:
            return
        done = self.on_accept(self.pdf)
        if done is not None:
            self.status.setText(done)
            self.accept_button.setEnabled(False)
