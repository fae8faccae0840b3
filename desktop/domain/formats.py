"""One way to write dates, times, numbers and phones per locale, everywhere: the
window, the PDFs and the calendar files call these, never ``strftime``.

The locale is the language installed (:mod:`desktop.i18n`) unless one is set
(:func:`use`, e.g. ``de_DE``); the home region, whose phone numbers show in
national format (others international), is the locale's territory unless set.
English as the app has always written it (``Feb 10, 2026``, 24-hour times,
``1,234.50``) is kept for ``en`` and ``en_US`` without loading Babel; every
other locale takes its CLDR formats from Babel (``10.02.2026`` style dates
spelled ``10. Feb. 2026``, ``1.234,50``).

Money stays in :mod:`desktop.domain.money` (it needs the currency as well).
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from desktop import i18n

_locale: str | None = None
_home: str | None = None
_ENGLISH = frozenset({"en", "en_US"})


def use(locale: str | None = None, home_region: str | None = None) -> None:
    """Write values for ``locale`` (None: the installed language's) with phones of
    ``home_region`` national (None: the locale's territory)."""
    global _locale, _home  # one style for the whole process, as the language is
    _locale, _home = locale, (home_region.upper() if home_region else None)


def current() -> str:
    return _locale or i18n.language()


def home_region(locale: str | None = None) -> str:
    """The region whose numbers show in national format."""
    if _home and locale is None:
        return _home
    parts = (locale or current()).replace("-", "_").split("_")
    return parts[1].upper() if len(parts) > 1 and len(parts[1]) == 2 else (_home or "US")


def _english(locale: str | None) -> bool:
    return (locale or current()) in _ENGLISH


def day(value: date | datetime | None, locale: str | None = None) -> str:
    """``Feb 10, 2026``; German ``10. Feb. 2026``."""
    if not value:
        return ""
    if _english(locale):
        return f"{value:%b} {value.day}, {value.year}"
    from babel.dates import format_skeleton

    return str(format_skeleton("yMMMd", value, locale=locale or current()))


def long_day(value: date | datetime, locale: str | None = None) -> str:
    """``Monday 7 December 2026``; German ``Montag, 7. Dezember 2026``."""
    if _english(locale):
        return f"{value:%A} {value.day} {value:%B %Y}"
    from babel.dates import format_date

    return str(format_date(value, format="full", locale=locale or current()))


def stored_day(text: str | None, locale: str | None = None) -> str:
    """A day as stored (ISO ``2026-02-10``, or a stored moment's first ten
    characters) written as :func:`day` writes it; "" for none."""
    return day(date.fromisoformat(text[:10]), locale) if text else ""


def short_day(value: date | datetime | None, locale: str | None = None) -> str:
    """A day of this season, no year: ``Feb 10``; German ``10. Feb.``."""
    if not value:
        return ""
    if _english(locale):
        return f"{value:%b} {value.day}"
    from babel.dates import format_skeleton

    return str(format_skeleton("MMMd", value, locale=locale or current()))


def week_day(value: date | datetime, locale: str | None = None) -> str:
    """A day of a trip or plan with its weekday: ``Tue Feb 10``; German
    ``Di., 10. Feb.``."""
    if _english(locale):
        return f"{value:%a %b} {value.day}"
    from babel.dates import format_skeleton

    return str(format_skeleton("MMMEd", value, locale=locale or current()))


def weekday(value: date | datetime, locale: str | None = None) -> str:
    """The weekday alone, abbreviated: ``Tue``; German ``Di.``."""
    if _english(locale):
        return value.strftime("%a")
    from babel.dates import format_date

    return str(format_date(value, "EEE", locale=locale or current()))


def month_name(value: date | datetime, locale: str | None = None) -> str:
    """The month alone, in full: ``February``; German ``Februar``."""
    if _english(locale):
        return value.strftime("%B")
    from babel.dates import format_date

    return str(format_date(value, "LLLL", locale=locale or current()))


def span(first: date, last: date, locale: str | None = None, year: bool = True) -> str:
    """A range of days: ``Feb 1 – Feb 28, 2026`` (over a new year both years;
    ``year=False``: ``Feb 10–14``);
    German ``01.–28. Feb. 2026`` / ``10.–14. Feb.``, as CLDR writes intervals."""
    if _english(locale):
        start = short_day(first, locale)
        if not year:
            same = (last.year, last.month) == (first.year, first.month)
            return start if first == last else f"{start}–{last.day}" if same else \
                f"{start}–{short_day(last, locale)}"
        return f"{start if first.year == last.year else day(first, locale)} – {day(last, locale)}"
    from babel.dates import format_interval

    return str(format_interval(first, last, "yMMMd" if year else "MMMd",
                               locale=locale or current()))


def clock(value: datetime | time, locale: str | None = None, zone: bool = False) -> str:
    """``14:05`` (with the zone's abbreviation: ``14:05 CST``), as the locale
    writes a short time."""
    name = f" {value.strftime('%Z')}" if zone and value.tzinfo is not None else ""
    if _english(locale):
        return f"{value:%H:%M}{name}"
    from babel.dates import format_time

    return f"{format_time(value, format='short', locale=locale or current())}{name}"


def when(value: datetime | None, locale: str | None = None) -> str:
    """A day and its time: ``Feb 10, 2026 14:05``."""
    return f"{day(value, locale)} {clock(value, locale)}" if value else ""


def number(value: Decimal | float | int, digits: int = 0, locale: str | None = None) -> str:
    """Grouped with ``digits`` decimals: ``1,234.50``; German ``1.234,50``."""
    if _english(locale):
        return f"{value:,.{digits}f}"
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return str(format_decimal(value, format=pattern, locale=locale or current()))


def phone(e164: str | None, home: str | None = None) -> str:
    """An E.164 number as people write it: national format for the home region
    (``(217) 555-0100`` in the US), international otherwise (``+1 217-555-0100``)."""
    if not e164:
        return ""
    region = home or home_region()
    if region in ("US", "CA") and len(e164) == 12 and e164.startswith("+1"):
        # North American numbering is fixed-format: no need to load phonenumbers.
        return f"({e164[2:5]}) {e164[5:8]}-{e164[8:]}"
    import phonenumbers

    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    national = phonenumbers.region_code_for_number(number) == region
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL
                                      if national else
                                      phonenumbers.PhoneNumberFormat.INTERNATIONAL)
