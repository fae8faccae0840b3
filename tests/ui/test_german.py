"""The window in German: our catalogue on the sidebar, the actions, the menus,
the list and the dialogs, and Qt's own catalogue on the standard buttons."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QDialogButtonBox

from desktop import i18n
from ui.app import make_qapp
from ui.dialogs.new_account import NewAccountDialog
from ui.translation import use_language

from .conftest import seed


@pytest.fixture
def german() -> Iterator[None]:
    """German while the test runs (windows built inside it show German), English after."""
    assert i18n.load("de") is not None, (
        "no compiled German catalogue: `pip install -e .` compiles it (setup.py)")
    app = make_qapp()
    assert use_language("de", app) == "de"
    yield
    assert use_language("en", app) == "en"


def button_texts(widget: Any) -> set[str]:
    return {b.text() for b in widget.findChildren(QAbstractButton) if b.text()}


def test_the_window_starts_in_german(german: None, make_app: Any) -> None:
    app = make_app()
    seed(app.services)
    window = app.window
    window.accounts.apply_filter()
    sidebar = [window.sidebar.item(row).text() for row in range(window.sidebar.count())]
    assert sidebar[:7] == ["Heute", "Firmen", "Wiedervorlagen", "Angebote", "Aufträge",
                           "Versand", "Touren"]
    actions = {a.text() for a in window.actions()}
    assert {"Firma &suchen", "&Neue Firma", "&Aktivität erfassen", "&Beenden"} <= actions
    assert "S&ynchronisieren" in [a.text() for a in window.menuBar().actions()]
    header = window.accounts.model.headerData
    assert [header(c, Qt.Orientation.Horizontal) for c in range(3)] == ["Firma", "Ort",
                                                                         "Bundesland"]
    assert window.accounts.total_label.text() == "3 Firmen"
    window.show_account(seed_id(app, "Keller Industrial Supply"))
    buttons = button_texts(window)
    assert {"Aktivität erfassen", "Neues Angebot…", "Archivieren"} <= buttons
    assert not {"Log interaction", "New proposal…", "Archive"} & buttons


def test_a_dialog_in_german_with_qt_buttons_too(german: None, make_app: Any) -> None:
    app = make_app()
    new_account = next(a for a in app.window.actions() if a.text() == "&Neue Firma")
    new_account.trigger()
    dialog = app.window.active_dialog
    assert isinstance(dialog, NewAccountDialog)
    assert dialog.windowTitle() == "Neue Firma"
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    # "Firma anlegen" is ours; "Abbrechen" is Qt's standard Cancel, from qtbase_de.
    assert {"Firma anlegen", "Abbrechen"} <= button_texts(box)
    dialog.reject()


def test_english_is_back_after_a_german_test(make_app: Any) -> None:
    assert i18n.language() == "en"
    app = make_app()
    assert app.window.sidebar.item(0).text() == "Today"
    assert app.window.sidebar.item(1).text() == "Accounts"


def seed_id(app: Any, name: str) -> Any:
    model = app.window.accounts.model
    return next(model.row_at(r).id for r in range(model.rowCount())
                if model.row_at(r).name == name)


def test_dates_in_german(german: None) -> None:
    from datetime import date

    from ui.formatting import day

    assert day(date(2026, 2, 1)) == "1. Feb. 2026"
    assert i18n.ngettext("{n} day ago", "{n} days ago", 3).format(n=3) == "vor 3 Tagen"
