"""One date, time, number and phone style per locale everywhere (issue 16 item 7).

An AST scan of desktop/ and ui/ refuses hand-written date patterns (strftime,
``f"{d:%b %d}"``, ``"{:%H:%M}".format``, ``QTime.toString("HH:mm")``, an ISO day
put into a translated message: ``_("as of {day}").format(day=d.isoformat())``) outside
desktop/domain/formats.py, except the storage, wire and file-name uses listed
below with their reason. The value tests render the PDFs and the .ics in German
and check the dates, and that a phone from abroad shows in international format.
"""

from __future__ import annotations

import ast
import io
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import icalendar
import pytest
from pypdf import PdfReader

from desktop.documents import contract_pdf, itinerary_pdf, proposal_pdf, schedule_pdf
from desktop.documents.model import contract_from
from desktop.domain import formats
from desktop.services.shipping import ScheduleRow
from tests.desktop.planning.test_ics import STAMP, trip
from tests.desktop.planning.test_itinerary_pdf import sample
from tests.desktop.test_proposal_pdf import proposal

ROOT = Path(__file__).resolve().parents[2]
DIRECTIVE = re.compile(r"%[a-zA-Z]")
SPEC_IN_TEXT = re.compile(r"\{[^{}]*:[^{}]*%[a-zA-Z][^{}]*\}")
FORMATS = "desktop/domain/formats.py"
TRANSLATED = ("_", "ngettext", "pgettext")  # a message a person reads

# (file, pattern) -> why the pattern is not for a person to read.
ALLOWED: dict[tuple[str, str], str] = {
    ("desktop/backup.py", "%Y%m%d"): "backup file names sort by day",
    ("desktop/imports/batches.py", "%Y%m%d-%H%M%S"): "import batch file names",
    ("desktop/store/encrypt.py", "%Y%m%d-%H%M%S"): "the plain copy's file name",
    ("desktop/store/migrate.py", "%Y%m%d-%H%M%S"): "the pre-migration copy's file name",
    ("desktop/demo/book.py", "%Y-%m-%d %H:%M:%S.000000"): "stored UTC text in the demo book",
    ("desktop/demo/book.py", "%Y-%m-%d"): "stored ISO days in the demo book",
    ("desktop/demo/planning.py", "%Y-%m-%d %H:%M:%S.000000"): "stored UTC text (demo book)",
    ("desktop/demo/planning.py", "%B %Y"): "the demo's plan names, stored data in English",
    ("desktop/planning/hours.py", "%H:%M"): "opening hours stored as HH:MM in JSON",
    ("desktop/domain/forecast_math.py", "%Y-%m"): "ISO month key of a forecast period",
    ("desktop/services/forecast.py", "%Y-%m"): "ISO month keys of the forecast buckets",
    ("desktop/services/pipeline_report.py", "%Y-%m"): "ISO month key in the report's JSON",
    ("desktop/reports/period.py", "%Y-%m"): "ISO month key of a report period",
    ("desktop/reports/trend_sums.py", "%Y-%m"): "ISO month keys of the stored sums",
    ("desktop/reports/base.py", "%Y-%m"): "ISO month keys of the chart buckets",
    ("ui/dialogs/trip_dialogs.py", "HH:mm"): "the trip's hours saved as HH:MM",
    ("ui/dialogs/trip_dialogs.py", "%H:%M"): "HH:MM text handed to a QTimeEdit, not shown",
}


def _iso_in_message(call: ast.Call) -> Iterator[int]:
    """Lines of ``.isoformat()`` among the values of ``_("…").format(...)``."""
    func = call.func
    if not (isinstance(func, ast.Attribute) and func.attr == "format"
            and isinstance(func.value, ast.Call)
            and getattr(func.value.func, "id", "") in TRANSLATED):
        return
    for arg in [*call.args, *(k.value for k in call.keywords)]:
        yield from (sub.lineno for sub in ast.walk(arg) if isinstance(sub, ast.Call)
                    and isinstance(sub.func, ast.Attribute) and sub.func.attr == "isoformat")


