"""The ``fieldbook plan`` arguments, apart from the commands themselves: building
``fieldbook``'s parser must not import the planning model and solver."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def add_commands(sub: Any) -> None:
    """The ``plan`` command and its actions, on ``fieldbook``'s subparsers."""
    plan = sub.add_parser("plan", help="trip plans: solve, calendar export, itinerary PDF")
    actions = plan.add_subparsers(dest="action", required=True)
    solve = actions.add_parser("solve", help="plan the trip's route and save it; prints JSON")
    solve.add_argument("--seconds", type=float, default=5.0,
                       help="search time limit (default 5)")
    ics = actions.add_parser("ics", help="write the planned visits as an iCalendar file")
    ics.add_argument("--out", type=Path, required=True)
    ics.add_argument("--day", type=int, default=None, help="only this day (1 = the first)")
    pdf = actions.add_parser("pdf", help="write the trip's itinerary PDF")
    pdf.add_argument("--out", type=Path, required=True)
    for parser in (solve, ics, pdf):
        parser.add_argument("--db", type=Path, default=None, dest="sub_db")
        parser.add_argument("--trip", required=True, help="the trip's id")
        parser.add_argument("--settings", type=Path, default=None,
                            help="settings file (default: the app's)")
