"""Drags on the Pipeline board with real mouse events, in a process of its own.

Run by tests/ui/test_pipeline_drag.py as
``python -m tests.ui.pipeline_drag_child DIR SCENARIO`` with
``QT_QPA_PLATFORM=minimal``: Qt's drag loop there follows the mouse events the
window system delivers (the ``offscreen`` platform of the rest of the suite
ends every drag at once, dropping nothing). The app is the real one (its
writer thread, its worker), over a cache in DIR. Prints one JSON object: what
the store and the board show afterwards.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from desktop.settings import SettingsFile
from tests.ui.conftest import ScriptedPrompts
from tests.ui.pipeline_book import drag, moves_of, pipeline_book, stage_of
from ui.app import Fieldbook, make_qapp
from ui.dialogs.outcome_reason import OutcomeDialog
from ui.main_window import PIPELINE_ROW


def wait(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    ends = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > ends:
            raise TimeoutError("the board never got there")
        QApplication.processEvents()
        time.sleep(0.002)


def board_state(view: Any) -> dict[str, Any]:
    return {key: {"cards": [c.name for c in column.model.cards()],
                  "figures": column.figures.text(),
                  "weighted": column.toolTip().splitlines()[2]}  # the exact sum
            for key, column in view.board.columns.items()}


def main(folder: Path, scenario: str) -> dict[str, Any]:
    make_qapp()
    app = Fieldbook.build(folder / "cache.sqlite3", SettingsFile(folder / "settings.json"),
                          ScriptedPrompts(),
                          qsettings=QSettings(str(folder / "qt.ini"),
                                              QSettings.Format.IniFormat))
    window = app.window
    window.resize(1366, 768)
    window.show()
    ids = pipeline_book(app)
    window.sidebar.setCurrentRow(PIPELINE_ROW)
    view = window.pipeline
    wait(lambda: view.isVisible() and len(view.board.totals()) == len(view.board.columns))
    out: dict[str, Any] = {"before": board_state(view)}
    resets: list[str] = []
    for column in view.board.columns.values():
        column.model.modelReset.connect(lambda: resets.append("reset"))
    if scenario == "move":
        deal = ids["Dock levellers"]
        drag(view.board.columns["prospecting"].cards, 1,
             view.board.columns["qualification"].cards.viewport(), wait)
        wait(lambda: stage_of(app, deal)[0] == "qualification")
        wait(lambda: "Dock levellers" in board_state(view)["qualification"]["cards"])
    else:  # lost: asked why (refused without a reason), then undone
        deal = ids["Sterile wipes"]
        assert view.board.lost is not None
        drag(view.board.columns["proposal"].cards, 0, view.board.lost, wait)
        wait(lambda: view.dialog is not None and view.dialog.isVisible())
        dialog = view.dialog
        assert isinstance(dialog, OutcomeDialog)
        dialog.ok_button.click()
        out["refused"] = [dialog.isVisible(), dialog.problem.text()]
        line = dialog.reason.lineEdit()
        assert line is not None
        line.setText("Lost to a cheaper supplier")
        dialog.ok_button.click()
        wait(lambda: stage_of(app, deal)[0] == "closed_lost")
        wait(lambda: board_state(view)["proposal"]["cards"] == [])
        out["closed"] = [list(stage_of(app, deal)), board_state(view)]
        window.undo_action.trigger()
        wait(lambda: board_state(view)["proposal"]["cards"] == ["Sterile wipes"])
    app.tasks.wait()
    QApplication.processEvents()
    out.update(stage=list(stage_of(app, deal)), moves=moves_of(app, deal),
               after=board_state(view), resets=len(resets))
    window.close()
    app.services.close()
    return out


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), sys.argv[2])))
