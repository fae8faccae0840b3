"""The proposal editor in the window: a proposal from the catalogue to an
order that ships, discount approval by a manager, nothing typed lost."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from desktop.domain.schema import User
from tests.conftest import FIXED_NOW
from tests.desktop.test_documents_service import brochure
from tests.desktop.test_proposals import _setup
from tests.ui.clicks import click, click_row, show_view, shown, written
from ui.main_window import PROPOSALS_ROW

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _type(qtbot: Any, widget: Any, text: str) -> None:
    widget.clear()
    qtbot.keyClicks(widget, text)


def _open_editor(app: Any, qtbot: Any) -> Any:
    """New proposal… clicked in the Proposals view, the account found by typing,
    Create clicked: the editor opens."""
    account, _wrap = written(app, lambda: _setup(app.services))
    window = shown(app, qtbot)
    view = show_view(qtbot, window, PROPOSALS_ROW)
    click(qtbot, view.buttons["new"])
    dialog = view.dialog
    _type(qtbot, dialog.search, "Stuttg")  # the account (by its city), searched as typed
    assert dialog.account.currentData() == account
    _type(qtbot, dialog.title, "Pallet wrap supply 2027")
    click(qtbot, dialog.save_button)
    editor = view.editor
    assert editor.isVisible()
    assert editor.head.title == "Pallet wrap supply 2027" and editor.head.currency == "EUR"
    return editor


def test_proposal_to_order_to_shipment(make_app: Any, qtbot: Any, qtmodeltester: Any,
                                       prompts: Any, tmp_path: Path) -> None:
    app = make_app()
    services, window = app.services, app.window
    editor = _open_editor(app, qtbot)
    form = editor.line_form
    _type(qtbot, form.search, "PW-5")
    assert [form.products.row_at(n).sku for n in range(form.products.rowCount())] == ["PW-500"]
    qtbot.keyClick(form.search, Qt.Key.Key_Return)  # adds the first product
    assert editor.lines.rowCount() == 1 and form.line is not None
    _type(qtbot, form.fields["quantity"], "120")
    click(qtbot, form.apply_button)  # the volume break from 100: 17.50
    assert editor.lines.index(0, 3).data() == "17,50\xa0€"
    click(qtbot, form.free_button)
    _type(qtbot, form.fields["description"], "Installation")
    _type(qtbot, form.fields["unit_price"], "250")
    _type(qtbot, form.fields["discount_percent"], "abc")
    click(qtbot, form.apply_button)
    assert form.errors.message("discount_percent") == "“abc” is not a number."
    assert form.fields["description"].text() == "Installation"  # nothing typed is lost
    _type(qtbot, form.fields["discount_percent"], "20")
    qtbot.keyClick(form.fields["discount_percent"], Qt.Key.Key_Return)  # applies too
    qtmodeltester.check(editor.lines)
    assert editor.lines.index(1, 4).data() == "⚠ 20%"
    assert editor.lines.index(1, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert editor.approval.text().startswith("Needs manager approval: line 2")
    assert editor.approve_button.isHidden()  # the rep cannot approve
    assert "Total 2.468,00\xa0€" in editor.totals.text()  # 2100 + 8 % tax, 250 - 20 %
    _type(qtbot, form.fields["discount_percent"], "10")
    click(qtbot, form.apply_button)
    assert editor.approval.text().startswith("All discounts are within")

    (tmp_path / "film.pdf").write_bytes(brochure("Film brochure", 1))
    prompts.file_answers.append(tmp_path / "film.pdf")
    editor.tabs.setCurrentWidget(editor.materials)
    click(qtbot, editor.materials.add_button)
    assert editor.materials.ticked() and editor.materials.list.count() == 1
    editor.cover_letter.setPlainText("Dear customer,\nas discussed.")
    _type(qtbot, editor.title, "")
    click(qtbot, editor.save_button)
    assert editor.errors.message("title") == "Give the proposal a title."
    assert editor.cover_letter.toPlainText() == "Dear customer,\nas discussed."  # kept
    _type(qtbot, editor.title, "Pallet wrap supply 2027")
    click(qtbot, editor.buttons["preview"])  # saves first, then the preview (made at once)
    preview = editor.proposal_actions.dialog
    assert preview.pdf is not None and preview.sent_button.isEnabled()
    assert "Film brochure page 1" in _last_page_text(preview.pdf)
    click(qtbot, preview.sent_button)
    preview.close()
    assert not editor.save_button.isEnabled() and editor.buttons["revise"].isVisibleTo(editor)
    click(qtbot, editor.button_box.button(editor.button_box.StandardButton.Cancel))  # Close
    assert not editor.isVisible()

    view = window.proposals
    assert view.selected() is not None and view.selected().status == "sent"
    click(qtbot, view.buttons["accept"])
    assert view.selected().status == "accepted" and view.buttons["order"].isEnabled()
    click(qtbot, view.buttons["contract"])
    contract = view.dialog
    assert contract is not None and contract.pdf is not None
    click(qtbot, contract.sent_button)  # archives the exact contract bytes
    contract.close()
    assert services.store.reads().execute(
        "SELECT count(*) FROM attachments WHERE kind = 'contract'").fetchone() == (1,)

    click(qtbot, view.buttons["order"])
    orders = window.orders
    assert window.stack.currentWidget() is orders
    order = orders._selected()
    assert order is not None and order.account == "Ωmega Ζήτα Бюро" and not order.confirmed
    click(qtbot, orders.step_button)  # confirmed through the Orders view's step dialog
    step = orders.dialog
    step.step.setCurrentIndex(step.step.findData("confirmed"))
    click(qtbot, step.save_button)
    assert orders.model.index(0, 2).data() == "Confirmed"
    for status in ("allocated", "picked"):  # (stock steps: the server decides them)
        app.bus.publish(written(app, lambda s=status: services.orders.advance(order.id, s)),
                        None)
    click(qtbot, orders.step_button)
    step = orders.dialog
    step.step.setCurrentIndex(step.step.findData("shipped"))
    _type(qtbot, step.carrier, "DHL")
    _type(qtbot, step.tracking, "JD0123456789")
    click(qtbot, step.save_button)
    assert not step.isVisible()
    assert orders.model.index(0, 2).data() == "Shipped"
    last = orders.events.rowCount() - 1
    assert "DHL · JD0123456789" in orders.events.index(last, 2).data()
    assert "PW-500 × 120" in orders.events.index(last, 2).data()


def _last_page_text(pdf: bytes) -> str:
    import io

    from pypdf import PdfReader

    return PdfReader(io.BytesIO(pdf)).pages[-1].extract_text()


def test_a_manager_approves_discounts_in_the_editor(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    services = app.services
    editor = _open_editor(app, qtbot)
    rep = services.user_id
    written(app, lambda: services.proposals.add_line(editor.proposal_id, {
        "description": "Rollout", "quantity": 1, "unit_price": "1000",
        "discount_amount": "300"}))
    boss = uuid.uuid4()

    def manager() -> None:
        with services.store.unit_of_work() as uow:
            uow.session.add(User(id=boss, name="Mia Manager", email="mia@example.com",
                                 role="manager", created_at=FIXED_NOW, updated_at=FIXED_NOW))
            uow.session.flush()
            uow.session.get(User, rep).manager_id = boss  # type: ignore[union-attr]
            uow.commit()

    written(app, manager)
    editor.refresh_lines()
    assert editor.approval.text().startswith("Needs manager approval")
    services.set_current_user(boss)
    editor.refresh_lines()
    assert editor.approve_button.isVisibleTo(editor)
    click(qtbot, editor.approve_button)
    assert editor.approval.text() == "Discounts approved by Mia Manager."
    assert editor.approve_button.isHidden()


def test_closing_with_unsaved_text_asks_first(make_app: Any, qtbot: Any, prompts: Any) -> None:
    from ui.prompts import Unsaved

    app = make_app()
    editor = _open_editor(app, qtbot)
    assert not editor.dirty()
    editor.summary.setPlainText("One supplier for everything.")
    prompts.unsaved_answers.append(Unsaved.CANCEL)
    qtbot.keyClick(editor.title, Qt.Key.Key_Escape)
    assert editor.isVisible() and editor.summary.toPlainText() == "One supplier for everything."
    _type(qtbot, editor.title, "")
    prompts.unsaved_answers.append(Unsaved.SAVE)
    qtbot.keyClick(editor.title, Qt.Key.Key_Escape)  # the save is refused: the editor stays
    assert editor.isVisible() and editor.errors.message("title") == "Give the proposal a title."
    _type(qtbot, editor.title, "Wrap 2027")
    prompts.unsaved_answers.append(Unsaved.SAVE)
    qtbot.keyClick(editor.title, Qt.Key.Key_Escape)
    assert not editor.isVisible()
    assert app.services.proposals.document(editor.proposal_id).summary == (
        "One supplier for everything.")


def test_new_proposal_from_the_account_page(make_app: Any, qtbot: Any) -> None:
    from desktop.store.changes import Changes

    app = make_app()
    account, _wrap = written(app, lambda: _setup(app.services))
    app.bus.publish(Changes.reset())
    window = shown(app, qtbot)
    window.accounts.open_account(account)
    click(qtbot, window.accounts.page.proposal_button)
    assert window.stack.currentWidget() is window.proposals
    dialog = window.proposals.dialog
    assert dialog.account.currentData() == account and not dialog.account.isEnabled()
    click(qtbot, dialog.save_button)
    editor = window.proposals.editor
    assert editor.head.account_id == account and editor.head.title == "Proposal"
    days = (editor.head.valid_until - editor.head.issued_on).days
    assert days == app.services.settings.proposal_valid_days == 30


def test_switching_lines_applies_or_keeps_what_was_typed(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    editor = _open_editor(app, qtbot)
    services = app.services
    for name in ("Audit", "Training"):
        written(app, lambda n=name: services.proposals.add_line(
            editor.proposal_id, {"description": n, "unit_price": "100"}))
    editor.refresh_lines()
    click_row(qtbot, editor.table, 0)
    _type(qtbot, editor.line_form.fields["quantity"], "3")
    click_row(qtbot, editor.table, 1)  # the typed quantity is applied, then line 2 shows
    assert editor.lines.index(0, 2).data() == "3 each"
    assert editor.line_form.line is not None and editor.line_form.line.description == "Training"
    _type(qtbot, editor.line_form.fields["quantity"], "drei")
    click_row(qtbot, editor.table, 0)  # refused: line 2 stays, with the message and the text
    assert editor.line_form.line.description == "Training"
    assert editor.line_form.fields["quantity"].text() == "drei"
    assert editor.line_form.errors.message("quantity") == "“drei” is not a number."
    assert selected(editor) == 1


def selected(editor: Any) -> int | None:
    from ui.views.account_people import selected_row

    return selected_row(editor.table)
