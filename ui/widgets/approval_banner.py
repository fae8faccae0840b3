"""Where a proposal stands against the rep's discount ceiling, in one line,
with "Approve discounts" for a manager who may approve them."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from desktop.i18n import _
from desktop.services.proposal_edit import Approval
from ui import style


class ApprovalBanner(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setWordWrap(True)
        font = self.label.font()
        font.setBold(True)
        self.label.setFont(font)
        self.button = QPushButton(_("Approve discounts"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)

    def text(self) -> str:
        return self.label.text()

    def show_state(self, state: Approval, draft: bool) -> None:
        percent = f"{(state.ceiling * 100).normalize():f} %"
        if state.needed:
            text = _("Needs manager approval: line {lines} above the {ceiling} ceiling.").format(
                lines=", ".join(map(str, state.over)), ceiling=percent)
            style.error_line(self.label)
        elif state.approved_by:
            text = _("Discounts approved by {name}.").format(name=state.approved_by)
            style.muted(self.label)
        else:
            text = _("All discounts are within the {ceiling} ceiling.").format(ceiling=percent)
            style.muted(self.label)
        self.label.setText(text)
        self.button.setVisible(state.needed and state.can_approve and draft)
