"""PySide6's import hook gets the same answer, read from the file's bytes."""

from __future__ import annotations

import sys
import types
from pathlib import Path

from ui import pyside_import_hook


def test_installed_and_agrees_with_pyside_on_every_loaded_module() -> None:
    assert pyside_import_hook.install()
    feature = sys.modules["PySide6.support.feature"]
    assert feature._mod_uses_pyside is pyside_import_hook.uses_pyside
    original = feature._fieldbook_original
    modules = [m for m in list(sys.modules.values()) if isinstance(m, types.ModuleType)]
    answers = {m.__name__: pyside_import_hook.uses_pyside(m) for m in modules}
    assert answers == {m.__name__: original(m) for m in modules}
    # Both kinds of answer occur, so the comparison can fail.
    assert answers["ui.app"] is True and answers["json"] is False
    assert pyside_import_hook.install()  # a second call keeps PySide's own answer underneath
    assert feature._fieldbook_original is original


def test_a_module_whose_file_is_gone_does_not_use_pyside(tmp_path: Path) -> None:
    gone = types.ModuleType("gone")
    gone.__file__ = str(tmp_path / "gone.py")
    assert pyside_import_hook.uses_pyside(gone) is False
    source = tmp_path / "mentions.py"
    source.write_text("from PySide6.QtCore import QObject\n", encoding="utf-8")
    mentions = types.ModuleType("mentions")
    mentions.__file__ = str(source)
    assert pyside_import_hook.uses_pyside(mentions) is True
