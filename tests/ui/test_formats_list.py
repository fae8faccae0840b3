"""A list's date cell follows the locale (desktop.domain.formats via ui.formatting)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date

import pytest

from desktop.domain import formats
from desktop.services.detail_rows import FollowUpRow
from ui.models.row_table import RowTableModel, follow_up_columns


@pytest.fixture(autouse=True)
def _back_to_english() -> Iterator[None]:
    formats.use("en_US")
    yield
    formats.use()


def test_a_follow_up_lists_due_date_changes_with_the_locale(qtmodeltester: object) -> None:
    model = RowTableModel(follow_up_columns(lambda: date(2026, 1, 1), with_account=False))
    model.set_rows([FollowUpRow(uuid.UUID(int=1), uuid.UUID(int=2), "Acme", "Send the quote",
                                date(2026, 2, 10), False, None)])
    qtmodeltester.check(model, force_py=True)  # type: ignore[attr-defined]
    assert model.index(0, 0).data() == "Feb 10, 2026"
    formats.use("de_DE")
    assert model.index(0, 0).data() == "10. Feb. 2026"
