"""Start-up loads only what the first paint needs.

The window is built in a fresh interpreter, as ``fieldbook`` builds it, so that
modules the other tests imported cannot hide a heavy import. At the first paint
(the window opens on the Today view; the Accounts view is built, not shown) the
child lists the heavy modules already loaded, and the account page's module,
which is built right after that paint; after the deferred work (Today's
sections read on the worker, the count, the filter menus) it lists them again
(the page must be there by then: the check sees an import when there is one).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from desktop.services.container import Services
from desktop.settings import SettingsFile
from ui.main_window import CONFLICTS_ROW

from .conftest import seed

ROOT = Path(__file__).resolve().parents[2]

HEAVY = (
    "sqlalchemy", "alembic", "keyring", "httpx", "phonenumbers", "reportlab", "pypdf",
    "PySide6.QtPrintSupport", "PySide6.QtPdf", "PySide6.QtNetwork", "PySide6.QtSvg",
    "desktop.sync.client", "desktop.domain.wire",
)
# Built right after the first paint: the account page, and sync's controller and
# service (which reads and writes the wire form).
DEFERRED = ("ui.views.account_page", "ui.sync.controller", "desktop.sync.service")

CHILD = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from desktop.settings import SettingsFile
from ui.app import Fieldbook, make_qapp

heavy, scratch = json.loads(sys.argv[1]), Path(sys.argv[3])
loaded = lambda: sorted(m for m in heavy if m in sys.modules)
report = {}
app = make_qapp()
fb = Fieldbook.build(Path(sys.argv[2]), SettingsFile(scratch / "s.json"),
                     qsettings=QSettings(str(scratch / "q.ini"), QSettings.Format.IniFormat))
fb.window.accounts.select_first()

class Watch(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and "at_paint" not in report:
            report["at_paint"] = loaded()
            report["rows"] = fb.window.accounts.model.rowCount()
            report["shown"] = fb.window.stack.currentWidget() is fb.window.today
            report["sidebar"] = fb.window.sidebar.count()
            report["status"] = fb.window.sync_button.text()
            with open("/proc/self/maps") as maps:  # Qt's SVG library, loaded by an SVG icon
                report["svg_library"] = "libQt6Svg" in maps.read()
        return False

def after_deferred():
    report["after"] = loaded()
    report["sorting"] = fb.window.accounts.table.isSortingEnabled()
    app.exit(0)

watch = Watch()
fb.window.today.installEventFilter(watch)
# Queued behind the network watch (with a server), which waits a turn after first_painted.
fb.window.accounts.first_painted.connect(
    lambda: QTimer.singleShot(0, lambda: QTimer.singleShot(0, after_deferred)))
fb.window.show()
QTimer.singleShot(60_000, lambda: app.exit(1))
code = app.exec()
print(json.dumps(report))
sys.exit(code)
"""


def test_first_paint_loads_no_heavy_module(tmp_path: Path) -> None:
    db = tmp_path / "cache.sqlite3"
    services = Services.open(db, SettingsFile(tmp_path / "settings.json"))
    seed(services)
    services.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", CHILD, json.dumps(HEAVY + DEFERRED), str(db),
                             str(tmp_path)], capture_output=True, text=True, env=env,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["at_paint"] == []
    # The first paint is the real window: rows from the cache, sidebar, sync status.
    assert report["rows"] == 3
    assert report["shown"] is True  # the window opens on Today
    assert report["sidebar"] == CONFLICTS_ROW  # every view; Conflicts comes with a server
    assert report["status"] == "Local only"
    assert report["svg_library"] is False  # the icons are pre-rendered PNGs
    assert report["sorting"] is True
    assert report["after"] == sorted(DEFERRED)  # local only: no QtNetwork watch either
