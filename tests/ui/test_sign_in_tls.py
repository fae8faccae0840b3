"""Signing in to an HTTPS server with a CA of its own, as a person does it in the dialog."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from desktop.settings import SettingsFile
from tests.server.conftest import server_db, server_url  # noqa: F401 - fixtures
from tests.sync.conftest import admin_db  # noqa: F401 - fixtures
from tests.sync.test_tls import ca_file, tls_server  # noqa: F401 - fixtures
from tests.ui.clicks import click, shown, type_into
from tests.ui.test_sync_ui import app, cara, sync_action  # noqa: F401 - fixtures
from ui.app import Fieldbook
from ui.tasks import ImmediateRunner


@pytest.mark.parametrize("server_url", ["sqlite"], indirect=True)
def test_the_dialog_refuses_an_unknown_ca_then_signs_in_with_its_file(
        app: Any, cara: str, tls_server: Any, ca_file: Any, qtbot: Any,  # noqa: F811
        tmp_path: Path) -> None:
    fb: Fieldbook = app(ImmediateRunner())
    shown(fb, qtbot)
    _ = fb.sync
    sync_action(fb, "Sign in to server…").trigger()
    dialog = fb.window.active_dialog
    assert dialog.ca_file.text() == "" and dialog.ca_file.placeholderText()
    type_into(qtbot, dialog.url, tls_server.url)
    type_into(qtbot, dialog.login, "cara")
    type_into(qtbot, dialog.password, "correct horse")
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    click(qtbot, ok)
    assert "certificate is not trusted" in dialog.error.text()
    assert dialog.isVisible() and fb.sync.service.tokens.saved == {}
    type_into(qtbot, dialog.ca_file, ca_file[1])
    click(qtbot, ok)
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.error.text()
    assert fb.window.sync_button.text() == "Synced just now"
    saved = SettingsFile(tmp_path / "settings.json").load()
    assert saved.sync_ca_file == ca_file[1] and saved.sync_server_url == tls_server.url
    # Opened again, the dialog shows the file in use.
    sync_action(fb, "Sign in to server…").trigger()
    assert fb.window.active_dialog.ca_file.text() == ca_file[1]
