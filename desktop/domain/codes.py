"""Currency and locale codes as a rep may type them, checked against CLDR (babel)."""

from __future__ import annotations


def currency_code(text: str | None) -> str | None:
    """``text`` as an ISO 4217 code (``"eur"`` -> ``"EUR"``), or None if it is not one."""
    from babel.numbers import is_currency

    code = (text or "").strip().upper()
    return code if len(code) == 3 and code.isalpha() and is_currency(code) else None


def locale_code(text: str | None) -> str | None:
    """``text`` as a CLDR locale identifier (``"de-DE"`` -> ``"de_DE"``), or None
    if babel does not know it."""
    from babel import Locale, UnknownLocaleError

    raw = (text or "").strip().replace("-", "_")
    if not raw or len(raw) > 16:
        return None
    try:
        return str(Locale.parse(raw))
    except (UnknownLocaleError, ValueError, TypeError):
        return None
