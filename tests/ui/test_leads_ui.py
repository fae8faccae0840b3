"""Leads in the window, as a rep uses them: Ctrl+Shift+L from anywhere, type,
Enter; duplicates under the form while typing; the inbox's filters, search and
actions; convert in one step."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.clicks import click, click_row, model_checks, seeded, show_view, shown, written
from ui.dialogs.convert_lead import ConvertLeadDialog
from ui.dialogs.lead_capture import LeadCaptureDialog
from ui.main_window import LEADS_ROW

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def press_capture(qtbot: Any, window: Any) -> LeadCaptureDialog:
    """Ctrl+Shift+L wherever the focus is; returns the dialog it opened."""
    focus = QApplication.focusWidget() or window
    qtbot.keyClick(focus, Qt.Key.Key_L, CTRL_SHIFT)
    dialog = window.lead_actions.dialog
    assert isinstance(dialog, LeadCaptureDialog) and dialog.isVisible()
    return dialog


def count(app: Any, sql: str) -> int:
    return int(app.services.store.reads().execute(sql).fetchone()[0])


def test_ctrl_shift_l_typing_and_enter_saves_a_lead(make_app: Any, qtbot: Any,
                                                    prompts: Any) -> None:
    app = make_app()
    seeded(app)
    window = shown(app, qtbot)
    window.accounts.focus_search()
    dialog = press_capture(qtbot, window)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.fields["company"])
    qtbot.keyClicks(dialog.fields["company"], "Prairie Grain Co-op")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "Ada")  # first name, by Tab
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "Lovelace")  # last name
    qtbot.keyClicks(dialog.fields["phone"], "(217) 555-0199")
    qtbot.keyClicks(dialog.fields["budget"], "30000")
    score = dialog.fit_score()
    assert score is not None and score > 0
    assert dialog.score.text().startswith("Fit score")
    qtbot.keyClick(dialog.fields["phone"], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    row = app.services.store.reads().execute(
        "SELECT company, first_name, last_name, phone, budget, status, source FROM leads "
        "WHERE deleted_at IS NULL").fetchall()
    assert [tuple(r) for r in row] == [("Prairie Grain Co-op", "Ada", "Lovelace",
                                        "+12175550199", row[0][4], "new", "phone")]
    assert float(row[0][4]) == 30000
    assert not [kind for kind, _t in prompts.asked if kind == "error"]


def test_a_bad_field_keeps_the_text_and_escape_asks(make_app: Any, qtbot: Any,
                                                    prompts: Any) -> None:
    app = make_app()
    window = shown(app, qtbot)
    dialog = press_capture(qtbot, window)
    qtbot.keyClicks(dialog.fields["company"], "Bluebird Cafe")
    qtbot.keyClicks(dialog.fields["email"], "not-an-email")
    qtbot.keyClick(dialog.fields["email"], Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.errors.message("email")
    assert dialog.fields["company"].text() == "Bluebird Cafe"  # type: ignore[attr-defined]
    assert count(app, "SELECT count(*) FROM leads") == 0
    from ui.prompts import Unsaved

    prompts.unsaved_answers.append(Unsaved.CANCEL)
    qtbot.keyClick(dialog.fields["email"], Qt.Key.Key_Escape)
    assert ("unsaved", dialog.unsaved_question()) in prompts.asked and dialog.isVisible()


def test_a_company_with_another_legal_suffix_shows_in_the_panel(make_app: Any,
                                                                qtbot: Any) -> None:
    app = make_app()
    ids = seeded(app)
    window = shown(app, qtbot)
    dialog = press_capture(qtbot, window)
    qtbot.keyClicks(dialog.fields["company"], "Keller Industrial Supply, LLC")
    qtbot.waitUntil(lambda: bool(dialog.duplicates.candidates), timeout=3000)
    first = dialog.duplicates.candidates[0]
    assert (first.table, first.id) == ("accounts", ids["Keller Industrial Supply"])
    assert dialog.duplicates.isVisible()
    assert "name" in [w.kind for w in first.why]
    texts = [b.text() for b in dialog.duplicates.buttons(0)]
    assert texts == ["Open", "Convert onto this account"]


def test_the_panel_drops_an_answer_overtaken_by_typing(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    seeded(app)
    window = shown(app, qtbot)
    dialog = press_capture(qtbot, window)
    panel = dialog.duplicates
    asked: list[dict[str, str]] = []
    finder = panel.finder
    panel.finder = lambda fields: asked.append(dict(fields)) or finder(fields)  # type: ignore
    qtbot.keyClicks(dialog.fields["company"], "Keller")
    qtbot.waitUntil(lambda: not panel.pending(), timeout=3000)
    assert len(asked) == 1  # one question after typing paused, not one per key
    assert asked[0]["company"] == "Keller"


def lead_counts(app: Any) -> tuple[int, int, int]:
    return (count(app, "SELECT count(*) FROM accounts WHERE deleted_at IS NULL"),
            count(app, "SELECT count(*) FROM contacts WHERE deleted_at IS NULL"),
            count(app, "SELECT count(*) FROM opportunities WHERE deleted_at IS NULL"))


def test_convert_from_the_inbox_makes_one_account_contact_and_opportunity(
        make_app: Any, qtbot: Any, request: Any, prompts: Any) -> None:
    app = make_app()
    check = model_checks(request)
    seeded(app)
    leads = app.services.leads
    lead_id = written(app, lambda: leads.capture({
        "source": "web", "company": "Zephyr Mills", "first_name": "Zoe", "last_name": "Park",
        "email": "zoe@zephyr.example", "budget": "12000", "timing": "quarter"}).id)
    shown(app, qtbot, active=False)
    view = show_view(qtbot, app.window, LEADS_ROW)
    check(view.model)
    assert view.model.rowCount() == 1
    assert [view.model.index(0, c).data() for c in (1, 2, 3, 4)] == [
        "Zephyr Mills", "Zoe Park", "Web inquiry", "New"]
    click_row(qtbot, view.view, 0)
    click(qtbot, view.work_button)  # new -> working, in place
    assert view.model.index(0, 4).data() == "Working"
    before = lead_counts(app)
    click(qtbot, view.convert_button)
    dialog = app.window.lead_actions.dialog
    assert isinstance(dialog, ConvertLeadDialog) and dialog.isVisible()
    assert dialog.new_account.isChecked()  # nothing like it in the cache
    assert dialog.deal.text() == "Zephyr Mills" and Decimal(dialog.amount.text()) == 12000
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert lead_counts(app) == (before[0] + 1, before[1] + 1, before[2] + 1)
    status, account, contact, deal = app.services.store.reads().execute(
        "SELECT status, converted_account_id, converted_contact_id, converted_opportunity_id "
        "FROM leads WHERE id = ?", (lead_id.hex,)).fetchone()
    assert status == "converted" and account and contact and deal
    name, amount = app.services.store.reads().execute(
        "SELECT a.name, o.amount FROM opportunities o JOIN accounts a ON a.id = o.account_id "
        "WHERE o.id = ?", (deal,)).fetchone()
    assert name == "Zephyr Mills" and float(amount) == 12000
    qtbot.waitUntil(lambda: view.model.rowCount() == 0)  # converted: out of the open list
    assert not [kind for kind, _t in prompts.asked if kind == "error"]


def test_convert_onto_the_account_the_panel_found(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    ids = seeded(app)
    window = shown(app, qtbot)
    dialog = press_capture(qtbot, window)
    qtbot.keyClicks(dialog.fields["company"], "Keller Industrial Supply Inc")
    qtbot.keyClicks(dialog.fields["first_name"], "Sam")
    qtbot.keyClicks(dialog.fields["last_name"], "Ortiz")
    qtbot.waitUntil(lambda: bool(dialog.duplicates.candidates), timeout=3000)
    before = lead_counts(app)
    convert_onto = dialog.duplicates.buttons(0)[1]
    assert convert_onto.text() == "Convert onto this account"
    click(qtbot, convert_onto)  # saves the lead, then asks how to convert it
    qtbot.waitUntil(lambda: isinstance(window.lead_actions.dialog, ConvertLeadDialog))
    convert = window.lead_actions.dialog
    assert convert.existing_account.isChecked()
    assert convert.picker.account_id() == ids["Keller Industrial Supply"]
    click(qtbot, convert.save_button)
    qtbot.waitUntil(lambda: not convert.isVisible())
    assert lead_counts(app) == (before[0], before[1] + 1, before[2] + 1)  # no new account
    account = app.services.store.reads().execute(
        "SELECT converted_account_id FROM leads WHERE company LIKE 'Keller%'").fetchone()[0]
    assert account == ids["Keller Industrial Supply"].hex


def test_a_referral_names_its_referrer(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    ids = seeded(app)
    window = shown(app, qtbot)
    dialog = press_capture(qtbot, window)
    assert not dialog.referrer.isVisible()  # only for a referral
    source = dialog.fields["source"]
    source.setFocus()
    while source.currentData() != "referral":  # type: ignore[attr-defined]
        qtbot.keyClick(source, Qt.Key.Key_Down)
    assert dialog.referrer.isVisible() and not dialog.fields["event_id"].isVisible()
    qtbot.keyClicks(dialog.referrer.search, "Keller")
    qtbot.waitUntil(lambda: dialog.referrer.account_id() is not None, timeout=3000)
    qtbot.waitUntil(lambda: dialog.referrer_contact.count() == 2)  # itself, Jane Doe
    dialog.referrer_contact.setCurrentIndex(1)
    qtbot.keyClicks(dialog.fields["company"], "Harbor Bakery")
    qtbot.keyClick(dialog.fields["company"], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    source_value, contact, account = app.services.store.reads().execute(
        "SELECT source, referrer_contact_id, referrer_account_id FROM leads").fetchone()
    assert (source_value, contact, account) == ("referral", ids["Jane Doe"].hex, None)
