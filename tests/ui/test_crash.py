"""No failure is swallowed: an uncaught exception, on the GUI thread or a
worker, is logged with its traceback and shown in a dialog on the GUI thread;
a failed operation without its own handler is shown too."""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path
from typing import Any

from tests.ui.conftest import ScriptedPrompts
from ui.crash import CrashReporter, log_to


def _raise(message: str) -> None:
    raise RuntimeError(message)


def test_an_uncaught_exception_is_logged_and_shown(qtbot: Any, tmp_path: Path) -> None:
    prompts = ScriptedPrompts()
    reporter = CrashReporter(prompts)
    log_file = tmp_path / "fieldbook.log"
    log_to(log_file)
    try:
        try:
            _raise("the GUI thread broke")
        except RuntimeError:
            reporter.excepthook(*sys.exc_info())  # type: ignore[arg-type]
        assert reporter.shown == ["RuntimeError: the GUI thread broke"]
        assert prompts.asked and prompts.asked[-1][0] == "error"
        assert "the GUI thread broke" in prompts.asked[-1][1]

        old = threading.excepthook
        reporter.install()
        try:
            worker = threading.Thread(target=_raise, args=("a worker broke",))
            worker.start()
            worker.join()
            # Shown on the GUI thread once its event loop turns, never from the worker.
            qtbot.waitUntil(lambda: len(reporter.shown) == 2)
        finally:
            threading.excepthook = old
            sys.excepthook = sys.__excepthook__
        assert reporter.shown[1] == "RuntimeError: a worker broke"
        for handler in logging.getLogger().handlers:
            handler.flush()
        text = log_file.read_text(encoding="utf-8")
        assert "the GUI thread broke" in text and "a worker broke" in text
        assert "Traceback (most recent call last)" in text and "_raise" in text
    finally:
        root = logging.getLogger()
        for handler in list(root.handlers):
            if getattr(handler, "baseFilename", None) == str(log_file):
                root.removeHandler(handler)
                handler.close()


def test_a_failed_write_without_a_handler_is_shown(make_app: Any) -> None:
    app = make_app()
    app.ops.write(lambda: _raise("disk full")).run()
    assert ("error", "Something went wrong and nothing was saved: disk full") in app.prompts.asked


def test_a_large_log_is_set_aside_at_start(tmp_path: Path) -> None:
    from ui.crash import MAX_LOG_BYTES, OLD_LOGS

    log_file = tmp_path / "fieldbook.log"
    for n in range(1, OLD_LOGS + 1):
        (tmp_path / f"fieldbook.log.{n}").write_text(f"old {n}", encoding="utf-8")
    log_file.write_text("x" * MAX_LOG_BYTES, encoding="utf-8")
    root = logging.getLogger()
    log_to(log_file)
    try:
        assert not log_file.exists()  # opened when the first line is written
        assert (tmp_path / "fieldbook.log.1").stat().st_size == MAX_LOG_BYTES
        assert [(tmp_path / f"fieldbook.log.{n}").read_text(encoding="utf-8")
                for n in (2, 3)] == ["old 1", "old 2"]
        assert not (tmp_path / f"fieldbook.log.{OLD_LOGS + 1}").exists()
        logging.getLogger("fieldbook").error("after the start")
        assert "after the start" in log_file.read_text(encoding="utf-8")
    finally:
        for handler in list(root.handlers):
            if getattr(handler, "baseFilename", None) == str(log_file):
                root.removeHandler(handler)
                handler.close()
    log_to(log_file)  # a small log stays where it is
    try:
        assert "after the start" in log_file.read_text(encoding="utf-8")
        assert (tmp_path / "fieldbook.log.1").stat().st_size == MAX_LOG_BYTES
    finally:
        for handler in list(root.handlers):
            if getattr(handler, "baseFilename", None) == str(log_file):
                root.removeHandler(handler)
                handler.close()
