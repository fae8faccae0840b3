"""The proposal editor's "Line items" tab: the lines with their totals, the
form of the selected line, and the buttons that move and remove lines.

Selecting another line applies what was typed into the one shown first: that
line stays selected meanwhile, and if its edits are refused it stays with its
messages and everything typed."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.services.container import Services
from ui.models.proposal_lines import ProposalLinesModel
from ui.operations import Operations
from ui.undo import UndoBar
from ui.views.account_people import selected_row, table_view
from ui.widgets.proposal_line_form import LineForm, fit_columns


class LinesPane(QSplitter):
    def __init__(self, services: Services, currency: str, locale: str, ops: Operations,
                 initiator: object) -> None:
        super().__init__()
        self._switching = False  # the pane itself changes the selected line
        self.lines = ProposalLinesModel(currency, locale)
        self.table = table_view(self.lines)
        fit_columns(self.table, stretch=1)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._line_selected())
        self.line_form = LineForm(services, currency, locale, ops=ops, initiator=initiator)
        self.line_form.added.connect(self.select_line)
        self.up_button, self.down_button = QPushButton(_("Move up")), QPushButton(_("Move down"))
        self.remove_button = QPushButton(_("Remove line"))
        self.remove_button.setToolTip(_("Remove the selected line (Ctrl+Z brings it back)"))
        # The status line is behind the editor: its Undo button shows here too
        # (Ctrl+Z is the window's, application-wide).
        self.undo_bar = UndoBar(ops.undo)
        self.totals = QLabel()
        self.totals.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.totals.setTextFormat(Qt.TextFormat.PlainText)
        left = QWidget()
        box = QVBoxLayout(left)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.table, 1)
        row = QHBoxLayout()
        for button in (self.up_button, self.down_button, self.remove_button):
            row.addWidget(button)
        row.addWidget(self.undo_bar)
        row.addStretch(1)
        row.addWidget(self.totals)
        box.addLayout(row)
        self.addWidget(left)
        self.addWidget(self.line_form)
        self.setSizes([800, 480])

    def select_line(self, line_id: object) -> None:
        for n in range(self.lines.rowCount()):
            if self.lines.row_at(n).id == line_id:
                self.table.selectRow(n)
                return
        self.line_form.show_line(None)

    def _line_selected(self) -> None:
        """Show the selected line, the one shown before's edits applied first."""
        if self._switching:
            return
        row = selected_row(self.table)
        new = self.lines.row_at(row) if row is not None else None
        form = self.line_form
        if form.line is not None and form.edited():
            if new is not None and new.id == form.line.id:
                return  # the same line again: keep what is typed
            target = new.id if new is not None else None
            self._keep_selected(form.line.id)

            def applied(ok: bool) -> None:
                if ok:
                    self.select_line(target)

            form.apply(applied)
            return
        form.show_line(new)

    def _keep_selected(self, line_id: uuid.UUID) -> None:
        self._switching = True
        try:
            self.select_line(line_id)
        finally:
            self._switching = False
