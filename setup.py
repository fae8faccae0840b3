"""The build's one extra step: compile the message catalogues with Babel.

Everything else about the package is in pyproject.toml. ``build_py`` compiles
each ``resources/translations/<lang>/LC_MESSAGES/fieldbook.po`` to a ``.mo``
(Babel's ``read_po``/``write_mo``; babel is a build requirement): into the
wheel as ``desktop/translations/...`` for a normal build, beside the ``.po`` in
the source tree for an editable install (``pip install -e .``), which is where
``desktop.i18n`` looks first. The ``.mo`` files are build output, never committed.
"""

from __future__ import annotations

import re
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
CATALOGUES = ROOT / "resources" / "translations"
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def compile_catalogues(source: Path, target: Path) -> list[Path]:
    """Compile every ``<lang>/LC_MESSAGES/*.po`` under ``source`` to the same path
    under ``target``; fuzzy entries are left out (gettext then shows the English).
    A translation that drops or invents a ``{placeholder}``, or fails Babel's
    checks (``pybabel compile``'s), stops the build."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted(source.glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as fp:
            catalog = read_po(fp, locale=po.parent.parent.name)
        for message in catalog:
            if not message.id or message.fuzzy:
                continue
            ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
            strings = message.string if isinstance(message.string, tuple | list) \
                else (message.string,)
            wanted = set(PLACEHOLDER.findall(" ".join(ids)))
            for text in strings:  # a plural's singular may leave out the number
                found = set(PLACEHOLDER.findall(text or ""))
                if text and (found - wanted or (len(ids) == 1 and found != wanted)):
                    raise SystemExit(f"{po}: {message.id!r} -> {text!r}: placeholders differ")
        for message, errors in catalog.check():  # Babel's own checks, as pybabel compile
            raise SystemExit(f"{po}: {message.id!r}: {'; '.join(map(str, errors))}")
        mo = target / po.relative_to(source).with_suffix(".mo")
        mo.parent.mkdir(parents=True, exist_ok=True)
        with mo.open("wb") as fp:
            write_mo(fp, catalog)
        written.append(mo)
    return written


class BuildWithCatalogues(build_py):
    """``build_py`` that also compiles the catalogues."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:  # the editable install reads the source tree
            self._catalogues = compile_catalogues(CATALOGUES, CATALOGUES)
        else:
            self._catalogues = compile_catalogues(
                CATALOGUES, Path(self.build_lib) / "desktop" / "translations")

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = super().get_outputs(include_bytecode)
        if self.editable_mode:
            return outputs
        return [*outputs, *(str(p) for p in getattr(self, "_catalogues", []))]


if __name__ == "__main__":  # setuptools runs this file as __main__; tests import the helper
    setup(cmdclass={"build_py": BuildWithCatalogues})
