"""A cheaper answer to the question PySide6's import hook asks of every module.

Once PySide6 is loaded, every import statement goes through its ``__feature__``
hook, and the first time a module is named there the hook decides whether that
module "uses PySide" by reading its source with ``inspect.getsource``. That call
goes through linecache and ``inspect.getmodule``, which walks ``sys.modules``
each time it sees a new file: ~0.1-0.8 ms a module, 5-7 ms over the ~55 modules
the window's start names after PySide6 is loaded (an empty PySide6 window names
three).

The answer is the same when read from the file's bytes, which costs tens of
microseconds even for typing.py: the question is only whether the text "PySide6"
occurs in it.
``install`` swaps that one function in PySide's own module; if a PySide release
no longer has it, nothing changes but the speed. A test checks that both answers
agree on every loaded module.

Importing this module loads PySide6 and installs the cheaper answer, so that a
start imports it before any Qt module (``ui/app.py`` does).
"""

from __future__ import annotations

import sys
from types import ModuleType

_FEATURE_MODULE = "PySide6.support.feature"


def uses_pyside(module: ModuleType) -> bool:
    """True if the source file of ``module`` mentions PySide6 (what PySide asks)."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return _original(module)  # builtins, extensions, zips: PySide's own answer
    try:
        with open(path, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return False  # PySide's answer too: a module without a source file


def _original(module: ModuleType) -> bool:
    feature = sys.modules.get(_FEATURE_MODULE)
    original = getattr(feature, "_fieldbook_original", None)
    return bool(original(module)) if original is not None else False


def install() -> bool:
    """Answer PySide's question from the file's bytes; True if installed.

    Call right after the first PySide6 import, before any other module is imported.
    """
    feature = sys.modules.get(_FEATURE_MODULE)
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or original is None:
        return False
    if original is not uses_pyside:
        feature._fieldbook_original = original  # type: ignore[attr-defined]
        feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]
    return True


# Loaded here, so that the modules imported after this one get the cheaper answer.
import PySide6  # noqa: E402, F401

install()
