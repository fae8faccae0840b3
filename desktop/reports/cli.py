"""``fieldbook report NAME --db PATH --period 2026-Q3 [--rep LOGIN] --format
pdf|csv|xlsx --out FILE`` and ``fieldbook report weekly --db PATH [--week
2026-W49] [--rep LOGIN] --out FILE.pdf``: the reports without the window.

A bad period, an unknown report, rep or territory, or a format the file
cannot take is said on stderr with exit status 2.
"""

from __future__ import annotations

import sys
import uuid
from pathlib import Path
from typing import Any

from desktop.reports import FORMATS, REPORTS


def add_commands(sub: Any) -> None:
    cmd = sub.add_parser("report", help="write a report (or the weekly status PDF) to a file")
    cmd.add_argument("name", metavar="NAME",
                     help=f"one of: {', '.join(REPORTS)}, weekly")
    cmd.add_argument("--db", type=Path, default=None, dest="sub_db")
    cmd.add_argument("--period", default=None,
                     help="2026-Q3, 2026-07, 2026, 2026-W49 or 2026-07-01..2026-09-30 "
                          "(default: this quarter)")
    cmd.add_argument("--week", default=None, help="weekly: the ISO week, e.g. 2026-W49 "
                                                  "(default: this week)")
    cmd.add_argument("--rep", default=None, metavar="LOGIN",
                     help="one rep: e-mail, its name part or the full name")
    cmd.add_argument("--team", default=None, metavar="LOGIN",
                     help="a manager: the manager and everyone reporting to them")
    cmd.add_argument("--territory", default=None, help="a territory's code or name")
    cmd.add_argument("--segment", default=None)
    cmd.add_argument("--tier", default=None, choices=["A", "B", "C"])
    cmd.add_argument("--product-line", default=None, dest="product_line")
    cmd.add_argument("--format", default=None, dest="fmt", metavar="FORMAT",
                     help="pdf, csv or xlsx (default: from --out's suffix)")
    cmd.add_argument("--out", type=Path, required=True)


class Refused(Exception):
    """What the user asked for cannot be done; the message says why."""


def run(args: Any, db: Path) -> int:
    from desktop.services.container import Services
    from desktop.settings import SettingsFile

    try:
        _check(args, db)
    except Refused as exc:
        print(f"fieldbook: {exc}", file=sys.stderr)
        return 2
    services = Services.open(db, SettingsFile(cache=db))
    try:
        data = _make(services, args)
    except Refused as exc:
        print(f"fieldbook: {exc}", file=sys.stderr)
        return 2
    finally:
        services.close()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(args.out)
    return 0


def _check(args: Any, db: Path) -> None:
    """Everything that needs no database, so a typo fails before anything opens."""
    from desktop.reports import period

    if args.name != "weekly" and args.name not in REPORTS:
        raise Refused(f"there is no report {args.name!r}; choose one of: "
                      f"{', '.join(REPORTS)}, weekly")
    fmt = args.fmt or args.out.suffix.lstrip(".").lower()
    if fmt not in FORMATS or (args.name == "weekly" and fmt != "pdf"):
        allowed = "pdf" if args.name == "weekly" else "pdf, csv or xlsx"
        raise Refused(f"the format must be {allowed} (--format, or the suffix of --out)")
    args.fmt = fmt
    try:
        if args.period:
            period.parse(args.period)
        if args.week:
            period.parse(args.week)
    except period.PeriodError as exc:
        raise Refused(str(exc)) from None
    if not db.exists():
        raise Refused(f"no cache at {db}")


def _make(services: Any, args: Any) -> bytes:
    from desktop.reports import period
    from desktop.reports.filters import ReportFilter

    reports = services.reports
    rep = _user(reports, args.rep, "--rep")
    team = _user(reports, args.team, "--team")
    if args.name == "weekly":
        day = period.parse(args.week).start if args.week else None
        pdf: bytes = reports.weekly_pdf(day, rep, team)
        return pdf
    span = (period.parse(args.period) if args.period
            else period.quarter(services.clock().date()))
    f = ReportFilter(span, rep_id=rep, team_of=team,
                     territory_id=_territory(services, args.territory),
                     segment=args.segment, tier=args.tier, product_line=args.product_line)
    data: bytes = reports.export(reports.run(args.name, f), args.fmt)
    return data


def _user(reports: Any, login: str | None, option: str) -> uuid.UUID | None:
    if not login:
        return None
    found: uuid.UUID | None = reports.find_user(login)
    if found is None:
        raise Refused(f"{option}: nobody called {login!r} in this cache")
    return found


def _territory(services: Any, text: str | None) -> uuid.UUID | None:
    if not text:
        return None
    row = services.store.reads().execute(
        "SELECT id FROM territories WHERE deleted_at IS NULL AND (lower(code) = lower(?) "
        "OR lower(name) = lower(?))", (text, text)).fetchone()
    if row is None:
        raise Refused(f"--territory: no territory {text!r} in this cache")
    return uuid.UUID(hex=row[0])
