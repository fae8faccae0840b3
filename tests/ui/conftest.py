"""UI fixtures: the real app over a temp cache, prompts answered by the test."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from desktop.services.container import Services
from desktop.settings import SettingsFile
from ui.app import Fieldbook, make_qapp
from ui.prompts import Prompts, Unsaved


class ScriptedPrompts(Prompts):
    """Answers questions from queues the test fills; records what was asked."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, str]] = []
        self.confirm_answers: list[bool] = []
        self.unsaved_answers: list[Unsaved] = []
        self.text_answers: list[str | None] = []
        self.follow_up_answers: list[dict[str, Any] | None] = []
        self.concern_answers: list[tuple[str, str] | None] = []
        self.choice_answers: list[int | None] = []
        self.save_answers: list[Path | None] = []
        self.file_answers: list[Path | None] = []

    def confirm(self, parent: Any, title: str, text: str) -> bool:
        self.asked.append(("confirm", text))
        return self.confirm_answers.pop(0)

    def unsaved(self, parent: Any, text: str) -> Unsaved:
        """The queued answer; none queued (a window closed when the test ends,
        with text typed in it): Discard."""
        self.asked.append(("unsaved", text))
        return self.unsaved_answers.pop(0) if self.unsaved_answers else Unsaved.DISCARD

    def error(self, parent: Any, title: str, text: str) -> None:
        self.asked.append(("error", text))

    def text(self, parent: Any, title: str, label: str) -> str | None:
        self.asked.append(("text", label))
        return self.text_answers.pop(0)

    def follow_up(self, parent: Any, today: Any, initial: Any = None,
                  errors: Any = None) -> dict[str, object] | None:
        self.asked.append(("follow_up", "; ".join((errors or {}).values())))
        return self.follow_up_answers.pop(0)

    def open_file(self, parent: Any, title: str, filters: str) -> Path | None:
        self.asked.append(("open_file", title))
        return self.file_answers.pop(0)

    def concern(self, parent: Any) -> tuple[str, str] | None:
        self.asked.append(("concern", ""))
        return self.concern_answers.pop(0)

    def choice(self, parent: Any, title: str, label: str, options: list[str],
               current: int = 0) -> int | None:
        self.asked.append(("choice", label))
        return self.choice_answers.pop(0)

    def save_file(self, parent: Any, title: str, name: str, file_filter: str) -> Path | None:
        self.asked.append(("save_file", name))
        return self.save_answers.pop(0)


def seed(services: Services) -> dict[str, Any]:
    """A small, known book: three accounts, contacts, some history (written as
    one job of the store's writer, as the app writes)."""
    return services.store.writer.call(lambda: _seed(services))


def _seed(services: Services) -> dict[str, Any]:
    ids: dict[str, Any] = {}
    rows = [
        ("Keller Industrial Supply", "Springfield", "IL", "customer", "A", "+12172440001"),
        ("Bayside Dental Group", "Austin", "TX", "prospect", "B", "+15122440002"),
        ("Northwind Foods", "Denver", "CO", "customer", "C", "+13032440003"),
    ]
    for name, city, region, kind, tier, phone in rows:
        saved = services.accounts.create_account({
            "name": name, "billing_city": city, "billing_region": region, "kind": kind,
            "status": "prospect" if kind == "prospect" else "active", "tier": tier,
            "phone": phone})
        ids[name] = saved.id
    contact = services.accounts.add_contact(ids["Keller Industrial Supply"], {
        "first_name": "Jane", "last_name": "Doe", "email": "jane.doe@keller.example",
        "work_phone": "+12172441234", "title": "Purchasing manager"})
    ids["Jane Doe"] = contact.id
    base = datetime(2026, 10, 1, 9, tzinfo=UTC)
    for n in range(5):
        services.history.log_interaction(ids["Keller Industrial Supply"], {
            "channel": ["phone", "email", "visit", "note", "phone"][n],
            "subject": f"Conversation {n}", "occurred_at": base + timedelta(days=n),
            "contact_id": contact.id, "notes": "Reorder of pallet wrap"})
    return ids


@pytest.fixture
def prompts() -> ScriptedPrompts:
    return ScriptedPrompts()


@pytest.fixture
def make_app(qtbot: Any, tmp_path: Path, prompts: ScriptedPrompts) -> Iterator[Any]:
    """Build (and rebuild, for restart tests) the app over one cache file."""
    make_qapp()
    built: list[Fieldbook] = []

    def build() -> Fieldbook:
        from ui.tasks import ImmediateRunner

        fieldbook = Fieldbook.build(
            tmp_path / "cache.sqlite3", SettingsFile(tmp_path / "settings.json"), prompts,
            ImmediateRunner(), QSettings(str(tmp_path / "qt.ini"), QSettings.Format.IniFormat),
            threaded_writer=False)
        qtbot.addWidget(fieldbook.window)
        built.append(fieldbook)
        return fieldbook

    yield build
    for fieldbook in built:
        fieldbook.services.close()
