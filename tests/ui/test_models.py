"""Every item model passes Qt's model tester, and pages lazily."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt

from desktop.services.account_list import AccountFilter, SortKey
from desktop.services.container import Services
from ui.models.account_table import ID_ROLE, AccountTableModel
from ui.models.row_table import (
    RowTableModel,
    concern_columns,
    contact_columns,
    follow_up_columns,
)
from ui.models.timeline import ENTRY_ROLE, TimelineModel

from .conftest import seed


def many_accounts(services: Services, n: int) -> None:
    for i in range(n):
        services.accounts.create_account({"name": f"Account {i:03d}", "billing_city": "Reno",
                                          "billing_region": "NV"})


def test_account_model_passes_modeltester_and_fetches_lazily(qtmodeltester: Any, qtbot: Any,
                                                             services: Services) -> None:
    many_accounts(services, 45)
    model = AccountTableModel(services.account_list, services.clock, page_size=20,
                              count_delay_ms=10)
    model.reload()
    assert model.rowCount() == 20
    assert model.counting()  # the full count waits until typing pauses
    with qtbot.waitSignal(model.total_changed, timeout=2000) as total:
        pass
    assert total.args == [45] and model.total == 45
    assert model.canFetchMore()
    qtmodeltester.check(model, force_py=True)
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 45
    names = [model.data(model.index(r, 0)) for r in range(45)]
    assert names == sorted(names)
    assert len({model.data(model.index(r, 0), ID_ROLE) for r in range(45)}) == 45


def test_account_model_counts_on_the_worker_and_drops_a_stale_count(qtbot: Any,
                                                                     services: Services) -> None:
    from ui.tasks import TaskRunner

    many_accounts(services, 45)
    runner = TaskRunner()
    model = AccountTableModel(services.account_list, services.clock, page_size=20,
                              count_delay_ms=10, runner=runner)
    model.skip_next_count()  # as at start-up: no count until asked for
    model.reload()
    assert not model.counting() and model.total == 0
    with qtbot.waitSignal(model.total_changed, timeout=5000) as total:
        model.count_now()
    assert total.args == [45] and model.total == 45
    # A count that comes back after the filter changed is not shown.
    model.count_now()
    model.set_filter(AccountFilter(text="Account 01"))  # ten matches: counted at once
    assert model.total == 10
    runner.wait()
    QCoreApplication.processEvents()  # the old count's result, posted by the worker
    assert model.total == 10


def test_account_model_sorts_and_filters(qtmodeltester: Any, services: Services) -> None:
    seed(services)
    model = AccountTableModel(services.account_list, services.clock)
    model.reload()
    model.sort(1)  # city ascending
    assert [model.data(model.index(r, 1)) for r in range(3)] == ["Austin", "Denver",
                                                                 "Springfield"]
    assert model.filter.sort is SortKey.CITY
    model.set_filter(AccountFilter(text="jane"))
    assert model.rowCount() == 1
    assert model.data(model.index(0, 0)) == "Keller Industrial Supply"
    qtmodeltester.check(model, force_py=True)


def test_timeline_model(qtmodeltester: Any, services: Services) -> None:
    ids = seed(services)
    model = TimelineModel(services.reader, page_size=2)
    model.show_account(ids["Keller Industrial Supply"])
    qtmodeltester.check(model, force_py=True)
    while model.canFetchMore():
        model.fetchMore()
    subjects = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
    assert subjects == [f"Conversation {n}" for n in (4, 3, 2, 1, 0)]
    model.set_channels(frozenset({"phone"}))
    while model.canFetchMore():
        model.fetchMore()
    channels = {model.data(model.index(r, 0), ENTRY_ROLE).channel
                for r in range(model.rowCount())}
    assert channels == {"phone"} and model.rowCount() == 2


def test_row_table_models(qtmodeltester: Any, services: Services) -> None:
    ids = seed(services)
    services.history.add_follow_up(ids["Northwind Foods"], {
        "title": "Call back", "due_date": services.clock().date()})
    services.history.open_concern(ids["Northwind Foods"], "Late delivery")
    detail = services.reader.detail(ids["Keller Industrial Supply"])
    contacts: RowTableModel[Any] = RowTableModel(contact_columns("US"))
    contacts.set_rows(detail.contacts)
    qtmodeltester.check(contacts, force_py=True)
    assert contacts.data(contacts.index(0, 0)) == "Jane Doe"
    assert contacts.data(contacts.index(0, 3)) == "(217) 244-1234"
    other = services.reader.detail(ids["Northwind Foods"])
    follow: RowTableModel[Any] = RowTableModel(
        follow_up_columns(lambda: services.clock().date(), with_account=True))
    follow.set_rows(other.open_follow_ups)
    qtmodeltester.check(follow, force_py=True)
    assert follow.data(follow.index(0, 1)) == "Call back"
    concerns: RowTableModel[Any] = RowTableModel(concern_columns())
    concerns.set_rows(other.concerns)
    qtmodeltester.check(concerns, force_py=True)
    assert concerns.data(concerns.index(0, 2)) == "Open"


def test_contact_columns_show_the_preferred_channel(services: Services) -> None:
    ids = seed(services)
    services.accounts.update_contact(ids["Jane Doe"], {"preferred_channel": "visit"})
    model: RowTableModel[Any] = RowTableModel(contact_columns("US"))
    model.set_rows(services.reader.detail(ids["Keller Industrial Supply"]).contacts)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert model.data(model.index(0, headers.index("Prefers"))) == "Visit"


def test_account_model_gives_its_column_titles(services: Services) -> None:
    model = AccountTableModel(services.account_list, services.clock)
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert titles == ["Account", "City", "State", "Kind", "Status", "Tier", "Territory",
                      "Last contact"]
    assert model.headerData(0, Qt.Orientation.Vertical) is None
    assert model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) is None
