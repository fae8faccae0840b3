"""The window's start leaves Python's cyclic collector on, and once the window has
painted, what the start made is frozen (``gc.freeze``): later collections do not
walk the objects that live as long as the app."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop.settings import cache_settings_path
from ui import app as app_module
from ui import cli


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, test_keyring: None) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    db = tmp_path / "cache.sqlite3"
    # The demo was offered already: no question (a modal box) on this start.
    cache_settings_path(db).write_text('{"version": 1, "offered_demo_data": true}',
                                       encoding="utf-8")
    return db


@pytest.fixture
def unfrozen() -> Iterator[None]:
    """Starts and ends with nothing frozen, so that other tests' objects are collected."""
    gc.unfreeze()
    yield
    gc.unfreeze()


@pytest.mark.usefixtures("qapp", "unfrozen")
def test_collector_on_and_the_start_frozen_after_the_first_paint(
        cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}
    build = app_module.Fieldbook.build.__func__  # type: ignore[attr-defined]

    def watched(cls: type, *args: Any, **kwargs: Any) -> Any:
        built = build(cls, *args, **kwargs)
        seen["enabled_while_building"] = gc.isenabled()
        seen["frozen_while_building"] = gc.get_freeze_count()

        def painted() -> None:  # connected after run_gui's own: runs after it
            seen["enabled_after_first_paint"] = gc.isenabled()
            seen["frozen_after_first_paint"] = gc.get_freeze_count()
            # Closed, as a rep would: a window left open would answer later tests' F5.
            QTimer.singleShot(0, built.window.close)

        QTimer.singleShot(0, lambda: built.window.accounts.first_painted.connect(painted))
        return built

    monkeypatch.setattr(app_module.Fieldbook, "build", classmethod(watched))
    # Never hang the suite; stopped afterwards, or it would close a later test's windows.
    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(QApplication.closeAllWindows)
    guard.start(60_000)
    try:
        assert cli.main(["--db", str(cache)]) == 0
    finally:
        guard.stop()
    assert seen["enabled_while_building"] is True
    assert seen["frozen_while_building"] == 0
    assert seen["enabled_after_first_paint"] is True
    assert seen["frozen_after_first_paint"] > 0
    assert gc.isenabled()
