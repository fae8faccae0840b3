"""Builds the application once: services, change bus, task runner, window."""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from desktop.i18n import _
from desktop.services.container import Services
from desktop.settings import APP, SettingsFile
from desktop.store.changes import Changes
from ui import fonts
from ui.change_bus import ChangeBus
from ui.main_window import MainWindow
from ui.operations import Operations
from ui.prompts import Prompts
from ui.resources import icon
from ui.style import apply_theme, use_fusion
from ui.tasks import TaskRunner
from ui.translation import install_qt_translations

if TYPE_CHECKING:
    from collections.abc import Callable

    from desktop.store.cache_keys import KeyStore
    from desktop.store.cipher import CacheKey
    from desktop.sync.credentials import Tokens
    from ui.sync.controller import SyncController


def make_qapp(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        # Fusion through QApplication's own -style option: setStyle() would hand a
        # QStyle back to Python, and wrapping it loads all of QStyle's enums.
        app = QApplication([*(argv or sys.argv[:1]), "-style", "fusion"])
    else:
        use_fusion(app)
    app.setApplicationName(APP)
    app.setOrganizationName(APP)
    app.setWindowIcon(icon("app"))
    fonts.install(app)  # every script shows: the PDFs' fonts as fallbacks (~1 ms CPU)
    install_qt_translations(app)  # Qt's own buttons in the language desktop.i18n installed
    apply_theme(app)
    return app


class Fieldbook:
    """Everything the running app owns, built in one place and passed down."""

    def __init__(self, services: Services, bus: ChangeBus, prompts: Prompts,
                 tasks: TaskRunner, ops: Operations, window: MainWindow) -> None:
        self.services = services
        self.bus = bus
        self.prompts = prompts
        self.tasks = tasks
        self.ops = ops
        self.window = window

    def wait(self) -> None:
        """Until every task and read under way has finished (at exit, screenshots)."""
        self.tasks.wait()
        self.ops.reads.wait()
        self.tasks.wait()  # a read's answer may have started a task

    @property
    def sync(self) -> SyncController:
        """The sync controller: made right after the first paint, or here on first use."""
        sync = self.window.sync
        assert sync is not None
        return sync

    @classmethod
    def build(cls, db_path: Path, settings_file: SettingsFile | None = None,
              prompts: Prompts | None = None, tasks: TaskRunner | None = None,
              qsettings: QSettings | None = None, tokens: Tokens | None = None,
              sync_runner: TaskRunner | None = None, threaded_writer: bool = True,
              key: CacheKey | None = None) -> Fieldbook:
        """``tokens`` replaces the OS keyring and ``sync_runner`` the network
        worker (tests); sync gets a runner of its own so that a slow server never
        holds up the app's reads. Every write runs on the store's writer thread
        (``threaded_writer=False``: on the spot, for tests); a write outside an
        operation is refused, so none can stay on the GUI thread.

        Sync itself (the service, the controller, the menu's actions) loads right
        after the window's first paint: the first frame needs only the settings
        to show the Sync menu and "Local only" (or "Syncing…"). ``key``: the cache's
        (``run_gui`` always has one; tests may open a plain cache)."""
        services = Services.open(db_path, settings_file or SettingsFile(cache=db_path),
                                 threaded_writer=threaded_writer, writes_in_jobs=True, key=key)
        from desktop.domain import formats

        # Phones of the rep's home region show in national format (window, PDFs, .ics).
        formats.use(home_region=services.settings.home_region)
        bus = ChangeBus()
        prompts = prompts or Prompts()
        # One read thread (a second, measured at 1,000,000 accounts, made a logged
        # call 7x slower and the window 76 MB larger for little gain: see README).
        tasks = tasks or TaskRunner()
        ops = Operations(services.store, bus, prompts, tasks)

        def make_sync() -> SyncController:
            from desktop.sync.credentials import TokenStore
            from desktop.sync.service import SyncService
            from ui.sync.controller import SyncController

            service = SyncService(services.store, services.settings, services.settings_file,
                                  tokens or TokenStore())
            sync = SyncController(service, bus, prompts, sync_runner or TaskRunner(), ops=ops)
            # The network watch (QtNetwork) waits a turn of its own after the paint.
            QTimer.singleShot(0, sync.watch_network)
            return sync

        window = MainWindow(services, bus, prompts, tasks, qsettings or QSettings(), make_sync,
                            ops=ops)
        return cls(services, bus, prompts, tasks, ops, window)

    def offer_demo_data(self) -> None:
        """On a first start with an empty cache, offer a demo book of business."""
        settings = self.services.settings
        if settings.offered_demo_data or not self.services.is_empty():
            return
        settings.offered_demo_data = True
        self.services.settings_file.save(settings)
        if not self.prompts.confirm(
            self.window, _("Welcome to Fieldbook"),
            _("Your account cache is empty. Load a demo book of business "
              "({n:,} accounts with contacts and history) to try Fieldbook?")
            .format(n=settings.demo_accounts)):
            return
        self.load_demo_data(settings.demo_accounts)

    def load_demo_data(self, accounts: int, seed: int = 7) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QProgressDialog

        from desktop.demo.generator import generate

        progress = QProgressDialog(_("Writing demo data…"), "", 0, accounts, self.window)
        progress.setCancelButton(None)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        store = self.services.store

        def finished(summary: object) -> None:
            progress.close()
            self.services.set_current_user(summary.rep_id)  # type: ignore[attr-defined]
            # The whole cache was filled at once: every view reloads.
            self.bus.publish(Changes.reset(), self)
            self.window.accounts.select_first()

        def failed(exc: BaseException) -> None:
            progress.close()
            self.ops.failed(exc, self.window, _("Demo data"), None)

        # The generator writes as one job of the writer; this worker waits for it.
        self.tasks.run(
            lambda report: store.writer.call(
                lambda: generate(store, accounts=accounts, seed=seed, progress=report)),
            finished, failed, lambda done, total: progress.setValue(done),
        )


def run_gui(db_path: Path, keys: Callable[[], KeyStore | None] | None = None) -> int:
    """Open the window and run until it closes. ``keys``: where the cache's key is
    looked up (the command line passes the keyring's answer, asked in parallel)."""
    app = make_qapp()
    from desktop import logs
    from ui.crash import CrashReporter

    logs.install()  # the platform's log folder, rotated (Help > Open the log folder)
    from ui.cache_unlock import QtUnlockPrompts, unlock_cache

    prompts = QtUnlockPrompts()
    # The keyring, or a passphrase.
    key = unlock_cache(db_path, prompts, keys) if keys else unlock_cache(db_path, prompts)
    if key is None:
        return 1
    fieldbook = Fieldbook.build(db_path, key=key)
    crash = CrashReporter(fieldbook.prompts, app)
    crash.install()
    fieldbook.window.show()
    fieldbook.window.accounts.select_first()
    # Load the write path and the views' modules on the worker while the rep looks
    # at the window: after the first paint (importing holds the GIL the paint needs).
    from ui import warm_up

    warm_up.after_first_paint(fieldbook)
    # What the start made (window, widgets, modules) lives as long as the app: once
    # the window has painted, the cyclic collector stops walking it (gc.freeze).
    fieldbook.window.accounts.first_painted.connect(gc.freeze)
    from ui import first_run

    first_run.offer(fieldbook)  # connect, demo data or empty: once, on an empty cache

    def back_up_today() -> None:  # the newest seven kept; once the window is up
        from ui.backup_actions import daily_backup

        daily_backup(fieldbook.window)

    fieldbook.window.accounts.first_painted.connect(back_up_today)
    # A sync at start, once the controller has loaded after the first paint.
    fieldbook.window.accounts.first_painted.connect(lambda: fieldbook.sync.sync_now())
    code = app.exec()
    if fieldbook.window.sync_loaded:
        fieldbook.sync.stop()
        fieldbook.sync.runner.wait()
    fieldbook.wait()
    fieldbook.services.close()
    return code
