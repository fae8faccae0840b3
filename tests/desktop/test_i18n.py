"""Which catalogue the app installs, and the German catalogue the build compiles."""

from __future__ import annotations

import gettext
import importlib.util
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.pofile import read_po

from desktop import i18n

ROOT = Path(__file__).resolve().parents[2]
GERMAN = ROOT / "resources" / "translations" / "de" / "LC_MESSAGES" / "fieldbook.po"


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    yield
    i18n.setup("en")


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.mark.parametrize(("variables", "expected"), [
    ({"LANG": "de_DE.UTF-8"}, "de"),
    ({"LANGUAGE": "fr:de", "LANG": "fr_FR.UTF-8"}, "de"),  # the first with a catalogue
    ({"LANGUAGE": "en:de"}, "en"),  # English wanted first: the source text
    ({"LANG": "fr_FR.UTF-8"}, "en"),  # no French catalogue
    ({"LANG": "C.UTF-8"}, "en"),
    ({"LC_ALL": "de_AT.UTF-8", "LANG": "en_US.UTF-8"}, "de"),
])
def test_the_system_language_is_installed(env: pytest.MonkeyPatch, variables: dict[str, str],
                                          expected: str) -> None:
    for name, value in variables.items():
        env.setenv(name, value)
    assert i18n.setup() == expected == i18n.language()
    assert i18n._("Save") == ("Speichern" if expected == "de" else "Save")


def test_a_language_asked_for_wins_over_the_system(env: pytest.MonkeyPatch) -> None:
    env.setenv("LANG", "de_DE.UTF-8")
    assert i18n.setup("en") == "en" and i18n._("Save") == "Save"
    env.setenv("LANG", "en_US.UTF-8")
    assert i18n.setup("de_DE") == "de" and i18n._("Save") == "Speichern"
    assert i18n.setup("xx") == "en" and i18n._("Save") == "Save"


def test_marked_text_is_translated_where_shown() -> None:
    from desktop.documents.clauses import LIBRARY
    from desktop.domain.order_flow import action_label, state_label
    from desktop.domain.rules import ACCOUNT_RULES

    assert i18n.N_("Payment") == "Payment"  # a marker only
    i18n.setup("de")
    assert LIBRARY["payment-net"].heading == "Zahlung"
    assert ACCOUNT_RULES["billing_city"].label == "Ort"
    assert (action_label("confirmed"), state_label("shipped", unshipped=True)) == (
        "Bestätigen", "Teilweise versandt")
    assert i18n.ngettext("{n} account", "{n} accounts", 2) == "{n} Firmen"
    assert i18n.pgettext("stock request", "State") == "Status"
    assert i18n._("") == ""  # never the catalogue's header


def build_helper() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fieldbook_setup", ROOT / "setup.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_build_compiles_the_catalogue(tmp_path: Path) -> None:
    written = build_helper().compile_catalogues(GERMAN.parents[2], tmp_path)
    assert written == [tmp_path / "de" / "LC_MESSAGES" / "fieldbook.mo"]
    with written[0].open("rb") as fp:
        catalogue = gettext.GNUTranslations(fp)
    assert catalogue.gettext("Accounts") == "Firmen"


def test_the_build_refuses_a_translation_that_loses_a_placeholder(tmp_path: Path) -> None:
    broken = tmp_path / "src" / "de" / "LC_MESSAGES" / "fieldbook.po"
    broken.parent.mkdir(parents=True)
    broken.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                      'msgid "Proposal {ref}"\nmsgstr "Angebot"\n', encoding="utf-8")
    with pytest.raises(SystemExit, match="placeholders differ"):
        build_helper().compile_catalogues(tmp_path / "src", tmp_path / "out")


def test_every_german_message_is_translated() -> None:
    with GERMAN.open("rb") as fp:
        catalogue = read_po(fp, locale="de")
    messages = [m for m in catalogue if m.id]
    assert len(messages) > 900
    untranslated = [m.id for m in messages
                    if m.fuzzy or not all(m.string if isinstance(m.string, tuple)
                                          else (m.string,))]
    assert not untranslated, untranslated
