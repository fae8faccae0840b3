"""Runs syncs off the GUI thread: on demand (F5), on a timer, and when the
network comes back; and keeps the status the status bar shows.

The network calls run on a runner of their own, so a slow server never
queues behind (or holds up) the app's database worker. Questions (start
fresh? remove most of the cache?) are asked here, on the GUI thread, after the
worker has stopped; never from the worker.

The network watch (QtNetwork, only with a server) and the sync client load
after the window's first paint: the status bar needs only the settings and a
few counts.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.i18n import _
from desktop.store.changes import Changes
from desktop.sync.errors import (
    AuthRequired,
    Cancelled,
    DeviceRevoked,
    MassDelete,
    NeedsDecision,
    Offline,
    RateLimited,
)
from ui.change_bus import ChangeBus
from ui.operations import Operations
from ui.prompts import Prompts
from ui.sync.status_text import ago, progress_text, status_line
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from desktop.sync.client import SyncProgress, SyncReport
    from desktop.sync.service import SyncService, SyncStatus

RETRY_FIRST_MS = 30_000
RETRY_MAX_MS = 300_000
PUSH_DELAY_MS = 3_000  # a committed edit is pushed this long after the last one
PUBLISH_EVERY_MS = 250  # rows a sync applied reach the views at most this often


class SyncController(QObject):
    status_changed = Signal()
    configured_changed = Signal(bool)
    _applied = Signal(object)  # Changes, from the sync worker (queued to the GUI thread)

    def __init__(self, service: SyncService, bus: ChangeBus, prompts: Prompts,
                 runner: TaskRunner, window: Callable[[], QWidget | None] = lambda: None,
                 parent: QObject | None = None, ops: Operations | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.bus = bus
        self.prompts = prompts
        self.runner = runner
        self.window = window
        self.ops = ops or Operations(service.store, bus, prompts)
        self.running = False
        self.progress: SyncProgress | None = None
        self.error: str | None = None
        self.offline = False
        self.needs_sign_in = False
        self.last_report: SyncReport | None = None
        self.ask_sign_in: Callable[[], None] = lambda: None  # the window's sign-in dialog
        self._cancel = threading.Event()
        self._retry_ms = RETRY_FIRST_MS
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.sync_now)
        self.retry = QTimer(self)
        self.retry.setSingleShot(True)
        self.retry.timeout.connect(self.sync_now)
        self._watching = False
        # What the sync wrote, gathered and published in batches on the GUI thread.
        self._pending_changes = Changes()
        self._applied.connect(self._gather)
        self.publisher = QTimer(self)
        self.publisher.setSingleShot(True)
        self.publisher.setInterval(PUBLISH_EVERY_MS)
        self.publisher.timeout.connect(self._publish)
        # A committed edit is pushed a few seconds later (debounced).
        self.push_timer = QTimer(self)
        self.push_timer.setSingleShot(True)
        self.push_timer.setInterval(PUSH_DELAY_MS)
        self.push_timer.timeout.connect(self._push_edits)
        self._again = False
        self.progress_timer = QTimer(self)
        self.progress_timer.setSingleShot(True)
        self.progress_timer.setInterval(PUBLISH_EVERY_MS)
        self.progress_timer.timeout.connect(self.status_changed.emit)
        bus.changed.connect(self._local_change)
        self._schedule()

    # -- state ------------------------------------------------------------------
    @property
    def configured(self) -> bool:
        return self.service.configured

    def status(self) -> SyncStatus:
        return self.service.status()

    def summary(self, now: datetime | None = None) -> str:
        """The status bar's words: they must always be true."""
        if not self.configured:
            return _("Local only")
        status = self.status()
        if self.running:
            head = progress_text(self.progress)
        elif self.needs_sign_in:
            head = _("Sign-in needed")
        elif self.offline:
            head = _("Offline")
        elif self.error:
            head = _("Sync failed")
        elif status.last_sync_at is None:
            head = _("Not synced yet")
        else:
            head = _("Synced {ago}").format(ago=ago(status.last_sync_at, now))
        return status_line(head, status)

    # -- triggers -----------------------------------------------------------------
    def _schedule(self) -> None:
        minutes = max(1, int(self.service.settings.sync_interval_minutes))
        if self.configured:
            self.timer.start(minutes * 60_000)
        else:
            self.timer.stop()

    def watch_network(self) -> None:
        """Sync when the network comes back, where Qt can tell us. Only with a
        server (sign-in calls it too), and after the window has painted: loading
        QtNetwork and its backend holds up the GUI thread."""
        if self._watching or not self.configured:
            return
        self._watching = True
        try:
            from PySide6.QtNetwork import QNetworkInformation

            feature = QNetworkInformation.Feature.Reachability
            if not QNetworkInformation.loadBackendByFeatures(feature):
                return
            info = QNetworkInformation.instance()
        except (ImportError, RuntimeError):
            return
        if info is not None:
            online = QNetworkInformation.Reachability.Online
            info.reachabilityChanged.connect(
                lambda r: self.sync_now() if r == online and self.offline else None)

    # -- change records --------------------------------------------------------------
    def _gather(self, changes: Changes) -> None:
        self._pending_changes = self._pending_changes.merged(changes)
        if not self.publisher.isActive():
            self.publisher.start()

    def _publish(self) -> None:
        self.publisher.stop()
        changes, self._pending_changes = self._pending_changes, Changes()
        self.bus.publish(changes, self)

    def _local_change(self, changes: Changes, initiator: object) -> None:
        """An edit was committed here: "changes waiting" now, a push soon."""
        if initiator is self:
            return
        self.status_changed.emit()
        if self.configured and not changes.everything:
            self.push_timer.start()

    def _progressed(self) -> None:
        """The status line follows a running sync a few times a second, not at
        every chunk (each refresh counts the outbox and the conflicts)."""
        if not self.progress_timer.isActive():
            self.progress_timer.start()

    def _push_edits(self) -> None:
        if not self.sync_now():
            self._again = self.running

    def sync_now(self, confirm_mass_delete: bool = False) -> bool:
        """Start a sync on the worker; False when one is running or there is no server."""
        if self.running or not self.configured:
            return False
        self.running = True
        self.progress = None
        self._cancel.clear()
        self.status_changed.emit()

        def work(report: Callable[[int, int], None]) -> SyncReport:
            def progress(p: SyncProgress) -> None:
                self.progress = p  # read on the GUI thread when the signal arrives
                report(p.done, p.total or 0)
            return self.service.sync(progress, self._cancel, self._applied.emit,
                                     confirm_mass_delete=confirm_mass_delete)

        self.runner.run(work, self._finished, self._failed,
                        lambda _d, _t: self._progressed())
        return True

    def stop(self) -> None:
        self._cancel.set()

    # -- results (GUI thread) -----------------------------------------------------
    def _finished(self, report: Any) -> None:
        self.running = False
        self.last_report = report
        self.error = None
        self.offline = self.needs_sign_in = False
        self._retry_ms = RETRY_FIRST_MS
        self._publish()
        self.status_changed.emit()
        if self._again:  # edits committed while this sync ran
            self._again = False
            self.push_timer.start()

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        self.error = str(exc)
        self.offline = isinstance(exc, Offline)
        self.needs_sign_in = isinstance(exc, AuthRequired)
        self._publish()  # chunks applied before the stop
        self.status_changed.emit()
        if isinstance(exc, DeviceRevoked):
            self._device_revoked(str(exc))
        elif isinstance(exc, Offline):
            self.retry.start(self._retry_ms)
            self._retry_ms = min(self._retry_ms * 2, RETRY_MAX_MS)
        elif isinstance(exc, RateLimited):  # not a sign-in problem: wait as the server asks
            self.retry.start(min(max(exc.retry_after, 1) * 1000, RETRY_MAX_MS))
        elif isinstance(exc, NeedsDecision):
            self._decide_start_fresh(str(exc))
        elif isinstance(exc, MassDelete):
            if self.prompts.confirm(self.window(), _("Sync"), str(exc)):
                self.sync_now(confirm_mass_delete=True)
        elif isinstance(exc, Cancelled):
            self.error = None
            self.status_changed.emit()

    def _device_revoked(self, message: str) -> None:
        """The cache was wiped and the sign-in ended (``SyncService``): every view
        empties, the window goes back to local only, and the user may sign in again."""
        self.bus.publish(Changes.reset(), self)
        self._schedule()
        self.configured_changed.emit(False)
        self.status_changed.emit()
        if self.prompts.confirm(self.window(), _("Signed out by an administrator"),
                                message + "\n\n" + _("Sign in again now?")):
            self.ask_sign_in()

    def _decide_start_fresh(self, question: str) -> None:
        if not self.prompts.confirm(self.window(), _("Start from the server's data?"), question):
            return
        self.running = True
        self.status_changed.emit()

        def started(_backup: object) -> None:
            self.running = False
            self.bus.publish(Changes.reset(), self)  # the cache was emptied
            self.sync_now()

        self.runner.run(lambda _r: self.service.start_fresh(), started, self._failed)

    # -- sign-in -------------------------------------------------------------------
    def sign_in(self, url: str, login: str, password: str, allow_insecure: bool,
                done: Callable[[BaseException | None], None], ca_file: str | None = None) -> None:
        def succeeded(_user: object) -> None:
            self.needs_sign_in = False
            self.error = None
            self._schedule()
            self.watch_network()
            self.configured_changed.emit(True)
            done(None)
            self.sync_now()

        self.runner.run(
            lambda _r: self.service.sign_in(url, login, password, allow_insecure=allow_insecure,
                                            ca_file=ca_file),
            succeeded, done)

    def sign_out(self) -> None:
        self.service.sign_out()
        self._schedule()
        self.configured_changed.emit(False)
        self.status_changed.emit()
