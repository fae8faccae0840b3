"""The window as a rep runs it: every write on the writer thread, results back
on the GUI thread. The other UI tests run writes on the spot; this one checks
that the asynchronous path works end to end (dialogs close on success, lists
update in place, failures keep the typed text)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLineEdit

from desktop.settings import SettingsFile
from tests.ui.clicks import click, click_row_where, click_tab, seeded, shown, trigger, type_into
from tests.ui.conftest import ScriptedPrompts
from ui.app import Fieldbook, make_qapp
from ui.tasks import TaskRunner


@pytest.fixture
def app(qtbot: Any, tmp_path: Path, prompts: ScriptedPrompts) -> Iterator[Fieldbook]:
    make_qapp()
    fb = Fieldbook.build(tmp_path / "cache.sqlite3", SettingsFile(tmp_path / "settings.json"),
                         prompts, TaskRunner(),
                         QSettings(str(tmp_path / "qt.ini"), QSettings.Format.IniFormat),
                         threaded_writer=True)
    qtbot.addWidget(fb.window)
    yield fb
    fb.tasks.wait()
    fb.services.close()


def _action(window: Any, text: str) -> Any:
    return next(a for a in window.actions() if a.text() == text)


def test_create_edit_and_refuse_on_the_writer_thread(
        app: Fieldbook, qtbot: Any, prompts: ScriptedPrompts) -> None:
    ids = seeded(app)
    window = shown(app, qtbot)
    model = window.accounts.model
    qtbot.waitUntil(lambda: model.rowCount() == 3)

    # New account: the dialog closes when the writer has stored it, and the list
    # shows it where it sorts.
    trigger(_action(window, "&New account"))
    dialog = window.active_dialog
    type_into(qtbot, dialog.fields["name"], "Cascade Hardware")
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    qtbot.waitUntil(lambda: model.rowCount() == 4, timeout=5_000)
    assert [model.row_at(r).name for r in range(4)][1] == "Cascade Hardware"

    # A refused save keeps the dialog and what was typed.
    trigger(_action(window, "&New account"))
    refused = window.active_dialog
    type_into(qtbot, refused.fields["name"], "Bad Phone Ltd")
    type_into(qtbot, refused.fields["phone"], "12")
    click(qtbot, refused.save_button)
    qtbot.waitUntil(lambda: refused.save_button.isEnabled(), timeout=5_000)
    assert refused.isVisible()
    assert refused.fields["name"].text() == "Bad Phone Ltd"
    assert model.rowCount() == 4
    refused.done(0)

    # An edit on the account page updates its one row in place.
    keller = ids["Keller Industrial Supply"]
    click_row_where(qtbot, window.accounts.table, lambda row: row.id == keller, model.row_at)
    page = window.accounts.page
    click_tab(qtbot, page.tabs, page.form)
    phone = page.form.inputs["phone"]
    assert isinstance(phone, QLineEdit)
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    type_into(qtbot, phone, "+1 217 555 0142")
    click(qtbot, page.form.save_button)
    qtbot.waitUntil(lambda: model.row_at(model.row_of(keller)).phone == "+12175550142",
                    timeout=5_000)
    assert resets == []
    assert [a for a in prompts.asked if a[0] == "error"] == []
