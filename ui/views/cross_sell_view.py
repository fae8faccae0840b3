"""Cross-sell: across the book, accounts that bought X and not Y although
their peers (same segment and tier) who buy X mostly buy Y too; beside it,
the chosen account's own missing lines ranked by lift, confidence and
support. Chosen accounts go to an action plan, a trip or follow-ups ("Offer
Y") in one step.

The baskets are read on the worker (``services.cross_sell``) and kept; a
change to orders, their lines, products or accounts drops the groups it
touches (``apply``), fed from the bus whether or not the tab is shown.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import formats
from desktop.i18n import _, ngettext
from desktop.services.container import Services
from desktop.services.cross_sell import BookRow, Suggestion
from desktop.store.changes import Changes
from ui import style
from ui.change_bus import ChangeBus
from ui.models.report_models import ListColumn, RowsModel, percent
from ui.operations import Operations
from ui.prompts import Prompts
from ui.resources import icon
from ui.views.account_people import table_view
from ui.views.live import LiveUpdates
from ui.views.outreach_actions import OutreachButtons

TABLES = ("orders", "order_lines", "products", "accounts")
CHUNK = 200
SORTS = {"name": lambda r: r.name.casefold(), "bought": lambda r: r.bought.casefold(),
         "missing": lambda r: r.missing.casefold(), "support": lambda r: r.support,
         "confidence": lambda r: r.confidence, "lift": lambda r: r.lift}


def book_columns() -> list[ListColumn]:
    return [
        ListColumn(_("Account"), lambda r: r.name, sort_key="name"),
        ListColumn(_("Segment"), lambda r: r.segment or ""),
        ListColumn(_("Tier"), lambda r: r.tier or ""),
        ListColumn(_("Bought"), lambda r: r.bought, sort_key="bought"),
        ListColumn(_("Not yet"), lambda r: r.missing, sort_key="missing"),
        ListColumn(_("Support"), lambda r: percent(r.support), True, "support"),
        ListColumn(_("Confidence"), lambda r: percent(r.confidence), True, "confidence"),
        ListColumn(_("Lift"), lambda r: formats.number(r.lift, 2), True, "lift"),
    ]


def suggestion_columns() -> list[ListColumn]:
    return [
        ListColumn(_("Product line"), lambda s: s.product_line),
        ListColumn(_("Because of"), lambda s: s.because or _("(peers' favourite)")),
        ListColumn(_("Support"), lambda s: percent(s.support), True),
        ListColumn(_("Confidence"), lambda s: percent(s.confidence), True),
        ListColumn(_("Lift"), lambda s: formats.number(s.lift, 2), True),
    ]


class CrossSellView(QWidget):
    open_account = Signal(uuid.UUID)

    def __init__(self, services: Services, bus: ChangeBus, prompts: Prompts, ops: Operations,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.ops = services, ops
        self.sell = services.cross_sell
        self._asked = 0
        self._rows: list[BookRow] = []
        self.summary = style.muted(QLabel())
        self.bought, self.missing = QComboBox(), QComboBox()
        for combo, anything in ((self.bought, _("Bought any line")),
                                (self.missing, _("Not yet any line"))):
            combo.addItem(anything, None)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.model = RowsModel(book_columns())
        self.view = table_view(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(6, Qt.SortOrder.DescendingOrder)
        self.model.on_sort = self.sort_by  # after the indicator: no sort yet
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((162, 96, 34, 100, 100, 64, 90, 44)):
            header.resizeSection(column, width)
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._chosen())
        self.view.doubleClicked.connect(lambda _i: self._open())
        self.suggestions = RowsModel(suggestion_columns())
        self.suggestion_view = table_view(self.suggestions)
        self.suggestion_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        side_header = self.suggestion_view.horizontalHeader()
        side_header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((100, 92, 62, 82)):  # the lift takes the rest
            side_header.resizeSection(column, width)
        self.account_title = style.title(QLabel(_("Choose an account")), 12)
        self.account_title.setWordWrap(True)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(8, 0, 0, 0)
        side_layout.addWidget(self.account_title)
        side_layout.addWidget(style.muted(QLabel(_("What its peers buy and it does not"))))
        side_layout.addWidget(self.suggestion_view, 1)
        self.outreach = OutreachButtons(services, prompts, ops, self, self.chosen,
                                        lambda: _("Cross-sell"), self.offers)
        self.outreach.done.connect(lambda text: self.summary.setText(text))
        self.open_button = QPushButton(icon("accounts"), _("Open account"))
        self.open_button.clicked.connect(self._open)
        top = QHBoxLayout()
        top.addWidget(self.bought)
        top.addWidget(self.missing)
        top.addStretch(1)
        top.addWidget(self.summary)
        buttons = QHBoxLayout()
        self.outreach.add_to(buttons)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([720, 460])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addWidget(self.splitter, 1)
        bus.changed.connect(lambda changes, _i: self.sell.apply(changes))  # before the reload
        self.live = LiveUpdates(self, bus, self._shows, lambda _reset: self.refresh())
        self._lines_loaded = False
        self._chosen()
        self.refresh()

    def refresh(self) -> None:
        """The book's "bought X, not Y" list (on the worker), kept choices kept."""
        self._asked += 1
        asked, sell = self._asked, self.sell
        bought, missing = self.bought.currentData(), self.missing.currentData()
        keep = set(self.chosen())

        def read() -> tuple[list[BookRow], list[str] | None]:
            lines = None if self._lines_loaded else sell.product_lines()
            return sell.book(bought, missing), lines

        self.ops.query(read, lambda got: self._arrived(asked, keep, *got), self)

    def _arrived(self, asked: int, keep: set[uuid.UUID], rows: list[BookRow],
                 lines: list[str] | None) -> None:
        if asked != self._asked:
            return
        if lines is not None:
            self._lines_loaded = True
            for combo in (self.bought, self.missing):
                combo.blockSignals(True)
                for line in lines:
                    combo.addItem(line, line)
                combo.blockSignals(False)
        self._rows = rows
        self._show_rows(keep)
        self.summary.setText(ngettext("{n} account to offer a line", "{n} accounts to offer a line",
                                      len(rows)).format(n=len(rows)))

    def _show_rows(self, keep: set[uuid.UUID]) -> None:
        shown = [min(CHUNK, len(self._rows))]

        def more() -> list[BookRow]:
            chunk = self._rows[shown[0]:shown[0] + CHUNK]
            shown[0] += len(chunk)
            return chunk

        self.model.set_rows(self._rows[:shown[0]], more if len(self._rows) > CHUNK else None)
        selection = self.view.selectionModel()
        for n, row in enumerate(self.model.rows()):
            if row.id in keep:
                selection.select(self.model.index(n, 0), selection.SelectionFlag.Select
                                 | selection.SelectionFlag.Rows)
        self._chosen()

    def sort_by(self, key: str, descending: bool) -> None:
        self._rows.sort(key=SORTS[key], reverse=descending)
        self._show_rows(set(self.chosen()))

    def chosen(self) -> list[uuid.UUID]:
        return [r.id for r in self.chosen_rows()]

    def chosen_rows(self) -> list[BookRow]:
        rows = sorted(i.row() for i in self.view.selectionModel().selectedRows())
        return [self.model.row_at(r) for r in rows]

    def offers(self) -> dict[str, str]:
        """Each chosen account's line to offer (the follow-ups' titles)."""
        return {r.id.hex: _("Offer {line}").format(line=r.missing) for r in self.chosen_rows()}

    def _chosen(self) -> None:
        rows = self.chosen_rows()
        self.outreach.enable(bool(rows))
        self.open_button.setEnabled(len(rows) == 1)
        if len(rows) != 1:
            self.account_title.setText(_("Choose an account"))
            self.suggestions.set_rows([])
            return
        row, sell = rows[0], self.sell
        self.account_title.setText(row.name)
        self.ops.query(lambda: sell.for_account(row.id),
                       lambda found: self._suggested(row.id, found), self)

    def _suggested(self, account: uuid.UUID, found: list[Suggestion]) -> None:
        if self.chosen() == [account]:
            self.suggestions.set_rows(found)

    def _open(self) -> None:
        chosen = self.chosen()
        if chosen:
            self.open_account.emit(chosen[0])

    def _shows(self, changes: Changes) -> bool:
        return changes.everything or changes.touches(*TABLES)
