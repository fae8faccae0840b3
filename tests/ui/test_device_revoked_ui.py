"""A device an admin revoked: F5, the cache is wiped, the window says what happened
and offers to sign in again (a real server process, SQLite backend)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from PySide6.QtCore import Qt

from server.cli import main
from tests.server.conftest import server_db, server_url  # noqa: F401 - fixtures
from tests.sync.conftest import admin_db, server  # noqa: F401 - fixtures
from tests.ui.clicks import shown
from tests.ui.conftest import ScriptedPrompts
from tests.ui.test_main_window import show_active
from tests.ui.test_sync_ui import _sign_in, app, cara, new_account  # noqa: F401 - fixtures
from ui.main_window import CONFLICTS_ROW

pytestmark = pytest.mark.parametrize("server_url", ["sqlite"], indirect=True)


def test_a_revoked_device_is_wiped_and_may_sign_in_again(
        app: Any, cara: str, server: Any, server_url: str,  # noqa: F811
        prompts: ScriptedPrompts, qtbot: Any, capsys: pytest.CaptureFixture[str]) -> None:
    fb = app()
    shown(fb, qtbot)
    _sign_in(fb, server.url, qtbot=qtbot)
    new_account(fb, qtbot, "Sent Co")
    fb.sync.push_timer.stop()
    fb.sync.sync_now()
    new_account(fb, qtbot, "Unsent Co")
    fb.sync.push_timer.stop()  # its edits stay unsent
    waiting = fb.sync.status().pending
    assert waiting and fb.window.accounts.model.rowCount() == 2
    capsys.readouterr()
    main(["devices", "cara", "--format", "json", "--database-url", server_url])
    [device] = json.loads(capsys.readouterr().out)
    assert device["name"].startswith("Fieldbook on ")  # the computer's name
    assert main(["revoke-device", "cara", device["short_id"], "--database-url",
                 server_url]) == 0
    prompts.confirm_answers.append(True)  # "Sign in again now?": yes
    show_active(fb.window, qtbot)
    qtbot.keyClick(fb.window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: bool(prompts.asked))
    kind, text = prompts.asked[-1]
    assert kind == "confirm"
    assert "An administrator signed this computer out" in text
    assert f"{waiting} changes that had not been sent were lost" in text
    assert text.endswith("Sign in again now?")
    # Nothing of the user's data is left on the screen or in the cache.
    qtbot.waitUntil(lambda: fb.window.accounts.model.rowCount() == 0)
    reads = fb.services.store.reads()
    assert reads.execute("SELECT count(*) FROM accounts").fetchone() == (0,)
    assert reads.execute("SELECT count(*) FROM sync_outbox").fetchone() == (0,)
    assert fb.window.sync_button.text() == "Local only"
    assert fb.window.sidebar.count() == CONFLICTS_ROW  # no server, no Conflicts
    assert fb.sync.service.tokens.saved == {}
    # The sign-in dialog is open; signing in loads the server's data again.
    assert type(fb.window.active_dialog).__name__ == "SignInDialog"
    fb.window.active_dialog.reject()
    _sign_in(fb, server.url, qtbot=qtbot)
    qtbot.waitUntil(lambda: fb.window.sync_button.text() == "Synced just now")
    qtbot.waitUntil(lambda: fb.window.accounts.model.rowCount() == 1)
    assert reads.execute("SELECT name FROM accounts").fetchall() == [("Sent Co",)]
