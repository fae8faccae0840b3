"""The table every keyset-paged list shares (ui.models.keyset_pages): headers
from ``COLUMNS``, only ``ROLES`` answered, a row's texts made once by its id and
made again when the row changes, other roles from the model's ``_role``."""

from __future__ import annotations

import uuid
from typing import Any, NamedTuple

from PySide6.QtCore import Qt

from ui.models.keyset_pages import KeysetPagedModel


class Item(NamedTuple):
    id: uuid.UUID
    name: str


class Page(NamedTuple):
    rows: list[Item]
    next: int | None


class Listing:
    def __init__(self, items: list[Item]) -> None:
        self.items = items

    def page(self, flt: Any, after: int | None, size: int) -> Page:
        start = after or 0
        rows = self.items[start:start + size]
        return Page(rows, start + size if start + size < len(self.items) else None)


class Names(KeysetPagedModel[Item]):
    COLUMNS = ("Name", "Length")
    ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole})

    def __init__(self, listing: Listing) -> None:
        super().__init__(listing, None, 2)
        self.made: list[str] = []

    def _display(self, row: Item) -> tuple[str, ...]:
        self.made.append(row.name)
        return (row.name, str(len(row.name)))

    def _role(self, row: Item, column: int, role: int) -> Any:
        return f"tip {row.name}" if column == 0 else None


def _items(*names: str) -> list[Item]:
    return [Item(uuid.UUID(int=n + 1), name) for n, name in enumerate(names)]


def test_headers_texts_and_roles_come_from_the_shared_table(qtmodeltester: Any) -> None:
    listing = Listing(_items("Ash", "Birch", "Cedar"))
    model = Names(listing)
    model.reload()
    assert model.columnCount() == 2 and model.rowCount() == 2
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in (0, 1, 2)] == [
        "Name", "Length", None]
    assert model.index(1, 0).data() == "Birch" and model.index(1, 1).data() == "5"
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == "tip Ash"
    assert model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole) is None
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is None  # not in ROLES
    model.fetchMore()
    assert model.index(2, 0).data() == "Cedar" and not model.canFetchMore()
    qtmodeltester.check(model, force_py=True)


def test_a_rows_texts_are_made_once_and_again_when_it_changes() -> None:
    listing = Listing(_items("Ash", "Birch"))
    model = Names(listing)
    model.reload()
    for _ in range(3):
        model.index(0, 0).data()
        model.index(0, 1).data()
    assert model.made == ["Ash"]
    listing.items = [listing.items[0]._replace(name="Aspen"), listing.items[1]]
    model.refresh_in_place()
    assert model.index(0, 0).data() == "Aspen" and model.index(0, 1).data() == "5"
    assert model.made == ["Ash", "Aspen"]
