"""The Orders, Proposals and Shipping lists in the window: lazy models (model
testers clean), a burst of keystrokes in the order search is one query on a
worker, and a hidden list reads nothing when an account changes."""

from __future__ import annotations

import threading
import uuid
from typing import Any

import pytest

from desktop.domain.money import format_money
from desktop.store.changes import Changes
from tests.desktop.test_orders import _accepted
from tests.ui.clicks import show_view, shown, written
from ui.main_window import ACCOUNTS_ROW, ORDERS_ROW, PROPOSALS_ROW
from ui.models.prefetch import DebouncedLoad
from ui.operations import Operations
from ui.tasks import TaskRunner

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


class Recording:
    """A listing that notes each page read and the thread it ran on."""

    def __init__(self, listing: Any) -> None:
        self.listing = listing
        self.calls: list[tuple[str, str]] = []

    def page(self, flt: Any, after: Any, size: int) -> Any:
        self.calls.append((getattr(flt, "text", ""), threading.current_thread().name))
        return self.listing.page(flt, after, size)


def test_order_search_is_debounced_and_off_the_gui_thread(make_app: Any, qtbot: Any,
                                                          qtmodeltester: Any) -> None:
    from tests.desktop.test_order_list import bulk_orders

    app = make_app()
    services = app.services
    account = written(app, lambda: services.accounts.create_account({"name": "Keller"}).id)
    bulk_orders(services.store.path, account, 150)
    app.bus.publish(Changes.reset())
    shown(app, qtbot, active=False)
    view = show_view(qtbot, app.window, ORDERS_ROW)
    qtmodeltester.check(view.model)
    # The app's reads run on a pool of their own; here a real one too.
    view.ops = Operations(services.store, app.bus, app.window.prompts, TaskRunner(view))
    view.loader = DebouncedLoad(view.model, view.listing,
                                lambda fn, done: view.ops.query(fn, done, view), parent=view)
    view.loader.loaded.connect(lambda: view._after_load(None, view._keep))
    recording = Recording(view.listing.listing)
    view.listing.listing = recording
    qtbot.keyClicks(view.search, "SO-0001")  # seven keystrokes
    qtbot.waitUntil(lambda: not view.loader.pending() and view.model.filter.text == "SO-0001")
    assert recording.calls == [("SO-0001", recording.calls[0][1])]  # one query
    assert recording.calls[0][1] != threading.current_thread().name  # on a worker
    assert {view.model.row_at(n).number[:7] for n in range(view.model.rowCount())} == {
        "SO-0001"}
    qtmodeltester.check(view.model)


def test_hidden_lists_read_nothing_on_an_account_edit(make_app: Any, qtbot: Any,
                                                      qtmodeltester: Any) -> None:
    app = make_app()
    services = app.services
    written(app, lambda: services.orders.from_proposal(_accepted(services)))
    other = written(app, lambda: services.accounts.create_account({"name": "Elsewhere"}).id)
    app.bus.publish(Changes.reset())
    shown(app, qtbot, active=False)
    proposals = show_view(qtbot, app.window, PROPOSALS_ROW)
    assert proposals is app.window.proposals and proposals.model.rowCount() == 1
    qtmodeltester.check(proposals.model)
    row = proposals.model.row_at(0)
    total = services.proposals.totals(row.id).total  # the editor's Decimal total
    assert proposals.model.index(0, 5).data() == format_money(total, row.currency)
    shipping = app.window.shipping  # built, never shown
    show_view(qtbot, app.window, ACCOUNTS_ROW)  # back to the accounts: both lists hidden
    assert not proposals.isVisible() and not shipping.isVisible()

    reads: list[str] = []
    schedule = services.shipping.schedule

    def counted(**kw: Any) -> Any:
        reads.append("schedule")
        return schedule(**kw)

    services.shipping.schedule = counted
    recording = Recording(proposals.listing.listing)
    proposals.listing.listing = recording
    proposals.listing.page = recording.page

    app.bus.publish(written(app, lambda: services.accounts.update_account(
        other, {"name": "Elsewhere Two"})))  # the change record, as an operation publishes it
    assert reads == [] and recording.calls == []
    assert not proposals.live.stale and not shipping.live.stale  # neither shows it

    [proposal] = [proposals.model.row_at(0)]
    app.bus.publish(written(app, lambda: services.accounts.update_account(
        proposal.account_id, {"name": "Renamed Customer"})))
    assert reads == [] and recording.calls == []  # hidden: only marked
    assert proposals.live.stale
    app.bus.publish(Changes.of([("order_lines", uuid.uuid4())]))
    assert reads == [] and shipping.live.stale
