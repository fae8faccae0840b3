"""The lead inbox: every open lead a page at a time (newest first), filtered by
status, source, owner and event, searched through the lead index (typing
pauses, then the query runs off the GUI thread), and what a rep does with the
selected lead: work it, qualify it, disqualify it (with a reason), assign it
(a manager), convert it, merge it with a duplicate. Kept current from the bus."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.schema.enums import LeadSource, LeadStatus, label
from desktop.i18n import _, ngettext
from desktop.services.container import Services
from desktop.services.lead_list import LeadFilter, LeadRow
from ui import style
from ui.change_bus import ChangeBus
from ui.models.lead_models import LeadTableModel
from ui.operations import Operations
from ui.resources import icon
from ui.tasks import BACKGROUND
from ui.views.account_people import selected_row, table_view
from ui.views.lead_actions import LeadActions
from ui.views.live import LiveUpdates

if TYPE_CHECKING:
    from desktop.services.duplicates import Candidate
    from desktop.services.events import EventRow
    from desktop.services.team import Member

_TABLES = ("leads", "users", "events")
OPEN, ALL = "open", "all"


class LeadsView(QWidget):
    open_record = Signal(object)  # a Candidate (account or contact) to show

    def __init__(self, services: Services, bus: ChangeBus, ops: Operations,
                 actions: LeadActions, parent: QWidget | None = None,
                 search_delay_ms: int = 200) -> None:
        super().__init__(parent)
        self.services, self.ops, self.lead_actions = services, ops, actions
        self.prompts = ops.prompts
        self.model = LeadTableModel(services.lead_list)
        self.view = table_view(self.model)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((130, 220, 160, 110, 100, 50, 130)):
            header.resizeSection(column, width)
        # Newest first, as the list opens: switching sorting on asks for the
        # indicator's order, which must be the list's own (no second read).
        header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.view.setSortingEnabled(True)
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._enable())
        self.view.doubleClicked.connect(lambda _i: self.convert())
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search leads: company, person, email, need…"))
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(search_delay_ms)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.status = self._combo([(_("Open leads"), OPEN), (_("All leads"), ALL)]
                                  + [(label(s), s.value) for s in LeadStatus])
        self.source = self._combo([(_("Any source"), None)]
                                  + [(label(s), s.value) for s in LeadSource])
        self.owner = self._combo([(_("Anyone's"), None), (_("Unassigned"), "unassigned")])
        self.owner.hide()  # a manager's: shown once the team is read
        self.event_choice = self._combo([(_("Any event"), None)])
        self.event_choice.hide()  # shown when there are events
        # Event names are long: the closed box stays narrow, its list shows them whole.
        self.event_choice.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.event_choice.setMinimumContentsLength(16)
        self.capture_button = QPushButton(icon("add"), _("Capture lead…"))
        self.capture_button.setToolTip(_("Capture a lead (Ctrl+Shift+L)"))
        self.capture_button.clicked.connect(lambda: actions.capture())
        self.work_button = QPushButton(_("Work"))
        self.work_button.clicked.connect(lambda: self.set_status(LeadStatus.WORKING.value))
        self.qualify_button = QPushButton(_("Qualify"))
        self.qualify_button.clicked.connect(lambda: self.set_status(LeadStatus.QUALIFIED.value))
        self.disqualify_button = QPushButton(_("Disqualify…"))
        self.disqualify_button.clicked.connect(lambda: self.disqualify())
        self.assign_button = QPushButton(_("Assign…"))
        self.assign_button.clicked.connect(lambda: self.assign())
        self.assign_button.hide()
        self.convert_button = QPushButton(_("Convert…"))
        style.primary(self.convert_button)
        self.convert_button.clicked.connect(lambda: self.convert())
        self.merge_button = QPushButton(_("Merge with duplicate…"))
        self.merge_button.clicked.connect(lambda: self.merge())
        title = QLabel(_("Leads"))
        style.title(title)
        self.summary = style.muted(QLabel())
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        for combo in (self.status, self.source, self.owner, self.event_choice):
            filters.addWidget(combo)
        filters.addWidget(self.capture_button)
        bar = QHBoxLayout()
        for button in (self.work_button, self.qualify_button, self.disqualify_button,
                       self.assign_button, self.merge_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.convert_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addWidget(title)
        layout.addWidget(self.summary)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addLayout(bar)
        self.members: list[Member] = []
        self._keep: uuid.UUID | None = None
        actions.lead_saved.connect(self.select)
        self.live = LiveUpdates(self, bus, lambda changes: changes.touches(*_TABLES),
                                self.refresh)
        self.apply_filter()
        self._load_choices()

    def _combo(self, items: Sequence[tuple[str, object]]) -> QComboBox:
        combo = QComboBox()
        for text, value in items:
            combo.addItem(text, value)
        combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        return combo

    def _load_choices(self) -> None:
        """The manager's parts and the events, read off the GUI thread."""
        services = self.services  # its parts are made on the worker (they load the ORM)
        self.ops.query(lambda: (services.team.members() if services.team.is_manager() else [],
                                services.events.rows()), self._choices, self)

    def _choices(self, answer: tuple[list[Member], list[EventRow]]) -> None:
        members, events = answer
        self.event_choice.blockSignals(True)
        for event in events:
            self.event_choice.addItem(event.name, event.id)
        self.event_choice.blockSignals(False)
        self.event_choice.setVisible(bool(events))
        self.owner.blockSignals(True)
        self.members = members
        for member in members:
            self.owner.addItem(member.name, member.id)
        self.owner.blockSignals(False)
        self.owner.setVisible(bool(members))
        self.assign_button.setVisible(bool(members))

    # -- the list -------------------------------------------------------------------
    def current_filter(self) -> LeadFilter:
        status, owner = self.status.currentData(), self.owner.currentData()
        return LeadFilter(
            text=self.search.text().strip(),
            statuses=frozenset() if status in (OPEN, ALL) else frozenset({status}),
            include_closed=status != OPEN,
            sources=frozenset({self.source.currentData()}) if self.source.currentData()
            else frozenset(),
            owner_id=owner if isinstance(owner, uuid.UUID) else None,
            unassigned=owner == "unassigned",
            event_id=self.event_choice.currentData(),
            sort=self.model.filter.sort, descending=self.model.filter.descending)

    def apply_filter(self) -> None:
        self._search_timer.stop()
        self.model.load(self.current_filter(), self.ops.reads, self._loaded)

    def refresh(self, reset: bool = False) -> None:
        if reset:
            self.apply_filter()
        else:
            self.model.refresh_in_place(self.ops.reads, self._loaded)

    def _loaded(self) -> None:
        shown = self.selected()
        wanted = self._keep or (shown.id if shown is not None else None)
        row = self.model.row_of(wanted) if wanted is not None else None
        if row is not None:
            self.view.selectRow(row)
            self._keep = None
        elif self.model.rowCount() and selected_row(self.view) is None:
            self.view.selectRow(0)
        self._enable()
        self._count()

    def _count(self) -> None:
        flt, listing = self.model.filter, self.services.lead_list
        if self.model.exhausted():
            self._counted(flt, self.model.rowCount())
            return
        # Counting is background work: the next page the rep asks for goes first.
        self.ops.query(lambda: listing.count(flt), lambda n: self._counted(flt, n), self,
                       lane=BACKGROUND)

    def _counted(self, flt: LeadFilter, total: int) -> None:
        if flt != self.model.filter:
            return
        if total:
            self.summary.setText(ngettext("{n:,} lead", "{n:,} leads", total).format(n=total))
        elif flt == LeadFilter():
            self.summary.setText(_("No open leads. Capture one with Ctrl+Shift+L."))
        else:
            self.summary.setText(_("No lead matches."))

    def select(self, lead_id: uuid.UUID) -> None:
        """Select ``lead_id`` (a new lead: once the list has read it)."""
        row = self.model.row_of(lead_id)
        if row is not None:
            self.view.selectRow(row)
        else:
            self._keep = lead_id

    def selected(self) -> LeadRow | None:
        row = selected_row(self.view)
        return self.model.row_at(row) if row is not None else None

    def _enable(self) -> None:
        lead = self.selected()
        open_lead = lead is not None and lead.status not in (LeadStatus.CONVERTED.value,)
        for button in (self.work_button, self.qualify_button, self.disqualify_button,
                       self.assign_button, self.convert_button, self.merge_button):
            button.setEnabled(open_lead)
        if lead is not None:
            self.work_button.setEnabled(lead.status == LeadStatus.NEW.value)
            self.qualify_button.setEnabled(lead.status in (LeadStatus.NEW.value,
                                                           LeadStatus.WORKING.value))

    # -- actions --------------------------------------------------------------------
    def set_status(self, status: str, reason: str | None = None) -> None:
        lead = self.selected()
        if lead is not None:
            services = self.services
            self.ops.write(lambda: services.leads.set_status(lead.id, status, reason),
                           parent=self).run()

    def disqualify(self) -> None:
        if self.selected() is None:
            return
        reason = self.prompts.text(self, _("Disqualify lead"),
                                   _("Why is this lead not worth pursuing?"))
        if reason:
            self.set_status(LeadStatus.DISQUALIFIED.value, reason.strip())

    def assign(self) -> None:
        lead = self.selected()
        if lead is None or not self.members:
            return
        names = [m.name for m in self.members] + [_("Nobody (unassigned)")]
        pick = self.prompts.choice(self, _("Assign lead"), _("Give this lead to:"), names)
        if pick is None:
            return
        owner = self.members[pick].id if pick < len(self.members) else None
        services = self.services
        self.ops.write(lambda: services.leads.assign(lead.id, owner), parent=self).run()

    def convert(self) -> None:
        lead = self.selected()
        if lead is not None and lead.status != LeadStatus.CONVERTED.value:
            self.lead_actions.convert(lead)

    def merge(self) -> None:
        """Find the selected lead's duplicates among the leads, pick one, merge."""
        lead = self.selected()
        if lead is None:
            return
        first, _sp, last = lead.person.partition(" ")
        typed = {"company": lead.company or "", "first_name": first, "last_name": last,
                 "phone": lead.phone or "", "email": lead.email or ""}
        services = self.services
        self.ops.query(lambda: [c for c in services.duplicates.candidates(
                                    "leads", typed, exclude=lead.id) if c.table == "leads"],
                       lambda found: self._merge_with(lead, found), self)

    def _merge_with(self, lead: LeadRow, found: list[Candidate]) -> None:
        if not found:
            self.prompts.error(self, _("Merge with duplicate"),
                               _("No other lead looks like this one."))
            return
        names = [f"{c.label} ({', '.join(w.describe() for w in c.why)})" for c in found]
        pick = self.prompts.choice(self, _("Merge with duplicate"),
                                   _("Merge “{name}” with:").format(
                                       name=lead.company or lead.person), names)
        if pick is not None:
            self.lead_actions.merge("leads", lead.id, found[pick].id)
