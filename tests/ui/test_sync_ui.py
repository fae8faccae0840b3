"""Sync in the window, against a real server process (SQLite backend)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialogButtonBox

from desktop.settings import SettingsFile
from desktop.store.changes import Changes
from server.users import create_user
from tests.server.conftest import server_db, server_url  # noqa: F401 - fixtures
from tests.sync.conftest import admin_db, make_replica, server  # noqa: F401 - fixtures
from tests.sync.test_service import MemoryTokens
from tests.ui.clicks import click, click_tab, shown, trigger, type_into
from tests.ui.conftest import ScriptedPrompts
from tests.ui.test_main_window import show_active
from ui.app import Fieldbook, make_qapp
from ui.main_window import CONFLICTS_ROW
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
def dan(admin_db: Any) -> str:  # noqa: F811
    create_user(admin_db, name="Dan Rep", email="dan@example.com", login="dan",
                password="battery staple", role="rep", territory_codes=["EAST"],
                manager_login=None, now=NOW)
    return "dan"


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


def sync_menu(fb: Fieldbook) -> Any:
    """The menu bar's Sync menu (File, Edit and View come before it)."""
    return next(a.menu() for a in fb.window.menuBar().actions() if a.text() == "&Sync")


def sync_action(fb: Fieldbook, text: str) -> Any:
    """An entry of the Sync menu."""
    return next(a for a in sync_menu(fb).actions() if a.text() == text)


def _sign_in(fb: Fieldbook, url: str, password: str = "correct horse",
             insecure: bool = False, login: str = "cara", qtbot: Any = None) -> Any:
    """Sign in through the Sync menu's dialog: fields filled, OK clicked."""
    _ = fb.sync  # the menu's entries come with the controller
    trigger(sync_action(fb, "Sign in to server…"))
    dialog = fb.window.active_dialog
    if qtbot is None:
        dialog.url.setText(url)
        dialog.login.setText(login)
        dialog.password.setText(password)
        dialog.insecure.setChecked(insecure)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        return dialog
    type_into(qtbot, dialog.url, url)
    type_into(qtbot, dialog.login, login)
    type_into(qtbot, dialog.password, password)
    if dialog.insecure.isChecked() != insecure:
        click(qtbot, dialog.insecure)
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
    return dialog



def test_sync_loads_after_the_first_paint_or_when_asked(
        app: Any, qtbot: Any, server_url: str) -> None:  # noqa: F811 - the module's parameter
    fb = app()
    assert not fb.window.sync_loaded  # the first frame needs only the settings
    assert fb.window.sync_button.text() == "Local only"
    assert "&Sync" in [a.text() for a in fb.window.menuBar().actions()]
    fb.window.sync_button.click()  # before the paint: the click loads it, then signs in
    assert fb.window.sync_loaded
    assert type(fb.window.active_dialog).__name__ == "SignInDialog"
    menu = sync_menu(fb)
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
    assert fb.window.sidebar.count() == CONFLICTS_ROW + 1  # Conflicts is there from the start
    assert fb.sync.configured  # loading the controller keeps the one Conflicts item
    assert fb.window.sidebar.count() == CONFLICTS_ROW + 1


def test_local_only_until_signed_in(app: Any, cara: str, server: Any, tmp_path: Path,  # noqa: F811
                                    qtbot: Any) -> None:
    fb = app()
    shown(fb, qtbot)
    assert fb.window.sync_button.text() == "Local only"
    assert fb.window.sidebar.count() == CONFLICTS_ROW
    bad = _sign_in(fb, server.url, "wrong password")
    assert "Wrong user name or password" in bad.error.text()
    assert (bad.url.text(), bad.login.text()) == (server.url, "cara")  # kept
    far = _sign_in(fb, "http://crm.example.com")
    assert "plain http://" in far.error.text()
    ok = _sign_in(fb, server.url, qtbot=qtbot)
    assert ok.result() == ok.DialogCode.Accepted and ok.password.text() == ""
    assert fb.window.sidebar.count() == CONFLICTS_ROW + 1  # Conflicts appears with a server
    assert fb.window.sync_button.text() == "Synced just now"
    settings = (tmp_path / "settings.json").read_text()
    assert "correct horse" not in settings
    assert list(fb.sync.service.tokens.saved) == [(server.url, "cara")]


def test_waiting_offline_and_back(app: Any, cara: str, server: Any, qtbot: Any) -> None:  # noqa: F811
    fb = app()
    shown(fb, qtbot)
    _sign_in(fb, server.url, qtbot=qtbot)
    new_account(fb, qtbot, "Acme")
    fb.sync.push_timer.stop()  # the push a few seconds after an edit: F5 does it here
    waiting = fb.sync.status().pending  # the new account and its territory
    assert waiting and fb.window.sync_button.text() == (
        f"Synced just now · {waiting} changes waiting")  # at once, not on a timer
    server.stop()
    show_active(fb.window, qtbot)
    qtbot.keyClick(fb.window, Qt.Key.Key_F5)
    assert fb.window.sync_button.text() == f"Offline · {waiting} changes waiting"
    assert fb.sync.retry.isActive()  # tries again by itself
    server.start()
    click(qtbot, fb.window.sync_button)
    assert fb.window.sync_button.text() == "Synced just now"


