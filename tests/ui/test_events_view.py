"""The Events view, used as a rep uses it: the list (upcoming first), an
event's detail with the return on it, adding a contact as an attendee and
marking who came, a new event from the form."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt

from tests.desktop.test_opportunities import seed_stages
from tests.ui.clicks import (
    click,
    click_row,
    click_row_where,
    model_checks,
    seeded,
    show_view,
    shown,
    type_into,
    written,
)
from ui.main_window import EVENTS_ROW


def events_book(app: Any) -> dict[str, Any]:
    """The conftest's accounts, a rep, and two events: a trade show last month
    (a lead and two deals came from it) and a seminar next week."""
    from desktop.domain.schema import User
    from desktop.domain.schema.pipeline import Lead
    from desktop.store.changes import Changes

    ids = seeded(app)
    services = app.services
    today = services.clock().date()
    rep = uuid.uuid4()
    now = datetime.now(UTC)

    def write() -> None:
        seed_stages(services)
        with services.store.unit_of_work() as uow:
            uow.session.add(User(id=rep, name="Ann Rep", email="ann@example.com",
                                 created_at=now, updated_at=now))
            uow.commit()
        services.set_current_user(rep)
        events = services.events
        ids["show"] = events.create({
            "name": "PackExpo Chicago", "kind": "trade_show", "city": "Chicago",
            "starts_on": today - timedelta(days=30), "ends_on": today - timedelta(days=28),
            "cost": "2000"}).id
        ids["seminar"] = events.create({
            "name": "Pallet seminar", "kind": "seminar", "starts_on": today + timedelta(days=7),
            "cost": "500"}).id
        with services.store.unit_of_work() as uow:
            uow.session.add(Lead(id=uuid.uuid4(), source="event", company="Leadco",
                                 event_id=ids["show"], received_at=now, created_at=now,
                                 updated_at=now))
            uow.commit()
        opps = services.opportunities
        opps.create({"account_id": ids["Keller Industrial Supply"], "name": "Wrap deal",
                     "amount": 9000, "close_date": today + timedelta(days=40),
                     "stage": "proposal", "event_id": ids["show"]})
        opps.create({"account_id": ids["Northwind Foods"], "name": "Gloves deal",
                     "amount": 5000, "close_date": today, "stage": "closed_won",
                     "event_id": ids["show"]})

    written(app, write)
    app.bus.publish(Changes.reset())
    return ids


def open_events(make_app: Any, qtbot: Any) -> tuple[Any, Any, dict[str, Any]]:
    app = make_app()
    window = shown(app, qtbot, active=False)
    window.resize(1366, 768)
    ids = events_book(app)
    assert window._events is None  # built the first time it is shown
    view = show_view(qtbot, window, EVENTS_ROW)
    assert view is window.events
    return app, view, ids


def test_upcoming_first_and_the_return_on_an_event(make_app: Any, qtbot: Any,
                                                   request: Any) -> None:
    app, view, ids = open_events(make_app, qtbot)
    check = model_checks(request)
    check(view.model)
    names = [view.model.row_at(n).name for n in range(view.model.rowCount())]
    assert names == ["Pallet seminar", "PackExpo Chicago"]
    assert view.detail.heading.text() == "Pallet seminar"  # the first is chosen
    assert "not yet" in view.detail.back.text()

    click_row(qtbot, view.view, 1)
    detail = view.detail
    for model in (detail.attendees, detail.leads, detail.deals):
        check(model)
    assert detail.heading.text() == "PackExpo Chicago"
    text = detail.back.text()
    assert "Sourced pipeline: $9,000 (weighted $5,400) in 1 open deals" in text
    assert "Won: $5,000 in 1 deals · Cost: $2,000" in text
    assert "Return: +150 %" in text and "1 lead, 0 converted" in text
    assert [detail.tabs.tabText(n) for n in range(3)] == [
        "Attendees (0)", "Leads (1)", "Deals (2)"]
    assert [detail.deals.row_at(n).name for n in range(2)] == ["Wrap deal", "Gloves deal"]
    assert detail.leads.row_at(0).company == "Leadco"


def test_add_a_contact_mark_who_came_and_remove(make_app: Any, qtbot: Any,
                                                request: Any) -> None:
    app, view, ids = open_events(make_app, qtbot)
    click_row_where(qtbot, view.view, lambda r: r.name == "PackExpo Chicago",
                    view.model.row_at)
    detail = view.detail
    model_checks(request)(detail.attendees)
    click(qtbot, detail.add_button)
    dialog = detail.dialog
    qtbot.waitUntil(lambda: dialog.isVisible())
    type_into(qtbot, dialog.account.search, "Keller")
    qtbot.waitUntil(lambda: dialog.account.choice.count() > 1)
    dialog.account.choice.setFocus()
    qtbot.keyClick(dialog.account.choice, Qt.Key.Key_Down)
    assert dialog.account.account_id() == ids["Keller Industrial Supply"]
    qtbot.waitUntil(lambda: dialog.contact.count() == 1)
    assert dialog.contact.currentText() == "Jane Doe"
    assert dialog.status.currentData() == "attended"  # the event is over
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: detail.attendees.rowCount() == 1)
    row = detail.attendees.row_at(0)
    assert (row.name, row.company, row.status) == ("Jane Doe", "Keller Industrial Supply",
                                                   "attended")
    assert detail.tabs.tabText(0) == "Attendees (1)"
    assert view.model.row_at(1).attendees == 1  # the list's count, in place

    click_row(qtbot, detail.attendee_view, 0)
    assert not detail.came_button.isEnabled()
    click(qtbot, detail.missed_button)
    assert detail.attendees.row_at(0).status == "no_show"
    assert detail.attendees.row_at(0).id == row.id  # changed in place
    click_row(qtbot, detail.attendee_view, 0)
    click(qtbot, detail.remove_button)
    assert detail.attendees.rowCount() == 0
    assert app.services.events.attendees(ids["show"]) == []


def test_a_new_event_from_the_form(make_app: Any, qtbot: Any) -> None:
    app, view, _ids = open_events(make_app, qtbot)
    click(qtbot, view.new_button)
    dialog = view.dialog
    qtbot.waitUntil(lambda: dialog.isVisible())
    type_into(qtbot, dialog.name, "Reorder call campaign")
    dialog.kind.setFocus()
    while dialog.kind.currentData() != "telemarketing":
        qtbot.keyClick(dialog.kind, Qt.Key.Key_Down)
    start = app.services.clock().date() + timedelta(days=3)
    type_into(qtbot, dialog.starts.edit, start.isoformat())
    type_into(qtbot, dialog.ends.edit, (start + timedelta(days=9)).isoformat())
    type_into(qtbot, dialog.cost, "1500")
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: view.model.rowCount() == 3)
    assert view.detail.current is not None
    assert view.detail.current.name == "Reorder call campaign"  # chosen once saved
    event = view.detail.current
    assert (event.kind, event.starts_on, str(event.cost)) == ("telemarketing", start, "1500")
    assert event.staff == [app.services.user_id]
    assert [view.model.row_at(n).name for n in range(3)] == [
        "Reorder call campaign", "Pallet seminar", "PackExpo Chicago"]  # soonest first

    click(qtbot, view.edit_button)
    edit = view.dialog
    qtbot.waitUntil(lambda: edit.isVisible())
    type_into(qtbot, edit.cost, "-5")
    click(qtbot, edit.save_button)
    assert edit.isVisible() and "zero or more" in edit.errors.message("cost")
    type_into(qtbot, edit.cost, "1750")
    click(qtbot, edit.save_button)
    qtbot.waitUntil(lambda: not edit.isVisible())
    assert str(view.detail.current.cost) == "1750"
