"""The layers hold: import-linter's contracts (pyproject.toml) and a plain AST check.

The contracts: inside the core, sync above services (with planning, documents and demo
beside them) above the store above the domain; the core never imports Qt, the UI or the
server; the server imports the domain, never the client's store, services or sync.
The AST check below is the older, narrower promise of desktop/__init__.py (no Qt, no UI),
kept because it reads every file, nested and conditional imports included.
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
QT = {"PySide6", "shiboken6"}
FORBIDDEN: dict[str, set[str]] = {
    "desktop": QT | {"ui", "server"},
    "server": QT | {"ui"},
}


CONTRACTS = {"core-layers", "core-without-qt", "server-uses-the-domain", "ui-without-server"}


def test_import_linter_contracts_are_kept() -> None:
    """In a process of its own: import-linter configures logging with
    ``dictConfig``, which would switch off the loggers other tests rely on."""
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports; "
         "sys.exit(lint_imports(config_filename=sys.argv[1], no_cache=True, no_logo=True))",
         str(ROOT / "pyproject.toml")], capture_output=True, text=True, cwd=ROOT, timeout=300,
        check=False)
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    assert f"{len(CONTRACTS)} kept, 0 broken" in report


def test_the_contracts_name_the_layers_in_order() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = {c["id"]: c for c in config["tool"]["importlinter"]["contracts"]}
    assert set(contracts) == CONTRACTS
    layers = [[m.strip() for m in layer.split(":")]
              for layer in contracts["core-layers"]["layers"]]
    assert layers[0] == ["desktop.sync"]
    assert "desktop.services" in layers[1]
    assert layers[2:] == [["desktop.store"], ["desktop.domain"]]
    server = set(contracts["server-uses-the-domain"]["forbidden_modules"])
    assert {"desktop.services", "desktop.store", "desktop.sync", "desktop.planning"} <= server


def imported_modules(source: str) -> list[tuple[int, str]]:
    """(line, absolute module name) for every import statement in ``source``."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
    return found


def violations(source: str, forbidden: set[str], filename: str = "<source>") -> list[str]:
    """Imports of a forbidden top-level package (or any submodule of one)."""
    return [
        f"{filename}:{line}: imports {module}"
        for line, module in imported_modules(source)
        if module.split(".")[0] in forbidden
    ]


def _python_files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_respects_layering(package: str) -> None:
    files = _python_files(package)
    assert files, f"no Python files under {package}/"
    found: list[str] = []
    for path in files:
        found += violations(path.read_text(encoding="utf-8"), FORBIDDEN[package],
                            str(path.relative_to(ROOT)))
    assert found == []


def test_the_check_scans_nested_modules() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in _python_files("desktop")}
    assert "desktop/services/account_list.py" in names
    assert any(n.startswith("desktop/store/migrations/versions/") for n in names)


@pytest.mark.parametrize(
    "source",
    [
        "from PySide6.QtCore import QObject\n",
        "import PySide6\n",
        "import PySide6.QtWidgets as w\n",
        "import os, shiboken6\n",
        "from shiboken6 import isValid\n",
        "from ui.app import Fieldbook\n",
        "import ui\n",
        "from ui import prompts\n",
        "def f():\n    from PySide6.QtGui import QColor\n",  # nested imports count too
        "try:\n    import ui.models\nexcept ImportError:\n    pass\n",
    ],
)
def test_check_finds_forbidden_imports(source: str) -> None:
    found = violations(source, FORBIDDEN["server"], "x.py")
    assert len(found) == 1
    assert found[0].startswith("x.py:")


def test_check_reports_line_and_module() -> None:
    source = "import os\n\nfrom PySide6.QtCore import QObject\n"
    assert violations(source, QT, "core.py") == ["core.py:3: imports PySide6.QtCore"]


@pytest.mark.parametrize(
    "source",
    [
        "import os\nfrom pathlib import Path\n",
        "import uix\nfrom uikit import x\n",  # only the exact package name is forbidden
        "from . import ui\nfrom .ui import thing\n",  # relative: a sibling, not the ui package
        "from desktop.services import ui_text\n",
        "text = 'from PySide6.QtCore import QObject'\n",  # a string, not an import
    ],
)
def test_check_allows_other_imports(source: str) -> None:
    assert violations(source, FORBIDDEN["desktop"]) == []


def test_server_may_use_the_core_but_desktop_not_the_server() -> None:
    assert violations("from desktop.domain.schema import Account\n", FORBIDDEN["server"]) == []
    assert violations("import server.api\n", FORBIDDEN["desktop"]) == [
        "<source>:1: imports server.api"]
