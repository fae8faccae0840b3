"""Start-up probe: prints seconds from interpreter start to the first paint.

``bare``: an empty QMainWindow that imports the ``Qt`` namespace (the floor).
``bare-empty``: the same window without that import (the floor as first written).
``app DB``: Fieldbook on that cache. The clock starts at this process's creation
time (from /proc), so imports count.
"""

from __future__ import annotations

import json
import os
import sys
import time


def process_start() -> float:
    """Wall-clock time this process was created (Linux), else now."""
    try:
        with open("/proc/self/stat") as handle:
            ticks = int(handle.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime") as handle:
            uptime = float(handle.read().split()[0])
        return time.time() - uptime + ticks / os.sysconf("SC_CLK_TCK")
    except OSError:
        return time.time()


START = process_start()
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow  # noqa: E402

IMPORTED = time.time()


class PaintWatch(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            # exit(), not quit(): Qt 6's quit() first closes every window, which
            # would time the app's closeEvent (saving geometry and settings).
            # The frame being painted still completes before exec() returns.
            QApplication.instance().exit(0)  # type: ignore[union-attr]
        return False


def main() -> None:
    mode = sys.argv[1]
    if mode in ("bare", "bare-empty"):
        if mode == "bare":
            # Every PySide6 app imports the Qt namespace (alignments, item roles, keys),
            # and a Python item model makes PySide build it even if the app never names
            # it: 94 Python enums, ~20% of this floor. The floor pays for it as well.
            from PySide6.QtCore import Qt  # noqa: F401
        app = QApplication(sys.argv[:1])
        window = QMainWindow()
        window.resize(1366, 800)
    else:
        from pathlib import Path
        from tempfile import mkdtemp

        from PySide6.QtCore import QSettings

        from desktop.settings import SettingsFile
        from ui.app import Fieldbook, make_qapp

        app = make_qapp()
        scratch = Path(mkdtemp())
        fieldbook = Fieldbook.build(Path(sys.argv[2]), SettingsFile(scratch / "s.json"),
                                    qsettings=QSettings(str(scratch / "q.ini"),
                                                        QSettings.Format.IniFormat))
        window = fieldbook.window
        fieldbook.window.accounts.select_first()
    watch = PaintWatch()
    # For the app, wait until the Accounts view has painted: the frame that paints it
    # paints the account list inside it too. (Not table.viewport(): asking PySide for
    # that internal widget costs ~30 ms, which would be the probe's, not the app's.)
    watched = fieldbook.window.accounts if mode == "app" else window
    watched.installEventFilter(watch)
    window.show()
    shown = time.time()
    app.exec()
    print(json.dumps({"painted": time.time() - START, "before_show": shown - START,
                      "imported": IMPORTED - START}))


main()
