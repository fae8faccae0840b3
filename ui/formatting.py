"""How values look on screen: dates in local time, relative ages, phones."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate

from desktop.domain import formats
from desktop.i18n import _, ngettext


def local(dt: datetime) -> datetime:
    return dt.astimezone()


def when(dt: datetime | None) -> str:
    """A moment in local time, as the locale writes a day and a time."""
    return formats.when(local(dt)) if dt else ""


def day(d: date | datetime | None) -> str:
    """``Feb 10, 2026``; in another locale its own order and month names
    (German ``10. Feb. 2026``): :func:`desktop.domain.formats.day`."""
    return formats.day(d)


def ago(dt: datetime | None, now: datetime) -> str:
    """'today', '3 days ago', '5 months ago', 'never'."""
    if dt is None:
        return _("never")
    days = (now - dt).days
    if days < 1:
        return _("today")
    if days < 60:
        return ngettext("{n} day ago", "{n} days ago", days).format(n=days)
    months = days // 30
    if months < 24:
        return ngettext("{n} month ago", "{n} months ago", months).format(n=months)
    return ngettext("{n} year ago", "{n} years ago", days // 365).format(n=days // 365)


def qdate(d: date) -> QDate:
    """A Python date as a QDate (the stubs do not accept ``QDate(date)``)."""
    return QDate(d.year, d.month, d.day)
