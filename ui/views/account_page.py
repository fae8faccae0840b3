"""One account: header, contact history, contacts, follow-ups and concerns,
and its editable details."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.schema.enums import AccountKind, AccountStatus, label_of
from desktop.i18n import _, ngettext
from desktop.services.account_detail import AccountDetail
from desktop.services.base import NotFound
from desktop.services.container import Services
from desktop.services.validation import format_phone
from desktop.store.changes import Changes
from ui import style
from ui.change_bus import ChangeBus
from ui.history_view import HistoryView, record_history
from ui.models.timeline import TimelineModel
from ui.operations import Operations
from ui.prompts import Prompts
from ui.resources import icon
from ui.views.account_form import AccountForm
from ui.views.account_people import PeopleTab
from ui.views.channel_filter import ChannelFilter
from ui.views.live import LiveUpdates
from ui.views.timeline_delegate import TimelineDelegate

if TYPE_CHECKING:
    from desktop.sync.record_history import RecordHistory

TABLES = ("accounts", "contacts", "interactions", "follow_ups", "concerns", "territories")


class AccountPage(QWidget):
    log_requested = Signal()
    proposal_requested = Signal()  # "New proposal…" for this account

    def __init__(self, services: Services, bus: ChangeBus, prompts: Prompts, ops: Operations,
                 parent: QWidget | None = None, *,
                 changes: Callable[[], RecordHistory | None] | None = None) -> None:
        """``changes``: the window's reader of the server's audit log (with its sign-in)."""
        super().__init__(parent)
        self.services = services
        self.bus = bus
        self.prompts = prompts
        self.ops = ops
        self.detail: AccountDetail | None = None
        self.active_dialog: QWidget | None = None
        self.context_menu: QMenu | None = None  # the timeline's, while it is open

        self.title = QLabel()
        style.title(self.title)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title.setMinimumWidth(120)
        self.badges = QLabel()
        self.badges.setTextFormat(Qt.TextFormat.RichText)
        self.subtitle = QLabel()
        style.muted(self.subtitle)
        self.subtitle.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subtitle.setWordWrap(True)
        self.log_button = QPushButton(_("Log interaction"))
        style.primary(self.log_button)
        self.log_button.setToolTip(_("Log a call, email, visit, ... (Ctrl+L)"))
        self.log_button.clicked.connect(self.log_requested)
        self.proposal_button = QPushButton(_("New proposal…"))
        self.proposal_button.clicked.connect(self.proposal_requested)
        self.archive_button = QPushButton(icon("archive"), _("Archive"))
        self.archive_button.clicked.connect(lambda: self.toggle_archived())
        self.merge_button = QPushButton(_("Merge with…"))
        self.merge_button.setToolTip(_("Merge a duplicate of this account into it"))
        self.merge_button.clicked.connect(lambda: self.merge_with())

        head = QHBoxLayout()
        names = QVBoxLayout()
        names.addWidget(self.title)
        facts = QHBoxLayout()
        facts.addWidget(self.badges)
        facts.addStretch(1)
        names.addLayout(facts)
        names.addWidget(self.subtitle)
        head.addLayout(names, 1)
        head.addWidget(self.merge_button, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.archive_button, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.proposal_button, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.log_button, 0, Qt.AlignmentFlag.AlignTop)

        # History tab
        self.timeline = TimelineModel(services.reader)
        self.channels = ChannelFilter(frozenset(services.settings.timeline_channels))
        self.channels.changed.connect(self._channels_changed)
        self.timeline_view = QListView()
        self.timeline_view.setModel(self.timeline)
        self.timeline_view.setItemDelegate(TimelineDelegate(self.timeline_view))
        self.timeline_view.setUniformItemSizes(False)
        self.timeline_view.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.timeline_view.setIconSize(QSize(20, 20))
        self.timeline_view.setToolTip("")
        self.timeline_view.doubleClicked.connect(lambda index: self.edit_interaction(index.row()))
        self.timeline_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.timeline_view.customContextMenuRequested.connect(self._timeline_menu)
        self.timeline_empty = style.muted(QLabel())
        self.timeline_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.timeline_empty.setWordWrap(True)
        for signal in (self.timeline.modelReset, self.timeline.rowsInserted,
                       self.timeline.rowsRemoved):
            signal.connect(self._timeline_filled)
        history = QWidget()
        history_layout = QVBoxLayout(history)
        history_layout.addWidget(self.channels)
        history_layout.addWidget(self.timeline_view, 1)
        history_layout.addWidget(self.timeline_empty, 1)
        self.timeline_empty.hide()

        self.people = PeopleTab(services, bus, prompts, ops)
        self.form = AccountForm(services, ops)
        self.changes = HistoryView(ops.reads, lambda: (changes() if changes else None)
                                   or record_history(None, services.store, services.settings))

        self.tabs = QTabWidget()
        self.tabs.addTab(history, icon("channel-note"), _("History"))
        self.tabs.addTab(self.people.contacts_panel, icon("contacts"), _("Contacts"))
        self.tabs.addTab(self.people.followup_panel, icon("followup"),
                         _("Follow-ups && concerns"))
        self.tabs.addTab(self.form, icon("accounts"), _("Details"))
        self.tabs.addTab(self.changes, icon("refresh"), _("Change history"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addLayout(head)
        layout.addWidget(self.tabs, 1)
        self.live = LiveUpdates(self, bus, self._shows, self._refresh)
        self.setEnabled(False)

    @property
    def account_id(self) -> uuid.UUID | None:
        return self.detail.id if self.detail else None

    def show_account(self, account_id: uuid.UUID | None, reset: bool = True) -> None:
        """Load an account (unsaved form edits must have been handled by the caller).
        ``reset=False``: the same account changed; its lists update in place. An
        account that is gone (deleted, or the cache started over) leaves the page empty."""
        if account_id is None:
            self._clear()
            return
        try:
            self.detail = self.services.reader.detail(account_id)
        except NotFound:
            self._clear()
            return
        self.setEnabled(True)
        self._fill_header()
        if reset or self.timeline.account_id != account_id:
            self.timeline.show_account(account_id)
        else:
            self.timeline.refresh_in_place()
        self.people.show(self.detail, reset)
        self.form.load(account_id, self.detail.values)
        self.changes.show_record("accounts", account_id, account=True)
        d = self.detail
        open_concerns = sum(1 for c in d.concerns if c.status != "resolved")
        self.tabs.setTabText(0, _("History ({n})").format(n=d.interaction_count))
        self.tabs.setTabText(1, _("Contacts ({n})").format(n=len(d.contacts)))
        self.tabs.setTabText(2, _("Follow-ups && concerns ({n})").format(
            n=len(d.open_follow_ups) + open_concerns))

    def _clear(self) -> None:
        """No account: nothing of the last one stays on the page."""
        self.detail = None
        self.setEnabled(False)
        for label in (self.title, self.badges, self.subtitle):
            label.clear()
        self.timeline.show_account(None)
        self.people.show(None)
        self.form.clear()
        self.changes.show_record(None, None)
        for tab, text in enumerate((_("History"), _("Contacts"), _("Follow-ups && concerns"))):
            self.tabs.setTabText(tab, text)

    def _fill_header(self) -> None:
        assert self.detail is not None
        v = self.detail.values
        self.title.setText(v["name"])
        kind = label_of(AccountKind, v["kind"])
        status = label_of(AccountStatus, v["status"])
        badges = [kind] + ([status] if status != kind else [])
        badges += [label_tier(v["tier"])] if v["tier"] else []
        if v["archived"]:
            badges.append(_("Archived"))
        self.badges.setText("&nbsp;".join(
            f"<span style='background:#E0F2F1;color:#004D40;'>&nbsp;{b}&nbsp;</span>"
            for b in badges))
        place = ", ".join(p for p in (v["billing_street"], v["billing_city"],
                                      " ".join(filter(None, (v["billing_region"],
                                                             v["billing_postal_code"]))),
                                      v["billing_country"]) if p)
        bits = [place, format_phone(v["phone"], self.services.settings.home_region),
                self.detail.territory_name or "",
                ngettext("{n} interaction", "{n} interactions",
                         self.detail.interaction_count).format(n=self.detail.interaction_count)]
        self.subtitle.setText("   ·   ".join(b for b in bits if b))
        self.archive_button.setText(_("Restore") if v["archived"] else _("Archive"))

    def _timeline_filled(self) -> None:
        """An empty history says so, and how to start one."""
        empty = self.timeline.rowCount() == 0 and self.timeline.account_id is not None
        if empty:
            self.timeline_empty.setText(
                _("No interactions on this account yet.\nLog the first one with Ctrl+L.")
                if not self.timeline.channels else
                _("Nothing in the chosen channels. Click All to see everything."))
        self.timeline_empty.setVisible(empty)
        self.timeline_view.setVisible(not empty)

    def _timeline_menu(self, pos: QPoint) -> None:
        index = self.timeline_view.indexAt(pos)
        if not index.isValid():
            return
        if self.context_menu is not None:
            self.context_menu.deleteLater()
        menu = self.context_menu = QMenu(self)
        menu.addAction(_("Edit…"), lambda: self.edit_interaction(index.row()))
        menu.addAction(_("Delete…"), lambda: self.delete_interaction(index.row()))
        menu.popup(self.timeline_view.viewport().mapToGlobal(pos))

    def edit_interaction(self, row: int) -> None:
        """Correct a logged interaction (double-click, or Edit… in its menu)."""
        from ui.dialogs.log_interaction import LogInteractionDialog

        if self.detail is None or not 0 <= row < self.timeline.rowCount():
            return
        entry = self.timeline.entry(row)
        try:
            values = self.services.reader.interaction_values(entry.id)
        except NotFound:
            self.show_account(self.detail.id)
            return
        dialog = LogInteractionDialog(self.services, self.detail.id, self.detail.values["name"],
                                      self.detail.contacts, self.window(), prefill=values,
                                      interaction_id=entry.id, ops=self.ops)
        self.active_dialog = dialog
        dialog.open()

    def delete_interaction(self, row: int) -> None:
        if self.detail is None or not 0 <= row < self.timeline.rowCount():
            return
        entry = self.timeline.entry(row)
        if self.prompts.confirm(self, _("Delete interaction"),
                                _("Delete “{subject}” from the history?").format(
                                    subject=entry.subject)):
            history = self.services.history
            self.ops.write(lambda: history.delete_interaction(entry.id), parent=self,
                           title=_("Delete interaction")).run()

    def _channels_changed(self, channels: frozenset[str]) -> None:
        self.services.settings.timeline_channels = sorted(channels)
        self.timeline.set_channels(channels)

    def merge_with(self) -> None:
        from ui.views.account_merge import merge_with

        merge_with(self)

    def toggle_archived(self) -> None:
        if self.detail is None:
            return
        accounts, account_id = self.services.accounts, self.detail.id
        archived = not self.detail.values["archived"]
        self.ops.write(lambda: accounts.set_archived(account_id, archived), parent=self,
                       title=_("Restore") if not archived else _("Archive")).run()

    def _shows(self, changes: Changes) -> bool:
        return self.detail is not None and changes.touches(*TABLES)

    def _refresh(self, reset: bool) -> None:
        """The shown account changed (or the cache started over): read it again,
        keeping the rep's unsaved edits in the form."""
        if self.detail is None:
            return
        keep = self.form.unsaved_edits()
        self.show_account(self.detail.id, reset)
        if keep and self.detail is not None:
            self.form.restore_edits(keep)


def label_tier(tier: str) -> str:
    return _("Tier {t}").format(t=tier)
