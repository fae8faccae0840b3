"""No failure is swallowed: an exception nobody caught is logged with its
traceback (in the log file a rep can send to support) and shown in a dialog.

Exceptions from other threads are shown too, on the GUI thread: a dialog is
never opened from a worker.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.i18n import _
from ui.prompts import Prompts

log = logging.getLogger("fieldbook")
MAX_LOG_BYTES = 1_000_000
OLD_LOGS = 3


def log_to(path: Path) -> None:
    """Write warnings and errors (with tracebacks) to ``path``. A log that has grown
    past ``MAX_LOG_BYTES`` is set aside when the app starts (``.1`` to ``.3`` are
    kept). A plain FileHandler: logging.handlers, for its rotating one, would
    also load the socket and pickle modules its other handlers need."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _set_aside(path)
    handler = logging.FileHandler(path, encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)


def _set_aside(path: Path) -> None:
    """``path`` becomes ``path.1`` (``.1`` becomes ``.2`` …) once it is too large."""
    try:
        if path.stat().st_size < MAX_LOG_BYTES:
            return
    except FileNotFoundError:
        return
    for n in range(OLD_LOGS - 1, 0, -1):
        older = path.with_name(f"{path.name}.{n}")
        if older.exists():
            older.replace(path.with_name(f"{path.name}.{n + 1}"))
    path.replace(path.with_name(f"{path.name}.1"))


class CrashReporter(QObject):
    """Installed once by the app as ``sys.excepthook`` and ``threading.excepthook``."""

    _show = Signal(str)

    def __init__(self, prompts: Prompts, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.prompts = prompts
        self.shown: list[str] = []
        self._show.connect(self._dialog)  # queued to the GUI thread from workers

    def install(self) -> None:
        sys.excepthook = self.excepthook
        threading.excepthook = self._thread_hook

    def excepthook(self, kind: type[BaseException], exc: BaseException,
                   tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        text = "".join(traceback.format_exception(kind, exc, tb))
        log.error("uncaught exception\n%s", text)
        sys.stderr.write(text)
        self._show.emit(f"{kind.__name__}: {exc}")

    def _thread_hook(self, args: Any) -> None:
        self.excepthook(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback)

    def _dialog(self, summary: str) -> None:
        self.shown.append(summary)
        self.prompts.error(None, _("Something went wrong"), _(
            "Fieldbook hit an error it did not expect. What you saved is safe; the details "
            "are in the log file.\n\n{summary}").format(summary=summary))
