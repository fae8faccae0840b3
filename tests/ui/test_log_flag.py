"""Flag for… right after logging: the log-interaction dialog hands what is
logged to a colleague as a task linked to the interaction, in the same save."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from desktop.demo.generator import generate
from desktop.services.container import Services
from desktop.settings import SettingsFile
from tests.ui.clicks import click, open_account, shown, type_into

ANCHOR = datetime(2026, 12, 7, tzinfo=UTC)
NOW = ANCHOR + timedelta(hours=15)


@pytest.fixture
def app(make_app: Any, tmp_path: Path) -> Any:
    services = Services.open(tmp_path / "cache.sqlite3", SettingsFile(tmp_path / "s.json"))
    rep = generate(services.store, accounts=150, seed=5, anchor=ANCHOR).rep_id
    services.close()
    built = make_app()
    built.services.clock = built.services.session.clock = lambda: NOW
    built.services.set_current_user(rep)
    return built


def _shared_account(services: Services) -> tuple[uuid.UUID, str]:
    """An account of the rep's that some colleague covers too."""
    rows = services.store.reads().execute(
        "SELECT id, name FROM accounts WHERE owner_id = ? AND deleted_at IS NULL "
        "ORDER BY name", (services.user_id.hex,)).fetchall()  # type: ignore[union-attr]
    for account_id, name in rows:
        if services.tasks.candidates(uuid.UUID(hex=account_id)):
            return uuid.UUID(hex=account_id), name
    raise AssertionError("the demo book has no account shared with a colleague")


def test_flag_for_a_colleague_right_after_logging(app: Any, qtbot: Any) -> None:
    services = app.services
    account, name = _shared_account(services)
    window = shown(app, qtbot, active=False)
    page = open_account(qtbot, app, name)
    click(qtbot, page.log_button)
    dialog = window.active_dialog
    assert dialog is not None and dialog.isVisible()
    assert not dialog.flag.box.isVisible()  # offered, not in the way
    type_into(qtbot, dialog.subject, "Asked about volume pricing")

    click(qtbot, dialog.flag.button)
    assert dialog.flag.box.isVisible()
    combo = dialog.flag.colleague
    assert combo.count() > 1  # "Choose…" and the colleagues who cover the account
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    colleague = combo.currentData()
    assert isinstance(colleague, uuid.UUID) and colleague != services.user_id
    type_into(qtbot, dialog.flag.title, "Send the volume price list")
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    assert dialog.saved is not None
    interaction = dialog.saved.id
    rows = services.store.reads().execute(
        "SELECT f.assignee_id, f.assigned_by, f.title, f.account_id, i.subject, i.author_id "
        "FROM follow_ups f JOIN interactions i ON i.id = f.interaction_id "
        "WHERE f.interaction_id = ?", (interaction.hex,)).fetchall()
    me = services.user_id.hex
    assert rows == [(colleague.hex, me, "Send the volume price list", account.hex,
                     "Asked about volume pricing", me)]
    assert [t.title for t in services.tasks.given() if t.assignee_id == colleague
            ].count("Send the volume price list") == 1


def test_flag_without_a_colleague_is_refused_and_nothing_is_logged(app: Any, qtbot: Any
                                                                   ) -> None:
    services = app.services
    _account, name = _shared_account(services)
    window = shown(app, qtbot, active=False)
    page = open_account(qtbot, app, name)
    before = services.store.reads().execute("SELECT count(*) FROM interactions").fetchone()
    click(qtbot, page.log_button)
    dialog = window.active_dialog
    type_into(qtbot, dialog.subject, "Quick call")
    click(qtbot, dialog.flag.button)
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()  # kept open, with the reason under the colleague
    assert "colleague" in dialog.errors._shown.get("assignee_id", "")
    assert services.store.reads().execute(
        "SELECT count(*) FROM interactions").fetchone() == before
