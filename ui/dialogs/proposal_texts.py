"""The proposal editor's "Cover letter and summary" and "Terms and conditions"
tabs: the texts and the clauses ticked from the library, shown from a proposal's
header and read back as the values a save stores."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QListWidget, QListWidgetItem, QPlainTextEdit, QWidget

from desktop.documents.clauses import LIBRARY
from desktop.i18n import _
from desktop.services.proposal_edit import Header
from ui.widgets.form_support import FieldErrors


class ProposalTexts:
    def __init__(self, errors: FieldErrors) -> None:
        self.cover_letter, self.summary = QPlainTextEdit(), QPlainTextEdit()
        self.letter_tab = QWidget()
        letter_form = QFormLayout(self.letter_tab)
        errors.add_row(letter_form, _("Cover letter"), "cover_letter", self.cover_letter)
        errors.add_row(letter_form, _("Executive summary"), "summary", self.summary)
        self.clauses = QListWidget()
        self.terms_tab = QWidget()
        terms_form = QFormLayout(self.terms_tab)
        errors.add_row(terms_form, _("Terms"), "clauses", self.clauses)

    def show(self, head: Header) -> None:
        self.cover_letter.setPlainText(head.cover_letter)
        self.summary.setPlainText(head.summary)
        self.clauses.clear()
        for clause in LIBRARY.values():
            item = QListWidgetItem(f"{clause.heading} ({clause.key})", self.clauses)
            item.setData(Qt.ItemDataRole.UserRole, clause.key)
            item.setToolTip(clause.text)
            item.setCheckState(Qt.CheckState.Checked if clause.key in head.clauses
                               else Qt.CheckState.Unchecked)

    def widgets(self) -> tuple[QWidget, ...]:
        return (self.cover_letter, self.summary, self.clauses)

    def values(self) -> dict[str, object]:
        """The texts and the ticked clauses' keys (in the library's order)."""
        return {"cover_letter": self.cover_letter.toPlainText(),
                "summary": self.summary.toPlainText(),
                "clauses": [self.clauses.item(n).data(Qt.ItemDataRole.UserRole)
                            for n in range(self.clauses.count())
                            if self.clauses.item(n).checkState() == Qt.CheckState.Checked]}


def saved_texts(head: Header) -> dict[str, object]:
    """What :meth:`ProposalTexts.values` reads when nothing was changed."""
    return {"cover_letter": head.cover_letter, "summary": head.summary,
            "clauses": [k for k in LIBRARY if k in head.clauses]}
