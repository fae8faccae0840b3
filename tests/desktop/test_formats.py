"""One style per locale: dates, times, numbers and phones written by
desktop.domain.formats, the same in the window's lists, the PDFs and the .ics."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import icalendar
import pytest

from desktop.documents.itinerary_pdf import render
from desktop.domain import formats
from tests.desktop.planning.test_ics import STAMP, trip
from tests.desktop.planning.test_itinerary_pdf import sample, text

MOMENT = datetime(2026, 12, 7, 14, 5, tzinfo=ZoneInfo("America/Chicago"))


@pytest.fixture(autouse=True)
def _back_to_english() -> Iterator[None]:
    formats.use("en_US")
    yield
    formats.use()


def test_english_is_written_as_the_app_always_wrote_it() -> None:
    assert formats.day(date(2026, 2, 10)) == "Feb 10, 2026"
    assert formats.long_day(MOMENT) == "Monday 7 December 2026"
    assert formats.clock(MOMENT) == "14:05" and formats.clock(MOMENT, zone=True) == "14:05 CST"
    assert formats.when(MOMENT) == "Dec 7, 2026 14:05"
    assert formats.number(Decimal("1234.5"), 2) == "1,234.50"
    assert formats.phone("+12175550100") == "(217) 555-0100"
    assert formats.phone("+492211234567") == "+49 221 1234567"
    assert (formats.day(None), formats.when(None), formats.phone(None)) == ("", "", "")


def test_german_takes_its_cldr_formats_and_its_home_region() -> None:
    formats.use("de_DE")
    assert formats.day(date(2026, 2, 10)) == "10. Feb. 2026"
    assert formats.long_day(MOMENT) == "Montag, 7. Dezember 2026"
    assert formats.clock(MOMENT) == "14:05"
    assert formats.number(Decimal("1234.5"), 2) == "1.234,50"
    assert formats.number(1234567) == "1.234.567"
    assert formats.home_region() == "DE"
    assert formats.phone("+492211234567") == "0221 1234567"  # national at home
    assert formats.phone("+12175550100") == "+1 217-555-0100"  # international abroad
    formats.use("de_DE", home_region="us")  # the rep's home region set apart
    assert formats.phone("+12175550100") == "(217) 555-0100"


def test_a_locale_switch_changes_the_ics_description() -> None:
    problem, plan, briefings = trip()
    stop = problem.stops[0]

    def described() -> str:
        from desktop.planning.ics import trip_calendar

        cal = icalendar.Calendar.from_ical(trip_calendar(problem, plan, briefings, stamp=STAMP))
        wanted = f"trip-stop-{stop.id}@fieldbook"
        return next(str(e["description"]) for e in cal.walk("VEVENT") if e["uid"] == wanted)

    assert "Contact 0, (217) 555-0100" in described()
    formats.use("de_DE")
    assert "Contact 0, +1 217-555-0100" in described()


def test_a_locale_switch_changes_the_itinerary_pdf() -> None:
    problem, plan, briefings = sample()
    english = "\n".join(text(render(problem, plan, briefings, rep="Ann Rep")))
    assert "Monday 7 December 2026" in english and "Montag" not in english
    formats.use("de_DE")
    german = "\n".join(text(render(problem, plan, briefings, rep="Ann Rep")))
    assert "Montag, 7. Dezember 2026" in german and "Monday 7 December 2026" not in german
