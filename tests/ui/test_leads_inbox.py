"""The lead inbox as a rep and as a manager use it: search, disqualify with a
reason, the manager's unassigned filter and Assign; and the duplicate panel in
the new-account dialog."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from PySide6.QtWidgets import QApplication

from desktop.domain.schema import User
from tests.ui.clicks import (
    click,
    click_row,
    click_tab,
    model_checks,
    open_account,
    seeded,
    show_view,
    shown,
    written,
)
from ui.dialogs.contact_dialog import ContactDialog
from ui.dialogs.new_account import NewAccountDialog
from ui.main_window import LEADS_ROW

NOW = datetime(2026, 12, 7, 9, tzinfo=UTC)


def capture(app: Any, **values: Any) -> uuid.UUID:
    leads = app.services.leads
    return written(app, lambda: leads.capture({"source": "phone", **values}).id)


def lead_row(app: Any, lead: uuid.UUID, columns: str) -> tuple[Any, ...]:
    return tuple(app.services.store.reads().execute(
        f"SELECT {columns} FROM leads WHERE id = ?", (lead.hex,)).fetchone())


def test_search_and_disqualify_with_a_reason(make_app: Any, qtbot: Any, prompts: Any,
                                             request: Any) -> None:
    app = make_app()
    capture(app, company="Zephyr Mills", first_name="Zoe", last_name="Park")
    bluebird = capture(app, company="Bluebird Cafe", need="espresso machines")
    capture(app, company="Granite Labs")
    shown(app, qtbot, active=False)
    view = show_view(qtbot, app.window, LEADS_ROW)
    model_checks(request)(view.model)
    assert view.model.rowCount() == 3 and view.summary.text() == "3 leads"
    qtbot.keyClicks(view.search, "espresso")  # the need is searched too
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    assert view.model.row_at(0).id == bluebird
    click_row(qtbot, view.view, 0)
    prompts.text_answers.append("No budget this year")
    click(qtbot, view.disqualify_button)
    assert lead_row(app, bluebird, "status, disqualified_reason") == (
        "disqualified", "No budget this year")
    qtbot.waitUntil(lambda: view.model.rowCount() == 0)  # open leads only
    view.status.setCurrentIndex(view.status.findData("disqualified"))
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    assert view.model.index(0, 4).data() == "Disqualified"


def test_a_manager_filters_unassigned_leads_and_assigns_one(make_app: Any, qtbot: Any,
                                                            prompts: Any) -> None:
    app = make_app()
    boss, rep = uuid.uuid4(), uuid.uuid4()

    def team() -> None:
        with app.services.store.unit_of_work() as uow:
            uow.session.add(User(id=boss, name="Mia Manager", email="mia@example.com",
                                 role="manager", created_at=NOW, updated_at=NOW))
            uow.session.flush()
            uow.session.add(User(id=rep, name="Ann Rep", email="ann@example.com",
                                 manager_id=boss, created_at=NOW, updated_at=NOW))
            uow.commit()

    written(app, team)
    app.services.set_current_user(boss)
    capture(app, company="Mine Inc")
    loose = capture(app, company="Nobody's Lead", owner_id=None)
    shown(app, qtbot, active=False)
    view = show_view(qtbot, app.window, LEADS_ROW)
    assert view.owner.isVisible() and view.assign_button.isVisible()
    assert [view.owner.itemText(n) for n in range(view.owner.count())] == [
        "Anyone's", "Unassigned", "Mia Manager", "Ann Rep"]
    view.owner.setCurrentIndex(view.owner.findData("unassigned"))
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    assert view.model.index(0, 6).data() == "Unassigned"
    click_row(qtbot, view.view, 0)
    prompts.choice_answers.append(1)  # Ann Rep
    click(qtbot, view.assign_button)
    assert lead_row(app, loose, "owner_id") == (rep.hex,)
    qtbot.waitUntil(lambda: view.model.rowCount() == 0)  # no longer unassigned


def test_a_rep_sees_no_manager_parts(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    shown(app, qtbot, active=False)
    view = show_view(qtbot, app.window, LEADS_ROW)
    assert not view.owner.isVisible() and not view.assign_button.isVisible()
    assert view.summary.text() == "No open leads. Capture one with Ctrl+Shift+L."


def test_the_new_account_dialog_shows_a_duplicate_and_opens_it(make_app: Any, qtbot: Any,
                                                                prompts: Any) -> None:
    app = make_app()
    ids = seeded(app)
    window = shown(app, qtbot)
    window.new_account_action.trigger()
    dialog = window.active_dialog
    assert isinstance(dialog, NewAccountDialog)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.fields["name"])
    qtbot.keyClicks(dialog.fields["name"], "NORTHWIND FOODS GMBH")
    qtbot.waitUntil(lambda: bool(dialog.duplicates.candidates), timeout=3000)
    first = dialog.duplicates.candidates[0]
    assert (first.table, first.id) == ("accounts", ids["Northwind Foods"])
    [open_button] = dialog.duplicates.buttons(0)
    assert open_button.text() == "Open"
    click(qtbot, open_button)  # typed text: asked first (the test's answer: discard)
    assert prompts.asked[-1][0] == "unsaved" and not dialog.isVisible()
    page = window.accounts.page
    assert page.detail is not None and page.detail.id == ids["Northwind Foods"]


def test_the_contact_dialog_shows_the_same_person_typed_again(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    ids = seeded(app)
    shown(app, qtbot, active=False)
    page = open_account(qtbot, app, "Northwind Foods")
    click_tab(qtbot, page.tabs, page.people.contacts_panel)
    click(qtbot, page.people.add_contact_button)
    dialog = page.people.active_dialog
    assert isinstance(dialog, ContactDialog)
    qtbot.keyClicks(dialog.fields["first_name"], "Jane")
    qtbot.keyClicks(dialog.fields["last_name"], "Doe")
    qtbot.keyClicks(dialog.fields["work_phone"], "(217) 244-1234")  # stored +12172441234
    qtbot.waitUntil(lambda: bool(dialog.duplicates.candidates), timeout=3000)
    first = dialog.duplicates.candidates[0]
    assert (first.table, first.id) == ("contacts", ids["Jane Doe"])
    assert {w.kind for w in first.why} >= {"phone", "name"}


def test_merge_a_lead_with_its_duplicate_from_the_inbox(make_app: Any, qtbot: Any,
                                                        prompts: Any) -> None:
    from ui.dialogs.merge_dialog import MergeDialog

    app = make_app()
    older = capture(app, company="Harbor Bakery", email="owner@harbor.example")
    newer = capture(app, company="Harbor Bakery LLC", email="OWNER@harbor.example",
                    need="Two ovens")
    shown(app, qtbot, active=False)
    view = show_view(qtbot, app.window, LEADS_ROW)
    row = view.model.row_of(older)
    assert row is not None
    click_row(qtbot, view.view, row)
    prompts.choice_answers.append(0)
    click(qtbot, view.merge_button)
    assert prompts.asked[-1][0] == "choice"
    dialog = app.window.lead_actions.dialog
    assert isinstance(dialog, MergeDialog) and dialog.preview is not None
    assert (dialog.preview.survivor_id, dialog.preview.loser_id) == (older, newer)
    assert dialog.chosen()["need"] == "loser"  # the kept lead has none
    prompts.confirm_answers.append(True)
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert lead_row(app, older, "need") == ("Two ovens",)
    assert lead_row(app, newer, "merged_into_id") == (older.hex,)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
