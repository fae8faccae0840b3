"""Translation hook for user-facing text, used by the core as well as the UI.

Text is translated when it is shown, never at import: a call site says
``_("Save")`` inside a function, and a table of labels built at import marks
its strings with ``N_()`` (extracted, not translated) and translates them
where they are shown (``_(LABELS[state])``). ``tests/test_i18n_at_display``
fails on a ``_()`` or ``ngettext()`` that runs at import.

The catalogues live in ``resources/translations/<lang>/LC_MESSAGES/fieldbook.po``;
the build compiles them to ``.mo`` files (``setup.py``), beside the ``.po`` in a
checkout or an editable install, inside this package (``desktop/translations``)
in a wheel. ``setup()`` installs the one for the system's language or the one
asked for (``fieldbook --lang de``); English, the source language, needs none.
"""

from __future__ import annotations

import gettext
import locale
import os
import sys
from pathlib import Path

DOMAIN = "fieldbook"
_HERE = Path(__file__).resolve().parent
# A checkout or editable install first, then a wheel's copy inside the package.
LOCALE_DIRS = (_HERE.parent / "resources" / "translations", _HERE / "translations")
SOURCE_LANGUAGE = "en"

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = SOURCE_LANGUAGE


def install(translations: gettext.NullTranslations, language: str | None = None) -> None:
    """Switch the active catalogue (``setup`` calls it; tests may too)."""
    global _translations, _language
    _translations = translations
    _language = language or translations.info().get("language", "") or SOURCE_LANGUAGE


def setup(lang: str | None = None) -> str:
    """Install the catalogue for ``lang`` (``de``, ``de_DE``, ``de_DE.UTF-8``), or
    for the system's language when None. A language without a catalogue, and
    English, get the source text. Returns the language now in use (``de``, ``en``)."""
    wanted = [lang] if lang else system_languages()
    for code in wanted:
        base = _base(code)
        if base in ("", "c", "posix", SOURCE_LANGUAGE):
            break  # English (or no preference) comes before any other catalogue
        translations = load(code)
        if translations is not None:
            install(translations, base)
            return base
    install(gettext.NullTranslations(), SOURCE_LANGUAGE)
    return SOURCE_LANGUAGE


def load(lang: str) -> gettext.GNUTranslations | None:
    """The compiled catalogue for ``lang``, or None when there is none."""
    for directory in LOCALE_DIRS:
        found = gettext.find(DOMAIN, str(directory), languages=[lang])
        if found:
            with open(found, "rb") as fp:
                return gettext.GNUTranslations(fp)
    return None


def language() -> str:
    """The installed language's code (``en`` when no catalogue is installed)."""
    return _language


def system_languages() -> list[str]:
    """The user's languages, most wanted first: gettext's environment variables
    (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``), else the user's UI
    language on Windows, else the process's locale."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return [v for v in value.split(":") if v]
    if sys.platform == "win32":
        import ctypes

        lcid = ctypes.windll.kernel32.GetUserDefaultUILanguage()
        name = locale.windows_locale.get(lcid)
        if name:
            return [name]
    code = locale.getlocale()[0]
    return [code] if code else []


def _base(code: str) -> str:
    """``de_DE.UTF-8@euro`` -> ``de``."""
    return code.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()


def N_(message: str) -> str:  # noqa: N802 - the gettext convention, a keyword for extraction
    """Marks ``message`` for extraction without translating it (a table built at
    import); translate it with ``_()`` where it is shown."""
    return message


def _(message: str) -> str:
    # gettext("") is the catalogue's header, never a label
    return _translations.gettext(message) if message else message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` where the same English word means different things (a US
    state, a request's state): ``context`` tells the translator which."""
    return _translations.pgettext(context, message)
