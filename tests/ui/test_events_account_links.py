"""The account page's links, used by clicking and typing: a broker or partner
chosen from a search that offers only brokers and partners, the currency and
locale picked from checked lists, a parent that would make a cycle refused
under its field, and the hierarchy's names opening their accounts."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.ui.clicks import click, click_tab, open_account, seeded, shown, type_into, written


def linked_book(app: Any) -> dict[str, Any]:
    """The conftest's accounts, a broker, and Keller in a group: Keller Group
    above it, Northwind Foods a branch under it."""
    from desktop.store.changes import Changes

    ids = seeded(app)
    accounts = app.services.accounts

    def write() -> None:
        ids["Harbor Brokers"] = accounts.create_account(
            {"name": "Harbor Brokers", "kind": "broker", "status": "active"}).id
        ids["Keller Group"] = accounts.create_account(
            {"name": "Keller Group", "kind": "customer", "status": "active"}).id
        accounts.update_account(ids["Keller Industrial Supply"],
                                {"parent_id": ids["Keller Group"]})
        accounts.update_account(ids["Northwind Foods"],
                                {"parent_id": ids["Keller Industrial Supply"]})

    written(app, write)
    app.bus.publish(Changes.reset())
    return ids


def details(qtbot: Any, app: Any, name: str) -> Any:
    page = open_account(qtbot, app, name)
    click_tab(qtbot, page.tabs, page.form)
    return page


def stored(app: Any, account: Any) -> tuple[Any, ...]:
    return tuple(app.services.store.reads().execute(
        "SELECT broker_id, parent_id, currency, locale FROM accounts WHERE id = ?",
        (account.hex,)).fetchone())


def test_choose_a_broker_currency_and_locale(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    shown(app, qtbot, active=False).resize(1366, 768)
    ids = linked_book(app)
    page = details(qtbot, app, "Keller Industrial Supply")
    links = page.form.links
    qtbot.waitUntil(lambda: "Keller Group" in links.tree.text())
    assert "Northwind Foods" in links.tree.text()
    assert links.parent_picker.choice.currentText() == "Keller Group"
    assert links.currency.currentData() == "USD" and not page.form.is_dirty()

    type_into(qtbot, links.broker.search, "Harbor")
    qtbot.waitUntil(lambda: links.broker.choice.count() > 1)
    offered = {links.broker.choice.itemText(n) for n in range(1, links.broker.choice.count())}
    assert offered == {"Harbor Brokers"}  # brokers and partners only
    links.broker.choice.setFocus()
    qtbot.keyClick(links.broker.choice, Qt.Key.Key_Down)
    links.currency.setFocus()
    qtbot.keyClicks(links.currency, "EUR")
    assert links.currency.currentData() == "EUR"
    links.locale_box.setFocus()
    qtbot.keyClicks(links.locale_box, "German (Germany)")
    assert links.locale_box.currentData() == "de_DE"
    assert page.form.is_dirty()
    click(qtbot, page.form.save_button)
    qtbot.waitUntil(lambda: not page.form.is_dirty())
    account = ids["Keller Industrial Supply"]
    assert stored(app, account) == (ids["Harbor Brokers"].hex, ids["Keller Group"].hex,
                                    "EUR", "de_DE")
    assert links.broker.choice.currentText() == "Harbor Brokers"
    assert not page.form.revert_button.isEnabled()
    assert links.currency.currentData() == "EUR"  # what is stored stays shown


def test_a_parent_under_the_account_is_refused_and_links_open(make_app: Any,
                                                              qtbot: Any) -> None:
    app = make_app()
    shown(app, qtbot, active=False).resize(1366, 768)
    ids = linked_book(app)
    page = details(qtbot, app, "Keller Industrial Supply")
    links = page.form.links
    qtbot.waitUntil(lambda: "Northwind Foods" in links.tree.text())
    type_into(qtbot, links.parent_picker.search, "Northwind")
    choice = links.parent_picker.choice
    qtbot.waitUntil(lambda: choice.findText("Northwind Foods", Qt.MatchFlag.MatchStartsWith) > 0)
    choice.setFocus()
    while links.parent_picker.account_id() != ids["Northwind Foods"]:
        qtbot.keyClick(choice, Qt.Key.Key_Down)
    click(qtbot, page.form.save_button)
    assert "cannot be its parent" in page.form.errors.message("parent_id")
    assert stored(app, ids["Keller Industrial Supply"])[1] == ids["Keller Group"].hex
    assert page.form.is_dirty()  # nothing typed is lost
    click(qtbot, page.form.revert_button)
    assert links.parent_picker.choice.currentText() == "Keller Group"

    # The hierarchy's names are links: Tab to the first (the group), Enter opens it.
    links.tree.setFocus()
    qtbot.keyClick(links.tree, Qt.Key.Key_Tab)
    qtbot.keyClick(links.tree, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.detail is not None
                    and page.detail.values["name"] == "Keller Group")
    qtbot.waitUntil(lambda: "Branches" in links.tree.text())
    assert "Keller Industrial Supply" in links.tree.text()
