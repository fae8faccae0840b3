"""An edit updates the one list row it touched: no model reset, the selection
stays, and the model passes Qt's model tester after every change."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLineEdit

from desktop.store.changes import Changes
from tests.ui.clicks import click, click_row_where, click_tab, seeded, shown, type_into


def test_editing_a_phone_updates_that_one_row_without_a_reset(
        make_app: Any, qtbot: Any, qtmodeltester: Any) -> None:
    app = make_app()
    ids = seeded(app)
    window = shown(app, qtbot)
    model = window.accounts.model
    keller = ids["Keller Industrial Supply"]
    click_row_where(qtbot, window.accounts.table, lambda row: row.id == keller, model.row_at)
    resets: list[bool] = []
    changed: list[tuple[int, int]] = []
    inserted: list[int] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.rowsInserted.connect(lambda _p, first, _last: inserted.append(first))
    model.dataChanged.connect(lambda a, b, _roles=(): changed.append((a.row(), b.row())))

    page = window.accounts.page
    click_tab(qtbot, page.tabs, page.form)
    phone = page.form.inputs["phone"]
    assert isinstance(phone, QLineEdit)
    type_into(qtbot, phone, "+1 217 555 0199")
    click(qtbot, window.accounts.page.form.save_button)

    row = model.row_of(keller)
    assert row is not None
    assert resets == [] and inserted == []
    assert changed == [(row, row)]
    assert model.row_at(row).phone == "+12175550199"
    assert window.accounts.page.account_id == keller  # still selected and shown
    qtmodeltester.check(model)


def test_an_account_added_elsewhere_is_inserted_where_it_sorts(
        make_app: Any, qtbot: Any, qtmodeltester: Any) -> None:
    app = make_app()
    seeded(app)
    window = shown(app, qtbot)
    model = window.accounts.model
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    before = [model.row_at(r).name for r in range(model.rowCount())]

    saved = app.ops.write(lambda: app.services.accounts.create_account(
        {"name": "Cascade Hardware", "kind": "prospect", "status": "prospect"}))
    saved.run()

    names = [model.row_at(r).name for r in range(model.rowCount())]
    assert resets == []
    assert names == sorted([*before, "Cascade Hardware"], key=str.casefold)
    assert window.accounts.total_label.text().startswith(f"{len(names)} ")
    qtmodeltester.check(model)


def test_an_account_deleted_by_a_sync_leaves_the_list(
        make_app: Any, qtbot: Any, qtmodeltester: Any) -> None:
    app = make_app()
    ids = seeded(app)
    window = shown(app, qtbot)
    model = window.accounts.model
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    gone = ids["Northwind Foods"]
    # A pulled tombstone, written as sync writes it, then published as sync does.
    app.services.store.writer.transaction(lambda conn: conn.execute(
        "UPDATE accounts SET deleted_at = '2026-11-20 15:30:00.000000' WHERE id = ?",
        (gone.hex,)))
    app.bus.publish(Changes.of([("accounts", gone)]))
    assert resets == []
    assert model.row_of(gone) is None
    assert model.rowCount() == 2
    qtmodeltester.check(model)
