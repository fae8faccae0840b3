"""The window's start runs with Python's cyclic collector paused, and only that:
it is back on after the first paint, and other commands never pause it."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer

from ui import app as app_module
from ui import cli


@pytest.fixture
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    # The demo was offered already: no question (a modal box) on this start.
    settings = tmp_path / "config" / "Fieldbook" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text('{"version": 1, "offered_demo_data": true}', encoding="utf-8")
    return tmp_path


@pytest.mark.usefixtures("qapp")
def test_paused_for_the_start_and_back_on_after_the_first_paint(
        user_dirs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, bool] = {}
    build = app_module.Fieldbook.build.__func__  # type: ignore[attr-defined]

    def watched(cls: type, *args: Any, **kwargs: Any) -> Any:
        built = build(cls, *args, **kwargs)
        seen["while_building"] = gc.isenabled()

        def painted() -> None:  # connected after run_gui's own: runs after it
            seen["after_first_paint"] = gc.isenabled()
            # Closed, as a rep would: a window left open would answer later tests' F5.
            QTimer.singleShot(0, built.window.close)

        QTimer.singleShot(0, lambda: built.window.accounts.first_painted.connect(painted))
        return built

    monkeypatch.setattr(app_module.Fieldbook, "build", classmethod(watched))
    try:
        assert cli.main(["--db", str(user_dirs / "cache.sqlite3")]) == 0
    finally:
        gc.enable()
    assert seen == {"while_building": False, "after_first_paint": True}
    assert gc.isenabled()


def test_other_commands_leave_it_on(user_dirs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["demo-data", "--db", str(user_dirs / "demo.sqlite3"),
                     "--accounts", "5"]) == 0
    assert gc.isenabled()
