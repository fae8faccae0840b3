"""A view's first open builds widgets, it does not import or measure: the
warm-up loads every lazily built view's module (and the time-zone finder and
the maps' outlines) on the worker after the first paint; lists measure their
column widths on a sample of rows; the Follow-ups list reads open follow-ups
through their own index."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop.planning import basemap, geo
from desktop.services.account_detail import FOLLOW_UPS_DUE
from ui import warm_up
from ui.models.row_table import Column, RowTableModel
from ui.views import registry
from ui.views.account_people import SAMPLED_ROWS, sized_when_filled, table_view


def test_the_warm_up_names_every_lazily_built_view() -> None:
    tree = ast.parse(Path(registry.__file__).read_text(encoding="utf-8"))
    built = {node.module for fn in tree.body if isinstance(fn, ast.FunctionDef)
             for node in ast.walk(fn) if isinstance(node, ast.ImportFrom)
             and node.module and node.module.startswith("ui.views.")}
    assert built and built == set(warm_up.VIEW_MODULES)


def test_the_warm_up_runs_every_step_after_the_first_paint(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    warming = warm_up.after_first_paint(app)
    assert not warming.done  # nothing before the window has painted
    app.window.show()
    qtbot.waitUntil(lambda: warming.done, timeout=30_000)
    assert warming.left == []
    assert geo._finder.cache_info().currsize == 1
    loaded = basemap.load()
    for regions in (loaded.countries, loaded.states):
        kept = basemap._PROJECTED[(id(regions), basemap.US_ALBERS)]
        assert kept[0] is regions and len(kept[1]) == sum(len(r.rings) for r in regions)
        assert basemap.project_rings(regions, basemap.US_ALBERS) is kept[1]


class _Counting(RowTableModel[int]):
    def __init__(self, rows: int) -> None:
        super().__init__([Column("N", str), Column("Square", lambda n: str(n * n))])
        self.asked: set[int] = set()
        self.measured = 0  # cells asked for their size: only measuring does
        self.set_rows(list(range(rows)))

    def data(self, index: QModelIndex, role: int = 0) -> Any:  # type: ignore[override]
        self.asked.add(index.row())
        self.measured += role == Qt.ItemDataRole.SizeHintRole
        return super().data(index, role)


def test_a_long_list_measures_its_widths_on_a_sample(qtbot: Any) -> None:
    model = _Counting(2000)
    view = table_view(model)
    qtbot.addWidget(view)
    view.resize(500, 400)
    view.show()
    qtbot.waitExposed(view)
    assert view.horizontalHeader().resizeContentsPrecision() == SAMPLED_ROWS
    assert max(model.asked) < SAMPLED_ROWS + 40  # the rows on screen and a sample
    assert view.columnWidth(0) > 0


def test_a_small_table_is_sized_when_filled_not_on_every_layout(qtbot: Any) -> None:
    model = _Counting(20)
    page = QWidget()
    box = QVBoxLayout(page)
    view = sized_when_filled(table_view(model))
    box.addWidget(view)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    narrow = view.columnWidth(0)
    model.set_rows([10**9 + n for n in range(20)])  # wider squares: measured again
    assert view.columnWidth(0) > narrow
    settled = model.measured
    for width in (400, 700, 500, 900):  # the splitter moves: nothing is measured
        page.resize(width, 300)
        qtbot.wait(5)
    assert model.measured == settled


def test_follow_ups_due_read_open_ones_through_their_index(make_app: Any) -> None:
    app = make_app()
    conn = app.services.store.reads()
    plan = " ".join(str(r[3]) for r in conn.execute(
        "EXPLAIN QUERY PLAN " + FOLLOW_UPS_DUE,
        {"until": date(2026, 12, 31).isoformat(), "limit": 500}))
    assert "ix_follow_ups_open_due" in plan, plan
