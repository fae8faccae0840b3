"""Capture a lead in seconds (Ctrl+Shift+L from anywhere): keyboard first, the
fit score live, likely duplicates shown under the form while it is typed.

Enter saves (through the writer, off the GUI thread); Escape asks before
throwing typed text away; a refused field shows its message under it and
keeps everything typed. The referrer appears for a referral, the event for an
event lead, the owner only for a manager.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.schema.enums import LeadSource
from desktop.domain.scoring import Weights, fit_score
from desktop.i18n import _
from desktop.services.base import Saved
from desktop.services.container import Services
from desktop.services.lead_weights import read_weights
from ui import style
from ui.dialogs import lead_fields
from ui.dialogs.form_dialog import FormDialog
from ui.dialogs.lead_fields import label_of
from ui.formatting import day
from ui.operations import Operations
from ui.widgets.account_picker import AccountPicker
from ui.widgets.duplicate_panel import DuplicatePanel, warm
from ui.widgets.form_support import ErrorLine

if TYPE_CHECKING:
    from desktop.services.duplicates import Candidate
    from desktop.services.events import EventRow
    from desktop.services.team import Member

LEFT = ("source", "referrer", "event_id", "company", "first_name", "title", "phone", "email")
RIGHT = ("street", "city", "region", "country", "need", "budget", "timing", "owner_id")
PAIRS = {"first_name": "last_name", "region": "postal_code", "budget": "currency"}


class LeadCaptureDialog(FormDialog):
    open_record = Signal(object)  # a duplicate's Candidate the rep chose to open instead

    def __init__(self, services: Services, parent: QWidget | None = None, *, ops: Operations,
                 initial: Mapping[str, Any] | None = None) -> None:
        super().__init__(ops, parent)
        self.services = services
        self.saved: Saved | None = None
        # After the save, what the rep asked for from the duplicate panel:
        # ("convert", account id) or ("merge", the existing lead's id).
        self.then: tuple[str, uuid.UUID] | None = None
        self.setWindowTitle(_("Capture lead"))
        self.fields = lead_fields.make_fields(services.settings.home_currency)
        self.referrer = AccountPicker(services.account_list, ops.reads,
                                      none_text=_("— who referred it? —"))
        self.referrer_contact = QComboBox()
        self.referrer_contact.addItem(_("(the account itself)"), None)
        self.referrer.changed.connect(self._referrer_changed)
        self.score = QLabel()
        self.score.setObjectName("fitScore")
        self.score.setToolTip(_("How well the lead fits, from the weights your office sets"))
        self._rows: dict[str, tuple[QLabel, QWidget]] = {}
        self.duplicates = DuplicatePanel(
            lambda typed: services.duplicates.candidates("leads", typed), ops.reads,
            for_lead=True)
        warm(lambda: services.duplicates, ops.reads)
        self.duplicates.open_requested.connect(self._open_duplicate)
        self.duplicates.convert_requested.connect(self._convert_onto)
        self.duplicates.merge_requested.connect(lambda c: self._save_then("merge", c.id))

        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.addLayout(self._form(LEFT), 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addLayout(self._form(RIGHT), 0, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.duplicates, 1, 0, 1, 2)
        grid.setRowStretch(2, 1)  # room left over goes below the panel, not between rows
        head = QHBoxLayout()
        hint = style.muted(QLabel(_("Enter saves · Esc cancels · Tab moves on")))
        head.addWidget(hint, 1)
        head.addWidget(self.score)
        self._finish(head, grid, save_text=_("Save lead"))
        self._order_tabs()
        for widget in self.fields.values():
            lead_fields.on_edit(widget, self._changed)
        source = self.fields["source"]
        assert isinstance(source, QComboBox)
        source.currentIndexChanged.connect(lambda _i: self._source_changed())
        self._manager = False
        self._weights: Weights | None = None
        self._fill(initial or {})
        self._source_changed()
        self._changed()
        self.fields["company"].setFocus()
        self._load()

    def _load(self) -> None:
        """What the form needs from the cache, read off the GUI thread: the score's
        weights, whether the rep is a manager (and whom to give leads to)."""
        services = self.services  # its parts are made on the worker (they load the ORM)
        self.ops.query(lambda: (read_weights(services.store),
                                services.team.is_manager() and services.team.members(),
                                services.events.rows()), self._loaded, self)

    def _loaded(self, answer: tuple[Weights, list[Member] | bool, list[EventRow]]) -> None:
        weights, members, events = answer
        self._weights = weights
        self._show_score()
        event = self.fields["event_id"]
        assert isinstance(event, QComboBox)
        for row in events:
            event.addItem(f"{row.name} · {day(row.starts_on)}", row.id)
        if members:
            owner = self.fields["owner_id"]
            assert isinstance(owner, QComboBox) and isinstance(members, list)
            for member in members[1:]:  # the first is the manager: "Me"
                owner.addItem(member.name, member.id)
            self._manager = True
            self._source_changed()
        if self._clean is not None:
            self.mark_clean()

    # -- layout ---------------------------------------------------------------------
    def _form(self, names: tuple[str, ...]) -> QFormLayout:
        form = QFormLayout()
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(6)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name in names:
            holder = QWidget()
            column = QVBoxLayout(holder)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(1)
            line = QHBoxLayout()
            line.setSpacing(8)
            column.addLayout(line)
            error = ErrorLine()
            column.addWidget(error)
            if name == "referrer":
                line.addWidget(self.referrer, 2)
                line.addWidget(self.referrer_contact, 1)
                for key in ("referrer_account_id", "referrer_contact_id"):
                    self.errors.register(key, self.referrer, error)
            else:
                widget = self.fields[name]
                fixed = widget.minimumWidth() == widget.maximumWidth()  # the country
                line.addWidget(widget, 0 if fixed else 1)
                if fixed:
                    line.addStretch(1)
                self.errors.register(name, widget, error)
            if name in PAIRS:
                other = PAIRS[name]
                if other != "currency":
                    line.addWidget(QLabel(label_of(other)))
                line.addWidget(self.fields[other], 0 if other == "currency" else 1)
                self.errors.register(other, self.fields[other], error)
            title = QLabel(label_of(name))
            form.addRow(title, holder)
            self._rows[name] = (title, holder)
        return form

    def _order_tabs(self) -> None:
        chain: list[QWidget] = []
        for name in (*LEFT, *RIGHT):
            if name == "referrer":
                chain += [self.referrer.search, self.referrer.choice, self.referrer_contact]
                continue
            chain.append(self.fields[name])
            if name in PAIRS:
                chain.append(self.fields[PAIRS[name]])
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _show_row(self, name: str, shown: bool) -> None:
        for widget in self._rows[name]:
            widget.setVisible(shown)

    def preferred_size(self) -> QSize | None:
        return QSize(900, 600)

    # -- reacting to typing ---------------------------------------------------------
    def _changed(self) -> None:
        typed = lead_fields.typed(self.fields)
        self.duplicates.watch({k: typed[k] for k in ("company", "first_name", "last_name",
                                                     "phone", "email", "country")})
        self._show_score()

    def _source_changed(self) -> None:
        source = self.fields["source"]
        assert isinstance(source, QComboBox)
        value = source.currentData()
        self._show_row("referrer", value == LeadSource.REFERRAL.value)
        self._show_row("event_id", value == LeadSource.EVENT.value)
        self._show_row("owner_id", self._manager)

    def _referrer_changed(self, account_id: uuid.UUID | None) -> None:
        self.referrer_contact.clear()
        self.referrer_contact.addItem(_("(the account itself)"), None)
        if account_id is None:
            return
        reader = self.services.reader
        self.ops.query(lambda: reader.detail(account_id).contacts,
                       lambda contacts: self._contacts(account_id, contacts), self)

    def _contacts(self, account_id: uuid.UUID, contacts: list[Any]) -> None:
        if self.referrer.account_id() != account_id:
            return  # another account was picked meanwhile
        for contact in contacts:
            self.referrer_contact.addItem(contact.name, contact.id)

    def _show_score(self) -> None:
        score = self.fit_score()
        self.score.setText(_("Fit score {n}").format(n=score) if score is not None else "")

    def fit_score(self) -> int | None:
        """The lead's fit score from what is typed (None until the weights are read)."""
        if self._weights is None:
            return None
        return fit_score(lead_fields.read(self.fields), self._weights)

    # -- the duplicate panel's actions -----------------------------------------------
    def _open_duplicate(self, candidate: Candidate) -> None:
        """Open the match instead: the typed lead is dropped (after asking)."""
        self.reject()
        if not self.isVisible():
            self.open_record.emit(candidate)

    def _convert_onto(self, candidate: Candidate) -> None:
        if candidate.account_id is not None:
            self._save_then("convert", candidate.account_id)

    def _save_then(self, what: str, row_id: uuid.UUID) -> None:
        """Save the lead, then convert it onto an account or merge it with a lead
        (the caller opens that dialog once this one has closed)."""
        self.then = (what, row_id)
        self._save()
        if self.isVisible() and not self.saving:
            self.then = None  # refused: the rep fixes the form first

    def _failed(self, exc: BaseException) -> None:
        self.then = None
        super()._failed(exc)

    # -- values -----------------------------------------------------------------------
    def _fill(self, values: Mapping[str, Any]) -> None:
        for name, value in values.items():
            widget = self.fields.get(name)
            if isinstance(widget, QLineEdit):
                widget.setText(str(value or ""))
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(str(value or ""))
            elif isinstance(widget, QComboBox):
                at = widget.findData(value)
                if at >= 0:
                    widget.setCurrentIndex(at)

    def values(self) -> dict[str, Any]:
        out = lead_fields.read(self.fields)
        source = out["source"]
        if source != LeadSource.EVENT.value:
            out.pop("event_id")
        if source == LeadSource.REFERRAL.value:
            account = self.referrer.account_id()
            contact = self.referrer_contact.currentData()
            out["referrer_account_id"] = account if contact is None else None
            out["referrer_contact_id"] = contact
        owner = out.pop("owner_id")
        if self._manager and owner != "me":
            out["owner_id"] = owner
        return out

    def _job(self) -> Callable[[], Saved]:
        values, services = self.values(), self.services
        return lambda: services.leads.capture(values)

    def _saved(self, result: Saved) -> None:
        self.saved = result
