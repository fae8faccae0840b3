"""Why a deal was won or lost: asked when a card is dropped on Won or Lost.

A small dialog with the usual reasons to pick from, or the rep's own words.
A lost deal needs a reason; a won one may go without. Opened with ``open()``
(never ``exec()``: the drop that asks is still inside Qt's drag loop).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import N_, _
from ui import style

LOST_REASONS = (N_("Price"), N_("Lost to a competitor"), N_("No budget"), N_("No decision"),
                N_("Timing"), N_("Product fit"))
WON_REASONS = (N_("Price"), N_("Relationship"), N_("Product fit"), N_("Service"),
               N_("Delivery time"))


class OutcomeDialog(QDialog):
    def __init__(self, deal: str, won: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.won = won
        self.setWindowTitle(_("Deal won") if won else _("Deal lost"))
        question = QLabel((_("Why was “{deal}” won?") if won else
                           _("Why was “{deal}” lost?")).format(deal=deal))
        question.setWordWrap(True)
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.addItem("")
        for reason in WON_REASONS if won else LOST_REASONS:
            self.reason.addItem(_(reason))
        self.reason.setCurrentIndex(0)
        line = self.reason.lineEdit()
        assert line is not None
        line.setPlaceholderText(_("Pick or type a reason") + ("" if won else " " + _("(required)")))
        self.problem = style.error_line(QLabel())
        self.problem.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Mark won") if won else _("Mark lost"))
        style.primary(self.ok_button)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(question)
        box.addWidget(self.reason)
        box.addWidget(self.problem)
        box.addWidget(self.buttons)
        self.setMinimumWidth(380)

    def text(self) -> str:
        return self.reason.currentText().strip()

    def accept(self) -> None:
        if not self.won and not self.text():
            self.problem.setText(_("Say why the deal was lost."))
            self.problem.show()
            self.reason.setFocus()
            return
        super().accept()
