"""The first start with an empty cache offers the demo book, once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

ROOT = Path(__file__).resolve().parents[2]


def test_declining_the_demo_leaves_the_cache_empty_and_asks_only_once(
        make_app: Any, prompts: Any) -> None:
    app = make_app()
    prompts.confirm_answers = [False]
    app.offer_demo_data()
    assert app.services.is_empty()
    assert [kind for kind, _ in prompts.asked] == ["confirm"]
    app.window.close()
    app.services.close()
    again = make_app()
    again.offer_demo_data()  # not asked a second time
    assert [kind for kind, _ in prompts.asked] == ["confirm"]


def test_accepting_the_demo_loads_it_and_shows_the_first_account(
        make_app: Any, prompts: Any, qtbot: Any) -> None:
    from tests.ui.clicks import click, shown

    app = make_app()
    app.services.settings.demo_accounts = 40
    shown(app, qtbot)  # as at a start: the count and the filter menus after the first paint
    qtbot.waitUntil(lambda: app.window.accounts.total_label.text() == "0 accounts")
    prompts.confirm_answers = [True]
    app.offer_demo_data()
    assert app.services.account_list.count_all() == 40
    view = app.window.accounts
    # The first run shows the whole book: its count and its states and territories.
    assert view.model.total == 40 and view.total_label.text() == "40 accounts"
    assert view.region.count() > 1 and view.territory.count() > 1
    assert view.page.detail is not None
    rep = app.services.user_id
    assert rep is not None  # the demo rep is now "you": new rows are authored by them
    qtbot.keyClick(app.window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = app.window.active_dialog
    qtbot.keyClicks(dialog.subject, "Hello")
    click(qtbot, dialog.save_button)
    entries, _ = app.services.reader.timeline(view.page.detail.id)
    assert any(e.subject == "Hello" and e.author_name == "Alex Morgan" for e in entries)
    assert not [kind for kind, _ in prompts.asked if kind == "error"]


def test_demo_data_command(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite3"
    run = [sys.executable, "-m", "ui.cli", "demo-data", "--db", str(db), "--accounts", "50",
           "--seed", "3"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    first = subprocess.run(run, capture_output=True, text=True, env=env, check=False)
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)
    assert summary["accounts"] == 50 and summary["contacts"] >= 50
    again = subprocess.run(run, capture_output=True, text=True, env=env, check=False)
    assert again.returncode == 2
    assert "already has 50 accounts" in again.stderr


def test_demo_loads_on_a_worker_thread_while_the_window_reads(
        qtbot: Any, tmp_path: Path, prompts: Any) -> None:
    """The real thread pool: the GUI keeps its read connection; the load commits."""
    from PySide6.QtCore import QSettings

    from desktop.settings import SettingsFile
    from ui.app import Fieldbook
    from ui.tasks import TaskRunner

    app = Fieldbook.build(tmp_path / "c.sqlite3", SettingsFile(tmp_path / "s.json"), prompts,
                          TaskRunner(), QSettings(str(tmp_path / "q.ini"),
                                                  QSettings.Format.IniFormat))
    qtbot.addWidget(app.window)
    app.window.show()
    assert app.services.is_empty()  # the GUI thread has read the cache
    app.load_demo_data(30)
    qtbot.waitUntil(lambda: app.window.accounts.model.total == 30, timeout=20_000)
    assert app.services.account_list.count_all() == 30
    assert app.services.user_id is not None
    assert not [kind for kind, _ in prompts.asked if kind == "error"]
    app.tasks.wait()
    app.services.close()