def new_account(fb: Fieldbook, qtbot: Any, name: str) -> Any:
    """Ctrl+N, a name, Save; then on its page the rep's territory (Details, Save):
    a rep's account syncs within their territories. Returns the account's id."""
    show_active(fb.window, qtbot)
    qtbot.keyClick(fb.window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = fb.window.active_dialog
    qtbot.keyClicks(dialog.fields["name"], name)
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    assert dialog.saved is not None
    page = fb.window.accounts.page
    qtbot.waitUntil(lambda: page.account_id == dialog.saved.id)
    click_tab(qtbot, page.tabs, page.form)
    territory = page.form.inputs["territory_id"]
    assert territory.count() > 1
    territory.setCurrentIndex(1)
    click(qtbot, page.form.save_button)
    qtbot.waitUntil(lambda: not page.form.is_dirty(), timeout=10_000)
    return dialog.saved.id



def test_conflict_resolved_in_the_view(app: Any, cara: str, server: Any, make_replica: Any,  # noqa: F811
                                       qtbot: Any, qtmodeltester: Any) -> None:
    fb = app()
    shown(fb, qtbot)
    _sign_in(fb, server.url, qtbot=qtbot)
    acc = new_account(fb, qtbot, "Acme")
    fb.sync.push_timer.stop()
    fb.sync.sync_now()
    dan = make_replica("dan")
    dan.sync()
    dan.accounts.update_account(acc, {"industry": "Dan's"})
    page = fb.window.accounts.page
    page.form.inputs["industry"].setFocus()
    qtbot.keyClicks(page.form.inputs["industry"], "Cara's")
    click(qtbot, page.form.save_button)
    qtbot.waitUntil(lambda: not page.form.is_dirty())
    fb.sync.push_timer.stop()
    dan.sync()
    fb.sync.sync_now()
    assert fb.window.sync_button.text().endswith("· 1 conflict")
    click(qtbot, fb.window.sync_button)  # opens the Conflicts view
    view = fb.window.conflicts
    assert fb.window.stack.currentWidget() is view
    qtmodeltester.check(view.conflicts)
    texts = [view.conflicts.index(0, c).data() for c in range(view.conflicts.columnCount())]
    assert texts[:5] == ["Acme", "Account", "Industry", "Cara's", "Dan's"]
    click(qtbot, view.theirs)
    qtbot.waitUntil(lambda: view.conflicts.rowCount() == 0)
    assert view.conflict_empty.isVisibleTo(view)
    fb.sync.push_timer.stop()
    fb.sync.sync_now()
    dan.sync()
    assert dan.rows("SELECT industry FROM accounts") == [("Dan's",)]



def test_demo_cache_asks_before_starting_fresh(app: Any, cara: str, server: Any,  # noqa: F811
                                              prompts: ScriptedPrompts, tmp_path: Path,
                                              qtbot: Any) -> None:
    from desktop.demo.generator import generate

    fb = app()
    store = fb.services.store
    store.writer.call(lambda: generate(store, accounts=10, seed=3))
    fb.bus.publish(Changes.reset())
    shown(fb, qtbot)
    fb.window.accounts.select_first()
    page = fb.window.accounts.page
    assert page.detail is not None  # a demo account is open
    prompts.confirm_answers.append(True)
    _sign_in(fb, server.url, qtbot=qtbot)
    assert prompts.asked and "did not come from a server" in prompts.asked[-1][1]
    assert list(tmp_path.glob("cache.*.backup.sqlite3"))
    qtbot.waitUntil(lambda: fb.window.sync_button.text() == "Synced just now")
    count = store.reads().execute("SELECT count(*) FROM accounts").fetchone()[0]
    assert count == 0  # the server's (empty) book, the demo kept in the backup
    # Nothing of the demo stays on the screen: the list is empty, and so is the page.
    assert fb.window.accounts.model.rowCount() == 0
    assert page.detail is None and page.title.text() == "" and not page.isEnabled()
    assert page.form.inputs["name"].text() == ""



def test_sync_runs_on_a_worker_thread(app: Any, cara: str, server: Any, qtbot: Any) -> None:  # noqa: F811
    fb = app(TaskRunner())
    fb.sync.service.sign_in(server.url, "cara", "correct horse")
    fb.sync.configured_changed.emit(True)
    assert fb.sync.sync_now() is True
    assert fb.sync.sync_now() is False  # never two at once
    assert fb.window.sync_button.text().startswith("Syncing")
    qtbot.waitUntil(lambda: not fb.sync.running, timeout=20000)
    assert fb.window.sync_button.text() == "Synced just now"


def owner_of(fb: Fieldbook, account: object) -> str:
    row = fb.services.store.reads().execute("SELECT owner_id FROM accounts WHERE id = ?",
                                            (account.hex,)).fetchone()  # type: ignore[attr-defined]
    return str(row[0])


def test_rep_b_after_rep_a_on_the_same_window_owns_the_new_account(
        app: Any, cara: str, dan: str, server: Any,  # noqa: F811 - the fixture
        prompts: ScriptedPrompts, qtbot: Any) -> None:
    fb = app()
    shown(fb, qtbot)
    _sign_in(fb, server.url, qtbot=qtbot)
    qtbot.waitUntil(lambda: fb.window.sync_button.text() == "Synced just now")
    cara_id = fb.services.settings.current_user_id
    acme = new_account(fb, qtbot, "Acme")
    assert owner_of(fb, acme) == cara_id
    fb.sync.push_timer.stop()
    fb.sync.sync_now()  # Acme reaches the server as Cara's
    trigger(sync_action(fb, "Sign out"))
    assert fb.window.sync_button.text() == "Local only"

    # Dan on the same running window. The cache is Cara's: the app asks to start
    # from the server's data (the cache kept as a backup), and the rep says yes.
    prompts.confirm_answers.append(True)
    _sign_in(fb, server.url, "battery staple", login="dan", qtbot=qtbot)
    assert "belongs to another user" in prompts.asked[-1][1]
    qtbot.waitUntil(lambda: fb.window.sync_button.text() == "Synced just now", timeout=10_000)
    dan_id = fb.services.settings.current_user_id
    assert dan_id != cara_id and fb.services.user_id is not None
    assert fb.services.user_id.hex == dan_id

    beacon = new_account(fb, qtbot, "Beacon Hardware")
    assert owner_of(fb, beacon) == dan_id
    assert fb.window.accounts.page.detail.values["name"] == "Beacon Hardware"
    assert not [text for kind, text in prompts.asked if kind == "error"]
    fb.sync.push_timer.stop()
    fb.sync.sync_now()
    assert fb.window.sync_button.text() == "Synced just now"  # the server took it as Dan's


def test_each_cache_shows_its_own_user_and_sync_state(
        qtbot: Any, tmp_path: Path, prompts: ScriptedPrompts, cara: str,
        server: Any, monkeypatch: Any) -> None:  # noqa: F811 - the fixture
    """``fieldbook --db a.sqlite3`` and ``--db b.sqlite3``: one machine's settings,
    each cache's user and server beside that cache."""
    make_qapp()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    tokens = MemoryTokens()
    opened: list[Fieldbook] = []

    def start(db: Path) -> Fieldbook:  # as ``fieldbook --db <db>`` builds the app
        fb = Fieldbook.build(db, prompts=prompts, tasks=TaskRunner(),
                             qsettings=QSettings(str(tmp_path / "qt.ini"),
                                                 QSettings.Format.IniFormat),
                             tokens=tokens, sync_runner=ImmediateRunner())
        qtbot.addWidget(fb.window)
        opened.append(fb)
        return fb

    def stop(fb: Fieldbook) -> None:
        trigger(fb.window.quit_action)
        fb.sync.runner.wait()
        fb.tasks.wait()
        fb.services.close()

    a, b = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    first = start(a)
    shown(first, qtbot)
    _sign_in(first, server.url, qtbot=qtbot)
    qtbot.waitUntil(lambda: first.window.sync_button.text() == "Synced just now")
    cara_id = first.services.user_id
    stop(first)
    second = start(b)
    shown(second, qtbot)
    second.load_demo_data(20)  # b is a demo book: its demo rep works in it
    qtbot.waitUntil(lambda: second.services.user_id is not None)
    demo_rep = second.services.user_id
    assert second.sync.summary() == "Local only" and demo_rep != cara_id
    stop(second)

    again_a, again_b = start(a), start(b)
    assert again_a.services.user_id == cara_id
    assert again_a.services.settings.sync_server_url == server.url
    assert again_a.window.sync_button.text() == "Syncing…"  # a start with a server syncs
    assert again_a.sync.summary().startswith("Synced")
    assert again_b.services.user_id == demo_rep
    assert again_b.window.sync_button.text() == "Local only"
    assert again_b.services.settings.sync_server_url is None
    assert (tmp_path / "a.settings.json").exists() and (tmp_path / "b.settings.json").exists()
    for fb in (again_a, again_b):
        fb.sync.runner.wait()
        fb.tasks.wait()
        fb.services.close()
