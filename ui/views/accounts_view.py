"""The Accounts view: search and filters over a lazy list, the account page beside it."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelection, QObject, QTimer, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.schema.enums import AccountKind, AccountStatus, Tier, label
from desktop.i18n import _, ngettext
from desktop.services.account_list import AccountFilter
from desktop.services.container import Services
from desktop.store.changes import Changes
from ui import style
from ui.change_bus import ChangeBus
from ui.models.account_table import AccountTableModel
from ui.prompts import Prompts, Unsaved
from ui.resources import icon

if TYPE_CHECKING:
    from ui.tasks import TaskRunner
    from ui.views.account_page import AccountPage


MAX_PAGES_TO_FIND = 50


class _FirstPaint(QObject):
    """Calls back once, after the frame in which ``widget`` first paints."""

    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self.callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.callback)
        return False


class AccountsView(QWidget):
    log_requested = Signal()
    proposal_requested = Signal()

    first_painted = Signal()  # after the first frame and the work deferred past it

    def __init__(self, services: Services, bus: ChangeBus, prompts: Prompts,
                 parent: QWidget | None = None, tasks: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.bus = bus
        self.prompts = prompts
        self.tasks = tasks  # the full count and the filter menus' values run there
        self.model = AccountTableModel(services.account_list, services.clock, runner=tasks)
        self.model.total_changed.connect(self._show_total)

        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search accounts, cities, contacts, emails, phones…"))
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.apply_filter)
        self.in_history = QCheckBox(_("Also search history"))
        self.in_history.toggled.connect(self.apply_filter)

        self.status = self._combo(_("Any status"), [(label(s), s.value) for s in AccountStatus])
        self.kind = self._combo(_("Any kind"), [(label(k), k.value) for k in AccountKind])
        self.tier = self._combo(_("Any tier"), [(label(t), t.value) for t in Tier])
        self.territory = self._combo(_("Any territory"), [])
        self.region = self._combo(_("Any state"), [])
        self.city = QLineEdit()
        self.city.setPlaceholderText(_("City"))
        self.city.setMaximumWidth(130)
        self.city.textChanged.connect(self.apply_filter)
        self.stale = QCheckBox(_("No contact in"))
        self.stale.toggled.connect(self.apply_filter)
        self.stale_days = QSpinBox()
        self.stale_days.setRange(1, 3650)
        self.stale_days.setValue(services.settings.stale_contact_days)
        self.stale_days.setSuffix(_(" days"))
        self.stale_days.valueChanged.connect(self.apply_filter)
        self.show_archived = QCheckBox(_("Archived"))
        self.show_archived.toggled.connect(self.apply_filter)
        self.total_label = QLabel()
        # Fixed width: a count that changes length must not re-lay out the window.
        self.total_label.setFixedWidth(self.total_label.fontMetrics().horizontalAdvance(
            "000,000 accounts") + 8)
        style.muted(self.total_label)  # right-aligned after the first paint, still empty then

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((200, 100, 44, 76, 62, 36, 100, 90)):
            header.resizeSection(column, width)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        # Nothing on the way to the first paint names the ``Qt`` namespace: PySide
        # builds all its 94 enums the first time anything does (~25 ms, a fifth of
        # an empty window's start). So the header's titles come from a C++ model of
        # their own (asking the Python model would pass a Qt.Orientation), and the
        # sort arrow, sorting and the count's alignment are set after that paint.
        titles = self.model.titles()
        self.titles = QStandardItemModel(0, len(titles), self)
        self.titles.setHorizontalHeaderLabels(titles)
        header.setModel(self.titles)
        self.model.skip_next_count()  # counted once the window has painted
        self.model.set_filter(self.current_filter())  # the view's first query

        # The account page is built right after the list first paints, so the
        # window shows (and takes typing) sooner; ``page`` builds it on demand.
        self._page: AccountPage | None = None
        self._pending: uuid.UUID | None = None
        self._placeholder = QWidget()
        # Watch this view, not the table's viewport(): wrapping that Qt-internal widget
        # makes PySide load every QtWidgets class and enum (~30 ms) before the first
        # paint. The view paints in the same frame as the table inside it.
        self._first_paint = _FirstPaint(self, self._after_first_paint)

        filters = QHBoxLayout()
        for widget in (self.status, self.kind, self.tier, self.territory):
            filters.addWidget(widget, 1)
        more_filters = QHBoxLayout()
        for extra in (self.region, self.city, self.stale, self.stale_days, self.show_archived):
            more_filters.addWidget(extra)
        more_filters.addStretch(1)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.in_history)
        search_row.addWidget(self.total_label)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(12, 10, 6, 10)
        left_layout.addLayout(search_row)
        left_layout.addLayout(filters)
        left_layout.addLayout(more_filters)
        left_layout.addWidget(self.table, 1)

        self.splitter = QSplitter()  # horizontal
        self.splitter.addWidget(left)
        self.splitter.addWidget(self._placeholder)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setSizes([540, 660])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        bus.changed.connect(self._on_changes)

    @property
    def page(self) -> AccountPage:
        if self._page is None:
            from ui.views.account_page import AccountPage

            self._page = AccountPage(self.services, self.bus, self.prompts)
            self._page.log_requested.connect(self.log_requested)
            self._page.proposal_requested.connect(self.proposal_requested)
            sizes = self.splitter.sizes()
            self.splitter.replaceWidget(1, self._page)
            self._placeholder.deleteLater()
            self.splitter.setSizes(sizes)
            if self._pending is not None:
                self._page.show_account(self._pending)
                self._pending = None
        return self._page

    def _after_first_paint(self) -> None:
        """What the first paint does not need: sorting by header, the account page,
        the count and the filter menus (those two on the worker when there is one)."""
        from PySide6.QtCore import Qt

        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        # The arrow first, then sorting on: the model is asked for the order it has.
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        _ = self.page
        if self.model.canFetchMore():  # more rows than the first page: count them
            self.model.count_now()
        self._fill_choices()
        self.first_painted.emit()

    def _combo(self, any_text: str, items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.addItem(any_text, "")
        for text, value in items:
            combo.addItem(text, value)
        combo.currentIndexChanged.connect(self.apply_filter)
        return combo

    def _fill_choices(self) -> None:
        listing = self.services.account_list
        if self.tasks is None:
            self._show_choices(listing.choices())
        else:  # the distinct states of 100,000 accounts take ~0.2 s to collect
            self.tasks.run(lambda _report: listing.choices(), self._show_choices,
                           lambda _exc: None)

    def _show_choices(self, choices: dict[str, list[tuple[str, str]]]) -> None:
        for combo, key in ((self.territory, "territories"), (self.region, "regions")):
            current = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for value, text in choices[key]:
                combo.addItem(text, value)
            combo.setCurrentIndex(max(combo.findData(current), 0))
            combo.blockSignals(False)

    def current_filter(self) -> AccountFilter:
        def one(combo: QComboBox) -> frozenset[str]:
            value = combo.currentData()
            return frozenset([value]) if value else frozenset()

        territory = self.territory.currentData()
        return self.model.filter._replace(
            text=self.search.text(),
            include_history=self.in_history.isChecked(),
            statuses=one(self.status), kinds=one(self.kind), tiers=one(self.tier),
            territory_id=uuid.UUID(territory) if territory else None,
            region=self.region.currentData() or None,
            city=self.city.text().strip() or None,
            no_contact_days=self.stale_days.value() if self.stale.isChecked() else None,
            include_archived=self.show_archived.isChecked(),
        )

    def apply_filter(self, *_args: object) -> None:
        selected = self._page.account_id if self._page else self._pending
        self.model.set_filter(self.current_filter())
        if selected is not None:
            self._reselect(selected)

    def _reselect(self, account_id: uuid.UUID) -> None:
        row = self.model.row_of(account_id)
        if row is not None:
            self.table.selectionModel().blockSignals(True)
            self.table.selectRow(row)
            self.table.selectionModel().blockSignals(False)
            index = self.model.index(row, 0)
            self.table.scrollTo(index)
            # Again once pending layout has settled (the page may just have been built).
            QTimer.singleShot(0, lambda: self.table.scrollTo(index))

    def _show_total(self, total: int) -> None:
        self.total_label.setText(ngettext("{n} account", "{n} accounts", total)
                                 .format(n=f"{total:,}"))

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def open_account(self, account_id: uuid.UUID) -> None:
        """Show an account opened from elsewhere, and find it in the list."""
        if not self.resolve_unsaved():
            return
        self.page.show_account(account_id)
        # Load further pages until it appears (bounded: a few thousand rows).
        pages = 0
        while (self.model.row_of(account_id) is None and self.model.canFetchMore()
               and pages < MAX_PAGES_TO_FIND):
            self.model.fetchMore()
            pages += 1
        self._reselect(account_id)

    def resolve_unsaved(self) -> bool:
        """Ask about unsaved edits on the page; False means stay where we are."""
        if self._page is None or not self._page.form.is_dirty():
            return True
        answer = self.prompts.unsaved(self, _("The account has unsaved edits. Save them?"))
        if answer is Unsaved.SAVE:
            return self.page.form.save()
        if answer is Unsaved.DISCARD:
            self.page.form.revert()
            return True
        return False

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        account_id = self.model.row_at(indexes[0].row()).id
        if self._page is None:
            self._pending = account_id
            return
        if account_id == self._page.account_id:
            return
        if not self.resolve_unsaved():
            previous = self._page.account_id
            if previous is not None:
                self._reselect(previous)
            return
        self._page.show_account(account_id)

    def select_first(self) -> None:
        if self.model.rowCount() > 0:
            self.table.selectRow(0)

    def _on_changes(self, changes: Changes, _initiator: object) -> None:
        if changes.touches("territories"):
            self._fill_choices()
        if changes.touches("accounts", "contacts", "interactions"):
            self.apply_filter()


