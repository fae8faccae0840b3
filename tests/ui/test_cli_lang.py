"""``fieldbook --lang``: the language the window and the PDFs use."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop import i18n


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The language installed when the window would open (it does not)."""
    from ui import app

    languages: list[str] = []
    monkeypatch.setattr(app, "run_gui", lambda *_a, **_k: languages.append(i18n.language()) or 0)
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    yield languages
    i18n.setup("en")


def test_lang_chooses_the_language(opened: list[str], tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    from ui import cli

    db = str(tmp_path / "c.sqlite3")
    assert cli.main(["--lang", "de", "--db", db]) == 0
    assert cli.main(["--lang=en", "--db", db]) == 0
    assert cli.main(["--lang", "fr", "--db", db]) == 0  # no French catalogue
    assert opened == ["de", "en", "en"]
    assert "no 'fr' translation" in capsys.readouterr().err


def test_without_lang_the_system_language(opened: list[str], tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import cli

    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert cli.main(["--db", str(tmp_path / "c.sqlite3")]) == 0
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert cli.main(["--db", str(tmp_path / "c.sqlite3")]) == 0
    assert opened == ["de", "en"]
