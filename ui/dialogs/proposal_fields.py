"""The fields of the proposal editor that Save stores: the header (title,
contact, valid until), and the "Cover letter and summary" and "Terms and
conditions" tabs (the texts and the clauses ticked from the library). Shown
from a proposal's header, read back as the values a save stores."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QWidget,
)

from desktop.documents.clauses import LIBRARY
from desktop.i18n import _
from desktop.services.proposal_edit import Header
from ui.widgets.date_field import DateField
from ui.widgets.form_support import FieldErrors


class ProposalFields:
    def __init__(self, errors: FieldErrors) -> None:
        self.title, self.contact, self.valid_until = QLineEdit(), QComboBox(), DateField()
        self.header_form = QFormLayout()
        errors.add_row(self.header_form, _("Title"), "title", self.title)
        errors.add_row(self.header_form, _("Contact"), "contact_id", self.contact)
        errors.add_row(self.header_form, _("Valid until"), "valid_until", self.valid_until)
        self.cover_letter, self.summary = QPlainTextEdit(), QPlainTextEdit()
        self.letter_tab = QWidget()
        letter_form = QFormLayout(self.letter_tab)
        errors.add_row(letter_form, _("Cover letter"), "cover_letter", self.cover_letter)
        errors.add_row(letter_form, _("Executive summary"), "summary", self.summary)
        self.clauses = QListWidget()
        self.terms_tab = QWidget()
        terms_form = QFormLayout(self.terms_tab)
        errors.add_row(terms_form, _("Terms"), "clauses", self.clauses)

    def show(self, head: Header, contacts: Sequence[tuple[str, uuid.UUID]]) -> None:
        """The proposal's saved values; ``contacts``: the account's (name, id)."""
        self.title.setText(head.title)
        self.contact.clear()
        self.contact.addItem(_("(no contact)"), None)
        for name, person in contacts:
            self.contact.addItem(name, person)
        self.contact.setCurrentIndex(next((n for n in range(self.contact.count())
                                           if self.contact.itemData(n) == head.contact_id), 0))
        self.valid_until.setDate(head.valid_until)
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
        return (self.title, self.contact, self.valid_until, self.cover_letter, self.summary,
                self.clauses)

    def values(self, strict: bool = True) -> dict[str, object]:
        """The fields as typed; ``strict``: a date that does not exist raises
        ValidationError (otherwise it is kept as the text typed). The clauses are
        the ticked ones' keys, in the library's order."""
        until: object = self.valid_until.checked("valid_until") if strict else \
            (self.valid_until.value() or ("typed", self.valid_until.text()))
        return {"title": self.title.text(), "contact_id": self.contact.currentData(),
                "valid_until": until,
                "cover_letter": self.cover_letter.toPlainText(),
                "summary": self.summary.toPlainText(),
                "clauses": [self.clauses.item(n).data(Qt.ItemDataRole.UserRole)
                            for n in range(self.clauses.count())
                            if self.clauses.item(n).checkState() == Qt.CheckState.Checked]}


def saved_values(head: Header) -> dict[str, object]:
    """What :meth:`ProposalFields.values` reads when nothing was changed."""
    return {"title": head.title, "contact_id": head.contact_id, "valid_until": head.valid_until,
            "cover_letter": head.cover_letter, "summary": head.summary,
            "clauses": [k for k in LIBRARY if k in head.clauses]}
