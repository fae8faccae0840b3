"""The Pipeline view: the rep's quota and forecast on top, then the deals as
a kanban board (drag a card to another stage) or as a sortable list.

Moves are writes (``OpportunityService.move_stage`` on the store's writer,
undoable; ui/views/pipeline_moves.py); the board and the list then update in
place from the change record the write publishes: only the cards that changed
are read again (with the column totals) and moved between the columns, off the
GUI thread. While the view is hidden a change only marks it stale
(``LiveUpdates``).
"""

from __future__ import annotations

import logging
import uuid
from datetime import date
from functools import partial

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.domain import stages as stage_rules
from desktop.i18n import _
from desktop.services.container import Services
from desktop.services.pipeline_board import Card, CardPage, Column, PipeFilter
from desktop.store.changes import Changes
from ui import style
from ui.change_bus import ChangeBus
from ui.models.pipeline_list_model import PipelineListModel
from ui.models.pipeline_models import CARD_ROLE
from ui.operations import Operations
from ui.prompts import Prompts
from ui.resources import icon
from ui.tasks import BACKGROUND, TaskRunner
from ui.views.account_people import table_view
from ui.views.live import SKIPPED, LiveUpdates
from ui.views.pipeline_board import KanbanBoard
from ui.views.pipeline_filters import PipeFilterBar, shown
from ui.views.pipeline_moves import StageMover
from ui.views.pipeline_totals import shifted
from ui.views.quota_panel import QuotaPanel

_TABLES = ("opportunities", "opportunity_stages", "accounts", "users")
MANY = 200  # more changed deals than this at once (a sync): read the board again
SETTLE_AFTER_MS = 1000  # the true sums and the quota strip, once changes pause this long
log = logging.getLogger(__name__)


