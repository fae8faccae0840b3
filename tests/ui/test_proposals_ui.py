"""Proposals in the window: the list, the PDF preview, printing, marking sent."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from desktop.store.changes import Changes
from tests.desktop.test_proposals import _setup
from tests.ui.clicks import click, show_view, shown, written
from ui.main_window import PROPOSALS_ROW


def test_preview_print_and_mark_sent(make_app: Any, qtbot: Any, tmp_path: Path,
                                     qtmodeltester: Any) -> None:
    from PySide6.QtPrintSupport import QPrinter

    app = make_app()
    services = app.services

    def book() -> None:
        account, wrap = _setup(services)
        proposal = services.proposals.create(account).id
        for quantity in range(1, 40):
            services.proposals.add_line(proposal, {"product_id": wrap, "quantity": quantity})

    written(app, book)
    app.bus.publish(Changes.reset())
    shown(app, qtbot, active=False)
    window = app.window
    view = show_view(qtbot, window, PROPOSALS_ROW)
    assert view is window.proposals
    qtmodeltester.check(view.model)
    row = [view.model.index(0, c).data() for c in range(view.model.columnCount())]
    assert row[1:3] == ["Ωmega Ζήτα Бюро", "Draft"] and row[0].endswith("rev 1")

    click(qtbot, view.preview_button)  # the test runner makes the PDF at once
    dialog = view.dialog
    assert dialog is not None and dialog.pdf is not None
    pages = len(PdfReader(io.BytesIO(dialog.pdf)).pages)
    assert f"{pages} pages · Draft" in dialog.status.text() and pages >= 2

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert dialog.print_to(printer) == pages  # what the print dialog's OK does
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == pages

    click(qtbot, dialog.sent_button)
    sha = services.store.reads().execute("SELECT sha256 FROM attachments").fetchone()[0]
    assert sha == hashlib.sha256(dialog.pdf).hexdigest()  # the archived bytes are the shown ones
    assert not dialog.sent_button.isEnabled()
    assert view.model.index(0, 2).data() == "Sent"


def test_new_proposal_button_opens_the_dialog(make_app: Any, qtbot: Any) -> None:
    """The button's clicked(bool) must not arrive as the account (it did: a dead button)."""
    app = make_app()
    written(app, lambda: _setup(app.services))
    app.bus.publish(Changes.reset())
    shown(app, qtbot, active=False)
    view = show_view(qtbot, app.window, PROPOSALS_ROW)
    click(qtbot, view.buttons["new"])
    dialog = view.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.account.isEnabled()  # no account given: the rep picks one
