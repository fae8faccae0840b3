"""Action plans in the Trips view: a plan and its goals made through the view,
a logged visit counted, a bad count refused with the text kept, targets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QDate

from tests.ui.test_trips_ui import book, trips_view


def plans_view(app: Any) -> Any:
    view = trips_view(app)
    view.pages.setCurrentWidget(view.action_plans)
    return view.action_plans


def new_plan(view: Any, name: str = "December push") -> Any:
    view.new_plan()
    dialog = view.dialog
    first, last = dialog.period_start.date().toPython(), dialog.period_end.date().toPython()
    assert first.day == 1 and (last + timedelta(days=1)).day == 1 and last.month == first.month
    today = datetime.now(UTC).date()  # the test's visit is today, whatever the month
    dialog.period_start.setDate(QDate(today - timedelta(days=20)))
    dialog.period_end.setDate(QDate(today + timedelta(days=20)))
    dialog.name.setText(name)
    dialog._save()
    assert dialog.result() == dialog.DialogCode.Accepted
    return dialog.result_value


def add_goal(view: Any, count: str, segment: str = "customer") -> Any:
    view.add_goal()
    dialog = view.dialog
    dialog.channel.setCurrentIndex(dialog.channel.findData("visit"))
    dialog.segment.setCurrentIndex(dialog.segment.findData(segment))
    dialog.count.setText(count)
    dialog._save()
    return dialog


def test_plan_and_goal_made_in_the_view_count_a_logged_visit(make_app: Any,
                                                            qtmodeltester: Any) -> None:
    app = make_app()
    ids = book(app.services)
    view = plans_view(app)
    assert view.plans.rowCount() == 0 and "No action plans" in view.title.text()
    assert not view.add_goal_button.isEnabled()
    saved = new_plan(view)
    assert view.plan_id == saved.id and view.title.text() == "December push"
    assert view.plans.index(0, 0).data() == "December push"
    assert "–" in view.plans.index(0, 1).data()
    assert add_goal(view, "12").result() == view.dialog.DialogCode.Accepted
    assert add_goal(view, "3", segment="any").result() == view.dialog.DialogCode.Accepted
    rows = {(view.goals.index(r, 1).data(), view.goals.index(r, 4).data())
            for r in range(view.goals.rowCount())}
    assert rows == {("Customers", "0 of 12 (0 %)"), ("Any account", "0 of 3 (0 %)")}
    for model in (view.plans, view.goals, view.targets):
        qtmodeltester.check(model, force_py=True)

    logged = app.services.history.log_interaction(ids["Keller Industrial Supply"], {
        "channel": "visit", "subject": "Stocking check"})
    app.window.bus.publish(logged.changes)
    done = {view.goals.index(r, 1).data(): (view.goals.index(r, 3).data(),
                                            view.goals.index(r, 4).data())
            for r in range(view.goals.rowCount())}
    assert done == {"Customers": ("1", "1 of 12 (8 %)"), "Any account": ("1", "1 of 3 (33 %)")}
    assert "2 goals" in view.summary.text()
    view.goal_list.selectRow(0)
    view.remove_goal()
    assert view.goals.rowCount() == 1 and "1 goal" in view.summary.text()


def test_a_bad_count_shows_a_message_and_keeps_the_text(make_app: Any) -> None:
    app = make_app()
    book(app.services)
    view = plans_view(app)
    new_plan(view)
    for typed in ("twelve", "0", "20000"):
        dialog = add_goal(view, typed)
        assert dialog.result() != dialog.DialogCode.Accepted
        assert "1 to 10,000" in (dialog.errors.message("target_count") or "")
        assert dialog.count.text() == typed
        dialog.reject()
    assert view.goals.rowCount() == 0


def test_targets_added_removed_and_the_plan_deleted(make_app: Any, prompts: Any,
                                                    qtmodeltester: Any) -> None:
    app = make_app()
    ids = book(app.services)
    view = plans_view(app)
    new_plan(view)
    view.add_targets()
    dialog = view.dialog
    dialog._save()  # nothing selected: says so, stays open
    assert dialog.result() != dialog.DialogCode.Accepted and dialog.top_error.text()
    dialog.query.setText("Springfield")
    dialog.search()
    assert dialog.model.rowCount() == 2
    qtmodeltester.check(dialog.model, force_py=True)
    dialog.table.selectAll()
    dialog.purpose.setText("Spring range")
    dialog._save()
    assert dialog.result() == dialog.DialogCode.Accepted
    names = [view.targets.index(r, 0).data() for r in range(view.targets.rowCount())]
    assert names == ["Capitol Dental", "Keller Industrial Supply"]
    assert view.targets.index(0, 1).data() == "Spring range"
    assert view.targets.index(1, 2).data() == "not yet"
    assert "0 of 2" in view.targets_heading.text()
    logged = app.services.history.log_interaction(ids["Keller Industrial Supply"], {
        "channel": "phone", "subject": "Call"})
    app.window.bus.publish(logged.changes)
    assert view.targets.index(1, 2).data() == "contacted"
    assert "1 of 2" in view.targets_heading.text()

    view.target_list.selectRow(0)
    view.remove_target()
    assert view.targets.rowCount() == 1

    prompts.confirm_answers = [False, True]
    assert not view.delete_plan() and view.plans.rowCount() == 1
    assert view.delete_plan()
    assert view.plans.rowCount() == 0 and app.services.action_plans.plans() == []
