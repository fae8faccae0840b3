"""The command line: screenshots render offscreen and exit 0."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from desktop.services.container import Services
from desktop.settings import SettingsFile

from .conftest import seed

ROOT = Path(__file__).resolve().parents[2]


def fieldbook(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "ui.cli", *args], capture_output=True,
                          text=True, env=env, timeout=120, check=False)


def test_screenshot_of_an_account(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite3"
    services = Services.open(db, SettingsFile(tmp_path / "s.json"))
    ids = seed(services)
    services.close()
    out = tmp_path / "shot.png"
    result = fieldbook("screenshot", "--db", str(db), "--view", "accounts", "--account",
                       str(ids["Keller Industrial Supply"]), "--out", str(out),
                       "--size", "1400x900")
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1400, 900)
    # Not a blank image: the window drew several distinct colours.
    colours = {image.pixel(x, y) for x in range(0, 1400, 50) for y in range(0, 900, 50)}
    assert len(colours) > 5


def test_screenshot_rejects_a_bad_size(tmp_path: Path) -> None:
    result = fieldbook("screenshot", "--db", str(tmp_path / "c.sqlite3"), "--out",
                       str(tmp_path / "x.png"), "--size", "huge")
    assert result.returncode != 0
    assert "size" in result.stderr


def test_the_window_opens_on_the_cache_asked_for(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import app, cli

    opened: list[Path] = []

    def run_gui(db: Path, keys: Callable[[], object]) -> int:
        opened.append(db)
        assert callable(keys)  # where the window will find the cache's key
        return 0

    monkeypatch.setattr(app, "run_gui", run_gui)
    db = tmp_path / "c.sqlite3"
    assert cli.main(["--db", str(db)]) == 0
    assert cli.main([f"--db={db}"]) == 0
    assert opened == [db, db]


def test_a_bad_window_start_is_reported_once() -> None:
    result = fieldbook("--db")
    assert result.returncode == 2
    assert result.stderr.count("expected one argument") == 1
    assert result.stderr.startswith("usage: fieldbook")


def test_screenshots_of_proposals_and_action_plans(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite3"
    assert fieldbook("demo-data", "--db", str(db), "--accounts", "60").returncode == 0
    for view in ("proposals", "action-plans"):
        out = tmp_path / f"{view}.png"
        result = fieldbook("screenshot", "--db", str(db), "--view", view, "--out", str(out),
                           "--size", "1200x800")
        assert result.returncode == 0, result.stderr
        image = QImage(str(out))
        assert (image.width(), image.height()) == (1200, 800)
        assert len({image.pixel(x, y) for x in range(0, 1200, 40)
                    for y in range(0, 800, 40)}) > 5
