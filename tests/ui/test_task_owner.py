"""An answer that arrives after its widget was deleted is dropped, not delivered.

Seen in CI: a duplicate check still running when its dialog closed answered into
a deleted layout ("Internal C++ object already deleted").
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from ui.tasks import TaskRunner
from ui.widgets.duplicate_panel import DuplicatePanel

if TYPE_CHECKING:
    from desktop.services.duplicates import Candidate


def test_an_answer_for_a_deleted_owner_is_dropped(qtbot) -> None:
    runner = TaskRunner()
    release = threading.Event()
    delivered: list[object] = []
    owner = QWidget()
    runner.run(lambda _r: release.wait(5) and "late", delivered.append, delivered.append,
               owner=owner)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not _alive(owner))
    release.set()
    assert runner.wait(5000)
    qtbot.wait(50)  # let the queued answer arrive
    assert delivered == []


def test_an_answer_for_a_live_owner_is_delivered(qtbot) -> None:
    runner = TaskRunner()
    delivered: list[object] = []
    owner = QWidget()
    runner.run(lambda _r: 7, delivered.append, delivered.append, owner=owner)
    qtbot.waitUntil(lambda: delivered == [7])


def test_a_duplicate_panel_closed_mid_check_does_not_raise(qtbot) -> None:
    release = threading.Event()

    def slow_find(_fields: Mapping[str, str]) -> list[Candidate]:
        release.wait(5)
        return []

    runner = TaskRunner()
    panel = DuplicatePanel(slow_find, runner, delay_ms=0)
    panel.watch({"name": "Acme"})
    panel.check_now()
    panel.deleteLater()
    qtbot.waitUntil(lambda: not _alive(panel))
    release.set()
    assert runner.wait(5000)
    qtbot.wait(50)  # an exception here fails the test (pytest-qt catches it)


def _alive(obj: object) -> bool:
    import shiboken6
    return shiboken6.isValid(obj)


def test_a_bound_method_names_its_owner(qtbot) -> None:
    runner = TaskRunner()
    release = threading.Event()
    delivered: list[object] = []

    class Receiver(QWidget):
        def got(self, value: object) -> None:
            delivered.append(value)

    receiver = Receiver()
    runner.run(lambda _r: release.wait(5) and "late", receiver.got, delivered.append)
    receiver.deleteLater()
    qtbot.waitUntil(lambda: not _alive(receiver))
    release.set()
    assert runner.wait(5000)
    qtbot.wait(50)
    assert delivered == []
