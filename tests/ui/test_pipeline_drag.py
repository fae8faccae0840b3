"""A card dragged with the mouse between the board's columns (and onto Lost):
real mouse events through Qt's own drag and drop, in a child process on the
``minimal`` platform (see tests/ui/pipeline_drag_child.py for why)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def dragged(tmp_path: Path, scenario: str) -> dict[str, Any]:
    env = {**os.environ, "QT_QPA_PLATFORM": "minimal", "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "tests.ui.pipeline_drag_child",
                           str(tmp_path), scenario], capture_output=True, text=True,
                          timeout=120, env=env, cwd=ROOT, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def test_a_card_dragged_to_another_column_moves_the_deal(tmp_path: Path) -> None:
    result = dragged(tmp_path, "move")
    print(result)  # shown when an assertion fails
    before, after = result["before"], result["after"]
    assert before["prospecting"] == {"cards": ["Pallet wrap 2027", "Dock levellers"],
                                     "figures": "2 deals · $350 weighted",  # 3,500 x 10 %
                                     "weighted": "Weighted: $350"}
    assert before["qualification"] == {"cards": ["Gloves contract"],
                                       "figures": "1 deal · $800 weighted",  # 4,000 x 20 %
                                       "weighted": "Weighted: $800"}
    assert result["stage"][:2] == ["qualification", "open"]
    assert result["moves"] == [["prospecting", "qualification"]]  # one stage change
    # Both headers and both columns follow in place, the others untouched.
    assert after["prospecting"] == {"cards": ["Pallet wrap 2027"],
                                    "figures": "1 deal · $100 weighted",
                                    "weighted": "Weighted: $100"}
    assert after["qualification"] == {"cards": ["Gloves contract", "Dock levellers"],
                                      "figures": "2 deals · $1.3K weighted",
                                      "weighted": "Weighted: $1,300"}  # + 2,500 x 20 %
    assert after["proposal"] == before["proposal"]
    assert result["resets"] == 0  # no column was read again from the top


def test_a_card_dropped_on_lost_asks_why_and_undo_moves_it_back(tmp_path: Path) -> None:
    result = dragged(tmp_path, "lost")
    print(result)  # shown when an assertion fails
    assert result["refused"] == [True, "Say why the deal was lost."]
    stage, board = result["closed"]
    assert stage == ["closed_lost", "lost", "Lost to a cheaper supplier"]
    assert board["proposal"] == {"cards": [], "figures": "0 deals · $0 weighted",
                                 "weighted": "Weighted: $0"}
    assert result["stage"][:2] == ["proposal", "open"]  # undone
    assert result["moves"] == [["proposal", "closed_lost"], ["closed_lost", "proposal"]]
    assert result["after"]["proposal"] == {"cards": ["Sterile wipes"],
                                           "figures": "1 deal · $5.4K weighted",
                                           "weighted": "Weighted: $5,400"}
