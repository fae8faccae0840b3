"""The ``fieldbook`` command: no arguments opens the window; subcommands do
the rest. Qt is imported only by the commands that need it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.settings import default_db_path


def _size(text: str) -> tuple[int, int]:
    width, sep, height = text.lower().partition("x")
    if not (sep and width.isdigit() and height.isdigit()) or not (
            200 <= int(width) <= 8000 and 200 <= int(height) <= 8000):
        raise argparse.ArgumentTypeError(f"size must be WIDTHxHEIGHT, e.g. 1400x900: {text!r}")
    return int(width), int(height)


def _parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """``fieldbook``'s arguments; for ``fieldbook plan ...`` only the plan's
    (the other commands' modules are not imported: ``plan solve`` is timed)."""
    from desktop.planning.commands import add_commands as add_plan_commands

    parser = argparse.ArgumentParser(prog="fieldbook", description="Fieldbook desktop CRM")
    parser.add_argument("--db", type=Path, default=None,
                        help="cache file (default: the platform's user data folder)")
    parser.add_argument("--lang", default=None, metavar="LANG",
                        help="language of the window and the PDFs, e.g. de or en "
                             "(default: the system's; English when there is no catalogue)")
    sub = parser.add_subparsers(dest="command")
    demo = sub.add_parser("demo-data", help="write a deterministic demo book of business")
    demo.add_argument("--db", type=Path, default=None, dest="sub_db")
    demo.add_argument("--accounts", type=int, default=1000)
    demo.add_argument("--seed", type=int, default=7)
    shot = sub.add_parser("screenshot", help="render the window offscreen to a PNG")
    shot.add_argument("--db", type=Path, default=None, dest="sub_db")
    shot.add_argument("--view", choices=["today", "accounts", "follow-ups", "proposals",
                                         "proposal-editor", "orders",
                                         "order-step", "shipping", "trips", "action-plans",
                                         "target-picker", "check-in", "events", "leads",
                                         "lead-capture", "merge", "pipeline",
                                         "report-activity", "report-closings",
                                         "report-follow-up", "report-pipeline",
                                         "report-trends", "report-delivery", "dormant",
                                         "cross-sell", "help-menu"],
                      default="accounts")
    shot.add_argument("--account", default=None, help="account id to open")
    shot.add_argument("--tab", choices=["history", "contacts", "follow-ups", "details"],
                      default="history")
    shot.add_argument("--search", default="", help="text typed in the search box")
    shot.add_argument("--out", type=Path, required=True)
    proposal = sub.add_parser("proposal", help="proposal documents")
    proposal_sub = proposal.add_subparsers(dest="action", required=True)
    pdf = proposal_sub.add_parser("pdf", help="write a proposal's PDF")
    pdf.add_argument("--db", type=Path, default=None, dest="sub_db")
    pdf.add_argument("--id", required=True, help="the proposal's id")
    pdf.add_argument("--out", type=Path, required=True)
    contract = sub.add_parser("contract", help="sales contracts")
    contract_sub = contract.add_subparsers(dest="action", required=True)
    cpdf = contract_sub.add_parser("pdf", help="write the contract of an accepted proposal")
    cpdf.add_argument("--db", type=Path, default=None, dest="sub_db")
    cpdf.add_argument("--id", required=True, help="the accepted proposal's id")
    cpdf.add_argument("--out", type=Path, required=True)
    shot.add_argument("--size", default="1400x900", type=_size,
                      help="WIDTHxHEIGHT in pixels")
    add_plan_commands(sub)
    if (sys.argv[1:] if argv is None else argv)[:1] == ["plan"]:
        return parser
    from desktop.services.lead_commands import add_commands as add_lead_commands
    from desktop.services.pipeline_report import add_commands as add_pipeline_commands

    add_lead_commands(sub)
    add_pipeline_commands(sub)
    from desktop.services.list_commands import add_commands as add_list_commands

    add_list_commands(sub)  # proposals|orders|trips|plans list, shipping, order status-pdf
    from desktop.reports.cli import add_commands as add_report_commands

    add_report_commands(sub)
    from desktop.exports.commands import add_commands as add_export_commands

    add_export_commands(sub)  # export accounts|contacts|history|follow-ups
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser(argv).parse_args(argv)
    _install_language(args.lang)
    db = getattr(args, "sub_db", None) or args.db or default_db_path()
    if args.command == "demo-data":
        return _demo_data(db, args.accounts, args.seed)
    if args.command in ("proposal", "contract"):
        return _document_pdf(db, args.command, args.id, args.out)
    if args.command == "import":
        from desktop.services import lead_commands

        return lead_commands.run(args, db)
    if args.command in ("proposals", "orders", "trips", "plans", "shipping", "order"):
        from desktop.services import list_commands

        return list_commands.run(args, db)
    if args.command == "export":
        from desktop.exports import commands as export_commands

        return export_commands.run(args, db)
    if args.command == "pipeline":
        from desktop.services import pipeline_report

        return pipeline_report.run(args, db)
    if args.command == "report":
        from desktop.reports import cli as report_cli

        return report_cli.run(args, db)
    if args.command == "plan":
        from desktop.planning import cli as plan_cli

        return plan_cli.run(args, db)
    if args.command == "screenshot":
        from ui.screenshot import take

        take(db, args.out, view=args.view, account=args.account, tab=args.tab,
             search=args.search, size=args.size)
        print(args.out)
        return 0
    from desktop.store import key_prefetch

    # Before Qt is imported: the keyring is asked on the other core meanwhile.
    lookup = key_prefetch.start(db)
    from ui.app import run_gui

    return run_gui(db, lookup.keys)


def _install_language(lang: str | None) -> None:
    """The catalogue of ``--lang``, or of the system's language; English when
    there is none (said on stderr when it was asked for)."""
    from desktop import i18n

    chosen = i18n.setup(lang)
    if lang and not lang.lower().startswith(chosen):
        print(f"fieldbook: no {lang!r} translation; the text stays English", file=sys.stderr)


def _document_pdf(db: Path, kind: str, proposal_id: str, out: Path) -> int:
    """The same PDF the app prints (branding and brochures included), without the window."""
    import uuid

    from desktop.services.base import NotFound
    from desktop.services.container import Services
    from desktop.services.validation import ValidationError
    from desktop.settings import SettingsFile

    try:
        key = uuid.UUID(proposal_id)
    except ValueError:
        print(f"fieldbook: {proposal_id!r} is not a proposal id", file=sys.stderr)
        return 2
    services = Services.open(db, SettingsFile(cache=db))
    try:
        docs = services.documents
        pdf = docs.proposal_pdf(key) if kind == "proposal" else docs.contract_pdf(key)
    except NotFound:
        print(f"fieldbook: no proposal {proposal_id} in {db}", file=sys.stderr)
        return 2
    except ValidationError as exc:
        print(f"fieldbook: {' '.join(exc.errors.values())}", file=sys.stderr)
        return 2
    finally:
        services.close()
    out.write_bytes(pdf)
    print(out)
    return 0


def _demo_data(db: Path, accounts: int, seed: int) -> int:
    import json
    import time

    from desktop.demo.generator import generate
    from desktop.store.cache_keys import script_key
    from desktop.store.uow import Store

    store = Store(db, key=script_key(db))  # creates or migrates the file
    store.close()  # the load is faster with no other connection open
    started = time.perf_counter()

    def report(done: int, total: int) -> None:
        print(f"\r{done:,}/{total:,} accounts", end="", file=sys.stderr, flush=True)

    try:
        summary = generate(store, accounts=accounts, seed=seed, progress=report)
    except ValueError as exc:
        print(f"\nfieldbook: {exc}", file=sys.stderr)
        return 2
    finally:
        store.close()
    print(file=sys.stderr)
    print(json.dumps({
        "db": str(db), "accounts": summary.accounts, "contacts": summary.contacts,
        "interactions": summary.interactions, "follow_ups": summary.follow_ups,
        "concerns": summary.concerns, "opportunities": summary.opportunities,
        "leads": summary.leads, "events": summary.events,
        "seconds": round(time.perf_counter() - started, 2),
        "rep_id": summary.rep_id.hex,
    }))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
