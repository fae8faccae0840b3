"""Proposals in the window: the list, the PDF preview, printing, marking sent."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from tests.desktop.test_proposals import _setup


def test_preview_print_and_mark_sent(make_app: Any, tmp_path: Path, qtmodeltester: Any) -> None:
    from PySide6.QtPrintSupport import QPrinter

    app = make_app()
    services = app.services
    account, wrap = _setup(services)
    proposal = services.proposals.create(account).id
    for quantity in range(1, 40):
        services.proposals.add_line(proposal, {"product_id": wrap, "quantity": quantity})
    window = app.window
    window.sidebar.setCurrentRow(2)
    view = window.proposals
    assert window.stack.currentWidget() is view
    qtmodeltester.check(view.model)
    row = [view.model.index(0, c).data() for c in range(view.model.columnCount())]
    assert row[1:3] == ["Ωmega Ζήτα Бюро", "Draft"] and row[0].endswith("rev 1")

    view.preview()  # the test runner makes the PDF at once
    dialog = view.dialog
    assert dialog is not None and dialog.pdf is not None
    pages = len(PdfReader(io.BytesIO(dialog.pdf)).pages)
    assert f"{pages} pages · Draft" in dialog.status.text() and pages >= 2

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert dialog.print_to(printer) == pages
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == pages

    dialog.mark_sent()
    sha = services.store.reads().execute("SELECT sha256 FROM attachments").fetchone()[0]
    assert sha == hashlib.sha256(dialog.pdf).hexdigest()  # the archived bytes are the shown ones
    assert not dialog.sent_button.isEnabled()
    assert view.model.index(0, 2).data() == "Sent"
