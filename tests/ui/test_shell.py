"""The window's shell as a person uses it: the menus, Ctrl+Q, the shortcuts
sheet, About, Copy diagnostics, backups and restore, the first-run page and
the empty Accounts list."""

from __future__ import annotations

import platform
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QApplication

from desktop import backup, logs
from ui.help import AboutDialog, ShortcutsDialog

from .clicks import click, seeded, shown, trigger, type_into, written


def titles(window: Any) -> list[str]:
    return [a.text().replace("&", "") for a in window.menuBar().actions()]


def row_of(window: Any, text: str) -> int:
    """The sidebar row that reads ``text``."""
    rows = [window.sidebar.item(r).text() for r in range(window.sidebar.count())]
    return rows.index(text)


def test_the_menu_bar_reads_file_edit_view_sync_help(make_app: Any) -> None:
    window = make_app().window
    assert titles(window) == ["File", "Edit", "View", "Sync", "Help"]
    menus = window.menus
    assert window.quit_action in menus.file.actions()
    assert window.undo_action in menus.edit.actions()
    views = [a.text() for a in menus.view.actions()]
    sidebar = [window.sidebar.item(r).text() for r in range(window.sidebar.count())]
    assert views == sidebar and {"Accounts", "Follow-ups", "Proposals"} <= set(views)


def test_ctrl_q_closes_the_window(make_app: Any, qtbot: Any) -> None:
    window = shown(make_app(), qtbot)
    assert window.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible())


def test_ctrl_digit_shows_a_view_and_the_view_menu_follows(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    window = shown(app, qtbot)
    row = row_of(window, "Follow-ups")
    qtbot.keyClick(window, getattr(Qt.Key, f"Key_{row + 1}"), Qt.KeyboardModifier.ControlModifier)
    assert window.sidebar.currentRow() == row
    assert window.stack.currentWidget() is window.follow_ups
    assert window.menus.view_actions[row].isChecked()
    trigger(window.menus.view_actions[row_of(window, "Accounts")])
    assert window.stack.currentWidget() is window.accounts


def test_the_shortcuts_sheet_lists_every_shortcut(make_app: Any) -> None:
    window = make_app().window
    trigger(window.menus.shortcuts)
    sheet = window.active_dialog
    assert isinstance(sheet, ShortcutsDialog)
    cell = lambda r, c: sheet.table.item(r, c).text()  # type: ignore[union-attr]  # noqa: E731
    rows = {cell(r, 0): cell(r, 1) for r in range(sheet.table.rowCount())}
    assert rows["Quit"] == "Ctrl+Q" and rows["Undo"] == "Ctrl+Z"
    assert rows["New account"] == "Ctrl+N" and rows["Find account"] == "Ctrl+F"
    assert rows["Follow-ups"] == f"Ctrl+{row_of(window, 'Follow-ups') + 1}"
    assert rows["Keyboard shortcuts"] == "F1"
    with_keys = {a.text().replace("&", "").rstrip("…") for a in window.findChildren(
        type(window.quit_action)) if a.shortcuts()}
    assert with_keys <= set(rows)


def test_about_names_the_versions(make_app: Any) -> None:
    window = make_app().window
    trigger(window.menus.about)
    about = window.active_dialog
    assert isinstance(about, AboutDialog)
    text = about.label.text()
    assert qVersion() in text and platform.python_version() in text
    assert sqlite3.sqlite_version in text


def test_copy_diagnostics(make_app: Any, tmp_path: Path, monkeypatch: Any) -> None:
    log = tmp_path / "logs" / "fieldbook.log"
    log.parent.mkdir()
    log.write_text("2026-12-07 09:00:00,000 INFO fieldbook: started\n"
                   "2026-12-07 09:01:00,000 ERROR ui.operations: operation failed\n",
                   encoding="utf-8")
    monkeypatch.setattr(logs, "log_file", lambda: log)
    app = make_app()
    seeded(app)
    trigger(app.window.menus.diagnostics)
    text = QApplication.clipboard().text()
    assert f"Python: {platform.python_version()}" in text
    assert f"Cache: {app.services.store.path}" in text and "Cache size:" in text
    assert "Sync: local only" in text
    assert "ERROR ui.operations: operation failed" in text and "started" not in text


def test_back_up_change_and_restore_from_the_file_menu(make_app: Any, prompts: Any,
                                                       qtbot: Any) -> None:
    app = make_app()
    window = shown(app, qtbot, active=False)
    seeded(app)
    trigger(window.menus.back_up)
    (made,) = backup.backups(app.services.store.path)
    written(app, lambda: app.services.accounts.create_account(
        {"name": "Added after the backup", "kind": "prospect", "status": "prospect"}))
    assert app.services.account_list.count_all() == 4
    trigger(window.menus.restore)
    dialog = window.active_dialog
    assert dialog.list.count() == 1 and dialog.list.currentItem().text() == made.name
    qtbot.waitUntil(lambda: dialog.restore_button.isEnabled())
    assert "3 accounts" in dialog.preview.text() and "1 contact" in dialog.preview.text()
    assert "5 interactions" in dialog.preview.text()
    prompts.confirm_answers = [True]
    click(qtbot, dialog.restore_button)
    qtbot.waitUntil(lambda: app.services.account_list.count_all() == 3)
    qtbot.waitUntil(lambda: window.accounts.model.total == 3)
    assert not [kind for kind, _text in prompts.asked if kind == "error"]


def test_open_another_cache_starts_a_window_on_it(make_app: Any, prompts: Any,
                                                  tmp_path: Path, monkeypatch: Any) -> None:
    import ui.backup_actions

    started: list[tuple[str, list[str]]] = []

    def start(program: str, args: list[str]) -> bool:
        started.append((program, args))
        return True

    monkeypatch.setattr(ui.backup_actions, "start_process", start)
    window = make_app().window
    other = tmp_path / "other.sqlite3"
    prompts.file_answers = [None, other]
    trigger(window.menus.open_cache)  # cancelled
    assert started == []
    trigger(window.menus.open_cache)
    (program, args) = started[0]
    assert args[-2:] == ["--db", str(other)]


@pytest.mark.parametrize("path", ["empty", "demo"])
def test_the_first_run_page_offers_three_ways_in(make_app: Any, qtbot: Any, prompts: Any,
                                                 path: str) -> None:
    from ui import first_run

    app = make_app()
    app.services.settings.demo_accounts = 20
    shown(app, qtbot, active=False)
    page = first_run.offer(app)
    assert page is not None and page.isVisible()
    texts = [b.text() for b in (page.connect_button, page.demo_button, page.empty_button)]
    assert texts == ["Connect to my company's server", "Explore demo data", "Start empty"]
    click(qtbot, page.empty_button if path == "empty" else page.demo_button)
    assert not page.isVisible()
    expected = 0 if path == "empty" else 20
    qtbot.waitUntil(lambda: app.services.account_list.count_all() == expected)
    assert first_run.offer(app) is None  # asked once per cache
    assert not prompts.asked


def test_an_empty_accounts_list_says_how_to_add_the_first(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    window = shown(app, qtbot, active=False)
    trigger(window.find_action)  # Ctrl+F: the Accounts view, its search box
    hint = window.menus.empty_hint.label
    qtbot.waitUntil(lambda: hint.isVisible())
    assert "Ctrl+N" in hint.text()
    seeded(app)
    qtbot.waitUntil(lambda: not hint.isVisible())
    type_into(qtbot, window.accounts.search, "zzzz")
    qtbot.waitUntil(lambda: hint.isVisible())
    assert hint.text() == "No account matches the search and filters."
