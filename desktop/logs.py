"""The log file a rep can send to support: warnings and errors with their
tracebacks, in the platform's log folder, rotated at 1 MB (three old files kept).
"""

from __future__ import annotations

import logging
from collections import deque
from pathlib import Path

import platformdirs

from desktop.settings import APP

MAX_BYTES = 1_000_000
OLD_LOGS = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def log_dir() -> Path:
    """~/.local/state/Fieldbook/log on Linux; platformdirs picks macOS's and Windows'."""
    return Path(platformdirs.user_log_dir(APP, appauthor=False))


def log_file() -> Path:
    return log_dir() / "fieldbook.log"


def install(path: Path | None = None) -> logging.Handler:
    """Send INFO and above to a rotating file at ``path`` (default: ``log_file()``)."""
    from logging.handlers import RotatingFileHandler

    path = path or log_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=OLD_LOGS,
                                  encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter(FORMAT))
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)
    return handler


def last_errors(path: Path | None = None, count: int = 5) -> list[str]:
    """The last ``count`` WARNING/ERROR lines of the log (for "Copy diagnostics")."""
    path = path or log_file()
    try:
        with path.open(encoding="utf-8", errors="replace") as fh:
            found = deque((line.rstrip() for line in fh
                           if " ERROR " in line or " WARNING " in line or " CRITICAL " in line),
                          maxlen=count)
    except FileNotFoundError:
        return []
    return list(found)
