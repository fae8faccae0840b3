"""Sync in the window, against a real server process (SQLite backend)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt

from desktop.settings import SettingsFile
from server.users import create_user
from tests.server.conftest import server_db, server_url  # noqa: F401 - fixtures
from tests.sync.conftest import admin_db, make_replica, server  # noqa: F401 - fixtures
from tests.sync.test_service import MemoryTokens
from tests.ui.conftest import ScriptedPrompts
from tests.ui.test_main_window import show_active
from ui.app import Fieldbook, make_qapp
from ui.tasks import ImmediateRunner, TaskRunner

pytestmark = pytest.mark.parametrize("server_url", ["sqlite"], indirect=True)
NOW = __import__("datetime").datetime.now(__import__("datetime").UTC)


@pytest.fixture
def cara(admin_db: Any) -> str:  # noqa: F811
    create_user(admin_db, name="Cara Rep", email="cara@example.com", login="cara",
                password="correct horse", role="rep", territory_codes=["EAST"],
                manager_login=None, now=NOW)
    return "cara"


@pytest.fixture
def app(qtbot: Any, tmp_path: Path, prompts: ScriptedPrompts) -> Any:
    make_qapp()
    built = []

    def build(runner: TaskRunner | None = None) -> Fieldbook:
        fb = Fieldbook.build(
            tmp_path / "cache.sqlite3", SettingsFile(tmp_path / "settings.json"), prompts,
            ImmediateRunner(), QSettings(str(tmp_path / "qt.ini"), QSettings.Format.IniFormat),
            tokens=MemoryTokens(), sync_runner=runner or ImmediateRunner())
        qtbot.addWidget(fb.window)
        built.append(fb)
        return fb

    yield build
    for fb in built:
        fb.sync.runner.wait()
        fb.services.close()


def _sign_in(fb: Fieldbook, url: str, password: str = "correct horse",
             insecure: bool = False) -> Any:
    fb.window.sign_in()
    dialog = fb.window.active_dialog
    dialog.url.setText(url)
    dialog.login.setText("cara")
    dialog.password.setText(password)
    dialog.insecure.setChecked(insecure)
    dialog.submit()
    return dialog


def test_sync_loads_after_the_first_paint_or_when_asked(
        app: Any, qtbot: Any, server_url: str) -> None:  # noqa: F811 - the module's parameter
    fb = app()
    assert not fb.window.sync_loaded  # the first frame needs only the settings
    assert fb.window.sync_button.text() == "Local only"
    assert [a.text() for a in fb.window.menuBar().actions()] == ["&Sync"]
    fb.window.sync_button.click()  # before the paint: the click loads it, then signs in
    assert fb.window.sync_loaded
    assert type(fb.window.active_dialog).__name__ == "SignInDialog"
    menu = fb.window.menuBar().actions()[0].menu()
    assert [a.text() for a in menu.actions() if a.text()] == [
        "Sign in to server…", "Sync now", "Stop sync", "Sign out"]
    later = app()
    show_active(later.window, qtbot)
    qtbot.waitUntil(lambda: later.window.sync_loaded)  # right after the first paint


def test_a_start_with_a_server_shows_its_parts_in_the_first_frame(
        app: Any, tmp_path: Path, server_url: str) -> None:  # noqa: F811 - the module's parameter
    settings_file = SettingsFile(tmp_path / "settings.json")
    settings = settings_file.load()
    settings.sync_server_url, settings.sync_login = "http://127.0.0.1:9", "cara"
    settings_file.save(settings)
    fb = app()
    assert not fb.window.sync_loaded
    assert fb.window.sync_button.text() == "Syncing…"  # a start with a server syncs first
    assert fb.window.sidebar.count() == 7  # Conflicts is there from the start
    assert fb.sync.configured  # loading the controller keeps the one Conflicts item
    assert fb.window.sidebar.count() == 7


def test_local_only_until_signed_in(app: Any, cara: str, server: Any, tmp_path: Path) -> None:  # noqa: F811
    fb = app()
    assert fb.window.sync_button.text() == "Local only"
    assert fb.window.sidebar.count() == 6
    bad = _sign_in(fb, server.url, "wrong password")
    assert "Wrong user name or password" in bad.error.text()
    assert (bad.url.text(), bad.login.text()) == (server.url, "cara")  # kept
    far = _sign_in(fb, "http://crm.example.com")
    assert "plain http://" in far.error.text()
    ok = _sign_in(fb, server.url)
    assert ok.result() == ok.DialogCode.Accepted and ok.password.text() == ""
    assert fb.window.sidebar.count() == 7  # Conflicts appears with a server
    assert fb.window.sync_button.text() == "Synced just now"
    settings = (tmp_path / "settings.json").read_text()
    assert "correct horse" not in settings
    assert list(fb.sync.service.tokens.saved) == [(server.url, "cara")]


def test_waiting_offline_and_back(app: Any, cara: str, server: Any, qtbot: Any) -> None:  # noqa: F811
    fb = app()
    _sign_in(fb, server.url)
    tid = uuid.UUID(hex=fb.services.store.reads().execute(
        "SELECT id FROM territories").fetchone()[0])
    fb.services.set_current_user(uuid.UUID(hex=fb.services.settings.current_user_id))
    fb.services.accounts.create_account({"name": "Acme", "kind": "customer",
                                         "territory_id": tid})
    fb.sync.status_changed.emit()
    assert fb.window.sync_button.text() == "Synced just now · 1 change waiting"
    server.stop()
    show_active(fb.window, qtbot)
    qtbot.keyClick(fb.window, Qt.Key.Key_F5)
    assert fb.window.sync_button.text() == "Offline · 1 change waiting"
    assert fb.sync.retry.isActive()  # tries again by itself
    server.start()
    fb.window.sync_button.click()
    assert fb.window.sync_button.text() == "Synced just now"


def test_conflict_resolved_in_the_view(app: Any, cara: str, server: Any, make_replica: Any,  # noqa: F811
                                       qtmodeltester: Any) -> None:
    fb = app()
    _sign_in(fb, server.url)
    me = fb.services
    me.set_current_user(uuid.UUID(hex=me.settings.current_user_id))
    tid = uuid.UUID(hex=me.store.reads().execute("SELECT id FROM territories").fetchone()[0])
    acc = me.accounts.create_account({"name": "Acme", "kind": "customer",
                                      "territory_id": tid}).id
    fb.sync.sync_now()
    dan = make_replica("dan")
    dan.sync()
    dan.accounts.update_account(acc, {"industry": "Dan's"})
    me.accounts.update_account(acc, {"industry": "Cara's"})
    dan.sync()
    fb.sync.sync_now()
    assert fb.window.sync_button.text().endswith("· 1 conflict")
    fb.window.sync_button.click()  # opens the Conflicts view
    view = fb.window.conflicts
    assert fb.window.stack.currentWidget() is view
    qtmodeltester.check(view.conflicts)
    qtmodeltester.check(view.rejected)
    texts = [view.conflicts.index(0, c).data() for c in range(view.conflicts.columnCount())]
    assert texts[:5] == ["Acme", "Account", "Industry", "Cara's", "Dan's"]
    view.theirs.click()
    assert view.conflicts.rowCount() == 0 and view.conflict_empty.isVisibleTo(view)
    fb.sync.sync_now()
    dan.sync()
    assert dan.rows("SELECT industry FROM accounts") == [("Dan's",)]


def test_demo_cache_asks_before_starting_fresh(app: Any, cara: str, server: Any,  # noqa: F811
                                              prompts: ScriptedPrompts, tmp_path: Path) -> None:
    from desktop.demo.generator import generate

    fb = app()
    generate(fb.services.store, accounts=10, seed=3)
    prompts.confirm_answers.append(True)
    _sign_in(fb, server.url)
    assert prompts.asked and "did not come from a server" in prompts.asked[-1][1]
    assert list(tmp_path.glob("cache.*.backup.sqlite3"))
    count = fb.services.store.reads().execute("SELECT count(*) FROM accounts").fetchone()[0]
    assert count == 0  # the server's (empty) book, the demo kept in the backup
    assert fb.window.sync_button.text() == "Synced just now"


def test_sync_runs_on_a_worker_thread(app: Any, cara: str, server: Any, qtbot: Any) -> None:  # noqa: F811
    fb = app(TaskRunner())
    fb.sync.service.sign_in(server.url, "cara", "correct horse")
    fb.sync.configured_changed.emit(True)
    assert fb.sync.sync_now() is True
    assert fb.sync.sync_now() is False  # never two at once
    assert fb.window.sync_button.text().startswith("Syncing")
    qtbot.waitUntil(lambda: not fb.sync.running, timeout=20000)
    assert fb.window.sync_button.text() == "Synced just now"
