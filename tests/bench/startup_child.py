"""Start-up probe: prints seconds from interpreter start to the first paint.

``bare``: an empty QMainWindow that imports the ``Qt`` namespace.
``bare-empty``: the same window without that import (the floor the issue names).
``app DB``: the ``fieldbook --db DB`` command itself, through ``ui.cli.main``, in
the console script's order: argument parsing, settings and window state from the
user's folders (pointed at a scratch directory), the window and the rest of
``run_gui``.

The clock starts when the parent started this process: the wall-clock time in
``FIELDBOOK_BENCH_SPAWNED``, set by ``run.py`` just before it spawns the child, so
the interpreter's exec and every import count. Without it, the process's creation
time from /proc is used, which the kernel keeps in 10 ms ticks: enough for a
glance, too coarse to compare two starts ~50 ms apart. The clock stops when the
event loop has finished the frame that painted the window (the Today view for
the app, where the window opens), at ``aboutToQuit``.
"""

from __future__ import annotations

import json
import os
import sys
import time


def process_start() -> float:
    """Wall-clock time this process was started: as its parent says, else from /proc
    (Linux; 10 ms ticks), else now."""
    spawned = os.environ.get("FIELDBOOK_BENCH_SPAWNED")
    if spawned:
        return float(spawned)
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
times: dict[str, float] = {}


def watch_first_paint(widget: object) -> None:
    """Stop the event loop once ``widget`` paints and note when that frame is done."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    class PaintWatch(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                # exit(), not quit(): Qt 6's quit() first closes every window, which
                # would time the app's closeEvent (saving geometry and settings).
                # The frame being painted still completes before the loop stops.
                QApplication.instance().exit(0)  # type: ignore[union-attr]
            return False

    app = QApplication.instance()
    app.aboutToQuit.connect(lambda: times.setdefault("painted", time.time() - START))
    watch = PaintWatch(app)
    widget.installEventFilter(watch)  # type: ignore[attr-defined]
    times["before_show"] = time.time() - START


def bare(with_qt_namespace: bool) -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    if with_qt_namespace:
        # Any PySide6 window with a Python item model names the Qt namespace
        # (orientations, item roles, alignments, keys) before its first paint, and
        # PySide then builds all of it (94 Python enums). Fieldbook does too; this
        # floor is reported beside the empty window's.
        from PySide6.QtCore import Qt  # noqa: F401
    times["imported"] = time.time() - START
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1366, 800)
    watch_first_paint(window)
    window.show()
    app.exec()


def fieldbook(db: str) -> None:
    """``fieldbook --db DB``, imported and run in the order the console script does
    (ui.cli first, which reads the arguments before ui.app loads); the paint watch
    is hooked into ``Fieldbook.build`` as ui.app finishes loading."""
    import importlib.abc
    import importlib.machinery
    from tempfile import mkdtemp

    scratch = mkdtemp()
    os.environ["XDG_CONFIG_HOME"] = os.path.join(scratch, "config")
    os.environ["XDG_DATA_HOME"] = os.path.join(scratch, "data")

    def watch(app_module: object) -> None:
        build = app_module.Fieldbook.build.__func__  # type: ignore[attr-defined]

        def watched_build(cls: type, *args: object, **kwargs: object) -> object:
            built = build(cls, *args, **kwargs)
            # The window opens on Today: the frame that paints it paints its sections.
            # (Not table.viewport(): wrapping that internal widget would add work of
            # the probe's own to the app's time.)
            watch_first_paint(built.window.today)
            return built

        app_module.Fieldbook.build = classmethod(watched_build)  # type: ignore[attr-defined]

    class WatchAppModule(importlib.abc.MetaPathFinder):
        def find_spec(self, name: str, path: object, target: object = None) -> object:
            if name != "ui.app":
                return None
            spec = importlib.machinery.PathFinder.find_spec(name, path)  # type: ignore[arg-type]
            assert spec is not None and spec.loader is not None
            load = spec.loader.exec_module

            def exec_module(module: object) -> None:
                load(module)  # type: ignore[arg-type]
                watch(module)

            spec.loader.exec_module = exec_module  # type: ignore[method-assign]
            return spec

    sys.meta_path.insert(0, WatchAppModule())
    from ui.cli import main as fieldbook_main

    times["imported"] = time.time() - START  # the command's own module, not the app yet
    fieldbook_main(["--db", db])


def main() -> None:
    mode = sys.argv[1]
    if mode == "app":
        fieldbook(sys.argv[2])
    else:
        bare(with_qt_namespace=mode == "bare")
    print(json.dumps(times))


main()