def date_patterns(source: str) -> Iterator[tuple[int, str]]:
    """(line, pattern) of every hand-written date pattern in ``source``."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            args = [a.value for a in node.args
                    if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if name in ("strftime", "toString"):
                yield from ((node.lineno, a) for a in args)
            elif name == "format" and isinstance(func, ast.Name):  # format(d, "%b %d")
                yield from ((node.lineno, a) for a in args if DIRECTIVE.search(a))
            yield from ((line, "isoformat()") for line in _iso_in_message(node))
        elif isinstance(node, ast.FormattedValue) and node.format_spec is not None:
            assert isinstance(node.format_spec, ast.JoinedStr)
            spec = "".join(str(v.value) for v in node.format_spec.values
                           if isinstance(v, ast.Constant))
            if DIRECTIVE.search(spec):
                yield node.lineno, spec
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            for found in SPEC_IN_TEXT.finditer(node.value):  # "{:%H:%M}".format(...)
                yield node.lineno, found.group(0).split(":", 1)[1][:-1]


def test_the_scan_finds_each_kind_of_hand_written_date() -> None:
    source = ('a = d.strftime("%d %b")\nb = f"{d:%H:%M}"\nc = "{:%A}".format(d)\n'
              'e = t.toString("HH:mm")\nf = format(d, "%m/%d")\n'
              'g = f"{n:,.2f}"\nh = d.isoformat()\ni = _("Due {day}").format(day=d.isoformat())\n')
    assert sorted(date_patterns(source)) == [
        (1, "%d %b"), (2, "%H:%M"), (3, "%A"), (4, "HH:mm"), (5, "%m/%d"), (8, "isoformat()")]


def test_no_date_is_written_by_hand_outside_formats() -> None:
    found = []
    for folder in ("desktop", "ui"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            if name == FORMATS:
                continue
            found += [f"{name}:{line}: {pattern!r}"
                      for line, pattern in date_patterns(path.read_text(encoding="utf-8"))
                      if (name, pattern) not in ALLOWED]
    assert not found, "write these through desktop.domain.formats (or allow-list a " \
                      "storage use with its reason):\n" + "\n".join(found)


@pytest.fixture
def german() -> Iterator[None]:
    formats.use("de_DE")
    yield
    formats.use()


def text_of(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def test_each_shape_in_english_and_german() -> None:
    feb10, feb14, mar2, jan5 = date(2026, 2, 10), date(2026, 2, 14), date(2026, 3, 2), \
        date(2027, 1, 5)
    english = (formats.short_day(feb10, "en"), formats.week_day(feb10, "en"),
               formats.weekday(feb10, "en"), formats.month_name(feb10, "en"),
               formats.span(feb10, feb14, "en", year=False),
               formats.span(feb10, mar2, "en", year=False), formats.span(feb10, mar2, "en"),
               formats.span(feb10, jan5, "en"), formats.stored_day("2026-02-10 14:05:00", "en"))
    assert english == ("Feb 10", "Tue Feb 10", "Tue", "February", "Feb 10–14", "Feb 10–Mar 2",
                       "Feb 10 – Mar 2, 2026", "Feb 10, 2026 – Jan 5, 2027", "Feb 10, 2026")
    german = (formats.short_day(feb10, "de_DE"), formats.week_day(feb10, "de_DE"),
              formats.weekday(feb10, "de_DE"), formats.month_name(feb10, "de_DE"),
              formats.span(feb10, feb14, "de_DE", year=False),
              formats.span(feb10, mar2, "de_DE"), formats.stored_day("2026-02-10", "de_DE"))
    assert german == ("10. Feb.", "Di., 10. Feb.", "Di.", "Februar", "10.–14. Feb.",
                      "10. Feb.\u2009–\u20092. März 2026", "10. Feb. 2026")  # CLDR thin spaces
    assert formats.stored_day(None) == formats.stored_day("") == formats.short_day(None) == ""


def test_the_itinerary_in_german(german: None) -> None:
    # Solved afresh: a dropped stop's reason is written when the plan is made.
    problem, plan, briefings = sample.__wrapped__()
    text = text_of(itinerary_pdf.render(problem, plan, briefings, rep="Ann Rep"))
    first = problem.days[0].work_start
    assert formats.long_day(first) == "Montag, 7. Dezember 2026"
    assert "Montag, 7. Dezember 2026" in text and "Monday" not in text
    assert "Dec 07" not in text and "Dec 7" not in text
    assert re.search(r"\d,\d km", text) and not re.search(r"\d\.\d km", text)  # 12,5 km


def test_a_proposal_and_its_contract_in_german(german: None) -> None:
    doc = proposal(4)
    text = text_of(proposal_pdf.render(doc))
    assert "23. Nov. 2026" in text and "23. Dez. 2026" in text  # issued, valid until
    assert "2026-11-23" not in text and "Nov 23" not in text
    contract = contract_from(doc, number="AR-0042-C1", effective=date(2027, 1, 4), clauses=())
    assert "4. Jan. 2027" in text_of(contract_pdf.render(contract))


def test_the_shipping_schedule_in_german_keeps_iso_in_its_rows(german: None) -> None:
    row = ScheduleRow("2026-11-18", "Acme", "P-1", "PW-500", "Pallet wrap", "3", "confirmed",
                      True, True, needed_by="2026-11-21")
    text = text_of(schedule_pdf.render([row], date(2026, 11, 20), 30))
    assert "Stand 20. Nov. 2026" in text or "as of 20. Nov. 2026" in text
    assert "18. Nov. 2026" in text and "21. Nov. 2026" in text and "2026-11-18" not in text
    assert row.ship_date == "2026-11-18"  # the CSV's value stays machine readable


def test_a_phone_from_abroad_is_international_in_the_pdf_and_the_ics() -> None:
    problem, plan, briefings = trip()
    stop = problem.stops[0]
    assert stop.contact_phone.startswith("+1")
    formats.use("de_DE")  # home: Germany; the stop's US number is from abroad
    try:
        shown = formats.phone(stop.contact_phone)
        assert re.fullmatch(r"\+1 \d{3}-\d{3}-\d{4}", shown), shown
        from desktop.planning.ics import trip_calendar

        cal = icalendar.Calendar.from_ical(trip_calendar(problem, plan, briefings, stamp=STAMP))
        wanted = f"trip-stop-{stop.id}@fieldbook"
        described = next(str(e["description"]) for e in cal.walk("VEVENT")
                         if e["uid"] == wanted)
        assert shown in described
        text = text_of(itinerary_pdf.render(problem, plan, briefings, rep="Ann Rep"))
        assert shown in text
    finally:
        formats.use()
    formats.use("en_US")  # at home: national
    try:
        assert re.fullmatch(r"\(\d{3}\) \d{3}-\d{4}", formats.phone(stop.contact_phone))
    finally:
        formats.use()
