"""The ``fieldbook`` command: no arguments opens the window; subcommands do
the rest. Qt is imported only by the commands that need it."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from desktop.settings import default_db_path


def _size(text: str) -> tuple[int, int]:
    width, sep, height = text.lower().partition("x")
    if not (sep and width.isdigit() and height.isdigit()) or not (
            200 <= int(width) <= 8000 and 200 <= int(height) <= 8000):
        raise argparse.ArgumentTypeError(f"size must be WIDTHxHEIGHT, e.g. 1400x900: {text!r}")
    return int(width), int(height)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fieldbook", description="Fieldbook desktop CRM")
    parser.add_argument("--db", type=Path, default=None,
                        help="cache file (default: the platform's user data folder)")
    sub = parser.add_subparsers(dest="command")
    demo = sub.add_parser("demo-data", help="write a deterministic demo book of business")
    demo.add_argument("--db", type=Path, default=None, dest="sub_db")
    demo.add_argument("--accounts", type=int, default=1000)
    demo.add_argument("--seed", type=int, default=7)
    shot = sub.add_parser("screenshot", help="render the window offscreen to a PNG")
    shot.add_argument("--db", type=Path, default=None, dest="sub_db")
    shot.add_argument("--view", choices=["accounts", "follow-ups"], default="accounts")
    shot.add_argument("--account", default=None, help="account id to open")
    shot.add_argument("--tab", choices=["history", "contacts", "follow-ups", "details"],
                      default="history")
    shot.add_argument("--search", default="", help="text typed in the search box")
    shot.add_argument("--out", type=Path, required=True)
    shot.add_argument("--size", default="1400x900", type=_size,
                      help="WIDTHxHEIGHT in pixels")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    db = getattr(args, "sub_db", None) or args.db or default_db_path()
    if args.command == "demo-data":
        return _demo_data(db, args.accounts, args.seed)
    if args.command == "screenshot":
        from ui.screenshot import take

        take(db, args.out, view=args.view, account=args.account, tab=args.tab,
             search=args.search, size=args.size)
        print(args.out)
        return 0
    from ui.app import run_gui

    return run_gui(db)


def _demo_data(db: Path, accounts: int, seed: int) -> int:
    from desktop.demo.generator import generate
    from desktop.store.uow import Store

    store = Store(db)  # creates or migrates the file
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
        "concerns": summary.concerns, "seconds": round(time.perf_counter() - started, 2),
        "rep_id": summary.rep_id.hex,
    }))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
