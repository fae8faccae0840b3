"""Text is translated when it is shown, never at import.

A ``_()`` or ``ngettext()`` that runs while a module loads (a module-level table,
a class attribute, a default argument, a decorator) is evaluated before any
catalogue is installed and stays English forever. Such tables mark their strings
with ``N_()`` and translate them where they are shown. This test reads every
file of desktop/, ui/ and server/ and names each call that runs at import.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("desktop", "ui", "server")
TRANSLATE = {"_", "gettext", "ngettext", "pgettext"}


def _name(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):  # i18n._(...), translations.gettext(...)
        return func.attr
    return None


def calls_at_import(tree: ast.AST) -> Iterator[ast.Call]:
    """The translating calls that run when the module is imported: everything
    outside a function body or a lambda, with what a ``def`` evaluates at once
    (defaults, decorators, annotations are strings under ``from __future__``)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            args = node.args
            evaluated: list[ast.AST] = [*args.defaults, *(d for d in args.kw_defaults if d)]
            if not isinstance(node, ast.Lambda):
                evaluated += node.decorator_list
            for expr in evaluated:
                yield from (n for n in ast.walk(expr)
                            if isinstance(n, ast.Call) and _name(n) in TRANSLATE)
            continue  # the body runs when called
        if isinstance(node, ast.Call) and _name(node) in TRANSLATE:
            yield node
        yield from calls_at_import(node)


def sources() -> Iterator[Path]:
    for package in PACKAGES:
        yield from sorted((ROOT / package).rglob("*.py"))


def test_nothing_is_translated_at_import() -> None:
    found = []
    for path in sources():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        found += [f"{path.relative_to(ROOT)}:{call.lineno}" for call in calls_at_import(tree)]
    assert not found, ("translated at import (mark with N_() and translate where shown): "
                       + ", ".join(found))


def test_the_check_sees_tables_class_attributes_defaults_and_decorators() -> None:
    code = '''
LABELS = {"a": _("A")}
COLUMNS = [ngettext("x", "xs", 2) for _n in range(1)]
class Dialog:
    title = _("Title")
    def run(self, text=_("Default")):
        return _("Fine, at display time")
@decorate(_("Decorated"))
def f():
    return {"b": _("Also fine")}
show = lambda: _("Fine in a lambda")
MARKED = {"c": N_("Marked only")}
'''
    lines = sorted(call.lineno for call in calls_at_import(ast.parse(code)))
    assert lines == [2, 3, 5, 6, 8]


def test_no_translation_inside_an_f_string() -> None:
    """pybabel (on Python 3.11) does not look inside f-strings: a ``_("text")``
    there is never extracted, so it is never translated (``_(variable)`` of a
    string marked elsewhere is fine)."""
    found = []
    for path in sources():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        found += [f"{path.relative_to(ROOT)}:{node.lineno}"
                  for fstring in ast.walk(tree) if isinstance(fstring, ast.JoinedStr)
                  for node in ast.walk(fstring)
                  if isinstance(node, ast.Call) and _name(node) in TRANSLATE | {"N_"}
                  and any(isinstance(a, ast.Constant) for a in node.args)]
    assert not found, "translated inside an f-string (not extracted): " + ", ".join(found)
