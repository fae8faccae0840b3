"""Action plans in the Trips view: a plan and its goals made through the view,
a logged visit counted, a bad count refused with the text kept, targets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt

from tests.ui.clicks import click, click_row, click_tab, type_into, written
from tests.ui.test_trips_ui import book, trips_view


def plans_view(app: Any, qtbot: Any) -> Any:
    view = trips_view(app, qtbot)
    click_tab(qtbot, view.pages, view.action_plans)
    return view.action_plans


def new_plan(qtbot: Any, view: Any, name: str = "December push") -> Any:
    click(qtbot, view.new_button)
    dialog = view.dialog
    first, last = dialog.period_start.date().toPython(), dialog.period_end.date().toPython()
    assert first.day == 1 and (last + timedelta(days=1)).day == 1 and last.month == first.month
    today = datetime.now(UTC).date()  # the test's visit is today, whatever the month
    dialog.period_start.setDate(today - timedelta(days=20))
    dialog.period_end.setDate(today + timedelta(days=20))
    qtbot.keyClicks(dialog.name, name)
    click(qtbot, dialog.save_button)
    assert dialog.result() == dialog.DialogCode.Accepted
    return dialog.result_value


def add_goal(qtbot: Any, view: Any, count: str, segment: str = "customer") -> Any:
    click(qtbot, view.add_goal_button)
    dialog = view.dialog
    dialog.channel.setCurrentIndex(dialog.channel.findData("visit"))
    dialog.segment.setCurrentIndex(dialog.segment.findData(segment))
    type_into(qtbot, dialog.count, count)
    click(qtbot, dialog.save_button)
    return dialog


def log(app: Any, account: Any, channel: str, subject: str) -> None:
    """A contact logged elsewhere (a sync, another window): published as the app does."""
    history = app.services.history
    saved = written(app, lambda: history.log_interaction(account, {
        "channel": channel, "subject": subject}))
    app.bus.publish(saved.changes)


def test_plan_and_goal_made_in_the_view_count_a_logged_visit(make_app: Any, qtbot: Any,
                                                            qtmodeltester: Any) -> None:
    app = make_app()
    ids = book(app.services)
    view = plans_view(app, qtbot)
    assert view.plans.rowCount() == 0 and "No action plans" in view.title.text()
    assert not view.add_goal_button.isEnabled()
    saved = new_plan(qtbot, view)
    assert view.plan_id == saved.id and view.title.text() == "December push"
    assert view.plans.index(0, 0).data() == "December push"
    assert "–" in view.plans.index(0, 1).data()
    assert add_goal(qtbot, view, "12").result() == view.dialog.DialogCode.Accepted
    assert add_goal(qtbot, view, "3", segment="any").result() == view.dialog.DialogCode.Accepted
    rows = {(view.goals.index(r, 1).data(), view.goals.index(r, 4).data())
            for r in range(view.goals.rowCount())}
    assert rows == {("Customers", "0 of 12 (0 %)"), ("Any account", "0 of 3 (0 %)")}
    # One model per tester (it answers every model's signals with the last one checked):
    # the goals, which the logged visit below updates in place.
    qtmodeltester.check(view.goals, force_py=True)

    log(app, ids["Keller Industrial Supply"], "visit", "Stocking check")
    done = {view.goals.index(r, 1).data(): (view.goals.index(r, 3).data(),
                                            view.goals.index(r, 4).data())
            for r in range(view.goals.rowCount())}
    assert done == {"Customers": ("1", "1 of 12 (8 %)"), "Any account": ("1", "1 of 3 (33 %)")}
    assert "2 goals" in view.summary.text()
    assert not view.remove_goal_button.isEnabled()  # nothing chosen yet
    click_row(qtbot, view.goal_list, 0)
    click(qtbot, view.remove_goal_button)
    assert view.goals.rowCount() == 1 and "1 goal" in view.summary.text()


def test_a_bad_count_shows_a_message_and_keeps_the_text(make_app: Any, qtbot: Any,
                                                       prompts: Any) -> None:
    from ui.prompts import Unsaved

    app = make_app()
    book(app.services)
    view = plans_view(app, qtbot)
    new_plan(qtbot, view)
    for typed in ("twelve", "0", "20000"):
        dialog = add_goal(qtbot, view, typed)
        assert dialog.result() != dialog.DialogCode.Accepted
        assert "1 to 10,000" in (dialog.errors.message("target_count") or "")
        assert dialog.count.text() == typed
        prompts.unsaved_answers.append(Unsaved.DISCARD)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert not dialog.isVisible()
    assert view.goals.rowCount() == 0


def test_targets_added_removed_and_the_plan_deleted(make_app: Any, qtbot: Any, prompts: Any,
                                                    qtmodeltester: Any) -> None:
    app = make_app()
    ids = book(app.services)
    view = plans_view(app, qtbot)
    new_plan(qtbot, view)
    click(qtbot, view.add_targets_button)
    dialog = view.dialog
    click(qtbot, dialog.save_button)  # nothing selected: says so, stays open
    assert dialog.result() != dialog.DialogCode.Accepted and dialog.top_error.text()
    type_into(qtbot, dialog.query, "Springfield")
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    assert dialog.model.rowCount() == 2
    qtmodeltester.check(dialog.model, force_py=True)
    click_row(qtbot, dialog.table, 0)
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.ShiftModifier,
                     dialog.table.visualRect(dialog.model.index(1, 0)).center())
    qtbot.keyClicks(dialog.purpose, "Spring range")
    click(qtbot, dialog.save_button)
    assert dialog.result() == dialog.DialogCode.Accepted
    names = [view.targets.index(r, 0).data() for r in range(view.targets.rowCount())]
    assert names == ["Capitol Dental", "Keller Industrial Supply"]
    assert view.targets.index(0, 1).data() == "Spring range"
    assert view.targets.index(1, 2).data() == "not yet"
    assert "0 of 2" in view.targets_heading.text()
    log(app, ids["Keller Industrial Supply"], "phone", "Call")
    assert view.targets.index(1, 2).data() == "contacted"
    assert "1 of 2" in view.targets_heading.text()

    click_row(qtbot, view.target_list, 0)
    click(qtbot, view.remove_target_button)
    assert view.targets.rowCount() == 1

    prompts.confirm_answers = [False, True]
    click(qtbot, view.delete_button)
    assert view.plans.rowCount() == 1
    click(qtbot, view.delete_button)
    assert view.plans.rowCount() == 0 and app.services.action_plans.plans() == []
    assert "No action plans" in view.title.text()
