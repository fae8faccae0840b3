"""Preview any PDF the app makes, print it page by page, save it.

The PDF is made once on the worker when the dialog opens and kept: the bytes
shown are the bytes printed and saved. The proposal preview adds "Mark as
sent" on top of this; the itinerary uses it as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.i18n import _, ngettext
from ui import style
from ui.prompts import Prompts
from ui.tasks import TaskRunner


class PdfPreview(QDialog):
    def __init__(self, title: str, render: Callable[[], bytes], prompts: Prompts,
                 tasks: TaskRunner, file_name: str = "document.pdf",
                 parent: QWidget | None = None) -> None:
        from PySide6.QtPdfWidgets import QPdfView

        super().__init__(parent)
        self.prompts = prompts
        self.file_name = file_name
        self.pdf: bytes | None = None
        self.setWindowTitle(title)
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.status = QLabel(_("Making the PDF…"))
        style.muted(self.status)
        self.print_button = QPushButton(_("Print…"))
        self.save_button = QPushButton(_("Save PDF…"))
        for button in (self.print_button, self.save_button):
            button.setEnabled(False)
        self.print_button.clicked.connect(self.print_dialog)
        self.save_button.clicked.connect(self.save_dialog)
        self.bar = QHBoxLayout()
        self.bar.addWidget(self.status, 1)
        self.bar.addWidget(self.save_button)
        self.bar.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(self.bar)
        self.resize(860, 900)
        tasks.run(lambda _report: render(), self._show, self._failed)

    def _show(self, pdf: object) -> None:
        from ui.printing import load_pdf

        assert isinstance(pdf, bytes)
        self.pdf = pdf
        self.document = load_pdf(pdf, self)
        self.view.setDocument(self.document)
        pages = self.document.pageCount()
        self.status.setText(ngettext("{n} page", "{n} pages", pages).format(n=pages))
        self.print_button.setEnabled(True)
        self.save_button.setEnabled(True)

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
        path = self.prompts.save_file(self, _("Save PDF"), self.file_name, "PDF (*.pdf)")
        if path is not None and self.pdf is not None:
            Path(path).write_bytes(self.pdf)
