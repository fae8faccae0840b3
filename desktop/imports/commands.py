"""``fieldbook import accounts|contacts|activities FILE --db PATH --mapping
salesforce|sage|FILE.json [--dry-run] [--rejects FILE] [--sheet NAME]`` (FILE a CSV
or an Excel workbook) and ``fieldbook import
undo BATCH --db PATH``, on the ``import`` command ``import leads`` started."""

from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path
from typing import Any


def add_commands(actions: Any) -> None:
    """The actions, on the ``import`` command's subparsers."""
    for kind, what in (("accounts", "Salesforce Accounts, Sage CRM Company"),
                       ("contacts", "Salesforce Contacts, Sage CRM Person"),
                       ("activities", "Salesforce Tasks/Activities, Sage CRM Communication"),
                       ("opportunities", "Salesforce Opportunities, Sage CRM Opportunity")):
        cmd = actions.add_parser(kind, help=f"{kind} from a CSV or Excel (.xlsx) export "
                                 f"({what}); good rows land, bad ones are named")
        cmd.add_argument("file", type=Path, metavar="FILE.csv|FILE.xlsx")
        cmd.add_argument("--sheet", default=None, metavar="NAME",
                         help="the workbook's sheet to read (default: the first)")
        cmd.add_argument("--db", type=Path, default=None, dest="sub_db")
        cmd.add_argument("--mapping", required=True, metavar="salesforce|sage|FILE.json")
        cmd.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
        cmd.add_argument("--rejects", type=Path, default=None, metavar="FILE.csv",
                         help="write the bad rows here with the reason for each")
        cmd.add_argument("--duplicates", choices=["merge", "skip", "new", "report", "ignore"],
                         default="skip",
                         help="likely duplicates of cached records: fill the cached record's "
                              "empty fields (merge), leave them out (skip, the default), import "
                              "them as new records (new, or report), or do not look (ignore)")
    cards = actions.add_parser("vcard", help="contacts from a .vcf file (ORG names the account)")
    cards.add_argument("file", type=Path, metavar="FILE.vcf")
    cards.add_argument("--db", type=Path, default=None, dest="sub_db")
    cards.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    undo = actions.add_parser("undo", help="undo an import batch in one step")
    undo.add_argument("batch", nargs="?", default=None,
                      help="the batch id an import printed (none: list the batches)")
    undo.add_argument("--db", type=Path, default=None, dest="sub_db")


def run(args: Any, db: Path) -> int:
    """0: done; 1: bad rows (the good ones landed) or an unknown batch; 2: no file
    or an unusable mapping."""
    from desktop.imports import batches, importer
    from desktop.services.container import Services
    from desktop.settings import SettingsFile

    if args.action != "undo" and not args.file.is_file():
        print(f"fieldbook: no file {args.file}", file=sys.stderr)
        return 2
    services = Services.open(db, SettingsFile(cache=db))
    try:
        if args.action == "undo":
            if args.batch is None:
                for batch in batches.listing(db, services.store.key):
                    state = "undone" if batch.undone else f"{len(batch.ids)} row(s)"
                    print(f"{batch.id}\t{batch.kind}\t{state}\t{batch.source}")
                return 0
            try:
                count = batches.undo(services, args.batch)
            except LookupError as exc:
                print(f"fieldbook: {exc}", file=sys.stderr)
                return 1
            print(f"undone: {count} row(s) of batch {args.batch} removed")
            return 0
        if args.action == "vcard":
            from desktop.imports.vcard import import_cards

            written, rejected, batch_id = import_cards(services, args.file, dry_run=args.dry_run)
            for bad in rejected:
                print(f"{args.file}: card {bad.line}: {bad.reason}", file=sys.stderr)
            print(f"imported {written} contact(s); {len(rejected)} rejected"
                  + (f"; batch {batch_id}" if batch_id else ""))
            return 1 if rejected else 0
        stop = threading.Event()  # Ctrl+C: stop between chunks, the batch kept whole
        main = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGINT, lambda _n, _f: stop.set()) if main else None
        try:
            result = importer.run(services, args.action, args.file, args.mapping,
                                  dry_run=args.dry_run, rejects=args.rejects,
                                  duplicates=args.duplicates, progress=_progress,
                                  checked=_checked, cancelled=stop.is_set,
                                  sheet=args.sheet)
        except ValueError as exc:
            print(f"fieldbook: {exc}", file=sys.stderr)
            return 2
        finally:
            if main:
                signal.signal(signal.SIGINT, previous)
    finally:
        services.close()
    return _report(args, result)


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty():
        print(f"\rwritten {done}/{total}", end="" if done < total else "\n", file=sys.stderr)


def _checked(count: int) -> None:
    if sys.stderr.isatty():
        print(f"\rchecked {count}", end="", file=sys.stderr)


def _report(args: Any, result: Any) -> int:
    for header, field in result.columns.items():
        print(f"column {header!r} -> {field}")
    if result.ignored:
        print(f"columns not used: {', '.join(repr(h) for h in result.ignored)}")
    for bad in result.rejected:
        print(f"{args.file}:{bad.line}: {bad.reason}", file=sys.stderr)
    for line, what in result.duplicates:
        print(f"{args.file}:{line}: possible duplicate: {what}")
    verb = "would import" if args.dry_run else "imported"
    count = result.rows - len(result.rejected) - result.skipped if args.dry_run \
        else result.imported
    merges = [m for m in result.matches
              if args.duplicates == "merge"] if args.dry_run else []
    for match in result.matches if args.duplicates == "merge" else []:
        for field, (kept, theirs) in match.conflicts.items():
            print(f"{args.file}:{match.line}: {field}: kept {kept!r}, the file has {theirs!r}")
    merged = len(merges) if args.dry_run else result.merged
    print(f"{verb} {count - len(merges)} {result.kind} of {result.rows} row(s) "
          f"({result.encoding}); {len(result.rejected)} rejected, "
          f"{len(result.duplicates)} possible duplicate(s)"
          + (f", {merged} merged" if merged else "")
          + (f", {result.skipped} skipped" if result.skipped else ""))
    if args.rejects is not None and result.rejected:
        print(f"rejected rows written to {args.rejects}")
    if result.cancelled:
        print("stopped (Ctrl+C): " + ("nothing written" if not result.batch else
                                      "what landed is one import, undone in one step"))
    if result.batch:
        print(f"batch {result.batch} (undo: fieldbook import undo {result.batch} "
              f"--db {args.sub_db or 'PATH'})")
    return 1 if result.rejected or result.cancelled else 0
