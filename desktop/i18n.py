"""Translation hook for user-facing text, used by the core as well as the UI.

The core marks strings with ``_()`` so that messages and, later, PDFs can be
translated without touching call sites.
"""

from __future__ import annotations

import gettext

_translations: gettext.NullTranslations = gettext.NullTranslations()


def install(translations: gettext.NullTranslations) -> None:
    """Switch the active catalogue (called once by the app at start)."""
    global _translations
    _translations = translations


def _(message: str) -> str:
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)
