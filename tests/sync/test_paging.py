"""A first load sizes its pull pages by bytes (``desktop.sync.paging``)."""

from __future__ import annotations

from desktop.sync import paging
from desktop.sync.paging import PageSize


def _page(rows: int) -> dict[str, object]:
    return {"tables": {"accounts": {"rows": [[1]] * rows}, "contacts": {"rows": [[2]] * rows}}}


def test_pages_grow_to_the_byte_budget_from_the_rows_seen() -> None:
    size = PageSize(2000)
    size.seen(_page(1000), 2000 * 400)  # 400 bytes a row
    assert size.rows == paging.PAGE_BYTES // 400
    size.seen(_page(1000), 2000 * 1000)  # larger rows: fewer per page
    assert size.rows == paging.PAGE_BYTES // 1000


def test_never_below_the_clients_page_nor_above_the_ceiling() -> None:
    size = PageSize(2000)
    size.seen(_page(10), 10_000_000)
    assert size.rows == 2000
    size.seen(_page(1000), 2000)  # one byte a row
    assert size.rows == paging.MOST_ROWS
    size.seen({"tables": {}}, 0)  # an empty page says nothing: kept
    assert size.rows == paging.MOST_ROWS
