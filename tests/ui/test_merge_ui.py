"""The merge view as a rep uses it: "Merge with…" on the account page, the two
records side by side, a value picked from the one merged away, Merge (asked
first: it cannot be undone), and the survivor has the value and the children."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt

from desktop.store.changes import Changes
from tests.ui.clicks import click, open_account, seeded, shown, written
from ui.dialogs.merge_dialog import MergeDialog


def test_merge_picks_a_field_from_the_loser(make_app: Any, qtbot: Any, prompts: Any) -> None:
    app = make_app()
    ids = seeded(app)
    accounts = app.services.accounts
    keller = ids["Keller Industrial Supply"]

    def duplicate() -> Any:
        saved = accounts.create_account({
            "name": "Keller Industrial Supply Inc.", "billing_city": "Chicago",
            "billing_region": "IL", "kind": "customer", "status": "active",
            "website": "keller.example"})
        accounts.add_contact(saved.id, {"first_name": "Lou", "last_name": "Reed"})
        return saved.id

    loser = written(app, duplicate)
    app.bus.publish(Changes.reset())
    shown(app, qtbot, active=False)
    page = open_account(qtbot, app, "Keller Industrial Supply")
    prompts.choice_answers.append(0)  # the first look-alike: the Inc.
    click(qtbot, page.merge_button)
    dialog = page.active_dialog
    assert isinstance(dialog, MergeDialog) and dialog.isVisible()
    assert dialog.preview is not None and dialog.preview.loser_id == loser
    chosen = dialog.chosen()
    assert chosen["website"] == "loser"  # an empty value is never kept over a filled one
    assert chosen["billing_city"] == "survivor"  # the survivor's, until the rep picks
    city = dialog.choices["billing_city"].buttons()[1]
    assert city.text() == "Chicago"
    qtbot.waitUntil(lambda: city.height() > 0)  # laid out
    # On its circle: a radio button answers clicks on its circle and text only.
    qtbot.mouseClick(city, Qt.MouseButton.LeftButton, pos=QPoint(8, city.height() // 2))
    assert dialog.chosen()["billing_city"] == "loser"
    assert "contacts (1)" in dialog.children_line.text()
    prompts.confirm_answers.append(True)
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert ("confirm", next(t for k, t in prompts.asked if k == "confirm")) in prompts.asked
    reads = app.services.store.reads()
    city_now, site = reads.execute("SELECT billing_city, website FROM accounts WHERE id = ?",
                                   (keller.hex,)).fetchone()
    assert (city_now, site) == ("Chicago", "keller.example")
    merged_into = reads.execute("SELECT merged_into_id FROM accounts WHERE id = ?",
                                (loser.hex,)).fetchone()[0]
    assert merged_into == keller.hex
    moved = reads.execute("SELECT account_id FROM contacts WHERE last_name = 'Reed'").fetchone()
    assert moved[0] == keller.hex


def test_merge_asks_first_and_a_no_merges_nothing(make_app: Any, qtbot: Any,
                                                  prompts: Any) -> None:
    app = make_app()
    ids = seeded(app)
    window = shown(app, qtbot, active=False)
    survivor, loser = ids["Keller Industrial Supply"], ids["Northwind Foods"]
    window.lead_actions.merge("accounts", survivor, loser)
    dialog = window.lead_actions.dialog
    assert isinstance(dialog, MergeDialog)
    click(qtbot, dialog.swap_button)  # the other one is kept now
    assert dialog.preview is not None and dialog.preview.survivor_id == loser
    prompts.confirm_answers.append(False)
    click(qtbot, dialog.save_button)
    assert dialog.isVisible() and ("confirm" in [k for k, _t in prompts.asked])
    merged = app.services.store.reads().execute(
        "SELECT count(*) FROM accounts WHERE merged_into_id IS NOT NULL").fetchone()[0]
    assert merged == 0