class PipelineView(QWidget):
    open_account = Signal(object)

    def __init__(self, services: Services, bus: ChangeBus, prompts: Prompts,
                 tasks: TaskRunner, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.bus, self.prompts, self.tasks, self.ops = \
            services, bus, prompts, tasks, ops
        self.pipe = services.pipeline
        self.dialog: QWidget | None = None
        self.money_locale = i18n.language()
        self._pending = Changes()
        self._stage_keys: tuple[str, ...] = ()
        self._generation = 0  # bumped by each full read: older in-place results are dropped
        title = style.title(QLabel(_("Pipeline")))
        self.quota = QuotaPanel(services, ops, self)
        self.filters = PipeFilterBar(self)
        self.filters.changed.connect(self.reload)
        self.board_button = QPushButton(_("Board"))
        self.list_button = QPushButton(_("List"))
        self.modes = QButtonGroup(self)
        for n, button in enumerate((self.board_button, self.list_button)):
            button.setCheckable(True)
            self.modes.addButton(button, n)
        self.board_button.setChecked(True)
        self.modes.idToggled.connect(lambda n, on: self.show_mode(n) if on else None)
        self.new_button = QPushButton(icon("add"), _("New opportunity…"))
        style.primary(self.new_button)
        self.new_button.clicked.connect(lambda: self.new_opportunity())
        self.board = KanbanBoard(self.pipe, self.money_locale, self._today,
                                 stale_days=self._stale_days())
        self.mover = StageMover(services, ops, self, self._open)
        self.board.move_requested.connect(self.mover.move_card)
        self.board.open_requested.connect(self.edit)
        self.list_model = PipelineListModel(self.pipe, {}, locale=self.money_locale,
                                            stale_days=self._stale_days())
        self.table = table_view(self.list_model)
        header = self.table.horizontalHeader()
        header.setSortIndicator(5, Qt.SortOrder.AscendingOrder)  # the list's first order
        self.table.setSortingEnabled(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((210, 180, 110, 100, 100, 100, 110, 200)):
            header.resizeSection(column, width)
        self.table.doubleClicked.connect(
            lambda index: self.edit(index.data(CARD_ROLE).id) if index.data(CARD_ROLE) else None)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.board)
        self.pages.addWidget(self.table)
        bar = QHBoxLayout()
        bar.addWidget(self.board_button)
        bar.addWidget(self.list_button)
        bar.addSpacing(12)
        bar.addWidget(self.filters)
        bar.addStretch(1)
        bar.addWidget(self.new_button)
        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        layout.addLayout(head)
        layout.addWidget(self.quota)
        layout.addLayout(bar)
        layout.addWidget(self.pages, 1)
        self.filters.set_list_mode(False)
        self._load_people()
        self._settle_later = QTimer(self)
        self._settle_later.setSingleShot(True)
        self._settle_later.setInterval(SETTLE_AFTER_MS)
        self._settle_later.timeout.connect(self._settle)
        self.live = LiveUpdates(self, bus, self._shows, self.refresh)
        self.reload()

    # -- reading -------------------------------------------------------------------
    def _today(self) -> date:
        return self.services.clock().date()

    def _stale_days(self) -> int:
        return int(getattr(self.services.settings, "stale_after_days", 30))

    def _load_people(self) -> None:
        me = self.services.user_id
        team = self.services.team
        if me is None or not team.is_manager():
            self.filters.set_people(me, (), ())
            return
        reports = self.services.forecast.team(me)
        self.filters.set_people(me, reports, [(m.id, m.name) for m in team.members()])

    def board_filter(self) -> PipeFilter:
        return self.filters.pipe_filter(self._today(), with_stage=False)

    def reload(self) -> None:
        """Read the board (stages, each column's first page; the totals on the
        worker, right after) and the list from the top: on opening, a new
        filter, a wholesale change."""
        self._generation += 1
        self._pending = Changes()
        flt, pipe = self.board_filter(), self.pipe
        stages = pipe.stages()
        columns = stage_rules.open_stages(stages)
        keys = tuple(s.key for s in columns)
        if keys != self._stage_keys:
            won = stage_rules.closing(stages, stage_rules.WON)
            lost = stage_rules.closing(stages, stage_rules.LOST)
            self.board.build(columns, won.key if won else None, lost.key if lost else None,
                             flt)
            self._stage_keys = keys
            self.filters.set_stages(columns)
            self.list_model.stage_names = {s.key: s.name for s in stages}
        # Summing every deal in view costs more than the cards: after them (a move
        # read on the same worker lands after these sums).
        self.ops.query(self.live.unless_hidden(lambda: pipe.columns(flt)),
                       partial(self._summed, flt, self._generation), self)
        pages: dict[str, CardPage] = {}
        for key, column in self.board.columns.items():
            column.model.filter = flt
            pages[key] = self.pipe.cards(key, flt, None, self.board.page_size)
        self.board.show_pages(pages)
        if self.pages.currentWidget() is self.table:
            self.list_model.set_pipe_filter(self.filters.pipe_filter(self._today(),
                                                                     with_stage=True))
        self.quota.show_for(self.filters.owners())

    def show_mode(self, mode: int) -> None:
        self.filters.set_list_mode(mode == 1)
        self.pages.setCurrentIndex(mode)
        if mode == 1:
            self.list_model.set_pipe_filter(self.filters.pipe_filter(self._today(),
                                                                     with_stage=True))

    def export_model(self) -> PipelineListModel:
        """The deals File > Export current list… writes: the list's, and with the
        board shown, the board's deals under its filter (as the list would show them)."""
        if self.pages.currentWidget() is not self.table:
            self.list_model.set_pipe_filter(self.filters.pipe_filter(self._today(),
                                                                     with_stage=True))
        return self.list_model

    # -- live updates --------------------------------------------------------------
    def _shows(self, changes: Changes) -> bool:
        if not changes.touches(*_TABLES):
            return False
        self._pending = self._pending.merged(changes)
        return True

    def refresh(self, reset: bool) -> None:
        """Apply what changed: the touched deals' cards are read again (on the
        worker) and move or change in place, the totals with them; a wholesale
        change reads everything."""
        pending, self._pending = self._pending, Changes()
        deals = set(pending.ids("opportunities"))
        accounts = pending.ids("accounts")
        if accounts:
            deals |= {c.id for col in self.board.columns.values() for c in col.model.cards()
                      if c.account_id in accounts}
        if (reset or pending.everything or pending.touches("opportunity_stages", "users")
                or len(deals) > MANY):
            self.reload()
            return
        if self.pages.currentWidget() is self.table:
            self.list_model.refresh_in_place(self.tasks)
        if not deals and not pending.touches("opportunities"):
            return
        pipe, flt, generation = self.pipe, self.board_filter(), self._generation
        self.ops.query(lambda: {d: pipe.card(d) for d in deals},
                       partial(self._apply, flt, generation), self)
        self._settle_later.start()  # once moves pause: never ahead of the board's reads

    def _apply(self, flt: PipeFilter, generation: int,
               cards: dict[uuid.UUID, Card | None]) -> None:
        """Place the re-read cards; the totals follow the moved cards when the
        board had each loaded (a drag), else they are summed again."""
        if generation != self._generation or flt != self.board_filter():
            return  # a full read came after: it has all this
        today = self._today()
        fresh = {d: c if c is not None and shown(c, flt, today) else None
                 for d, c in cards.items()}
        before = {d: self.board.loaded(d) for d in fresh}
        self.board.place(fresh)
        if all(card is not None for card in before.values()) and \
                len(self.board.totals()) == len(self.board.columns):
            totals = self.board.totals()
            for deal, card in fresh.items():
                totals = shifted(totals, before[deal], card)
            self.board.set_totals(list(totals.values()))
        else:  # a deal beyond the loaded cards, or new here: its old sums are unknown
            pipe = self.pipe
            self.ops.query(lambda: pipe.columns(flt),
                           partial(self._summed, flt, self._generation), self)

    def _summed(self, flt: PipeFilter, generation: int, columns: list[Column]) -> None:
        if columns is SKIPPED:  # the rep had moved on: summed when shown again
            self.live.skipped()
        elif generation == self._generation and flt == self.board_filter():
            self.board.set_totals(columns)

    def _settle(self) -> None:
        """Once moves pause: the true column sums and the quota strip, in the
        background lane (a moved card's totals were added up card by card)."""
        pipe, flt, generation = self.pipe, self.board_filter(), self._generation
        self.tasks.run(lambda _report: pipe.columns(flt),
                       partial(self._summed, flt, generation),
                       lambda exc: log.warning("summing the board failed", exc_info=exc),
                       lane=BACKGROUND)
        self.quota.show_for(self.filters.owners())

    # -- dialogs -------------------------------------------------------------------
    def new_opportunity(self, account_id: uuid.UUID | None = None) -> None:
        from ui.dialogs.opportunity_dialog import OpportunityDialog

        self._open(OpportunityDialog(self.services, self.ops, account_id=account_id,
                                     parent=self))

    def edit(self, opp_id: uuid.UUID) -> None:
        from ui.dialogs.opportunity_dialog import OpportunityDialog

        self._open(OpportunityDialog(self.services, self.ops, opp_id=opp_id, parent=self))

    def _open(self, dialog: QWidget) -> None:
        self.dialog = dialog
        dialog.open()  # type: ignore[attr-defined]

