"""The window writes dates and phones as desktop.domain.formats does: the Today
view in German shows German days, and a contact's number from abroad shows in
international format (issue 16 item 7; the PDFs and the .ics are checked in
tests/desktop/test_one_format.py)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from desktop.demo.generator import generate
from desktop.domain import formats
from desktop.services.container import Services
from desktop.services.detail_rows import ContactRow
from desktop.settings import SettingsFile
from tests.ui.clicks import shown
from ui.models.row_table import RowTableModel, contact_columns

ANCHOR = datetime(2026, 12, 7, tzinfo=UTC)
NOW = ANCHOR + timedelta(hours=15)
GERMAN_DAY = re.compile(r"\d{1,2}\. \w+\.? \d{4}")
ENGLISH_DAY = re.compile(r"[A-Z][a-z]{2} \d{1,2}, \d{4}")


@pytest.fixture(autouse=True)
def _back_to_the_language() -> Iterator[None]:
    yield
    formats.use()


@pytest.fixture
def app(make_app: Any, tmp_path: Path) -> Any:
    """The app over a small demo book written on ANCHOR, its clock fixed."""
    services = Services.open(tmp_path / "cache.sqlite3", SettingsFile(tmp_path / "s.json"))
    rep = generate(services.store, accounts=60, seed=5, anchor=ANCHOR).rep_id
    services.close()
    built = make_app()
    built.services.clock = built.services.session.clock = lambda: NOW
    built.services.set_current_user(rep)
    return built


def test_today_in_german_shows_german_days(app: Any, qtbot: Any) -> None:
    formats.use("de_DE", home_region="US")  # after the app set its home region
    window = shown(app, qtbot, active=False, accounts=False)
    due = window.today.sections["due"]
    qtbot.waitUntil(lambda: due.model.rowCount() > 0)
    days = [due.model.index(n, 0).data() for n in range(due.model.rowCount())]
    assert days == [formats.day(due.model.row_at(n).due_date, "de_DE")
                    for n in range(due.model.rowCount())]
    assert all(GERMAN_DAY.fullmatch(d) for d in days), days
    assert not any(ENGLISH_DAY.search(d) for d in days)
    formats.use("en_US")
    assert ENGLISH_DAY.fullmatch(due.model.index(0, 0).data())  # the same row, in English


def test_a_number_from_abroad_is_international_in_the_contact_list() -> None:
    model = RowTableModel(contact_columns("US"))
    model.set_rows([ContactRow(uuid.UUID(int=n), name, None, None, phone, None, None, None,
                               False, False)
                    for n, (name, phone) in enumerate((("Ann", "+12175550100"),
                                                       ("Jürgen", "+492211234567")))])
    phones = [model.index(n, 3).data() for n in range(2)]
    assert phones == ["(217) 555-0100", "+49 221 1234567"]
