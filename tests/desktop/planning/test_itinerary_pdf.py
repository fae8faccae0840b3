"""The printed itinerary and call sheets: order, times, names, reproducible bytes."""

from __future__ import annotations

import io
import re
import uuid
from functools import cache

from pypdf import PdfReader

from desktop.documents.itinerary_pdf import render
from desktop.planning.problem import Briefing, Place, TripPlan, TripProblem, Window
from desktop.planning.solver import solve
from tests.desktop.planning.problems import MONDAY, at, random_problem, stop

NAMES = ("Σπύρος Παπαδόπουλος AE", "Ольга Смирнова и партнёры", "Zoë Brontë Feed & Seed")


@cache
def sample() -> tuple[TripProblem, TripPlan, tuple[Briefing, ...]]:
    base = random_problem(11, 14, 2)
    early = stop(Place("Far Farm", 34.05, -118.24, "Los Angeles, CA", "America/Los_Angeles"),
                 n=90, windows=(Window(at(MONDAY, 9), at(MONDAY, 10)),))
    problem = TripProblem(uuid.UUID(int=11), "Central Illinois, week 50", base.days,
                          (*base.stops, early))
    briefings = tuple(
        Briefing(s.id, NAMES[i] if i < len(NAMES) else f"{s.place.name.split()[0]} Supply",
                 open_follow_ups=(f"Due 2026-12-0{i % 9 + 1}: send the revised quote",),
                 recent=("2026-11-03 · Visit · Quarterly review", "2026-10-21 · Call · Pricing",
                         "2026-09-30 · Email · Brochure", "2026-08-01 · Visit · Too old"))
        for i, s in enumerate(problem.stops))
    return problem, solve(problem, time_limit_s=1.0), briefings


def text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_each_day_lists_its_stops_in_plan_order_with_local_times() -> None:
    problem, plan, briefings = sample()
    names = {b.stop_id: b.account_name for b in briefings}
    pages = text(render(problem, plan, briefings, rep="Ann Rep"))
    visits = [v for d in plan.days for v in d.visits]
    itinerary = "\n".join(pages[: len(pages) - len(visits)])
    at_pos = [itinerary.index(names[v.stop_id]) for v in visits]
    assert at_pos == sorted(at_pos)  # days in order, each day's stops in plan order
    for visit in visits:
        start = f"{visit.start:%H:%M}–{visit.depart:%H:%M %Z}"
        assert start in itinerary
    assert "Day 1 · Monday 7 December 2026" in itinerary
    assert "Not on this trip" in itinerary and "Too far" in itinerary
    assert "2026-08-01" not in itinerary  # only the last three interactions


def test_one_call_sheet_per_visit_and_page_numbers() -> None:
    problem, plan, briefings = sample()
    names = {b.stop_id: b.account_name for b in briefings}
    pages = text(render(problem, plan, briefings))
    visits = [v for d in plan.days for v in d.visits]
    sheets = pages[-len(visits):]
    for visit, page in zip(visits, sheets, strict=True):
        assert "Call sheet" in page and names[visit.stop_id] in page and "Outcome" in page
    assert all(re.search(rf"Page {n} of {len(pages)}", p) for n, p in enumerate(pages, 1))


def test_greek_and_cyrillic_names_print() -> None:
    problem, plan, briefings = sample()
    joined = " ".join(" ".join(text(render(problem, plan, briefings))).split())
    for name in NAMES:  # wrapped or not
        assert name in joined


def test_same_input_same_bytes_and_metadata() -> None:
    problem, plan, briefings = sample()
    once = render(problem, plan, briefings, rep="Ann Rep")
    assert once == render(problem, plan, briefings, rep="Ann Rep")
    meta = PdfReader(io.BytesIO(once)).metadata
    assert meta is not None and meta.title == "Itinerary: Central Illinois, week 50"
    assert meta.author == "Ann Rep"
    fonts = {str(font.get_object()["/BaseFont"])
             for page in PdfReader(io.BytesIO(once)).pages
             for font in page["/Resources"]["/Font"].values()}  # type: ignore[index]
    # DejaVu embedded; ReportLab lists an unused Helvetica in every document.
    assert {"/AAAAAA+DejaVuSans", "/AAAAAA+DejaVuSans-Bold"} <= fonts
