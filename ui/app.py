"""Builds the application once: services, change bus, task runner, window."""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import TYPE_CHECKING

# The Qt-free core first: once PySide6 is imported it routes every import statement
# through its own hook, which also asks of each new module whether its source
# mentions "PySide6" (for its ``__feature__`` switches). pyside_import_hook makes
# that answer cheap; modules imported before PySide6 skip the hook altogether.
from desktop.i18n import _
from desktop.services.container import Services
from desktop.settings import APP, SettingsFile
from desktop.store.changes import Changes
from ui import pyside_import_hook  # noqa: F401 - loads PySide6, then answers its hook cheaply
from ui.none_guard import keep_none_alive  # _ctypes only

# isort: split
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from ui.change_bus import ChangeBus
from ui.main_window import MainWindow
from ui.prompts import Prompts
from ui.resources import icon
from ui.style import apply_theme, use_fusion
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from desktop.sync.credentials import Tokens
    from ui.sync.controller import SyncController


def make_qapp(argv: list[str] | None = None) -> QApplication:
    keep_none_alive()  # PySide6 6.12 on Python 3.11: see ui/none_guard.py
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        # Fusion from the start: asking app.style() later makes PySide build
        # QStyle's enums (~7 ms) before the first paint.
        app = QApplication([*(argv or sys.argv[:1]), "-style", "fusion"])
    else:
        use_fusion(app)
    app.setApplicationName(APP)
    app.setOrganizationName(APP)
    app.setWindowIcon(icon("app"))
    apply_theme(app)
    return app


class Fieldbook:
    """Everything the running app owns, built in one place and passed down.

    A plain class: a dataclass here would cost the start ~0.4 ms for nothing used."""

    def __init__(self, services: Services, bus: ChangeBus, prompts: Prompts,
                 tasks: TaskRunner, window: MainWindow) -> None:
        self.services = services
        self.bus = bus
        self.prompts = prompts
        self.tasks = tasks
        self.window = window

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
              sync_runner: TaskRunner | None = None) -> Fieldbook:
        """``tokens`` replaces the OS keyring and ``sync_runner`` the network
        worker (tests); sync gets a runner of its own so that a slow server never
        holds up the app's database worker.

        Sync itself (the service, the controller, the menu's actions) loads right
        after the window's first paint: the first frame needs only the settings
        to show the Sync menu and "Local only" (or "Syncing…")."""
        services = Services.open(db_path, settings_file or SettingsFile(cache=db_path))
        bus = ChangeBus()
        prompts = prompts or Prompts()
        tasks = tasks or TaskRunner()

        def make_sync() -> SyncController:
            from desktop.sync.credentials import TokenStore
            from desktop.sync.service import SyncService
            from ui.sync.controller import SyncController

            service = SyncService(services.store, services.settings, services.settings_file,
                                  tokens or TokenStore())
            sync = SyncController(service, bus, prompts, sync_runner or TaskRunner())
            # The network watch (QtNetwork) waits a turn of its own after the paint.
            QTimer.singleShot(0, sync.watch_network)
            return sync

        window = MainWindow(services, bus, prompts, tasks, qsettings or QSettings(), make_sync)
        return cls(services, bus, prompts, tasks, window)

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
            self.bus.publish(Changes.of([("accounts", summary.rep_id)]), self)  # type: ignore[attr-defined]
            self.window.accounts.select_first()

        def failed(exc: BaseException) -> None:
            progress.close()
            self.prompts.error(self.window, _("Demo data"), str(exc))

        self.tasks.run(
            lambda report: generate(store, accounts=accounts, seed=seed, progress=report),
            finished, failed, lambda done, total: progress.setValue(done),
        )


def run_gui(db_path: Path, collector_paused: bool = False) -> int:
    """Open the window; ``collector_paused``: the caller switched Python's cyclic
    garbage collector off for the start, and it comes back on after the first
    paint (or after a few seconds, should the window not paint, e.g. minimised)."""
    app = make_qapp()
    fieldbook = Fieldbook.build(db_path)
    fieldbook.window.show()
    fieldbook.window.accounts.select_first()
    # Load the write path on the worker while the rep looks at the window: after the
    # first paint (importing the ORM holds the GIL the paint needs) and behind the
    # count and the filter menus' values, which the window queues there first.
    fieldbook.window.accounts.first_painted.connect(lambda: fieldbook.tasks.run(
        lambda _report: fieldbook.services.warm_up(), lambda _r: None, lambda _e: None))
    if collector_paused:
        fieldbook.window.accounts.first_painted.connect(gc.enable)
        QTimer.singleShot(3000, gc.enable)
    fieldbook.offer_demo_data()
    # A sync at start, once the controller has loaded after the first paint.
    fieldbook.window.accounts.first_painted.connect(lambda: fieldbook.sync.sync_now())
    code = app.exec()
    gc.enable()
    if fieldbook.window.sync_loaded:
        fieldbook.sync.stop()
        fieldbook.sync.runner.wait()
    fieldbook.tasks.wait()
    fieldbook.services.close()
    return code
