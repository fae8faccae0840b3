"""``fieldbook import leads FILE.csv --db PATH [--dry-run]``: the arguments
(building ``fieldbook``'s parser loads nothing else) and the command."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any


def add_commands(sub: Any) -> None:
    """The ``import`` command and its ``leads`` action, on ``fieldbook``'s subparsers."""
    imp = sub.add_parser("import", help="import records from a file")
    actions = imp.add_subparsers(dest="action", required=True)
    leads = actions.add_parser(
        "leads", help="web inquiries from a CSV file (web forms, Web-to-Lead, HubSpot); "
        "nothing is written when any row is bad")
    leads.add_argument("file", type=Path, metavar="FILE.csv")
    leads.add_argument("--db", type=Path, default=None, dest="sub_db")
    leads.add_argument("--dry-run", action="store_true",
                       help="check and report, write nothing")
    leads.add_argument("--source", default="web",
                       help="the source of rows that name none (default web)")
    from desktop.imports.commands import add_commands as add_import_commands

    add_import_commands(actions)  # accounts|contacts|activities (Salesforce, Sage CRM), undo


def run(args: Any, db: Path) -> int:
    """0: imported (or a clean dry run); 1: bad rows, nothing written; 2: no file."""
    if args.action != "leads":
        from desktop.imports import commands

        return commands.run(args, db)
    from desktop.domain.schema.enums import LeadSource
    from desktop.services.container import Services
    from desktop.services.lead_import import import_leads
    from desktop.settings import SettingsFile

    if not args.file.is_file():
        print(f"fieldbook: no file {args.file}", file=sys.stderr)
        return 2
    if args.source not in {s.value for s in LeadSource}:
        print(f"fieldbook: --source must be one of {', '.join(s.value for s in LeadSource)}",
              file=sys.stderr)
        return 2
    services = Services.open(db, SettingsFile(cache=db))
    try:
        report = import_leads(services, args.file, dry_run=args.dry_run, source=args.source)
    finally:
        services.close()
    for header, field in report.columns.items():
        print(f"column {header!r} -> {field}")
    if report.ignored:
        print(f"columns not used: {', '.join(repr(h) for h in report.ignored)}")
    for bad in report.bad:
        print(f"{args.file}:{bad.line}: {bad.reason}", file=sys.stderr)
    for note in report.duplicates:
        print(f"{args.file}:{note.line}: possible duplicate: {note.what}")
    if report.bad:
        print(f"{len(report.bad)} bad row(s) of {report.rows}: nothing imported",
              file=sys.stderr)
        return 1
    if report.dry_run:
        print(f"dry run: {report.rows} lead(s) would be imported ({report.encoding}), "
              f"{len(report.duplicates)} possible duplicate(s)")
    else:
        print(f"imported {report.imported} lead(s) ({report.encoding}), "
              f"{len(report.duplicates)} possible duplicate(s)")
    return 0
