"""The trip's stops and days models: Qt's model tester, plan order, drag and drop."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from ui.models.trip_days import DaysModel, day_lines
from ui.models.trip_models import (
    StopsModel,
    decode_stops,
    stop_lines,
)

from .trip_values import problem_and_plan


def _texts(model: StopsModel, column: int) -> list[str]:
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_stops_model_in_plan_order_with_reasons(qtmodeltester: Any) -> None:
    problem, plan = problem_and_plan()
    model = StopsModel()
    model.set_lines(stop_lines(problem, plan, {uuid.UUID(int=1): "visited"}))
    qtmodeltester.check(model, force_py=True)
    assert _texts(model, 2) == ["Keller Industrial", "Bayside Dental", "Northwind Foods",
                                "Far Away Farm"]
    assert _texts(model, 0)[:3] == ["Mon Dec 7"] * 3 and _texts(model, 0)[3] == "—"
    assert _texts(model, 1) == ["1", "2", "3", ""]
    assert _texts(model, 3)[1] == "10:00–10:45"
    assert _texts(model, 4)[:2] == ["any time", "Mon 09:00–12:00"]
    assert _texts(model, 6)[2] == "day"
    assert _texts(model, 7)[0] == "Visited"
    assert "there and back" in _texts(model, 8)[3]
    model.set_day_filter(0)
    assert model.rowCount() == 3
    model.set_day_filter(1)
    assert model.rowCount() == 0


def test_drop_within_a_day_and_onto_another_day() -> None:
    problem, plan = problem_and_plan()
    moves: list[tuple[uuid.UUID, int, int | None]] = []
    model = StopsModel(lambda s, d, p: moves.append((s, d, p)))
    model.set_lines(stop_lines(problem, plan))
    first = model.index(0, 0)
    assert model.flags(first) & Qt.ItemFlag.ItemIsDragEnabled
    assert not model.flags(model.index(3, 0)) & Qt.ItemFlag.ItemIsDragEnabled  # dropped
    data = model.mimeData([first, model.index(0, 2)])
    assert decode_stops(data) == [uuid.UUID(int=1)]
    # Keller (0) dropped below Northwind (before row 3 = the end of Monday): position 2.
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, 3, 0, QModelIndex()) is False
    assert moves == [(uuid.UUID(int=1), 0, 2)]
    # Northwind dropped onto Keller: first place.
    moves.clear()
    model.dropMimeData(model.mimeData([model.index(2, 0)]), Qt.DropAction.MoveAction, -1, -1,
                       model.index(0, 0))
    assert moves == [(uuid.UUID(int=3), 0, 0)]

    days = DaysModel(lambda s, d, p: moves.append((s, d, p)))
    days.set_rows(day_lines(problem, plan))
    moves.clear()
    assert days.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, days.index(1, 0)) is False
    assert moves == [(uuid.UUID(int=1), 1, None)]


def test_days_model(qtmodeltester: Any) -> None:
    problem, plan = problem_and_plan()
    model = DaysModel()
    model.set_rows(day_lines(problem, plan))
    qtmodeltester.check(model, force_py=True)
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert row == ["Mon Dec 7", "Home", "08:00–17:00", "30 min from 11:30", "3",
                   "1:30 of 5 h", ""]
    # Busy times from the rep's calendar, on the day's clock; a whole day says so.
    from dataclasses import replace

    from desktop.planning.problem import Window

    first, second = problem.days[0], problem.days[1]
    meeting = Window(first.work_start + timedelta(hours=2),
                     first.work_start + timedelta(hours=3, minutes=30))
    whole = Window(second.work_start - timedelta(hours=8), second.work_end + timedelta(hours=6))
    busy = replace(problem, days=(replace(first, busy=(meeting,)),
                                  replace(second, busy=(whole,)), *problem.days[2:]))
    model.set_rows(day_lines(busy, plan))
    last = model.columnCount() - 1
    assert [model.index(n, last).data() for n in (0, 1)] == ["10:00–11:30", "all day"]


def test_target_model_pages_lazily(qtmodeltester: Any) -> None:
    from types import SimpleNamespace

    from ui.models.row_table import Column
    from ui.models.target_model import TargetModel

    rows = [SimpleNamespace(id=uuid.UUID(int=n), name=f"Account {n:02d}") for n in range(7)]
    model = TargetModel([Column("Account", lambda r: r.name)], page_size=3)
    model.set_all(rows)
    assert model.rowCount() == 3 and model.canFetchMore() and model.total == 7
    qtmodeltester.check(model, force_py=True)
    while model.canFetchMore():
        model.fetchMore()
    assert [model.index(r, 0).data() for r in range(model.rowCount())][-1] == "Account 06"
    assert model.all_ids() == [r.id for r in rows]
