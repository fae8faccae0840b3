"""The main window: sidebar of views, shortcuts, status bar. Thin on purpose:
each view and dialog lives in its own module."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from desktop.i18n import _
from desktop.services.container import Services
from desktop.store.changes import Changes
from ui import style
from ui.change_bus import ChangeBus
from ui.history_view import record_history
from ui.operations import Operations
from ui.prompts import Prompts
from ui.resources import on_dark_icon
from ui.tasks import TaskRunner
from ui.undo import UndoBar
from ui.views import registry as views
from ui.views.accounts_view import AccountsView
from ui.views.registry import ROW_OF, ROWS, LazyView
from ui.views.today_view import TodayView
from ui.window_actions import window_action
from ui.window_state import restore_window_state, save_window_state

if TYPE_CHECKING:
    from collections.abc import Callable

    from desktop.services.base import Saved
    from ui.sync.controller import SyncController
    from ui.sync.status_button import SyncButton
    from ui.views.lead_actions import LeadActions

TODAY_ROW = ROW_OF["today"]  # where the window opens
ACCOUNTS_ROW = ROW_OF["accounts"]
FOLLOW_UPS_ROW = ROW_OF["follow_ups"]
PROPOSALS_ROW = ROW_OF["proposals"]
ORDERS_ROW = ROW_OF["orders"]
SHIPPING_ROW = ROW_OF["shipping"]
TRIPS_ROW = ROW_OF["trips"]
LEADS_ROW = ROW_OF["leads"]
PIPELINE_ROW = ROW_OF["pipeline"]
EVENTS_ROW = ROW_OF["events"]
REPORTS_ROW = ROW_OF["reports"]  # reports, dormant customers, cross-sell (tabs)
CONFLICTS_ROW = ROW_OF["conflicts"]  # the last row; only with a server


class MainWindow(QMainWindow):
    # Built the first time each is shown (ui/views/registry.py).
    follow_ups = LazyView(views.follow_ups)
    conflicts = LazyView(views.conflicts)
    proposals = LazyView(views.proposals)
    orders = LazyView(views.orders)
    shipping = LazyView(views.shipping)
    trips = LazyView(views.trips)
    leads = LazyView(views.leads)
    pipeline = LazyView(views.pipeline)
    events = LazyView(views.events)
    reports = LazyView(views.reports)

    def __init__(self, services: Services, bus: ChangeBus, prompts: Prompts,
                 tasks: TaskRunner, qsettings: QSettings,
                 sync: Callable[[], SyncController] | None = None,
                 ops: Operations | None = None) -> None:
        """``sync`` makes the sync controller: called right after the first paint,
        or sooner when something asks for ``sync``. None: no sync parts at all.
        ``ops`` runs every write (the app builds one and passes it in)."""
        super().__init__()
        self.ops = ops or Operations(services.store, bus, prompts, tasks)
        self._make_sync = sync
        self._sync: SyncController | None = None
        self.sync_button: SyncButton | None = None
        self.services, self.bus, self.prompts, self.tasks = services, bus, prompts, tasks
        self.qsettings = qsettings
        self.active_dialog: QWidget | None = None
        self.setWindowTitle("Fieldbook")
        # The window icon is the application's (make_qapp sets it).
        # Fits a 1366x768 laptop at 125 % scale (1093x614 logical, less the panel).
        self.setMinimumSize(QSize(960, 540))

        # Today is shown first; its first paint starts the work deferred past it
        # (the account page, the count, sync). The Accounts view is built now too
        # (cheap: one page of one query), so Ctrl+F finds it ready.
        self.today = TodayView(services, bus, self.ops)
        self.today.open_account.connect(lambda account: self.show_account(account))
        self.today.open_order.connect(lambda order: self.show_order(order))
        self.accounts = AccountsView(services, bus, prompts, self.ops, tasks=tasks)
        self.accounts.history_source = lambda: record_history(self.sync, services.store,
                                                              services.settings)
        self.today.first_painted.connect(self.accounts.after_first_paint)

        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setStyleSheet(style.SIDEBAR)
        self.sidebar.setFixedWidth(168)
        self.sidebar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sidebar.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.sidebar.setIconSize(QSize(20, 20))
        self.stack = QStackedWidget()
        for row in ROWS[:CONFLICTS_ROW]:  # Conflicts comes with the sync parts
            QListWidgetItem(on_dark_icon(row.icon), _(row.label), self.sidebar)
        self.stack.addWidget(self.today)
        self.stack.addWidget(self.accounts)
        for attr in views.lazy_attrs():
            setattr(self, f"_{attr}", None)
        self._lead_actions: LeadActions | None = None
        self.sidebar.currentRowChanged.connect(self._switch_view)
        self.sidebar.setCurrentRow(TODAY_ROW)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.sidebar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        act = partial(window_action, self)
        self.find_action = act(_("&Find account"), QKeySequence.StandardKey.Find,
                               lambda: self.focus_search())
        self.new_account_action = act(_("&New account"), QKeySequence.StandardKey.New,
                                      lambda: self.new_account())
        self.log_action = act(_("&Log interaction"), QKeySequence("Ctrl+L"),
                              lambda: self.log_interaction())
        self.capture_lead_action = act(_("Capture &lead"), QKeySequence("Ctrl+Shift+L"),
                                       lambda: self.lead_actions.capture())
        self.new_opportunity_action = act(_("New &opportunity"), QKeySequence("Ctrl+Shift+O"),
                                          lambda: self.new_opportunity())
        self.quit_action = act(_("&Quit"), QKeySequence.StandardKey.Quit, lambda: self.close())
        self.accounts.log_requested.connect(self.log_interaction)
        self.accounts.proposal_requested.connect(self.new_proposal)

        # Undo for one-click actions (ops.undo.push): an Undo button in the status
        # line for a while after each, and Ctrl+Z.
        self.undo_bar = UndoBar(self.ops.undo)
        self.statusBar().addPermanentWidget(self.undo_bar)
        self.undo_action = self.ops.undo.action_for(self)
        self.where = QLabel()
        self.statusBar().addPermanentWidget(self.where)
        self.where.setText(str(services.store.path))
        style.muted(self.where)
        if sync is not None:
            from ui.sync.status_button import add_sync_parts

            self._sync_menu, self.sync_button = add_sync_parts(
                self, services.settings.sync_configured)
            self.accounts.first_painted.connect(lambda: self.sync)
        bus.changed.connect(self._on_changes)
        bus.changed.connect(self._feed_duplicates)
        from ui.menus import build_menus

        self.menus = build_menus(self)  # File, Edit, View, Help around the Sync menu
        restore_window_state(self)

    @property
    def sync(self) -> SyncController | None:
        """The sync controller, made (and its window parts installed) on first use."""
        if self._sync is None and self._make_sync is not None:
            from ui.sync.window_parts import install_sync

            self._sync = self._make_sync()
            assert self.sync_button is not None
            install_sync(self, self._sync, self._sync_menu, self.sync_button)
        return self._sync

    @property
    def sync_loaded(self) -> bool:
        """Whether the sync controller exists yet (asking ``sync`` would make it)."""
        return self._sync is not None

    @property
    def lead_actions(self) -> LeadActions:
        """Opens the lead dialogs (capture, convert, merge) from anywhere."""
        if self._lead_actions is None:
            from ui.views.lead_actions import LeadActions

            self._lead_actions = LeadActions(self.services, self.ops, self)
            self._lead_actions.open_record.connect(self.show_record)
        return self._lead_actions

    def new_opportunity(self) -> None:
        """A new deal; for the account open on the Accounts view, when one is."""
        account = None
        if self.stack.currentWidget() is self.accounts and self.accounts.page.detail:
            account = self.accounts.page.detail.id
        self.pipeline.new_opportunity(account)
        self.active_dialog = self.pipeline.dialog

    def show_record(self, found: object) -> None:
        """Show a duplicate the rep chose to open: its account, or the lead."""
        table, row_id = getattr(found, "table", ""), getattr(found, "id", None)
        if table == "leads":
            self.sidebar.setCurrentRow(LEADS_ROW)
            self.leads.select(row_id)  # type: ignore[arg-type]
        elif table == "contacts":
            self.show_account(getattr(found, "account_id", None))
        elif row_id is not None:
            self.show_account(row_id)

    def _switch_view(self, row: int) -> None:
        attr = ROWS[row].attr if 0 <= row < len(ROWS) else "accounts"
        self.stack.setCurrentWidget(getattr(self, attr))

    def new_proposal(self) -> None:
        """A proposal for the open account, in the Proposals view."""
        detail = self.accounts.page.detail
        if detail is not None:
            self.sidebar.setCurrentRow(PROPOSALS_ROW)
            self.proposals.new_proposal(detail.id)

    def show_order(self, order_id: object) -> None:
        """Switch to the Orders view with ``order_id`` selected."""
        self.sidebar.setCurrentRow(ORDERS_ROW)
        self.orders.select_first(lambda row: row.id == order_id)

    def show_conflicts(self) -> None:
        if self.sidebar.count() > CONFLICTS_ROW:
            self.sidebar.setCurrentRow(CONFLICTS_ROW)

    # -- actions -------------------------------------------------------------
    def sign_in(self) -> None:
        from ui.sync.sign_in_dialog import SignInDialog

        assert self.sync is not None
        dialog = SignInDialog(self.sync, self)
        self.active_dialog = dialog
        dialog.open()

    def focus_search(self) -> None:
        self.sidebar.setCurrentRow(ACCOUNTS_ROW)
        self.accounts.focus_search()

    def show_account(self, account_id: object) -> None:
        self.sidebar.setCurrentRow(ACCOUNTS_ROW)
        self.accounts.open_account(account_id)  # type: ignore[arg-type]

    def new_account(self) -> None:
        from ui.dialogs.new_account import NewAccountDialog

        if not self.accounts.resolve_unsaved(self.new_account):
            return
        dialog = NewAccountDialog(self.services, self, ops=self.ops)
        dialog.accepted.connect(lambda: self._account_created(dialog.saved))
        dialog.open_record.connect(self.show_record)
        self.active_dialog = dialog
        dialog.open()

    def _account_created(self, saved: Saved | None) -> None:
        """The dialog's write published the new account: open it."""
        if saved is not None:
            self.show_account(saved.id)

    def log_interaction(self) -> None:
        from ui.dialogs.log_interaction import LogInteractionDialog

        detail = self.accounts.page.detail
        if detail is None:
            self.statusBar().showMessage(_("Select an account first."), 4000)
            return
        dialog = LogInteractionDialog(self.services, detail.id, detail.values["name"],
                                      detail.contacts, self, ops=self.ops)
        self.active_dialog = dialog
        dialog.open()

    # -- window state --------------------------------------------------------
    def _on_changes(self, changes: Changes, initiator: object) -> None:
        if initiator is None or initiator is not self._sync:
            self.statusBar().showMessage(_("Saved."), 2500)

    def _feed_duplicates(self, changes: Changes, _initiator: object) -> None:
        """Keep the duplicate finder's names current, once a form has built them."""
        finder = vars(self.services).get("duplicates")  # None: not made yet
        if finder is not None and finder.ready:
            self.tasks.run(lambda _report: finder.apply(changes), lambda _r: None,
                           lambda exc: self.ops.failed(exc, None, _("Duplicate check"), None))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        # After Save, the window closes once the edits are stored (not from inside
        # this event: Qt ignores a close while one is being handled).
        if not self.accounts.resolve_unsaved(lambda: QTimer.singleShot(0, self.close)):
            event.ignore()
            return
        save_window_state(self)
        self.services.settings_file.save(self.services.settings)
        event.accept()
