"""The Today view, where the window opens: on a demo book written at a fixed
date it lists exactly the follow-ups due then (the test reads them itself),
each a click from acting on it: mark done, assign to a colleague, flag a note,
answer one; Ctrl+F goes to the account search."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from desktop.demo.generator import generate
from desktop.services.container import Services
from desktop.settings import SettingsFile
from tests.ui.clicks import click, click_row, click_row_where, model_checks, shown, type_into
from ui.main_window import ACCOUNTS_ROW, TODAY_ROW

ANCHOR = datetime(2026, 12, 7, tzinfo=UTC)
NOW = ANCHOR + timedelta(hours=15)
TODAY = NOW.date()


@pytest.fixture
def app(make_app: Any, tmp_path: Path) -> Any:
    """The app over a 150-account demo book written on ANCHOR, its clock fixed."""
    services = Services.open(tmp_path / "cache.sqlite3", SettingsFile(tmp_path / "s.json"))
    rep = generate(services.store, accounts=150, seed=5, anchor=ANCHOR).rep_id
    services.close()
    built = make_app()
    built.services.clock = built.services.session.clock = lambda: NOW
    built.services.set_current_user(rep)
    return built


def due_by_hand(app: Any, today: date) -> set[str]:
    rep = app.services.user_id.hex
    rows = app.services.store.reads().execute(
        "SELECT id, due_date, assignee_id, assigned_by, done_at, deleted_at FROM follow_ups"
    ).fetchall()
    return {r[0] for r in rows if r[2] == rep and r[3] in (None, rep) and r[4] is None
            and r[5] is None and date.fromisoformat(r[1]) <= today}


def rows_of(section: Any) -> list[Any]:
    return [section.model.row_at(n) for n in range(section.model.rowCount())]


def test_opens_on_today_listing_exactly_the_due_follow_ups(app: Any, qtbot: Any,
                                                           request: Any) -> None:
    window = shown(app, qtbot, active=False, accounts=False)
    assert window.sidebar.currentRow() == TODAY_ROW
    assert window.sidebar.item(TODAY_ROW).text() == "Today"
    assert window.stack.currentWidget() is window.today
    due = window.today.sections["due"]
    qtbot.waitUntil(lambda: due.model.rowCount() > 0)
    wanted = due_by_hand(app, TODAY)
    assert {r.id.hex for r in rows_of(due)} == wanted and len(wanted) > 1
    assert due.count.text().startswith(f"{len(wanted)} due")
    tasks = window.today.sections["tasks"]
    assert {r.title for r in rows_of(tasks)} == {
        "Call about the damaged pallet claim", "Quote the 18 in. stretch wrap for the new line",
        "Bring the catalogue on your next visit"}
    check = model_checks(request)
    for section in window.today.sections.values():
        check(section.model)


def test_mark_done_and_assign_to_a_colleague(app: Any, qtbot: Any) -> None:
    window = shown(app, qtbot, active=False, accounts=False)
    due = window.today.sections["due"]
    qtbot.waitUntil(lambda: due.model.rowCount() > 1)
    first = due.model.row_at(0)
    click_row(qtbot, due.table, 0)
    click(qtbot, window.today.handlers.done_button)
    qtbot.waitUntil(lambda: first.id not in {r.id for r in rows_of(due)})
    assert app.services.store.reads().execute(
        "SELECT done_at IS NOT NULL FROM follow_ups WHERE id = ?", (first.id.hex,)).fetchone() \
        == (1,)

    # The next one goes to a colleague who covers its account.
    handed = due.model.row_at(0)
    click_row(qtbot, due.table, 0)
    click(qtbot, window.today.handlers.assign_button)
    dialog = window.today.handlers.dialog
    assert dialog is not None and dialog.isVisible()
    combo = dialog.colleague
    assert combo.count() > 1  # "Choose…" and at least one colleague
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    colleague = combo.currentData()
    assert isinstance(colleague, uuid.UUID)
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: handed.id not in {r.id for r in rows_of(due)})
    assert app.services.store.reads().execute(
        "SELECT assignee_id, assigned_by FROM follow_ups WHERE id = ?", (handed.id.hex,)
    ).fetchone() == (colleague.hex, app.services.user_id.hex)
    assert handed.id in {t.id for t in app.services.tasks.given()}


def test_flag_a_note_and_answer_one(app: Any, qtbot: Any) -> None:
    window = shown(app, qtbot, active=False, accounts=False)
    notes = window.today.sections["notes"]
    qtbot.waitUntil(lambda: notes.model.rowCount() > 0)
    before = notes.model.rowCount()
    click(qtbot, next(b for b in notes.findChildren(type(window.today.handlers.answer_button))
                      if b.text() == "Flag for…"))
    dialog = window.today.handlers.dialog
    dialog.audience.setCurrentIndex(dialog.audience.findData("product"))
    type_into(qtbot, dialog.topic, "Lids crack in the cold")
    dialog.body.setFocus()
    qtbot.keyClicks(dialog.body, "Two stores saw cracked lids after a frost.")
    click(qtbot, dialog.save_button)
    # The rep reads product's notes: the new one is listed too.
    qtbot.waitUntil(lambda: notes.model.rowCount() == before + 1)
    click_row_where(qtbot, notes.table, lambda n: n.topic == "Lids crack in the cold",
                    notes.model.row_at)
    click(qtbot, window.today.handlers.answer_button)
    answer = window.today.handlers.dialog
    answer.response.setFocus()
    qtbot.keyClicks(answer.response, "Asked the plant.")
    click(qtbot, answer.save_button)  # closed with the answer: it leaves the open list
    qtbot.waitUntil(lambda: notes.model.rowCount() == before)
    [note] = [n for n in app.services.field_notes.written()
              if n.topic == "Lids crack in the cold"]
    assert (note.status, note.response) == ("closed", "Asked the plant.")


def test_ctrl_f_goes_from_today_to_the_account_search(app: Any, qtbot: Any) -> None:
    window = shown(app, qtbot, accounts=False)
    assert window.stack.currentWidget() is window.today
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.sidebar.currentRow() == ACCOUNTS_ROW
    assert window.stack.currentWidget() is window.accounts
    qtbot.waitUntil(lambda: window.accounts.search.hasFocus())


def test_the_account_page_assigns_a_follow_up_and_flags_a_note(app: Any, qtbot: Any) -> None:
    """On an account the rep shares with a colleague: Assign to colleague… and Flag for…"""
    from tests.ui.clicks import click_tab, open_account

    services = app.services
    rep = services.user_id
    [(name, follow_up)] = services.store.reads().execute(
        "SELECT a.name, f.id FROM follow_ups f JOIN accounts a ON a.id = f.account_id "
        "WHERE f.assigned_by = ? ORDER BY f.id LIMIT 1", (rep.hex,)).fetchall()
    # Taken back first (the demo had handed it over), then handed out again below.
    services.store.writer.call(lambda: services.tasks.assign(uuid.UUID(hex=follow_up), rep))
    shown(app, qtbot, active=False)
    page = open_account(qtbot, app, name)
    people = page.people
    click_tab(qtbot, page.tabs, people.followup_panel)
    click_row_where(qtbot, people.follow_ups_view, lambda f: f.id.hex == follow_up,
                    people.follow_ups.row_at)
    click(qtbot, people.assign_button)
    dialog = people.active_dialog
    combo = dialog.colleague
    assert combo.count() > 1
    combo.setCurrentIndex(1)
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert services.store.reads().execute(
        "SELECT assignee_id, assigned_by FROM follow_ups WHERE id = ?", (follow_up,)
    ).fetchone() == (combo.itemData(1).hex, rep.hex)

    click(qtbot, people.flag_button)
    flag = people.active_dialog
    flag.audience.setCurrentIndex(flag.audience.findData("marketing"))
    type_into(qtbot, flag.topic, "Asked for a trade-show discount")
    flag.body.setFocus()
    qtbot.keyClicks(flag.body, "They met our rival at the spring show.")
    click(qtbot, flag.save_button)
    qtbot.waitUntil(lambda: not flag.isVisible())
    [note] = services.field_notes.about(page.detail.id)[:1]
    assert (note.audience, note.topic, note.author_id) == (
        "marketing", "Asked for a trade-show discount", rep)


def test_refresh_reads_every_section_in_one_task(app: Any, qtbot: Any) -> None:
    """One read on the worker for all the sections (one snapshot, one fill), not one each."""
    from ui.views.today_view import READS

    window = shown(app, qtbot, active=False, accounts=False)
    due = window.today.sections["due"]
    qtbot.waitUntil(lambda: due.model.rowCount() > 0)
    asked: list[tuple[str, ...]] = []
    tasks: list[Any] = []
    service, runner = app.services.today, window.today.ops.reads
    load_many, run = service.load_many, runner.run

    def counted_load(names: Any, today: date) -> Any:
        asked.append(tuple(names))
        return load_many(names, today)

    def counted_run(fn: Any, *a: Any, **k: Any) -> Any:
        tasks.append(fn)
        return run(fn, *a, **k)

    service.load_many, runner.run = counted_load, counted_run
    first = due.model.row_at(0)
    app.services.store.reads().execute("UPDATE follow_ups SET title = 'Changed here' WHERE id = ?",
                                       (first.id.hex,))
    click(qtbot, window.today.refresh_button)
    assert asked == [tuple(READS)] and len(tasks) == 1
    assert due.model.row_at(0).title == "Changed here"
    assert rows_of(window.today.sections["tasks"])  # filled by the same read


def test_what_waits_starts_after_the_filled_sections_are_painted(app: Any, qtbot: Any) -> None:
    """The account list's page and menus, the warm-up and the sync wait for Today's
    sections on the screen: ``first_painted`` comes after a paint of the filled view
    (a timer of 0 after the fill ran before that paint, ~40 ms ahead of it)."""
    from PySide6.QtCore import QEvent, QObject

    today = app.window.today
    due = today.sections["due"]
    paints: list[int] = []  # the due rows on each paint of the view
    at_signal: list[int] = []

    class Paints(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                paints.append(due.model.rowCount())
            return False

    watch = Paints()
    today.installEventFilter(watch)
    today.first_painted.connect(lambda: at_signal.append(len(paints)))
    shown(app, qtbot, active=False, accounts=False)
    qtbot.waitUntil(lambda: bool(at_signal))
    filled_paints = [n for n in paints[:at_signal[0]] if n > 0]
    assert filled_paints and filled_paints[0] == len(due_by_hand(app, TODAY))
